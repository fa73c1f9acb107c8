// Proves one partition's leader-side replication state on a real log with a manual clock: the
// high watermark waits for the ISR's fetch positions; LeaderAndIsr with an older epoch is
// refused and with an equal one only refreshes ISR/zkVersion; ISR shrink and expand go through
// AlterIsr one at a time (a pending expansion already holds the high watermark, a refused change
// blocks further ones until LeaderAndIsr, a failed send is retried); acks=all completion checks
// the maximal ISR against min.insync.replicas; becoming leader at a newer epoch records
// (epoch, log end offset) in the leader-epoch cache and its checkpoint file at once (an equal or
// older epoch adds nothing), so OffsetForLeaderEpoch answers for the new leader's own epoch
// before it has written in it.
import { expect } from 'chai';
import path from 'path';
import { PartitionLog, DEFAULT_LOG_CONFIG } from '../../../lib/storage';
import { ManualClock } from '../../../lib/util/clock';
import { silentLogger } from '../../../lib/util/logger';
import { ErrorCode } from '../../../lib/protocol/error-codes';
import { AlterIsrItem, AlterIsrOutcome, Partition, PartitionState } from '../../../lib/cluster/replication/partition';
import { readLeaderEpochCheckpoint } from '../../../lib/storage/checkpoint-file';
import { batchOf, makeTempDir, removeTempDir } from '../../storage/fixtures';
import { waitUntil } from '../../helpers/wait';

interface Deferred {
  item: AlterIsrItem;
  resolve(outcome: AlterIsrOutcome): void;
  reject(err: Error): void;
}

const LAG_MS = 100;

describe('Partition (leader side)', () => {
  let dir: string;
  let log: PartitionLog;
  let clock: ManualClock;
  let proposals: Deferred[];
  let advanced: number;

  function makePartition(retryMs = 20): Partition {
    return new Partition('t', 0, 1, log, {
      clock,
      replicaLagTimeMaxMs: LAG_MS,
      alterIsrRetryBackoffMs: retryMs,
      logger: silentLogger(),
      alterIsr: (item) => new Promise((resolve, reject) => proposals.push({ item, resolve, reject })),
      onHighWatermarkAdvanced: () => {
        advanced++;
      },
    });
  }

  function state(overrides: Partial<PartitionState> = {}): PartitionState {
    return {
      controllerEpoch: 1,
      leader: 1,
      leaderEpoch: 0,
      isr: [1, 2],
      zkVersion: 0,
      replicas: [1, 2, 3],
      ...overrides,
    };
  }

  function committed(item: AlterIsrItem, version = item.currentIsrVersion + 1): AlterIsrOutcome {
    return { errorCode: 0, leaderId: 1, leaderEpoch: item.leaderEpoch, isr: item.newIsr, currentIsrVersion: version };
  }

  const settle = () => new Promise((r) => setImmediate(r));
  /** A batch as a follower receives it: offsets from our log end, stamped with the leader's epoch. */
  const followerBatch = (count: number, epoch: number) =>
    batchOf(count, { baseOffset: log.logEndOffset, partitionLeaderEpoch: epoch });

  beforeEach(() => {
    dir = makeTempDir();
    log = PartitionLog.open({ dir: path.join(dir, 't-0'), config: DEFAULT_LOG_CONFIG });
    clock = new ManualClock(1000);
    proposals = [];
    advanced = 0;
  });

  afterEach(() => {
    log.close();
    removeTempDir(dir);
  });

  it('moves the high watermark only as far as every ISR member has fetched', () => {
    const p = makePartition();
    expect(p.applyState(state())).to.equal('became-leader');
    p.appendAsLeader(batchOf(3), 1, 1);
    expect(p.highWatermark).to.equal(0);
    p.updateFollowerFetchState(2, 2, 0, clock.nowMs());
    expect(p.highWatermark).to.equal(2);
    p.updateFollowerFetchState(2, 3, 0, clock.nowMs());
    expect(p.highWatermark).to.equal(3);
    expect(advanced).to.equal(2);
    expect(p.follower(2)).to.include({ logEndOffset: 3, lastCaughtUpTimeMs: 1000 });
  });

  it('refuses an older leader epoch and takes ISR/zkVersion news at an equal one', () => {
    const p = makePartition();
    p.applyState(state({ leaderEpoch: 2 }));
    expect(p.applyState(state({ leaderEpoch: 2, isr: [1], zkVersion: 3 }))).to.equal('updated');
    expect(p.isr).to.deep.equal([1]);
    expect(p.zkVersion).to.equal(3);
    expect(p.applyState(state({ leaderEpoch: 2, isr: [1, 2], zkVersion: 2 }))).to.equal('unchanged');
    expect(p.applyState(state({ leaderEpoch: 2, isr: [1], zkVersion: 3 }))).to.equal('unchanged');
    expect(p.applyState(state({ leaderEpoch: 1 }))).to.equal('stale');
    expect(p.applyState(state({ leaderEpoch: 3, leader: 2 }))).to.equal('became-follower');
    expect(p.isLeader).to.equal(false);
    expect(p.isr).to.deep.equal([]);
  });

  it('shrinks a lagging follower out through AlterIsr and then lets the high watermark pass it', async () => {
    const p = makePartition();
    p.applyState(state());
    p.appendAsLeader(batchOf(3), 1, 1);
    p.maybeShrinkIsr(1000 + LAG_MS);
    expect(proposals).to.have.length(0);
    p.maybeShrinkIsr(1001 + LAG_MS);
    expect(proposals.map((d) => d.item)).to.deep.equal([
      { topic: 't', partition: 0, leaderId: 1, leaderEpoch: 0, newIsr: [1], currentIsrVersion: 0 },
    ]);
    // While the shrink is pending the ISR, the maximal ISR and the high watermark stay put.
    p.maybeShrinkIsr(5000);
    expect(proposals).to.have.length(1);
    expect(p.maximalIsr).to.deep.equal([1, 2]);
    expect(p.highWatermark).to.equal(0);
    clock.set(1001 + LAG_MS);
    proposals[0].resolve(committed(proposals[0].item));
    await settle();
    expect(p.isr).to.deep.equal([1]);
    expect(p.zkVersion).to.equal(1);
    expect(p.isrChangePending).to.equal(false);
    expect(p.highWatermark).to.equal(3);
  });

  it('expands the ISR with a caught-up follower; a pending expansion already holds the high watermark', async () => {
    const p = makePartition();
    p.applyState(state({ isr: [1] }));
    p.appendAsLeader(batchOf(3), 1, 1);
    expect(p.highWatermark).to.equal(3);
    p.updateFollowerFetchState(2, 2, 0, clock.nowMs());
    expect(proposals, 'below the high watermark').to.have.length(0);
    p.updateFollowerFetchState(2, 3, 0, clock.nowMs());
    expect(proposals.map((d) => d.item.newIsr)).to.deep.equal([[1, 2]]);
    expect(p.isr).to.deep.equal([1]);
    expect(p.maximalIsr).to.deep.equal([1, 2]);
    clock.advance(10 * LAG_MS);
    p.appendAsLeader(batchOf(2), 1, 1);
    expect(p.highWatermark, 'held by the pending member').to.equal(3);
    p.updateFollowerFetchState(3, 3, 0, clock.nowMs());
    expect(proposals, 'one change in flight at a time').to.have.length(1);
    proposals[0].resolve(committed(proposals[0].item));
    await settle();
    expect(p.isr).to.deep.equal([1, 2]);
    p.updateFollowerFetchState(2, 5, 0, clock.nowMs());
    expect(p.highWatermark).to.equal(5);
  });

  it('drops a refused ISR change and proposes nothing more until the next LeaderAndIsr', async () => {
    const p = makePartition();
    p.applyState(state({ isr: [1] }));
    p.updateFollowerFetchState(2, 0, 0, clock.nowMs());
    proposals[0].resolve({ ...committed(proposals[0].item), errorCode: ErrorCode.INVALID_UPDATE_VERSION });
    await settle();
    expect(p.isrChangePending).to.equal(false);
    expect(p.maximalIsr).to.deep.equal([1]);
    p.updateFollowerFetchState(3, 0, 0, clock.nowMs());
    expect(proposals).to.have.length(1);
    expect(p.applyState(state({ isr: [1], zkVersion: 4 }))).to.equal('updated');
    p.updateFollowerFetchState(3, 0, 0, clock.nowMs());
    expect(proposals.map((d) => d.item)).to.have.length(2);
    expect(proposals[1].item).to.include({ currentIsrVersion: 4 });
  });

  it('retries an AlterIsr whose send failed, after the back-off', async () => {
    const p = makePartition(10);
    p.applyState(state({ isr: [1] }));
    p.updateFollowerFetchState(2, 0, 0, clock.nowMs());
    proposals[0].reject(new Error('controller unreachable'));
    await waitUntil(() => proposals.length === 2, { timeoutMs: 2000, message: 'the AlterIsr retry' });
    proposals[1].resolve({ ...committed(proposals[1].item), errorCode: ErrorCode.NOT_CONTROLLER });
    await waitUntil(() => proposals.length === 3, { timeoutMs: 2000, message: 'a retry after NOT_CONTROLLER' });
    proposals[2].resolve(committed(proposals[2].item));
    await waitUntil(() => p.isr.length === 2, { timeoutMs: 2000, message: 'the committed ISR' });
    expect(p.isr).to.deep.equal([1, 2]);
  });

  it('decides acks=all completion from the high watermark and the maximal ISR', () => {
    const p = makePartition();
    p.applyState(state({ isr: [1] }));
    expect(() => p.appendAsLeader(batchOf(1), -1, 2))
      .to.throw()
      .with.property('code', ErrorCode.NOT_ENOUGH_REPLICAS);
    expect(p.logEndOffset, 'nothing appended').to.equal(0);
    p.appendAsLeader(batchOf(2), -1, 1);
    expect(p.checkEnoughReplicasReachOffset(2, 1)).to.deep.equal({ done: true, errorCode: ErrorCode.NONE });
    expect(p.checkEnoughReplicasReachOffset(2, 2)).to.deep.equal({
      done: true,
      errorCode: ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND,
    });
    expect(p.checkEnoughReplicasReachOffset(3, 1)).to.deep.equal({ done: false, errorCode: ErrorCode.NONE });
    p.applyState(state({ leader: 2, leaderEpoch: 1 }));
    expect(p.checkEnoughReplicasReachOffset(3, 1)).to.deep.equal({
      done: true,
      errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER,
    });
  });

  it('answers OffsetForLeaderEpoch for its own new epoch before writing in it, fenced by the current epoch', () => {
    const p = makePartition();
    p.applyState(state({ isr: [1] }));
    p.appendAsLeader(batchOf(3), 1, 1);
    p.applyState(state({ isr: [1], leaderEpoch: 3 }));
    expect(log.leaderEpochEntries()).to.deep.equal([
      { epoch: 0, startOffset: 0 },
      { epoch: 3, startOffset: 3 },
    ]);
    expect(p.lastOffsetForLeaderEpoch(-1, 0)).to.deep.equal({ errorCode: 0, leaderEpoch: 0, endOffset: 3 });
    expect(p.lastOffsetForLeaderEpoch(3, 1)).to.deep.equal({ errorCode: 0, leaderEpoch: 0, endOffset: 3 });
    expect(p.lastOffsetForLeaderEpoch(3, 3)).to.deep.equal({ errorCode: 0, leaderEpoch: 3, endOffset: 3 });
    expect(p.lastOffsetForLeaderEpoch(2, 0).errorCode).to.equal(ErrorCode.FENCED_LEADER_EPOCH);
    expect(p.lastOffsetForLeaderEpoch(4, 0).errorCode).to.equal(ErrorCode.UNKNOWN_LEADER_EPOCH);
    p.applyState(state({ leader: 2, leaderEpoch: 4 }));
    expect(p.lastOffsetForLeaderEpoch(4, 0).errorCode).to.equal(ErrorCode.NOT_LEADER_OR_FOLLOWER);
  });

  it('records (new epoch, log end offset) in leader-epoch-checkpoint on becoming leader, before any write', () => {
    const p = makePartition();
    p.applyState(state({ leader: 2, leaderEpoch: 1 }));
    log.appendAsFollower(followerBatch(4, 1));
    expect(log.leaderEpochEntries(), 'a follower takes epochs from the batches only').to.deep.equal([
      { epoch: 1, startOffset: 0 },
    ]);
    p.applyState(state({ leaderEpoch: 2 }));
    const expected = [
      { epoch: 1, startOffset: 0 },
      { epoch: 2, startOffset: 4 },
    ];
    expect(log.leaderEpochEntries()).to.deep.equal(expected);
    expect(readLeaderEpochCheckpoint(path.join(log.dir, 'leader-epoch-checkpoint'))).to.deep.equal(expected);
    // Its own batches of epoch 2 add nothing; the entry stays where the election put it.
    p.appendAsLeader(batchOf(2), 1, 1);
    expect(log.leaderEpochEntries()).to.deep.equal(expected);
  });

  it('adds no entry when the leader epoch is not newer than the latest cached one', () => {
    const p = makePartition();
    p.applyState(state({ leader: 2, leaderEpoch: 3 }));
    log.appendAsFollower(followerBatch(2, 3));
    // Same epoch, new leader (this broker): epoch 3 already starts at 0 here.
    p.applyState(state({ leaderEpoch: 3 }));
    expect(p.isLeader).to.equal(true);
    expect(log.leaderEpochEntries()).to.deep.equal([{ epoch: 3, startOffset: 0 }]);
    // An older epoch than the cache holds (a cache ahead of the controller's news) changes nothing.
    const other = new Partition('t', 0, 1, log, {
      clock,
      replicaLagTimeMaxMs: LAG_MS,
      alterIsrRetryBackoffMs: 20,
      logger: silentLogger(),
      alterIsr: null,
      onHighWatermarkAdvanced: () => undefined,
    });
    other.applyState(state({ leaderEpoch: 1 }));
    expect(log.leaderEpochEntries()).to.deep.equal([{ epoch: 3, startOffset: 0 }]);
    expect(readLeaderEpochCheckpoint(path.join(log.dir, 'leader-epoch-checkpoint'))).to.deep.equal([
      { epoch: 3, startOffset: 0 },
    ]);
  });

  it('does not track a broker that is not an assigned replica', () => {
    const p = makePartition();
    p.applyState(state());
    expect(p.updateFollowerFetchState(9, 0, 0, clock.nowMs())).to.equal(false);
    expect(p.follower(9)).to.equal(undefined);
  });
});
