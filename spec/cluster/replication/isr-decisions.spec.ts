// Proves the leader's pure ISR decisions, table by table, against Kafka 2.8's rules: a fetch
// moves the caught-up clock only when the follower asked for everything the leader had (now or
// at the previous fetch); ISR members not at the log end fall out after replica.lag.time.max.ms;
// a follower joins once at the high watermark and inside the current leader epoch; the high
// watermark waits for the maximal ISR and for followers caught up within the lag window.
import { expect } from 'chai';
import {
  afterFollowerFetch,
  canJoinIsr,
  FollowerFetchState,
  highWatermarkCandidate,
  maximalIsr,
  onLeadership,
  outOfSyncReplicas,
  unknownFollower,
} from '../../../lib/cluster/replication/isr-decisions';

function follower(
  brokerId: number,
  logEndOffset: number,
  lastCaughtUpTimeMs: number,
  extra: Partial<FollowerFetchState> = {},
): FollowerFetchState {
  return { ...unknownFollower(brokerId), logEndOffset, lastCaughtUpTimeMs, ...extra };
}

describe('isr-decisions', () => {
  describe('afterFollowerFetch (Replica.updateFetchState)', () => {
    const previous = follower(2, 5, 100, { lastFetchLeaderLogEndOffset: 8, lastFetchTimeMs: 900 });
    const cases: Array<{ name: string; fetchOffset: number; leaderEnd: number; caughtUp: number }> = [
      { name: 'asked for everything the leader has: caught up now', fetchOffset: 10, leaderEnd: 10, caughtUp: 1000 },
      {
        name: 'asked for everything the leader had at the previous fetch',
        fetchOffset: 8,
        leaderEnd: 12,
        caughtUp: 900,
      },
      { name: 'behind both: the clock does not move', fetchOffset: 7, leaderEnd: 12, caughtUp: 100 },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const next = afterFollowerFetch(previous, c.fetchOffset, 0, 1000, c.leaderEnd);
        expect(next).to.include({
          logEndOffset: c.fetchOffset,
          lastCaughtUpTimeMs: c.caughtUp,
          lastFetchLeaderLogEndOffset: c.leaderEnd,
          lastFetchTimeMs: 1000,
          logStartOffset: 0,
        });
      });
    }

    it('never moves the caught-up clock backwards', () => {
      const late = follower(2, 5, 5000, { lastFetchLeaderLogEndOffset: 8, lastFetchTimeMs: 900 });
      expect(afterFollowerFetch(late, 8, 0, 1000, 12).lastCaughtUpTimeMs).to.equal(5000);
    });
  });

  describe('onLeadership (Partition.makeLeader)', () => {
    const known = follower(2, 40, 10, { lastFetchLeaderLogEndOffset: 40, lastFetchTimeMs: 10 });
    const cases = [
      {
        name: 'new leader, ISR member: position unknown, full lag window',
        wasLeader: false,
        inIsr: true,
        leo: -1,
        caughtUp: 500,
      },
      {
        name: 'new leader, not in ISR: position unknown, no lag window',
        wasLeader: false,
        inIsr: false,
        leo: -1,
        caughtUp: 0,
      },
      { name: 're-elected leader keeps the known position', wasLeader: true, inIsr: true, leo: 40, caughtUp: 500 },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const next = onLeadership(known, 50, 500, c.inIsr, c.wasLeader);
        expect(next).to.include({ logEndOffset: c.leo, lastCaughtUpTimeMs: c.caughtUp });
      });
    }
  });

  describe('outOfSyncReplicas (isr-expiration)', () => {
    const followers = new Map<number, FollowerFetchState>([
      [2, follower(2, 100, 0)], // at the log end: in sync however old its clock
      [3, follower(3, 90, 9000)], // behind but caught up 1000 ms ago
      [4, follower(4, 90, 8000)], // behind, exactly at the limit
      [5, follower(5, 90, 7999)], // behind, past the limit
      [6, follower(6, -1, 0)], // never fetched since the election
    ]);
    const cases: Array<{ name: string; isr: number[]; out: number[] }> = [
      { name: 'the leader itself is never out of sync', isr: [1], out: [] },
      { name: 'a follower at the log end stays', isr: [1, 2], out: [] },
      { name: 'a follower inside the lag window stays (the limit is inclusive)', isr: [1, 3, 4], out: [] },
      { name: 'a follower past the lag window goes', isr: [1, 3, 5], out: [5] },
      { name: 'a follower that never fetched goes once its window ends', isr: [1, 6], out: [6] },
      { name: 'an ISR member that is not an assigned replica goes', isr: [1, 7], out: [7] },
    ];
    for (const c of cases) {
      it(c.name, () => {
        expect(outOfSyncReplicas(c.isr, 1, followers, 100, 10000, 2000)).to.deep.equal(c.out);
      });
    }
  });

  describe('canJoinIsr', () => {
    const cases: Array<[string, number, number, number | null, boolean]> = [
      ['at the high watermark and in the current epoch', 10, 10, 5, true],
      ['past the high watermark', 12, 10, 5, true],
      ['below the high watermark', 9, 10, 5, false],
      ['at the high watermark but before the leader epoch started', 10, 10, 11, false],
      ['position unknown', -1, 0, 0, false],
      ['not leader (no epoch start offset)', 10, 10, null, false],
    ];
    for (const [name, leo, hw, epochStart, expected] of cases) {
      it(name, () => expect(canJoinIsr(leo, hw, epochStart)).to.equal(expected));
    }
  });

  describe('highWatermarkCandidate', () => {
    const cases: Array<{ name: string; followers: FollowerFetchState[]; isr: number[]; expected: number }> = [
      { name: 'alone: the leader log end', followers: [], isr: [1], expected: 50 },
      {
        name: 'the slowest ISR member holds it',
        followers: [follower(2, 40, 0), follower(3, 45, 0)],
        isr: [1, 2, 3],
        expected: 40,
      },
      {
        name: 'a lagging non-member outside the window does not',
        followers: [follower(2, 10, 0)],
        isr: [1],
        expected: 50,
      },
      {
        name: 'a non-member caught up within the window does',
        followers: [follower(2, 30, 9500)],
        isr: [1],
        expected: 30,
      },
      {
        name: 'an ISR member with an unknown position holds it back entirely',
        followers: [follower(2, -1, 0)],
        isr: [1, 2],
        expected: -1,
      },
    ];
    for (const c of cases) {
      it(c.name, () => expect(highWatermarkCandidate(50, c.followers, c.isr, 10000, 1000)).to.equal(c.expected));
    }
  });

  describe('maximalIsr', () => {
    it('counts a pending expansion but not a pending shrink', () => {
      expect(maximalIsr([1, 2], null)).to.deep.equal([1, 2]);
      expect(maximalIsr([1, 2], { kind: 'expand', isr: [1, 2, 3] })).to.deep.equal([1, 2, 3]);
      expect(maximalIsr([1, 2], { kind: 'shrink', isr: [1] })).to.deep.equal([1, 2]);
    });
  });
});
