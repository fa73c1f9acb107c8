// What every case is given: the shared ZooKeeper, the process group that stops what it starts, a
// scratch directory (the log dirs live here, on the filesystem the disk case measures), the sizes
// of this mode (full or BENCH_QUICK=1) and an earlier run to hold broker-only figures against.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Admin, NewTopic } from '../lib/client/admin';
import { ProcessGroup, startBroker, BrokerProcess } from './processes';
import { Row, RunReport } from './report';

export interface Sizes {
  /** Bytes per broker-only produce case (BENCH_MB overrides). */
  brokerOnlyBytes: number;
  /** Records per client-throughput and partitions run. */
  clientRecords: number;
  /** Client runs per tool, alternated; the best one counts. */
  clientRounds: number;
  latencyRatePerSec: number;
  latencySeconds: number;
  latencyWarmupSeconds: number;
  diskBytes: number;
  manyPartitions: number;
}

export const FULL: Sizes = {
  brokerOnlyBytes: 256 * 1024 * 1024,
  clientRecords: 2_000_000,
  clientRounds: 2,
  latencyRatePerSec: 50_000,
  latencySeconds: 30,
  latencyWarmupSeconds: 5,
  diskBytes: 512 * 1024 * 1024,
  manyPartitions: 1000,
};

export const QUICK: Sizes = {
  brokerOnlyBytes: 8 * 1024 * 1024,
  clientRecords: 50_000,
  clientRounds: 1,
  latencyRatePerSec: 5_000,
  latencySeconds: 2,
  latencyWarmupSeconds: 0.5,
  diskBytes: 32 * 1024 * 1024,
  manyPartitions: 1000,
};

export function sizesFrom(env: NodeJS.ProcessEnv): Sizes {
  const sizes = { ...(env.BENCH_QUICK === '1' ? QUICK : FULL) };
  if (env.BENCH_MB) sizes.brokerOnlyBytes = Number(env.BENCH_MB) * 1024 * 1024;
  if (env.BENCH_LATENCY_RATE) sizes.latencyRatePerSec = Number(env.BENCH_LATENCY_RATE);
  if (env.BENCH_LATENCY_SECONDS) sizes.latencySeconds = Number(env.BENCH_LATENCY_SECONDS);
  return sizes;
}

export interface BenchContext {
  zkConnect: string;
  work: string;
  procs: ProcessGroup;
  sizes: Sizes;
  baseline: RunReport | null;
  /** The disk case's sequential write+fsync speed, once it has run: broker figures are given as a share of it. */
  diskMBps: number | null;
  log: (line: string) => void;
}

/** A target against the baseline run's figure for the same row, when one was given. */
export function baselineTarget(ctx: BenchContext, id: string, share: number): Row['target'] {
  const earlier = ctx.baseline?.rows.find((r) => r.id === id)?.value;
  if (earlier === undefined || earlier === null) return undefined;
  return { op: '>=', value: earlier * share, source: `baseline × ${share}` };
}

export interface Cluster {
  brokers: BrokerProcess[];
  bootstrap: string;
  /** The ZooKeeper chroot this cluster lives under (without the leading slash). */
  chroot: string;
  stop(): Promise<void>;
}

let clusters = 0;
const CREATE_TIMEOUT_MS = 120_000;

/** `count` brokers under a fresh chroot and log dirs; stop() stops each by PID and removes the logs. */
export async function startCluster(ctx: BenchContext, count: number, extraProps: string[] = []): Promise<Cluster> {
  const name = `cluster-${++clusters}`;
  const work = path.join(ctx.work, name);
  fs.mkdirSync(work, { recursive: true });
  const started = await Promise.allSettled(
    Array.from({ length: count }, (_, i) =>
      startBroker(ctx.procs, `${ctx.zkConnect}/${name}`, work, i + 1, extraProps),
    ),
  );
  const brokers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const stop = async () => {
    await Promise.all(brokers.map((b) => ctx.procs.stop(b.child)));
    fs.rmSync(work, { recursive: true, force: true });
  };
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await stop();
    throw failed.reason;
  }
  return { brokers, chroot: name, bootstrap: brokers.map((b) => `127.0.0.1:${b.port}`).join(','), stop };
}

export async function createTopics(bootstrap: string, topics: NewTopic[]): Promise<void> {
  // A thousand partitions take a while to create on a busy machine: longer than Admin's defaults.
  const admin = new Admin({ brokers: bootstrap.split(','), requestTimeoutMs: CREATE_TIMEOUT_MS + 10_000 });
  try {
    await admin.connect();
    await admin.createTopics(topics, { timeoutMs: CREATE_TIMEOUT_MS });
  } finally {
    await admin.close();
  }
}
