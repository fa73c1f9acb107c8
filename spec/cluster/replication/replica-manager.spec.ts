// Proves the leader side over real sockets: an acks=all produce waits for the follower's next
// fetch and completes when it has the records (or times out, or fails when leadership moves);
// min.insync.replicas refuses before appending and answers NOT_ENOUGH_REPLICAS_AFTER_APPEND when
// the ISR shrinks while waiting; a follower that stops fetching is shrunk out after
// replica.lag.time.max.ms and one that catches up is proposed back in (AlterIsr); without a
// healthy ZooKeeper session acks=all is refused; a fetch from a broker that is not a replica gets
// no records; OffsetForLeaderEpoch is answered by the leader only; LeaderAndIsr and StopReplica
// refuse stale epochs.
import { expect } from 'chai';
import { ErrorCode } from '../../../lib/protocol/error-codes';
import { offsetForLeaderEpochApi } from '../../../lib/protocol/apis/offset-for-leader-epoch';
import { waitUntil } from '../../helpers/wait';
import { TestCluster, TOPIC } from './replication-harness';

const REPLICAS = [1, 2];
const LAG_MS = 300;

describe('ReplicaManager (leader side, real sockets)', function () {
  this.timeout(20000);
  let cluster: TestCluster;

  beforeEach(() => {
    cluster = new TestCluster();
  });

  afterEach(async () => {
    await cluster.stopAll();
  });

  it('holds an acks=all produce until the follower has fetched past it', async () => {
    const leader = await cluster.start(1);
    const follower = await cluster.start(2);
    await leader.become({ leader: 1, leaderEpoch: 0, isr: REPLICAS, replicas: REPLICAS });
    const acked = leader.produce(3, -1);
    await waitUntil(() => leader.replicaManager.producePurgatory.size === 1, {
      timeoutMs: 2000,
      message: 'the produce to wait',
    });
    expect(leader.partition().highWatermark).to.equal(0);
    await follower.become({ leader: 1, leaderEpoch: 0, isr: REPLICAS, replicas: REPLICAS });
    expect(await acked).to.include({ errorCode: ErrorCode.NONE, baseOffset: 0 });
    expect(follower.partition().logEndOffset).to.equal(3);
    expect(leader.partition().highWatermark).to.equal(3);
    expect((await leader.produce(1, -1)).errorCode, 'with the follower keeping up').to.equal(ErrorCode.NONE);
  });

  it('times out an acks=all produce the follower never fetches, and fails it when leadership moves', async () => {
    const leader = await cluster.start(1);
    await leader.become({ leader: 1, leaderEpoch: 0, isr: REPLICAS, replicas: REPLICAS });
    expect((await leader.produce(1, -1, { timeoutMs: 100 })).errorCode).to.equal(ErrorCode.REQUEST_TIMED_OUT);
    const waiting = leader.produce(1, -1);
    await waitUntil(() => leader.replicaManager.producePurgatory.size === 1, {
      timeoutMs: 2000,
      message: 'the produce to wait',
    });
    await leader.become({ leader: 2, leaderEpoch: 1, isr: [2], replicas: REPLICAS });
    expect((await waiting).errorCode).to.equal(ErrorCode.NOT_LEADER_OR_FOLLOWER);
  });

  it('refuses acks=all below min.insync.replicas, and answers AFTER_APPEND when the ISR shrinks meanwhile', async () => {
    const leader = await cluster.start(1, { minInsyncReplicas: 2, replication: { replicaLagTimeMaxMs: LAG_MS } });
    await leader.become({ leader: 1, leaderEpoch: 0, isr: REPLICAS, replicas: REPLICAS });
    const waiting = leader.produce(2, -1);
    expect(await waiting, 'the follower never fetched; it is shrunk out').to.include({
      errorCode: ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND,
      baseOffset: 0,
    });
    expect(leader.partition().isr).to.deep.equal([1]);
    expect(leader.partition().logEndOffset, 'the records stay in the log').to.equal(2);
    expect((await leader.produce(1, -1)).errorCode).to.equal(ErrorCode.NOT_ENOUGH_REPLICAS);
    expect(leader.partition().logEndOffset, 'nothing appended').to.equal(2);
    expect((await leader.produce(1, 1)).errorCode, 'acks=1 is not subject to it').to.equal(ErrorCode.NONE);
  });

  it('shrinks a follower that stops fetching out of the ISR after the lag time, then advances the high watermark', async () => {
    const leader = await cluster.start(1, { replication: { replicaLagTimeMaxMs: LAG_MS } });
    const follower = await cluster.start(2);
    await leader.become({ leader: 1, leaderEpoch: 0, isr: REPLICAS, replicas: REPLICAS });
    await follower.become({ leader: 1, leaderEpoch: 0, isr: REPLICAS, replicas: REPLICAS });
    expect((await leader.produce(2, -1)).errorCode).to.equal(ErrorCode.NONE);
    await new Promise((r) => setTimeout(r, LAG_MS)); // a caught-up follower stays however long it idles
    expect(leader.proposals).to.deep.equal([]);
    follower.replicaManager.stopReplicas([{ topic: TOPIC, partition: 0 }], false);
    await leader.produce(3);
    const startedMs = Date.now();
    await waitUntil(() => leader.partition().isr.length === 1, { timeoutMs: 5000, message: 'the ISR shrink' });
    // The follower's last fetch (its caught-up time) was at most one long poll (100 ms) earlier.
    expect(Date.now() - startedMs).to.be.within(LAG_MS - 150, 2 * LAG_MS + 500);
    expect(leader.proposals).to.deep.equal([
      { topic: TOPIC, partition: 0, leaderId: 1, leaderEpoch: 0, newIsr: [1], currentIsrVersion: 0 },
    ]);
    expect(leader.partition().zkVersion).to.equal(1);
    expect(leader.partition().highWatermark).to.equal(5);
  });

  it('proposes a caught-up follower back into the ISR', async () => {
    const leader = await cluster.start(1);
    const follower = await cluster.start(2);
    await leader.become({ leader: 1, leaderEpoch: 0, isr: [1], replicas: REPLICAS, zkVersion: 7 });
    await leader.produce(4);
    await follower.become({ leader: 1, leaderEpoch: 0, isr: [1], replicas: REPLICAS, zkVersion: 7 });
    await waitUntil(() => leader.partition().isr.length === 2, { timeoutMs: 5000, message: 'the ISR expansion' });
    expect(leader.proposals).to.deep.equal([
      { topic: TOPIC, partition: 0, leaderId: 1, leaderEpoch: 0, newIsr: [1, 2], currentIsrVersion: 7 },
    ]);
    expect(leader.partition().zkVersion).to.equal(8);
    expect((await leader.produce(1, -1)).errorCode).to.equal(ErrorCode.NONE);
    expect(follower.partition().logEndOffset).to.equal(5);
  });

  it('refuses acks=all while the ZooKeeper session is unhealthy, including produces already waiting', async () => {
    const leader = await cluster.start(1);
    await leader.become({ leader: 1, leaderEpoch: 0, isr: REPLICAS, replicas: REPLICAS });
    const waiting = leader.produce(1, -1);
    await waitUntil(() => leader.replicaManager.producePurgatory.size === 1, {
      timeoutMs: 2000,
      message: 'the produce to wait',
    });
    leader.replicaManager.setZkSessionHealthy(false);
    expect((await waiting).errorCode).to.equal(ErrorCode.NOT_LEADER_OR_FOLLOWER);
    expect((await leader.produce(1, -1)).errorCode).to.equal(ErrorCode.NOT_LEADER_OR_FOLLOWER);
    expect(leader.partition().logEndOffset, 'the refused one was not appended').to.equal(1);
    expect((await leader.produce(1, 1)).errorCode).to.equal(ErrorCode.NONE);
    leader.replicaManager.setZkSessionHealthy(true);
    const follower = await cluster.start(2);
    await follower.become({ leader: 1, leaderEpoch: 0, isr: REPLICAS, replicas: REPLICAS });
    expect((await leader.produce(1, -1)).errorCode).to.equal(ErrorCode.NONE);
  });

  it('answers a fetch from a broker that is not a replica with no records and no error', async () => {
    const leader = await cluster.start(1);
    await leader.become({ leader: 1, leaderEpoch: 0, isr: [1], replicas: REPLICAS });
    await leader.produce(3);
    const [result] = await leader.replicaManager.fetchMessages({
      replicaId: 9,
      maxWaitMs: 0,
      minBytes: 1,
      maxBytes: 1 << 20,
      isolationLevel: 0,
      partitions: [
        {
          topic: TOPIC,
          partition: 0,
          fetchOffset: 0,
          partitionMaxBytes: 1 << 20,
          currentLeaderEpoch: 0,
          logStartOffset: 0,
        },
      ],
    });
    expect(result).to.include({ errorCode: ErrorCode.NONE, highWatermark: 3 });
    expect(result.records?.length).to.equal(0);
    expect(leader.partition().follower(9)).to.equal(undefined);
  });

  it('answers OffsetForLeaderEpoch on the leader only, checking the current leader epoch first', async () => {
    const leader = await cluster.start(1);
    const follower = await cluster.start(2);
    await leader.become({ leader: 1, leaderEpoch: 0, isr: [1], replicas: REPLICAS });
    await leader.produce(3);
    await leader.become({ leader: 1, leaderEpoch: 2, isr: [1], replicas: REPLICAS });
    await leader.produce(2);
    await follower.become({ leader: 1, leaderEpoch: 2, isr: [1], replicas: REPLICAS });
    const ask = async (
      brokerId: number,
      version: number,
      topic: string,
      currentLeaderEpoch: number,
      leaderEpoch: number,
    ) => {
      const conn = await cluster.client(brokerId);
      const response = await conn.send(offsetForLeaderEpochApi, version, {
        replicaId: -1,
        topics: [{ topic, partitions: [{ partition: 0, currentLeaderEpoch, leaderEpoch }] }],
      });
      const { errorCode, leaderEpoch: epoch, endOffset } = response.topics[0].partitions[0];
      return [errorCode, epoch, endOffset];
    };
    expect(await ask(1, 4, TOPIC, -1, 0)).to.deep.equal([0, 0, 3]);
    expect(await ask(1, 3, TOPIC, 2, 1)).to.deep.equal([0, 0, 3]);
    expect(await ask(1, 2, TOPIC, 2, 2)).to.deep.equal([0, 2, 5]);
    expect(await ask(1, 0, TOPIC, -1, 0), 'v0 names no epoch').to.deep.equal([0, -1, 3]);
    expect(await ask(1, 3, TOPIC, 1, 0)).to.deep.equal([ErrorCode.FENCED_LEADER_EPOCH, -1, -1]);
    expect(await ask(1, 3, TOPIC, 3, 0)).to.deep.equal([ErrorCode.UNKNOWN_LEADER_EPOCH, -1, -1]);
    expect(await ask(1, 3, 'nope', -1, 0)).to.deep.equal([ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, -1, -1]);
    expect(await ask(2, 3, TOPIC, 2, 0)).to.deep.equal([ErrorCode.NOT_LEADER_OR_FOLLOWER, -1, -1]);
  });

  it("refuses LeaderAndIsr for another broker's replica or an older epoch, and StopReplica for an older epoch", async () => {
    const node = await cluster.start(1);
    const rm = node.replicaManager;
    const state = {
      topic: TOPIC,
      partition: 0,
      controllerEpoch: 1,
      leader: 2,
      leaderEpoch: 3,
      isr: [2, 3],
      zkVersion: 0,
    };
    expect(await rm.becomeLeaderOrFollower([{ ...state, replicas: [2, 3] }])).to.deep.equal([
      { topic: TOPIC, partition: 0, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION },
    ]);
    expect(rm.getPartition(TOPIC, 0), 'no log created').to.equal(undefined);
    await node.become({ leader: 1, leaderEpoch: 3, isr: [1], replicas: REPLICAS });
    expect((await rm.becomeLeaderOrFollower([{ ...state, leaderEpoch: 2, replicas: REPLICAS }]))[0].errorCode).to.equal(
      ErrorCode.STALE_CONTROLLER_EPOCH,
    );
    expect(rm.stopReplicas([{ topic: TOPIC, partition: 0, leaderEpoch: 2 }], true)[0].errorCode).to.equal(
      ErrorCode.FENCED_LEADER_EPOCH,
    );
    expect(rm.getPartition(TOPIC, 0)).to.not.equal(undefined);
    expect(rm.stopReplicas([{ topic: TOPIC, partition: 0, leaderEpoch: 3 }], false)[0].errorCode).to.equal(
      ErrorCode.NONE,
    );
    expect(rm.getPartition(TOPIC, 0), 'kept without delete').to.not.equal(undefined);
    expect(rm.stopReplicas([{ topic: TOPIC, partition: 0, leaderEpoch: -2 }], true)[0].errorCode).to.equal(
      ErrorCode.NONE,
    );
    expect(rm.getPartition(TOPIC, 0)).to.equal(undefined);
  });
});
