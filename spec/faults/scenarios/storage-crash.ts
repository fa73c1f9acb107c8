// kill -9 under heavy writes: first the leader of partition 0, then every broker at once, each
// time with a torn batch appended to the active segments of a killed broker (what a crash in the
// middle of a write leaves). On restart the logs must drop the torn tails and, with RF=3, no
// acknowledged write may be missing.
import * as fs from 'node:fs';
import { diskBatches } from '../../helpers/disk-batches';
import type { FaultContext, Scenario } from '../scenario';

const TORN_BYTES = 40;
const DOWN_MS = 1000;

/** Appends the first bytes of a copy of the last batch: a header that promises more than follows. */
function tearActiveSegments(ctx: FaultContext, id: number): number {
  let torn = 0;
  for (const topic of ctx.topics) {
    for (let p = 0; p < ctx.partitions; p++) {
      const last = diskBatches(ctx.cluster.logDirsOf(id), topic, p).at(-1);
      if (!last) continue;
      const head = Buffer.alloc(TORN_BYTES);
      const fd = fs.openSync(last.file, 'r+');
      try {
        fs.readSync(fd, head, 0, TORN_BYTES, last.position);
        head.writeBigInt64BE(BigInt(last.lastOffset + 1), 0);
        fs.writeSync(fd, head, 0, TORN_BYTES, fs.fstatSync(fd).size);
      } finally {
        fs.closeSync(fd);
      }
      torn += 1;
    }
  }
  return torn;
}

async function crashUnderLoad(ctx: FaultContext): Promise<void> {
  const leader = await ctx.cluster.leaderOf(ctx.topics[0], 0);
  ctx.faultInjected(`SIGKILL broker ${leader} (leader of ${ctx.topics[0]}-0) under heavy writes`);
  await ctx.cluster.stopBroker(leader, 'SIGKILL');
  ctx.note(`torn tails appended to ${tearActiveSegments(ctx, leader)} segments of broker ${leader}`);
  await ctx.hold(DOWN_MS);
  await ctx.cluster.startBroker(leader);
  await ctx.cluster.waitForLiveBrokers(ctx.cluster.ids);
  await ctx.cluster.waitForFullIsr(ctx.topics, ctx.partitions, 90_000);

  ctx.faultInjected('SIGKILL every broker at once under heavy writes');
  await Promise.all(ctx.cluster.ids.map((id) => ctx.cluster.stopBroker(id, 'SIGKILL')));
  const victim = ctx.cluster.ids[0];
  ctx.note(`torn tails appended to ${tearActiveSegments(ctx, victim)} segments of broker ${victim}`);
  await ctx.hold(DOWN_MS);
  await Promise.all(ctx.cluster.ids.map((id) => ctx.cluster.startBroker(id)));
}

export const scenario: Scenario = {
  name: 'kill9-heavy-writes',
  description: 'SIGKILL the leader, then all brokers, under 1 KiB writes, with torn batches left on disk',
  workload: { ratePerSec: 800, padBytes: 1000 },
  inject: crashUnderLoad,
};
