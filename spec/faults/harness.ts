// Runs one scenario: a fresh cluster, one workload topic per client variant, the workloads
// running while the scenario injects its faults, then recovery, a drain, a fresh read of every
// partition and the oracle — one row per variant.
import { randomBytes } from 'node:crypto';
import { Admin } from '../../lib/client/admin';
import { FaultCluster, BrokerHooks } from './fault-cluster';
import { judge, passes, OracleReport } from './oracle';
import { divergentReplicas, readTopicAfresh } from './replica-check';
import type { FaultContext, Scenario, WorkloadVariant } from './scenario';
import { createWorkload, Workload, WorkloadLog } from './workload';

export interface ScenarioRow extends OracleReport {
  scenario: string;
  variant: WorkloadVariant;
  divergent: number;
  recoveryMs: number | null;
  failedSends: number;
  /** Records the workload's consumer group read while the scenario ran. */
  readsConcurrently: number;
  verdict: 'ok' | 'FAIL';
  notes: string[];
}

/** What the runner provides: the ZooKeeper to use and optional fault layers. */
export interface HarnessEnv {
  zookeeperConnect: string;
  log(text: string): void;
  /** Keep broker output here (one file per broker and scenario). */
  brokerLogDir?: string;
  /** Overrides the scenario's variants (e.g. a quick run with one client). */
  variants?: WorkloadVariant[];
  /** Fault layers for scenarios that need them (ZooKeeper ensemble, link proxy), set up per scenario. */
  layers?: Array<(scenario: Scenario) => Promise<FaultLayer | null>>;
}

/** A piece of fault machinery a scenario needs beside the brokers (a proxy, an ensemble). */
export interface FaultLayer {
  hooks?: BrokerHooks;
  /** Replaces the ZooKeeper connect string the cluster uses (without chroot). */
  zookeeperConnect?: string;
  /** Adds the layer's controls to the scenario's context. */
  decorate?(ctx: FaultContext): void;
  stop(): Promise<void>;
}

export const ALL_VARIANTS: WorkloadVariant[] = ['samsa', 'kafka-python', 'idempotent'];
const SCENARIO_TIMEOUT_MS = 6 * 60_000;
const RECOVERY_TIMEOUT_MS = 90_000;
const DRAIN_TIMEOUT_MS = 60_000;
const AFTER_RECOVERY_MS = 2000;

class Run {
  readonly faultTimes: number[] = [];
  readonly notes: string[] = [];
  readonly violations: string[] = [];
  /** Topic → partition → first offset the scenario destroyed. */
  readonly expectedLoss = new Map<string, Map<number, number>>();
}

export async function runScenario(scenario: Scenario, env: HarnessEnv): Promise<ScenarioRow[]> {
  const layers: FaultLayer[] = [];
  const run = new Run();
  let cluster: FaultCluster | null = null;
  const workloads: Workload[] = [];
  try {
    for (const make of env.layers ?? []) {
      const layer = await make(scenario);
      if (layer) layers.push(layer);
    }
    const zk = layers.find((l) => l.zookeeperConnect)?.zookeeperConnect ?? env.zookeeperConnect;
    const needs = scenario.cluster ?? {};
    const label = `${scenario.name}-${randomBytes(3).toString('hex')}`;
    cluster = await FaultCluster.start({
      label,
      connectString: `${zk}/faults-${label}`,
      ids: needs.brokers ?? [1, 2, 3],
      props: needs.props,
      brokerProps: needs.brokerProps,
      hooks: layers.flatMap((l) => (l.hooks ? [l.hooks] : [])),
      logDir: env.brokerLogDir,
    });
    const variants = env.variants ?? scenario.variants ?? ALL_VARIANTS;
    const partitions = needs.partitions ?? 3;
    const topics = variants.map((v) => `faults-${v}`);
    await createTopics(cluster, topics, partitions, { 'min.insync.replicas': '2', ...needs.topicConfigs });
    await cluster.waitForFullIsr(topics, partitions);
    env.log(`${scenario.name}: cluster up (brokers ${cluster.ids.join(',')}), topics ${topics.join(', ')}`);

    for (const [i, variant] of variants.entries())
      workloads.push(
        createWorkload({ variant, topic: topics[i], bootstrap: cluster.bootstrap(), ...scenario.workload }),
      );
    await Promise.all(workloads.map((w) => w.start()));
    const ctx = context(cluster, topics, partitions, run, env, scenario.name, workloads);
    for (const layer of layers) layer.decorate?.(ctx);
    await ctx.hold(scenario.warmupMs ?? 3000);
    await withTimeout(scenario.inject(ctx), SCENARIO_TIMEOUT_MS, `${scenario.name}: inject`);
    await recover(cluster, topics, partitions, env, scenario.name);
    if (scenario.verify) await withTimeout(scenario.verify(ctx), SCENARIO_TIMEOUT_MS, `${scenario.name}: verify`);
    await ctx.hold(AFTER_RECOVERY_MS);

    env.log(`${scenario.name}: draining`);
    await Promise.all(workloads.map((w) => w.stopProducing(DRAIN_TIMEOUT_MS)));
    await Promise.all(workloads.map((w) => w.stopConsuming()));
    const rows: ScenarioRow[] = [];
    for (const workload of workloads) rows.push(await judgeWorkload(cluster, workload.log, partitions, run, scenario));
    return rows;
  } finally {
    await Promise.all(workloads.map((w) => w.stopConsuming().catch(() => undefined)));
    await cluster?.stop();
    for (const layer of layers.reverse()) await layer.stop().catch(() => undefined);
  }
}

function context(
  cluster: FaultCluster,
  topics: string[],
  partitions: number,
  run: Run,
  env: HarnessEnv,
  name: string,
  workloads: Workload[],
): FaultContext {
  return {
    cluster,
    topics,
    partitions,
    faultInjected: (what) => {
      run.faultTimes.push(Date.now());
      env.log(`${name}: fault: ${what}`);
    },
    note: (text) => run.notes.push(text),
    violation: (text) => {
      run.violations.push(text);
      env.log(`${name}: VIOLATION: ${text}`);
    },
    hold: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    log: (text) => env.log(`${name}: ${text}`),
    expectLoss: (topic, partition, fromOffset) => {
      const forTopic = run.expectedLoss.get(topic) ?? new Map<number, number>();
      forTopic.set(partition, Math.min(fromOffset, forTopic.get(partition) ?? Infinity));
      run.expectedLoss.set(topic, forTopic);
    },
    acks: (topic) => workloads.find((w) => w.log.topic === topic)?.log.acks ?? [],
  };
}

async function createTopics(
  cluster: FaultCluster,
  topics: string[],
  partitions: number,
  configs: Record<string, string>,
): Promise<void> {
  const admin = await Admin.connect(cluster.bootstrap());
  try {
    await admin.createTopics(
      topics.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: cluster.ids.length, configs })),
    );
  } finally {
    await admin.close();
  }
}

/** Every broker back and every partition led with a full ISR again. */
async function recover(
  cluster: FaultCluster,
  topics: string[],
  partitions: number,
  env: HarnessEnv,
  name: string,
): Promise<void> {
  for (const id of cluster.ids) if (!cluster.isRunning(id)) await cluster.startBroker(id);
  await cluster.waitForLiveBrokers(cluster.ids, RECOVERY_TIMEOUT_MS);
  await cluster.waitForFullIsr(topics, partitions, RECOVERY_TIMEOUT_MS);
  env.log(`${name}: recovered (full ISR everywhere)`);
}

async function judgeWorkload(
  cluster: FaultCluster,
  log: WorkloadLog,
  partitions: number,
  run: Run,
  scenario: Scenario,
): Promise<ScenarioRow> {
  const read = await readTopicAfresh(cluster.bootstrap(), log.topic, partitions);
  const options = {
    duplicatesForbidden: log.variant === 'idempotent',
    expectedLossFrom: run.expectedLoss.get(log.topic),
  };
  const report = judge(log, read.final, options);
  const divergence = await divergentReplicas(cluster, log.topic, read.highWatermarks);
  const notes = [
    `the concurrent consumer read ${log.reads.length} records; ${log.failures} sends failed (not acknowledged)`,
    ...run.notes,
    ...divergence,
    ...report.examples,
    ...log.failureSamples.slice(0, 2).map((f) => `send failure: ${f}`),
  ];
  if (report.expectedLost > 0)
    notes.push(`${report.expectedLost} acknowledged writes destroyed on purpose by the scenario`);
  notes.push(...run.violations.map((v) => `violation: ${v}`));
  const ok = passes(report, options) && divergence.length === 0 && run.violations.length === 0;
  return {
    ...report,
    scenario: scenario.name,
    variant: log.variant,
    divergent: divergence.length,
    recoveryMs: longestAckGap(log, run.faultTimes),
    failedSends: log.failures,
    readsConcurrently: log.reads.length,
    verdict: ok ? 'ok' : 'FAIL',
    notes,
  };
}

/** After the first fault: the longest time any partition went without an acknowledgement. */
export function longestAckGap(log: WorkloadLog, faultTimes: number[]): number | null {
  if (faultTimes.length === 0) return null;
  const from = faultTimes[0];
  const byPartition = new Map<number, number[]>();
  // Appending in place: copying the list per ack is quadratic and stalled the event loop past the
  // harness's ZooKeeper session on a five-minute run (~100k acks per workload).
  for (const ack of log.acks) {
    if (ack.atMs < from) continue;
    const times = byPartition.get(ack.partition) ?? [];
    times.push(ack.atMs);
    byPartition.set(ack.partition, times);
  }
  if (byPartition.size === 0) return null;
  let longest = 0;
  for (const times of byPartition.values()) {
    let previous = from;
    for (const t of times.sort((a, b) => a - b)) {
      longest = Math.max(longest, t - previous);
      previous = t;
    }
  }
  return longest;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
