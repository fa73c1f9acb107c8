// `make faults`: runs the fault scenarios against real processes and prints the table. Starts its
// own ZooKeeper (stopped by PID at the end) unless SAMSA_TEST_ZOOKEEPER=host:port names one.
//   node dist/spec/faults/run.js [--scenario a,b] [--short] [--variants samsa,kafka-python] [--list]
// Exits 1 when any run loses an acknowledged write, sees one offset with two values, breaks
// order, finds diverging replicas, duplicates in an idempotent run, or breaks a scenario's rule.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startZooKeeperServer, ZooKeeperServer } from '../../lib/cli/zookeeper-server';
import { createLogger } from '../../lib/util/logger';
import { stopAllBrokers } from '../helpers/broker';
import { setSharedZooKeeper } from '../helpers/zookeeper';
import { CI_SUBSET, SCENARIOS, scenarioNamed } from './catalogue';
import { runScenario, ScenarioRow, HarnessEnv } from './harness';
import { FAULT_LAYERS } from './layers';
import { formatTable } from './report';
import type { Scenario, WorkloadVariant } from './scenario';

interface Args {
  scenarios: Scenario[];
  variants?: WorkloadVariant[];
  list: boolean;
}

function parseArgs(argv: string[]): Args {
  let names: string[] | null = process.env.SCENARIO ? process.env.SCENARIO.split(',') : null;
  let variants: WorkloadVariant[] | undefined;
  let list = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--scenario') names = (argv[++i] ?? '').split(',');
    else if (arg === '--short') names = CI_SUBSET;
    else if (arg === '--variants') variants = (argv[++i] ?? '').split(',') as WorkloadVariant[];
    else if (arg === '--list') list = true;
    else throw new Error(`unknown argument ${arg}`);
  }
  const scenarios = names === null ? SCENARIOS : names.filter((n) => n !== '').map(scenarioNamed);
  return { scenarios, variants, list };
}

async function startZooKeeper(): Promise<{ connect: string; server: ZooKeeperServer | null; dataDir: string | null }> {
  const external = process.env.SAMSA_TEST_ZOOKEEPER;
  if (external) return { connect: external, server: null, dataDir: null };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'samsa-faults-zk-'));
  const server = await startZooKeeperServer({
    dataDir,
    startTimeoutMs: 60_000,
    logger: createLogger({ name: 'faults-zookeeper', level: 'warn' }),
  });
  return { connect: server.connectString, server, dataDir };
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (args.list) {
    for (const s of SCENARIOS) process.stdout.write(`${s.name.padEnd(34)} ${s.description}\n`);
    return 0;
  }
  const zk = await startZooKeeper();
  const stopZk = (): void => {
    if (zk.server)
      try {
        process.kill(zk.server.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
  };
  process.once('exit', stopZk);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void stopAllBrokers().finally(() => {
        stopZk();
        process.exit(130);
      });
    });
  }
  setSharedZooKeeper({ connectString: zk.connect, port: Number(zk.connect.split(':')[1]) });
  const brokerLogDir = fs.mkdtempSync(path.join(os.tmpdir(), 'samsa-faults-logs-'));
  const started = Date.now();
  const log = (text: string): void => {
    process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(1)}s] ${text}\n`);
  };
  const env: HarnessEnv = {
    zookeeperConnect: zk.connect,
    log,
    brokerLogDir,
    variants: args.variants,
    layers: FAULT_LAYERS,
  };
  const rows: ScenarioRow[] = [];
  let crashed = 0;
  for (const scenario of args.scenarios) {
    log(`=== ${scenario.name}: ${scenario.description}`);
    try {
      rows.push(...(await runScenario(scenario, env)));
    } catch (err) {
      crashed += 1;
      log(`${scenario.name}: the run itself failed: ${(err as Error).stack ?? String(err)}`);
      rows.push(crashedRow(scenario.name, (err as Error).message));
    }
  }
  process.stdout.write(`\n${formatTable(rows, true)}\n`);
  process.stdout.write(
    `\n${args.scenarios.length} scenarios in ${Math.round((Date.now() - started) / 1000)} s; broker output in ${brokerLogDir}\n`,
  );
  if (zk.server) await zk.server.stop();
  if (zk.dataDir) fs.rmSync(zk.dataDir, { recursive: true, force: true });
  return crashed === 0 && rows.every((r) => r.verdict === 'ok') ? 0 : 1;
}

function crashedRow(scenario: string, why: string): ScenarioRow {
  return {
    scenario,
    variant: 'samsa',
    acked: 0,
    lost: 0,
    expectedLost: 0,
    duplicated: 0,
    reordered: 0,
    inconsistent: 0,
    nonMonotonic: 0,
    divergent: 0,
    recoveryMs: null,
    failedSends: 0,
    readsConcurrently: 0,
    verdict: 'FAIL',
    examples: [],
    notes: [`the run did not complete: ${why}`],
  };
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`${err.stack ?? String(err)}\n`);
    process.exit(2);
  },
);
