// Proves the truncation-by-leader-epoch decisions, table by table: the leader's end offset for
// an epoch (KIP-101/279, including the entry a new leader holds for its own epoch before it
// writes), the follower's cut point from that answer (Kafka 2.8's getOffsetTruncationState) —
// which never depends on the follower's high watermark — and the out-of-range reconciliation.
import { expect } from 'chai';
import {
  decideOutOfRange, decideStartOffset, decideTruncation, EpochEntry, endOffsetForEpoch, withLeaderEpochEntry,
} from '../../../lib/cluster/replication/epoch-truncation';

const entries: EpochEntry[] = [{ epoch: 0, startOffset: 0 }, { epoch: 2, startOffset: 10 }, { epoch: 4, startOffset: 20 }];

function local(epochs: EpochEntry[], logEndOffset: number) {
  return { logEndOffset, endOffsetForEpoch: (e: number) => endOffsetForEpoch(epochs, e, logEndOffset) };
}

describe('epoch-truncation', () => {
  describe('endOffsetForEpoch (the leader\'s answer)', () => {
    const cases: Array<[string, EpochEntry[], number, [number, number]]> = [
      ['undefined epoch', entries, -1, [-1, -1]],
      ['the latest epoch ends at the log end', entries, 4, [4, 30]],
      ['an epoch newer than any known', entries, 5, [-1, -1]],
      ['an unknown epoch between two known ones: the floor epoch and the next start', entries, 3, [2, 20]],
      ['a known older epoch ends where the next begins', entries, 2, [2, 20]],
      ['an unknown epoch just above the first', entries, 1, [0, 10]],
      ['an epoch older than everything cached', entries.slice(1), 1, [1, 10]],
      ['an empty cache', [], 3, [-1, -1]],
    ];
    for (const [name, cache, requested, [leaderEpoch, endOffset]] of cases) {
      it(name, () => expect(endOffsetForEpoch(cache, requested, 30)).to.deep.equal({ leaderEpoch, endOffset }));
    }
  });

  describe('withLeaderEpochEntry (a new leader\'s own epoch)', () => {
    it('adds (epoch, log end) when the leader has not written in its epoch yet', () => {
      expect(withLeaderEpochEntry(entries, 6, 30)).to.deep.equal([...entries, { epoch: 6, startOffset: 30 }]);
      expect(withLeaderEpochEntry([], 1, 0)).to.deep.equal([{ epoch: 1, startOffset: 0 }]);
    });

    it('leaves the cache alone once the epoch has data', () => {
      expect(withLeaderEpochEntry(entries, 4, 25)).to.equal(entries);
    });

    it('lets a follower holding a short-lived leader\'s epoch get a defined answer', () => {
      // Leader has epochs 0..; became leader at epoch 6 at offset 30; a follower asks for epoch 5.
      expect(endOffsetForEpoch(entries, 5, 30)).to.deep.equal({ leaderEpoch: -1, endOffset: -1 });
      expect(endOffsetForEpoch(withLeaderEpochEntry(entries, 6, 30), 5, 30)).to.deep.equal({ leaderEpoch: 4, endOffset: 30 });
    });
  });

  describe('decideTruncation (the follower\'s cut)', () => {
    const cases: Array<{ name: string; leader: [number, number]; epochs: EpochEntry[]; leo: number; expected: unknown }> = [
      { name: 'the leader cannot place the epoch: reconcile by offsets (not by the high watermark)',
        leader: [-1, -1], epochs: entries, leo: 30, expected: { kind: 'unknown' } },
      { name: 'a v0 answer (offset only) bounds the log',
        leader: [-1, 25], epochs: entries, leo: 30, expected: { kind: 'truncate', offset: 25, completed: true } },
      { name: 'same epoch on both sides: the smaller end wins',
        leader: [4, 26], epochs: entries, leo: 30, expected: { kind: 'truncate', offset: 26, completed: true } },
      { name: 'same epoch, leader ends later: nothing to cut',
        leader: [4, 40], epochs: entries, leo: 30, expected: { kind: 'truncate', offset: 30, completed: true } },
      { name: 'we hold an epoch the leader never had: cut where our matching epoch ended',
        leader: [2, 35], epochs: entries, leo: 30, expected: { kind: 'truncate', offset: 20, completed: true } },
      { name: 'the leader names an epoch we lack: cut to our floor epoch\'s end and ask again',
        leader: [3, 24], epochs: entries, leo: 30, expected: { kind: 'truncate', offset: 20, completed: false } },
      { name: 'our cache cannot place the leader\'s epoch: cut to the leader\'s offset',
        leader: [5, 22], epochs: entries, leo: 30, expected: { kind: 'truncate', offset: 22, completed: true } },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const [leaderEpoch, endOffset] = c.leader;
        expect(decideTruncation({ leaderEpoch, endOffset }, local(c.epochs, c.leo))).to.deep.equal(c.expected);
      });
    }
  });

  describe('decideOutOfRange / decideStartOffset', () => {
    it('past the leader\'s log end: by epoch when possible, else to the leader\'s end', () => {
      expect(decideOutOfRange(30, 20, true)).to.deep.equal({ kind: 'truncate-by-epoch' });
      expect(decideOutOfRange(30, 20, false)).to.deep.equal({ kind: 'truncate', offset: 20 });
    });

    it('not past the leader\'s log end: the leader\'s log start decides', () => {
      expect(decideOutOfRange(20, 20, true)).to.deep.equal({ kind: 'check-leader-start' });
      expect(decideOutOfRange(5, 20, false)).to.deep.equal({ kind: 'check-leader-start' });
      expect(decideStartOffset(5, 12)).to.deep.equal({ kind: 'truncate-fully', offset: 12 });
      expect(decideStartOffset(12, 12)).to.deep.equal({ kind: 'fetch' });
      expect(decideStartOffset(15, 12)).to.deep.equal({ kind: 'fetch' });
    });
  });
});
