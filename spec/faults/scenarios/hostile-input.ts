// Hostile input while the workloads run: ~100k mutated requests of every served API and version
// against every broker (spec/faults/fuzz), ten thousand idle connections held on one broker, and
// a slow-loris client dribbling a request one byte a second into another. The workloads and the
// oracle prove other clients were served throughout; this scenario adds its own rules:
//   - no broker process dies (same PID before and after);
//   - each broker's RSS grows by less than RSS_GROWTH_MAX_MIB from before the attack to its peak;
//   - a well-formed Metadata request on a separate connection to each broker, every second, is
//     answered within PROBE_DEADLINE_MS, and that connection is never closed by the broker;
//   - every mutated request is answered or closes its own connection (a stall is allowed only
//     after a frame size promising bytes that never come, or a long-poll/rebalance the fuzz
//     may have asked for);
//   - the slow-loris connection is neither dropped while it keeps sending nor left unanswered;
//   - the idle connections are all closed by the broker once connections.max.idle.ms (set here
//     below the attack's length) has passed, while the probes and the slow-loris are not.
// Sizes come from the environment (FAULTS_HOSTILE_REQUESTS per broker, FAULTS_HOSTILE_IDLE,
// FAULTS_HOSTILE_LORIS_S), so a short run can use fewer.
import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { Admin } from '../../../lib/client/admin';
import type { FaultContext, Scenario } from '../scenario';
import { formatRss, isAlive, MetadataProbe, ProbeReport, RssSampler, RssSummary } from '../fuzz/broker-watch';
import { metadataFrame, slowLoris, SlowLorisReport } from '../fuzz/idle-attacks';
import type { FuzzStats } from '../fuzz/sender';
import { summarize } from '../fuzz/sender';
import { FUZZ_TOPIC } from '../fuzz/attack-main';

export interface HostileInputOptions {
  name: string;
  requestsPerBroker: number;
  idleConnections: number;
  slowLorisMs: number;
  /** Bound on the whole fuzz phase; what was sent by then is reported. */
  fuzzDeadlineMs: number;
  /** The brokers' connections.max.idle.ms: the idle connections must be gone this long after they opened. */
  idleCloseMs: number;
}

const RSS_GROWTH_MAX_MIB = 512;
const PROBE_DEADLINE_MS = 5000;
/** Closing 10k sockets on one event loop, and our 500 ms poll of them, take a moment. */
const IDLE_CLOSE_SLACK_MS = 30_000;
const FUZZ_CONCURRENCY_PER_BROKER = 16;
const RUN_SEED = 20261203;
const ATTACK_MAIN = path.join(__dirname, '..', 'fuzz', 'attack-main.js');

function envNumber(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

export function hostileInputScenario(options: HostileInputOptions): Scenario {
  return {
    name: options.name,
    description:
      `${options.requestsPerBroker} mutated requests per broker, ${options.idleConnections} idle connections, ` +
      `a ${options.slowLorisMs / 1000} s slow-loris client, all during the workloads`,
    cluster: { props: { 'connections.max.idle.ms': options.idleCloseMs } },
    inject: (ctx) => attack(ctx, options),
  };
}

export const scenario = hostileInputScenario({
  name: 'hostile-input',
  requestsPerBroker: envNumber('FAULTS_HOSTILE_REQUESTS', 100_000),
  idleConnections: envNumber('FAULTS_HOSTILE_IDLE', 10_000),
  slowLorisMs: envNumber('FAULTS_HOSTILE_LORIS_S', 60) * 1000,
  fuzzDeadlineMs: 300_000,
  idleCloseMs: 120_000,
});

/** A CI-sized run of the same attack. */
export const shortScenario = hostileInputScenario({
  name: 'hostile-input-short',
  requestsPerBroker: 5000,
  idleConnections: 1000,
  slowLorisMs: 30_000,
  fuzzDeadlineMs: 90_000,
  idleCloseMs: 40_000,
});

interface Watch {
  id: number;
  pid: number;
  rss: RssSampler;
  probe: MetadataProbe;
}

/** Notes go to the progress log too: the figures then survive a run whose judging fails. */
function noting(ctx: FaultContext): FaultContext {
  return {
    ...ctx,
    note: (text) => {
      ctx.note(text);
      ctx.log(text);
    },
  };
}

async function attack(outer: FaultContext, options: HostileInputOptions): Promise<void> {
  const ctx = noting(outer);
  const { cluster } = ctx;
  await createFuzzTopic(cluster.bootstrap());
  const watches: Watch[] = cluster.ids.map((id) => {
    const { host, port } = cluster.addressOf(id);
    const pid = cluster.pid(id) as number;
    return {
      id,
      pid,
      rss: new RssSampler(pid),
      probe: new MetadataProbe(host, port, { intervalMs: 1000, deadlineMs: PROBE_DEADLINE_MS }),
    };
  });
  const children: AttackChild[] = [];
  try {
    await runAttacks(ctx, options, children);
  } finally {
    for (const child of children) child.stop();
    await judgeBrokers(ctx, watches);
  }
}

/** Idle connections, then the slow-loris, then the fuzzers; judged once all are done. */
async function runAttacks(ctx: FaultContext, options: HostileInputOptions, children: AttackChild[]): Promise<void> {
  const { cluster } = ctx;
  const [idleTarget, lorisTarget] = [cluster.ids[0], cluster.ids[1 % cluster.ids.length]];
  const idle = startChild(['idle', ...address(ctx, idleTarget), String(options.idleConnections)]);
  children.push(idle);
  const idleOpened = await idle.nextLine();
  const idleOpenedAt = Date.now();
  ctx.faultInjected(`${options.idleConnections} idle connections to broker ${idleTarget}: ${idleOpened}`);
  const loris = startSlowLoris(ctx, lorisTarget, options.slowLorisMs);
  ctx.faultInjected(
    `slow-loris client on broker ${lorisTarget}, one byte a second for ${options.slowLorisMs / 1000} s`,
  );
  const fuzzers = cluster.ids.map((id) =>
    startChild([
      'fuzz',
      ...address(ctx, id),
      String(options.requestsPerBroker),
      String(RUN_SEED + id),
      String(FUZZ_CONCURRENCY_PER_BROKER),
      String(options.fuzzDeadlineMs),
    ]),
  );
  children.push(...fuzzers);
  ctx.faultInjected(
    `fuzzing brokers ${cluster.ids.join(',')} with up to ${options.requestsPerBroker} mutated requests each`,
  );
  const stats = await Promise.all(fuzzers.map(async (f) => JSON.parse((await f.nextLine()) ?? '{}') as FuzzStats));
  judgeFuzz(ctx, stats);
  judgeSlowLoris(ctx, lorisTarget, await loris);
  const idleClosed = await awaitIdleClosed(idle, idleOpenedAt + options.idleCloseMs + IDLE_CLOSE_SLACK_MS);
  idle.child.kill('SIGTERM');
  const idleLeft = await idle.nextLine(10_000).catch((err: Error) => err.message);
  ctx.note(
    `idle connections to broker ${idleTarget}: ${idleOpened}, then ${idleClosed ?? 'not all closed'}; at the end ${idleLeft}`,
  );
  if (idleClosed === null) {
    ctx.violation(
      `broker ${idleTarget} kept idle connections past connections.max.idle.ms=${options.idleCloseMs} (+${IDLE_CLOSE_SLACK_MS / 1000} s): ${idleLeft}`,
    );
  }
}

/** The idle child's line saying the broker closed them all, or null once `deadline` passes. */
function awaitIdleClosed(idle: AttackChild, deadline: number): Promise<string | null> {
  return idle.nextLine(Math.max(0, deadline - Date.now())).catch(() => null);
}

function address(ctx: FaultContext, id: number): [string, string] {
  const { host, port } = ctx.cluster.addressOf(id);
  return [host, String(port)];
}

async function createFuzzTopic(bootstrap: string): Promise<void> {
  const admin = await Admin.connect(bootstrap);
  try {
    await admin.createTopics([{ topic: FUZZ_TOPIC, numPartitions: 1, replicationFactor: 1 }]);
  } finally {
    await admin.close();
  }
}

/** A Metadata request padded (in its client id) to take about `durationMs` at a byte a second. */
function startSlowLoris(ctx: FaultContext, id: number, durationMs: number): Promise<SlowLorisReport> {
  const { host, port } = ctx.cluster.addressOf(id);
  const request = metadataFrame(424242, Math.floor(durationMs / 1000) - 5);
  return slowLoris(host, port, request, { durationMs: request.length * 1000 + 10_000, byteIntervalMs: 1000 });
}

function judgeFuzz(ctx: FaultContext, stats: FuzzStats[]): void {
  for (const [i, s] of stats.entries()) {
    const id = ctx.cluster.ids[i];
    ctx.note(`broker ${id}: ${summarize(s)}`);
    if (s.unexpectedStalls.length > 0) {
      ctx.violation(
        `broker ${id} neither answered nor closed ${s.unexpectedStalls.length} mutated requests, e.g. ${JSON.stringify(s.unexpectedStalls.slice(0, 3))}`,
      );
    }
  }
}

function judgeSlowLoris(ctx: FaultContext, id: number, report: SlowLorisReport): void {
  ctx.note(
    `slow-loris on broker ${id}: ${report.bytesSent} bytes in ${(report.durationMs / 1000).toFixed(0)} s, ` +
      `${report.answered ? 'answered' : 'not answered'}${report.closedByBroker ? ', closed by the broker' : ''}`,
  );
  if (report.closedByBroker && !report.answered)
    ctx.violation(`broker ${id} closed a slow but active client before answering it`);
  else if (!report.answered) ctx.violation(`broker ${id} never answered the slow-loris request once it was complete`);
}

async function judgeBrokers(ctx: FaultContext, watches: Watch[]): Promise<void> {
  for (const w of watches) {
    const probe: ProbeReport = await w.probe.stop();
    const rss: RssSummary = w.rss.stop();
    ctx.note(
      `${formatRss(w.id, rss)}; Metadata probe ${probe.answered}/${probe.sent} answered, slowest ${probe.maxLatencyMs} ms`,
    );
    if (!isAlive(w.pid) || ctx.cluster.pid(w.id) !== w.pid)
      ctx.violation(`broker ${w.id} (pid ${w.pid}) died under hostile input`);
    if (rss.peakKib - rss.beforeKib > RSS_GROWTH_MAX_MIB * 1024) {
      ctx.violation(
        `broker ${w.id} RSS grew by ${((rss.peakKib - rss.beforeKib) / 1024).toFixed(0)} MiB, beyond ${RSS_GROWTH_MAX_MIB} MiB`,
      );
    }
    for (const failure of probe.failures) ctx.violation(`broker ${w.id}: ${failure}`);
    if (probe.connectionsLost > 0)
      ctx.violation(`broker ${w.id} closed a well-formed client's connection ${probe.connectionsLost} times`);
  }
}

interface AttackChild {
  child: ChildProcess;
  /** The next line the child prints (rejects if it exits first); null after `timeoutMs`. */
  nextLine(timeoutMs?: number): Promise<string | null>;
  stop(): void;
}

/** Runs attack-main.js in its own process (own event loop, own descriptors); stopped by its PID. */
function startChild(args: string[]): AttackChild {
  const child = spawn(process.execPath, [ATTACK_MAIN, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiters: Array<{ resolve: (l: string | null) => void; reject: (e: Error) => void }> = [];
  let buffered = '';
  let stderr = '';
  let exited = false;
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      const waiter = waiters.shift();
      if (waiter) waiter.resolve(line);
      else lines.push(line);
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  child.once('exit', (code) => {
    exited = true;
    for (const w of waiters.splice(0))
      w.reject(new Error(`attack process ${args[0]} exited with ${String(code)}: ${stderr}`));
  });
  return {
    child,
    nextLine: (timeoutMs?: number) => {
      const line = lines.shift();
      if (line !== undefined) return Promise.resolve(line);
      if (exited) return Promise.reject(new Error(`attack process ${args[0]} has exited: ${stderr}`));
      return new Promise((resolve, reject) => {
        const waiter = { resolve, reject };
        waiters.push(waiter);
        if (timeoutMs === undefined) return;
        // A waiter that gave up leaves the queue, so the next line goes to the next caller.
        setTimeout(() => {
          const at = waiters.indexOf(waiter);
          if (at >= 0) waiters.splice(at, 1);
          resolve(null);
        }, timeoutMs);
      });
    },
    stop: () => {
      if (!exited && child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
    },
  };
}
