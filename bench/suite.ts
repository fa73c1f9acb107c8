// The benchmark suite behind `make bench`: runs every case in order against one ZooKeeper, each
// case starting and stopping its own brokers, then prints ONE summary table (each figure beside
// issue 13's target where it sets one) and writes the same rows as JSON for `make bench-compare`.
// A case that throws is reported as failed and the others still run; whatever a case left
// running is stopped by PID when the suite ends.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { startZooKeeperServer } from '../lib/cli/zookeeper-server';
import { silentLogger } from '../lib/util/logger';
import { BenchContext, sizesFrom } from './context';
import { killNow, ProcessGroup, ROOT } from './processes';
import { defaultReportPath, readReport, REPORT_SCHEMA, Row, RunReport, writeReport } from './report';
import { renderTable } from './table';
import { diskCase } from './cases/disk';
import { brokerOnlyCase } from './cases/broker-only';
import { securityCase } from './cases/security';
import { latencyCase } from './cases/latency';
import { clientsCase } from './cases/clients';
import { partitionsCase } from './cases/partitions';

export const CASES: Array<[string, (ctx: BenchContext) => Promise<Row[]>]> = [
  ['disk', diskCase],
  ['broker-only', brokerOnlyCase],
  ['security', securityCase],
  ['latency', latencyCase],
  ['clients', clientsCase],
  ['partitions', partitionsCase],
];

/** The parts of a command's output that `pattern` captures, joined; 'not found' when it cannot run. */
function versionOf(command: string, args: string[], pattern: RegExp): string {
  try {
    const match = pattern.exec(execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
    return match ? match.slice(1).join(', ') : '?';
  } catch {
    return 'not found';
  }
}

function environmentOf(work: string, quick: boolean): Record<string, string | number> {
  return {
    mode: quick ? 'quick (BENCH_QUICK=1)' : 'full',
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? '?',
    memoryMB: Math.round(os.totalmem() / 1048576),
    node: process.version,
    kcat: versionOf('kcat', ['-V'], /Version ([^ ]+) .*(librdkafka [^ ,]+)/),
    logDirFilesystem: versionOf('stat', ['-f', '-c', '%T', work], /(.+)/),
    loadAverageAtStart: os.loadavg()[0].toFixed(2),
  };
}

/** BENCH_CASES=disk,latency runs only those (for development); every case otherwise. */
export function selectedCases(env: NodeJS.ProcessEnv): typeof CASES {
  const wanted = env.BENCH_CASES?.split(',').map((c) => c.trim());
  if (!wanted) return CASES;
  const unknown = wanted.filter((w) => !CASES.some(([name]) => name === w));
  if (unknown.length > 0)
    throw new Error(`unknown BENCH_CASES ${unknown.join(',')}; known: ${CASES.map((c) => c[0]).join(',')}`);
  return CASES.filter(([name]) => wanted.includes(name));
}

async function runCases(ctx: BenchContext, report: RunReport, env: NodeJS.ProcessEnv): Promise<void> {
  for (const [name, run] of selectedCases(env)) {
    const started = Date.now();
    ctx.log(`running ${name} ...`);
    try {
      report.rows.push(...(await run(ctx)));
      ctx.log(`  ${name} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    } catch (error) {
      report.failures.push({ group: name, message: (error as Error).message.split('\n')[0] });
      ctx.log(`  ${name} FAILED: ${(error as Error).stack ?? String(error)}`);
    }
  }
}

export async function runSuite(env: NodeJS.ProcessEnv = process.env): Promise<RunReport> {
  const quick = env.BENCH_QUICK === '1';
  const startedAt = new Date();
  const work = fs.mkdtempSync(path.join(env.BENCH_DIR ?? os.tmpdir(), 'samsa-bench-'));
  const procs = new ProcessGroup();
  const zk = await startZooKeeperServer({ port: 0, dataDir: path.join(work, 'zk'), logger: silentLogger() });
  // If the bench itself dies, its ZooKeeper must not outlive it (brokers: see ProcessGroup).
  const killZooKeeper = () => killNow(zk.pid);
  process.once('exit', killZooKeeper);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const stopOnSignal = () =>
    void procs
      .stopAll()
      .finally(() => zk.stop())
      .finally(() => {
        fs.rmSync(work, { recursive: true, force: true });
        process.exit(130);
      });
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  const report: RunReport = {
    schema: REPORT_SCHEMA,
    startedAt: startedAt.toISOString(),
    host: os.hostname(),
    quick,
    environment: environmentOf(work, quick),
    rows: [],
    failures: [],
  };
  const baseline = env.BENCH_BASELINE ? readReport(env.BENCH_BASELINE) : null;
  const ctx: BenchContext = {
    zkConnect: zk.connectString,
    work,
    procs,
    sizes: sizesFrom(env),
    baseline,
    diskMBps: null,
    log,
  };
  try {
    await runCases(ctx, report, env);
  } finally {
    await procs.stopAll();
    await zk.stop();
    process.removeListener('exit', killZooKeeper);
    process.removeListener('SIGINT', stopOnSignal);
    process.removeListener('SIGTERM', stopOnSignal);
    fs.rmSync(work, { recursive: true, force: true });
  }
  return report;
}

/** Runs the suite, prints the table, writes the JSON; exit code 1 when a case failed. */
export async function main(): Promise<void> {
  const report = await runSuite();
  const file = defaultReportPath(ROOT, new Date(report.startedAt));
  writeReport(file, report);
  const env = Object.entries(report.environment)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  process.stdout.write(`Samsa benchmark suite, ${report.startedAt} on ${report.host} (${env})\n`);
  process.stdout.write(`${renderTable(report)}\nwritten to ${path.relative(process.cwd(), file)}\n`);
  if (report.failures.length > 0) process.exitCode = 1;
}
