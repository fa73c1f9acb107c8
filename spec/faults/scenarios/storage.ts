// Storage faults on one broker's log dir (Kafka's log-dir-failure handling): broker 2 keeps its
// partitions in two log dirs, the first a small tmpfs. `disk-full` fills that tmpfs under
// produce; `log-dir-read-only` makes it read-only. Either way the broker must take the dir
// offline and stay up: leadership and ISR membership of the partitions in it move to the other
// replicas, the partitions in its healthy dir keep it in their ISR, and no segment on the failed
// disk is left corrupt (every batch CRC-checked, no torn tail). The disk is then repaired and the
// broker restarted, and with RF=3 no acknowledged write may be missing.
import * as fs from 'node:fs';
import { corruptSegments } from '../../helpers/segment-check';
import type { Tmpfs } from '../../helpers/tmpfs';
import type { FaultContext, Scenario } from '../scenario';

const BROKER = 2;
const TMPFS_BYTES = 8 * 1024 * 1024;
const OFFLINE_TIMEOUT_MS = 60_000;
const HEALTHY_ISR_TIMEOUT_MS = 30_000;
const OFFLINE_HOLD_MS = 3000;

interface TopicPartition {
  topic: string;
  partition: number;
}

function tmpfsOf(ctx: FaultContext): Tmpfs {
  if (!ctx.tmpfs) throw new Error('the scenario needs ClusterNeeds.tmpfsLogDir');
  return ctx.tmpfs;
}

/** The workload partitions whose log on BROKER lives in the tmpfs, and the others. */
function partitionsByDir(ctx: FaultContext): { onTmpfs: TopicPartition[]; healthy: TopicPartition[] } {
  const names = new Set(fs.readdirSync(tmpfsOf(ctx).dir));
  const all = ctx.topics.flatMap((topic) =>
    Array.from({ length: ctx.partitions }, (_, partition) => ({ topic, partition })),
  );
  return {
    onTmpfs: all.filter((tp) => names.has(`${tp.topic}-${tp.partition}`)),
    healthy: all.filter((tp) => !names.has(`${tp.topic}-${tp.partition}`)),
  };
}

/** The controller moved leadership and ISR membership of every partition in the failed dir off BROKER. */
async function awaitDirOffline(ctx: FaultContext, onTmpfs: TopicPartition[]): Promise<void> {
  const started = Date.now();
  for (const { topic, partition } of onTmpfs) {
    await ctx.cluster.waitForState(
      topic,
      partition,
      (s) => s.leader >= 0 && s.leader !== BROKER && !s.isr.includes(BROKER),
      `leadership and ISR off broker ${BROKER}'s failed log dir`,
      OFFLINE_TIMEOUT_MS,
    );
  }
  ctx.note(
    `${onTmpfs.length} partitions in the failed dir moved off broker ${BROKER} within ${Date.now() - started} ms of the fault`,
  );
}

/** BROKER's process lives and still replicates (stays in the ISR of) its partitions on the healthy dir. */
async function checkBrokerStillServes(ctx: FaultContext, healthy: TopicPartition[]): Promise<void> {
  const pid = ctx.cluster.pid(BROKER);
  if (pid === null || !isAlive(pid)) ctx.violation(`broker ${BROKER} died after its log dir failed`);
  for (const { topic, partition } of healthy) {
    try {
      await ctx.cluster.waitForState(
        topic,
        partition,
        (s) => s.isr.includes(BROKER),
        `broker ${BROKER} in the ISR`,
        HEALTHY_ISR_TIMEOUT_MS,
      );
    } catch {
      ctx.violation(`${topic}-${partition}, on broker ${BROKER}'s healthy log dir, lost broker ${BROKER} from its ISR`);
    }
  }
  const output = ctx.cluster.brokerOutput(BROKER);
  if (!/reported the failure of log dir/.test(output))
    ctx.violation(`broker ${BROKER} never reported its failed log dir to the controller`);
}

function checkSegments(ctx: FaultContext): void {
  const problems = corruptSegments([tmpfsOf(ctx).dir]);
  for (const problem of problems) ctx.violation(`corrupt segment on the failed disk: ${problem}`);
  if (problems.length === 0) ctx.note('every segment on the failed disk reads back whole (CRC-checked, no torn tail)');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Runs one log dir fault to the end: inject, wait for the dir to go offline, check, repair, restart. */
async function logDirFault(
  ctx: FaultContext,
  what: string,
  inject: (tmpfs: Tmpfs) => void,
  repair: (tmpfs: Tmpfs) => void,
): Promise<void> {
  const tmpfs = tmpfsOf(ctx);
  const { onTmpfs, healthy } = partitionsByDir(ctx);
  ctx.note(`broker ${BROKER}: ${onTmpfs.length} partitions on the tmpfs, ${healthy.length} on its healthy dir`);
  ctx.faultInjected(`${what} (broker ${BROKER}'s log dir ${tmpfs.dir})`);
  inject(tmpfs);
  await awaitDirOffline(ctx, onTmpfs);
  await ctx.hold(OFFLINE_HOLD_MS);
  await checkBrokerStillServes(ctx, healthy);
  checkSegments(ctx);
  ctx.log(`repairing the disk and restarting broker ${BROKER}`);
  await ctx.cluster.stopBroker(BROKER, 'SIGTERM');
  repair(tmpfs);
  await ctx.cluster.startBroker(BROKER);
}

// Kafka's defaults: a read-only dir is found by the next file a write creates there, at the
// latest the high watermark checkpoint every replica.high.watermark.checkpoint.interval.ms (5 s).
const needs = { tmpfsLogDir: { broker: BROKER, sizeBytes: TMPFS_BYTES } };

export const scenarios: Scenario[] = [
  {
    name: 'disk-full',
    description: `fill broker ${BROKER}'s tmpfs log dir under produce: the dir goes offline, leaders move, the broker stays up`,
    cluster: needs,
    workload: { ratePerSec: 400, padBytes: 200 },
    inject: (ctx) =>
      logDirFault(
        ctx,
        'fill the disk',
        (tmpfs) => ctx.note(`filler took ${tmpfs.fill()} bytes`),
        (tmpfs) => tmpfs.release(),
      ),
  },
  {
    name: 'log-dir-read-only',
    description: `make broker ${BROKER}'s tmpfs log dir read-only: the dir goes offline, leaders move, the broker stays up`,
    cluster: needs,
    inject: (ctx) =>
      logDirFault(
        ctx,
        'make the disk read-only',
        (tmpfs) => tmpfs.makeReadOnly(),
        (tmpfs) => tmpfs.makeWritable(),
      ),
  },
];
