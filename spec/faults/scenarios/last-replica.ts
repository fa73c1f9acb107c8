// Last replica standing: the followers die, the leader keeps acknowledging alone (ISR = {leader},
// min.insync.replicas=1), then the leader dies too and loses the tail of partition 0 on disk. With
// unclean.leader.election.enable=false the partitions must stay offline while only the stale
// followers are back — electing one would throw away every write it never saw, and the scenario
// reports how many acknowledged writes that would have been. The old leader then returns, drops
// its damaged tail and leads again; writes in that tail are counted as destroyed, not as lost.
import * as fs from 'node:fs';
import { diskBatches } from '../../helpers/disk-batches';
import { waitUntil } from '../../helpers/wait';
import type { FaultContext, Scenario } from '../scenario';

const ALONE_MS = 4000;
const OFFLINE_WATCH_MS = 6000;
const SESSION_TIMEOUT_MS = 6000;

/** Cuts the last batch of `topic`-`partition` on broker `id` in half; returns its base offset. */
function chopLastBatch(ctx: FaultContext, id: number, topic: string, partition: number): number | null {
  const last = diskBatches(ctx.cluster.logDirsOf(id), topic, partition).at(-1);
  if (!last) return null;
  fs.truncateSync(last.file, last.position + Math.floor(last.size / 2));
  return last.baseOffset;
}

/** Per partition of every topic: the highest log end among brokers `ids`, from their disks. */
function logEnds(ctx: FaultContext, ids: number[]): Map<string, number> {
  const ends = new Map<string, number>();
  for (const topic of ctx.topics) {
    for (let p = 0; p < ctx.partitions; p++) {
      const end = Math.max(
        0,
        ...ids.map((id) => (diskBatches(ctx.cluster.logDirsOf(id), topic, p).at(-1)?.lastOffset ?? -1) + 1),
      );
      ends.set(`${topic}-${p}`, end);
    }
  }
  return ends;
}

async function lastReplicaStanding(ctx: FaultContext): Promise<void> {
  const leader = await ctx.cluster.leaderOf(ctx.topics[0], 0);
  const followers = ctx.cluster.ids.filter((id) => id !== leader);
  ctx.faultInjected(`SIGKILL followers ${followers.join(',')}`);
  for (const id of followers) await ctx.cluster.stopBroker(id, 'SIGKILL');
  for (const topic of ctx.topics) {
    for (let p = 0; p < ctx.partitions; p++)
      await ctx.cluster.waitForState(
        topic,
        p,
        (s) => s.leader === leader && s.isr.length === 1,
        `ISR shrunk to broker ${leader}`,
        30_000,
      );
  }
  await ctx.hold(ALONE_MS);

  ctx.faultInjected(`SIGKILL broker ${leader}, the last ISR member`);
  await ctx.cluster.stopBroker(leader, 'SIGKILL');
  for (const topic of ctx.topics) {
    const from = chopLastBatch(ctx, leader, topic, 0);
    if (from !== null) ctx.expectLoss(topic, 0, from);
  }
  const survivorsEnd = logEnds(ctx, followers);
  const atRisk = ctx.topics.reduce(
    (sum, topic) =>
      sum + ctx.acks(topic).filter((a) => a.offset >= (survivorsEnd.get(`${topic}-${a.partition}`) ?? 0)).length,
    0,
  );
  ctx.note(
    `an unclean election would have lost ${atRisk} acknowledged writes (beyond the surviving followers' log ends)`,
  );

  for (const id of followers) await ctx.cluster.startBroker(id);
  await ctx.cluster.waitForLiveBrokers(followers);
  await waitUntil(async () => !(await ctx.cluster.liveBrokerIds()).includes(leader), {
    timeoutMs: SESSION_TIMEOUT_MS + 10_000,
    message: `broker ${leader}'s registration to expire`,
  });
  await watchOffline(ctx, leader);

  await ctx.cluster.startBroker(leader);
}

/** For a while after the last ISR member is gone: no partition may be led by a stale follower. */
async function watchOffline(ctx: FaultContext, leader: number): Promise<void> {
  const until = Date.now() + OFFLINE_WATCH_MS;
  let checks = 0;
  while (Date.now() < until) {
    for (const topic of ctx.topics) {
      for (let p = 0; p < ctx.partitions; p++) {
        const s = await ctx.cluster.state(topic, p);
        if (s.leader !== -1 && s.leader !== leader)
          ctx.violation(`${topic}-${p} elected out-of-sync broker ${s.leader} with unclean election disabled`);
      }
    }
    checks += 1;
    await ctx.hold(250);
  }
  ctx.note(
    `partitions stayed offline (no leader) for ${OFFLINE_WATCH_MS} ms with only the stale followers up (${checks} checks)`,
  );
}

export const scenario: Scenario = {
  name: 'last-replica-standing',
  description: 'followers die, the lone leader acknowledges, then dies with its tail cut on disk; unclean election off',
  cluster: { topicConfigs: { 'min.insync.replicas': '1' }, props: { 'unclean.leader.election.enable': false } },
  inject: lastReplicaStanding,
};
