// Proves the follower side over real sockets: a follower catches up byte for byte and learns the
// high watermark; a follower holding records from an epoch the new leader never had cuts exactly
// that tail (OffsetForLeaderEpoch, including the new leader's not-yet-written epoch, which the
// new leader persists at its election and still answers with after a restart) and never
// cuts acknowledged records down to its own high watermark; a follower below the leader's log
// start restarts there; FENCED_LEADER_EPOCH parks the partition until the next LeaderAndIsr
// while UNKNOWN_LEADER_EPOCH and lost connections are retried after the back-off; shutdown ends
// a fetch loop that is in the middle of a long poll at once.
import { expect } from 'chai';
import path from 'path';
import { readLeaderEpochCheckpoint } from '../../../lib/storage/checkpoint-file';
import { offsetForLeaderEpochApi } from '../../../lib/protocol/apis/offset-for-leader-epoch';
import { decodedOffsets, decodeBatches } from '../../storage/fixtures';
import { waitUntil } from '../../helpers/wait';
import { TestCluster, TestNode, TOPIC } from './replication-harness';

const REPLICAS = [1, 2];

async function caughtUp(leader: TestNode, follower: TestNode, what: string): Promise<void> {
  await waitUntil(() => follower.partition().logEndOffset === leader.partition().logEndOffset, {
    timeoutMs: 5000,
    message: `${what}: follower ${follower.brokerId} at the leader's log end ${leader.partition().logEndOffset}`,
  });
}

describe('ReplicaFetcher (follower side, real sockets)', function () {
  this.timeout(20000);
  let cluster: TestCluster;

  beforeEach(() => {
    cluster = new TestCluster();
  });

  afterEach(async () => {
    await cluster.stopAll();
  });

  it("catches up byte for byte and takes the leader's high watermark", async () => {
    const leader = await cluster.start(1);
    const follower = await cluster.start(2);
    await leader.become({ leader: 1, leaderEpoch: 0, isr: REPLICAS, replicas: REPLICAS });
    for (let i = 0; i < 3; i++) expect((await leader.produce(4, 1, { prefix: `b${i}-` })).errorCode).to.equal(0);
    await follower.become({ leader: 1, leaderEpoch: 0, isr: REPLICAS, replicas: REPLICAS });
    await caughtUp(leader, follower, 'initial catch-up');
    expect(follower.logBytes().equals(leader.logBytes()), 'identical stored bytes').to.equal(true);
    expect((await decodeBatches(follower.logBytes())).map((b) => b.partitionLeaderEpoch)).to.deep.equal([0, 0, 0]);
    await waitUntil(() => follower.partition().highWatermark === 12, {
      timeoutMs: 5000,
      message: 'the follower high watermark',
    });
    expect(leader.partition().highWatermark).to.equal(12);
    expect(leader.partition().follower(2)).to.include({ logEndOffset: 12 });
    expect(follower.replicaManager.replicaFetchState(TOPIC, 0)).to.include({ sourceBrokerId: 1, phase: 'fetching' });
    await leader.produce(2);
    await caughtUp(leader, follower, 'live tail');
    expect(follower.logBytes().equals(leader.logBytes())).to.equal(true);
  });

  it('cuts the tail written in an epoch the new leader never had, then matches it', async () => {
    const a = await cluster.start(1);
    const b = await cluster.start(2);
    await a.become({ leader: 1, leaderEpoch: 0, isr: REPLICAS, replicas: REPLICAS });
    await b.become({ leader: 1, leaderEpoch: 0, isr: REPLICAS, replicas: REPLICAS });
    await a.produce(3, 1, { prefix: 'a' });
    await caughtUp(a, b, 'epoch 0');
    // b stops fetching; a, briefly leader again at epoch 1, writes records b never sees.
    b.replicaManager.stopReplicas([{ topic: TOPIC, partition: 0 }], false);
    await a.become({ leader: 1, leaderEpoch: 1, isr: [1], replicas: REPLICAS });
    await a.produce(3, 1, { prefix: 'lost' });
    expect(a.partition().logEndOffset).to.equal(6);
    // b becomes leader at epoch 2 from offset 3 and has not written yet: its answer for epoch 1
    // must still point at the divergence (KIP-279), not be undefined.
    await b.become({ leader: 2, leaderEpoch: 2, isr: [2], replicas: REPLICAS });
    const client = await cluster.client(2);
    const answer = await client.send(offsetForLeaderEpochApi, 3, {
      replicaId: -2,
      topics: [{ topic: TOPIC, partitions: [{ partition: 0, currentLeaderEpoch: 2, leaderEpoch: 1 }] }],
    });
    expect(answer.topics[0].partitions[0]).to.deep.equal({ errorCode: 0, partition: 0, leaderEpoch: 0, endOffset: 3 });
    // b writes at offsets 3-4; a comparison of log end offsets alone would keep a's 'lost' 3-4.
    await b.produce(2, 1, { prefix: 'c' });
    await a.become({ leader: 2, leaderEpoch: 2, isr: [2], replicas: REPLICAS });
    await caughtUp(b, a, 'after truncation');
    expect(a.logBytes().equals(b.logBytes()), 'identical after truncation').to.equal(true);
    const values = (await decodeBatches(a.logBytes())).flatMap((batch) => batch.decoded.map((r) => r.value));
    expect(values).to.deep.equal(['a0', 'a1', 'a2', 'c0', 'c1']);
    expect(a.partition().log.leaderEpochEntries()).to.deep.equal([
      { epoch: 0, startOffset: 0 },
      { epoch: 2, startOffset: 3 },
    ]);
  });

  it("truncates a returning leader's tail at the epoch start its successor recorded without writing", async () => {
    const a = await cluster.start(1);
    const b = await cluster.start(2);
    await a.become({ leader: 1, leaderEpoch: 0, isr: REPLICAS, replicas: REPLICAS });
    await b.become({ leader: 1, leaderEpoch: 0, isr: REPLICAS, replicas: REPLICAS });
    await a.produce(3, 1, { prefix: 'a' });
    await caughtUp(a, b, 'epoch 0');
    b.replicaManager.stopReplicas([{ topic: TOPIC, partition: 0 }], false);
    await a.become({ leader: 1, leaderEpoch: 1, isr: [1], replicas: REPLICAS });
    await a.produce(4, 1, { prefix: 'lost' });
    // b leads epoch 2 from offset 3 and writes nothing; the election alone is on its disk.
    await b.become({ leader: 2, leaderEpoch: 2, isr: [2], replicas: REPLICAS });
    const checkpoint = path.join(b.dir, `${TOPIC}-0`, 'leader-epoch-checkpoint');
    const bEpochs = [
      { epoch: 0, startOffset: 0 },
      { epoch: 2, startOffset: 3 },
    ];
    expect(readLeaderEpochCheckpoint(checkpoint)).to.deep.equal(bEpochs);
    // b restarts: what it answers now comes from the checkpoint it reloads.
    const restarted = await cluster.restart(2);
    await restarted.become({ leader: 2, leaderEpoch: 2, isr: [2], replicas: REPLICAS });
    expect(restarted.partition().log.leaderEpochEntries()).to.deep.equal(bEpochs);
    expect(restarted.partition().logEndOffset).to.equal(3);
    const cuts: number[] = [];
    const log = a.partition().log;
    const truncateTo = log.truncateTo.bind(log);
    log.truncateTo = (offset: number) => {
      cuts.push(offset);
      return truncateTo(offset);
    };
    await a.become({ leader: 2, leaderEpoch: 2, isr: [2], replicas: REPLICAS });
    await waitUntil(() => a.replicaManager.replicaFetchState(TOPIC, 0)?.phase === 'fetching', {
      timeoutMs: 5000,
      message: 'a to finish truncating by epoch',
    });
    // a asked for epoch 1; b answered (epoch 0, ends at 3): exactly the 'lost' tail goes.
    expect(cuts).to.deep.equal([3]);
    expect(a.partition().logEndOffset).to.equal(3);
    expect(a.partition().log.leaderEpochEntries()).to.deep.equal([{ epoch: 0, startOffset: 0 }]);
    await restarted.produce(2, 1, { prefix: 'c' });
    await caughtUp(restarted, a, 'after truncation');
    expect(a.logBytes().equals(restarted.logBytes()), 'identical after truncation').to.equal(true);
    expect(a.partition().log.leaderEpochEntries()).to.deep.equal(bEpochs);
  });

  it('keeps acknowledged records beyond its own high watermark when it follows again', async () => {
    const leader = await cluster.start(1);
    // A long poll keeps the follower's high watermark one round trip behind, deterministically.
    const follower = await cluster.start(2, { replication: { replicaFetchWaitMaxMs: 5000 } });
    await leader.become({ leader: 1, leaderEpoch: 0, isr: REPLICAS, replicas: REPLICAS });
    await follower.become({ leader: 1, leaderEpoch: 0, isr: REPLICAS, replicas: REPLICAS });
    expect((await leader.produce(3, -1)).errorCode, 'acks=all').to.equal(0);
    expect(follower.partition().logEndOffset).to.equal(3);
    expect(follower.partition().highWatermark).to.be.below(3);
    const cuts: number[] = [];
    const log = follower.partition().log;
    const truncateTo = log.truncateTo.bind(log);
    log.truncateTo = (offset: number) => {
      cuts.push(offset);
      return truncateTo(offset);
    };
    await leader.become({ leader: 1, leaderEpoch: 1, isr: REPLICAS, replicas: REPLICAS });
    await follower.become({ leader: 1, leaderEpoch: 1, isr: REPLICAS, replicas: REPLICAS });
    await waitUntil(() => follower.replicaManager.replicaFetchState(TOPIC, 0)?.phase === 'fetching', {
      timeoutMs: 5000,
      message: 'truncation by epoch to finish',
    });
    expect(
      cuts.every((offset) => offset >= 3),
      `cuts ${cuts}`,
    ).to.equal(true);
    expect(follower.partition().logEndOffset).to.equal(3);
  });

  it("restarts its log at the leader's log start when it is below it", async () => {
    const leader = await cluster.start(1);
    const follower = await cluster.start(2);
    await leader.become({ leader: 1, leaderEpoch: 0, isr: [1], replicas: REPLICAS });
    for (let i = 0; i < 3; i++) await leader.produce(3);
    leader.partition().log.maybeIncrementLogStartOffset(6);
    await follower.become({ leader: 1, leaderEpoch: 0, isr: [1], replicas: REPLICAS });
    await caughtUp(leader, follower, 'after OFFSET_OUT_OF_RANGE');
    expect(follower.partition().logStartOffset).to.equal(6);
    expect(await decodedOffsets(follower.logBytes())).to.deep.equal([6, 7, 8]);
  });

  it('parks a fenced partition until the next LeaderAndIsr', async () => {
    const leader = await cluster.start(1);
    const follower = await cluster.start(2);
    await leader.become({ leader: 1, leaderEpoch: 1, isr: [1], replicas: REPLICAS });
    await leader.produce(3);
    await follower.become({ leader: 1, leaderEpoch: 0, isr: [1], replicas: REPLICAS });
    await waitUntil(() => follower.replicaManager.replicaFetchState(TOPIC, 0) === undefined, {
      timeoutMs: 5000,
      message: 'FENCED_LEADER_EPOCH to park the partition',
    });
    expect(follower.partition().logEndOffset).to.equal(0);
    await follower.become({ leader: 1, leaderEpoch: 1, isr: [1], replicas: REPLICAS });
    await caughtUp(leader, follower, 'after the new LeaderAndIsr');
  });

  it('retries after the back-off while the leader does not know the new epoch yet', async () => {
    const leader = await cluster.start(1);
    const follower = await cluster.start(2);
    await leader.become({ leader: 1, leaderEpoch: 0, isr: [1], replicas: REPLICAS });
    await leader.produce(3);
    await follower.become({ leader: 1, leaderEpoch: 1, isr: [1], replicas: REPLICAS });
    await new Promise((r) => setTimeout(r, 200)); // several UNKNOWN_LEADER_EPOCH rounds
    expect(follower.partition().logEndOffset).to.equal(0);
    expect(follower.replicaManager.replicaFetchState(TOPIC, 0)).to.include({ leaderEpoch: 1 });
    await leader.become({ leader: 1, leaderEpoch: 1, isr: [1], replicas: REPLICAS });
    await caughtUp(leader, follower, 'once the leader has the epoch');
  });

  it('reconnects after losing the connection to the leader', async () => {
    const leader = await cluster.start(1);
    const follower = await cluster.start(2);
    await leader.become({ leader: 1, leaderEpoch: 0, isr: REPLICAS, replicas: REPLICAS });
    await follower.become({ leader: 1, leaderEpoch: 0, isr: REPLICAS, replicas: REPLICAS });
    await leader.produce(2);
    await caughtUp(leader, follower, 'before the outage');
    cluster.setReachable(1, false);
    await leader.produce(2);
    await new Promise((r) => setTimeout(r, 150)); // failed connects back off
    expect(follower.partition().logEndOffset).to.equal(2);
    cluster.setReachable(1, true);
    await caughtUp(leader, follower, 'after reconnecting');
    expect(follower.logBytes().equals(leader.logBytes())).to.equal(true);
  });

  it('stops a fetch loop in the middle of a long poll at once, and idle fetchers with it', async () => {
    const leader = await cluster.start(1);
    const follower = await cluster.start(2, { replication: { replicaFetchWaitMaxMs: 10000 } });
    await leader.become({ leader: 1, leaderEpoch: 0, isr: REPLICAS, replicas: REPLICAS });
    await follower.become({ leader: 1, leaderEpoch: 0, isr: REPLICAS, replicas: REPLICAS });
    await leader.produce(1);
    await caughtUp(leader, follower, 'before shutdown');
    await waitUntil(() => leader.replicaManager.fetchPurgatory.size === 1, {
      timeoutMs: 5000,
      message: "the follower's long poll",
    });
    // Becoming leader removes the partition from its fetcher; the idle fetcher stops.
    await follower.become({ leader: 2, leaderEpoch: 1, isr: [2], replicas: REPLICAS });
    expect(follower.replicaManager.replicaFetchState(TOPIC, 0)).to.equal(undefined);
    await follower.become({ leader: 1, leaderEpoch: 2, isr: REPLICAS, replicas: REPLICAS });
    await leader.become({ leader: 1, leaderEpoch: 2, isr: REPLICAS, replicas: REPLICAS });
    await waitUntil(() => leader.replicaManager.fetchPurgatory.size >= 1, {
      timeoutMs: 5000,
      message: 'a new long poll',
    });
    const startedMs = Date.now();
    await follower.replicaManager.shutdown();
    expect(Date.now() - startedMs).to.be.below(500);
    expect(follower.replicaManager.replicaFetchState(TOPIC, 0)).to.equal(undefined);
  });
});
