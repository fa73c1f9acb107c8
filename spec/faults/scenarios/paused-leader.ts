// A leader frozen (SIGSTOP) for longer than its ZooKeeper session: the cluster elects a new leader
// while the old process still believes it leads. An acks=all produce queued on its socket before it
// wakes must not be acknowledged in the stale epoch; once resumed it must truncate to the new
// leader's log and rejoin the ISR (the harness's divergence check compares the disks afterwards).
import { Connection } from '../../../lib/network/connection';
import { encodeRecordBatch } from '../../../lib/protocol/record-codec';
import { errorInfo } from '../../../lib/protocol/error-codes';
import { produceTo } from '../../helpers/raw-partition';
import type { FaultContext, Scenario } from '../scenario';

const SESSION_TIMEOUT_MS = 6000;
const PAUSE_BEYOND_SESSION_MS = 4000;
const STALE_PRODUCE_TIMEOUT_MS = 5000;

async function pausedLeader(ctx: FaultContext): Promise<void> {
  const topic = ctx.topics[0];
  const before = await ctx.cluster.state(topic, 0);
  const old = before.leader;
  const { host, port } = ctx.cluster.addressOf(old);
  const stale = await Connection.connect({ host, port, clientId: 'fault-stale-probe', requestTimeoutMs: 60_000 });
  try {
    ctx.cluster.pauseBroker(old);
    ctx.faultInjected(`SIGSTOP broker ${old} (leader of ${topic}-0, epoch ${before.leaderEpoch})`);
    const after = await ctx.cluster.waitForState(
      topic,
      0,
      (s) => s.leader >= 0 && s.leader !== old,
      `a leader other than the paused ${old}`,
      SESSION_TIMEOUT_MS + 20_000,
    );
    ctx.note(`new leader ${after.leader} (epoch ${after.leaderEpoch}) while broker ${old} was frozen`);
    await ctx.hold(PAUSE_BEYOND_SESSION_MS);
    // Queued in the frozen process's socket: it reads this first thing when it wakes.
    const records = await encodeRecordBatch({
      baseTimestamp: Date.now(),
      records: [{ key: null, value: Buffer.from('stale-epoch-probe') }],
    });
    const answer = produceTo(stale, topic, records, { acks: -1, timeoutMs: STALE_PRODUCE_TIMEOUT_MS }).catch(
      (err: Error) => ({ errorCode: -1, baseOffset: -1, failure: err.message }),
    );
    ctx.cluster.resumeBroker(old);
    const result = await answer;
    if (result.errorCode === 0)
      ctx.violation(
        `broker ${old} acknowledged an acks=all write at offset ${result.baseOffset} in its stale epoch ${before.leaderEpoch}`,
      );
    else
      ctx.note(
        `stale leader answered the queued acks=all produce with ${result.errorCode === -1 ? 'a closed connection' : errorInfo(result.errorCode).name}`,
      );
  } finally {
    stale.close();
  }
  await ctx.cluster.waitForState(topic, 0, (s) => s.isr.includes(old), `broker ${old} back in the ISR`, 60_000);
}

export const scenario: Scenario = {
  name: 'paused-leader',
  description: `the leader of partition 0 SIGSTOPped for the session timeout + ${PAUSE_BEYOND_SESSION_MS / 1000} s, then SIGCONT`,
  inject: pausedLeader,
};
