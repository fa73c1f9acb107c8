// Proves the follower's truncation-by-leader-epoch decisions, table by table: its cut point from
// the leader's (epoch, end offset) answer (Kafka 2.8's getOffsetTruncationState, with its own
// epochs in a real leader-epoch cache) — which never depends on the follower's high watermark —
// and the out-of-range reconciliation.
import { expect } from 'chai';
import path from 'path';
import {
  decideOutOfRange,
  decideStartOffset,
  decideTruncation,
} from '../../../lib/cluster/replication/epoch-truncation';
import type { EpochEntry } from '../../../lib/storage';
import { LeaderEpochCache } from '../../../lib/storage/leader-epoch-cache';
import { makeTempDir, removeTempDir } from '../../storage/fixtures';

const entries: EpochEntry[] = [
  { epoch: 0, startOffset: 0 },
  { epoch: 2, startOffset: 10 },
  { epoch: 4, startOffset: 20 },
];

describe('epoch-truncation', () => {
  let dir: string;
  let caches = 0;
  before(() => {
    dir = makeTempDir();
  });
  after(() => removeTempDir(dir));

  function local(epochs: EpochEntry[], logEndOffset: number) {
    const cache = LeaderEpochCache.load(path.join(dir, `leader-epoch-checkpoint-${caches++}`));
    for (const { epoch, startOffset } of epochs) cache.assign(epoch, startOffset);
    return { logEndOffset, endOffsetForEpoch: (e: number) => cache.endOffsetFor(e, logEndOffset) };
  }

  describe("decideTruncation (the follower's cut)", () => {
    const cases: Array<{
      name: string;
      leader: [number, number];
      epochs: EpochEntry[];
      leo: number;
      expected: unknown;
    }> = [
      {
        name: 'the leader cannot place the epoch: reconcile by offsets (not by the high watermark)',
        leader: [-1, -1],
        epochs: entries,
        leo: 30,
        expected: { kind: 'unknown' },
      },
      {
        name: 'a v0 answer (offset only) bounds the log',
        leader: [-1, 25],
        epochs: entries,
        leo: 30,
        expected: { kind: 'truncate', offset: 25, completed: true },
      },
      {
        name: 'same epoch on both sides: the smaller end wins',
        leader: [4, 26],
        epochs: entries,
        leo: 30,
        expected: { kind: 'truncate', offset: 26, completed: true },
      },
      {
        name: 'same epoch, leader ends later: nothing to cut',
        leader: [4, 40],
        epochs: entries,
        leo: 30,
        expected: { kind: 'truncate', offset: 30, completed: true },
      },
      {
        name: 'we hold an epoch the leader never had: cut where our matching epoch ended',
        leader: [2, 35],
        epochs: entries,
        leo: 30,
        expected: { kind: 'truncate', offset: 20, completed: true },
      },
      {
        name: "the leader names an epoch we lack: cut to our floor epoch's end and ask again",
        leader: [3, 24],
        epochs: entries,
        leo: 30,
        expected: { kind: 'truncate', offset: 20, completed: false },
      },
      {
        name: "our cache cannot place the leader's epoch: cut to the leader's offset",
        leader: [5, 22],
        epochs: entries,
        leo: 30,
        expected: { kind: 'truncate', offset: 22, completed: true },
      },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const [leaderEpoch, endOffset] = c.leader;
        expect(decideTruncation({ leaderEpoch, endOffset }, local(c.epochs, c.leo))).to.deep.equal(c.expected);
      });
    }
  });

  describe('decideOutOfRange / decideStartOffset', () => {
    it("past the leader's log end: by epoch when possible, else to the leader's end", () => {
      expect(decideOutOfRange(30, 20, true)).to.deep.equal({ kind: 'truncate-by-epoch' });
      expect(decideOutOfRange(30, 20, false)).to.deep.equal({ kind: 'truncate', offset: 20 });
    });

    it("not past the leader's log end: the leader's log start decides", () => {
      expect(decideOutOfRange(20, 20, true)).to.deep.equal({ kind: 'check-leader-start' });
      expect(decideOutOfRange(5, 20, false)).to.deep.equal({ kind: 'check-leader-start' });
      expect(decideStartOffset(5, 12)).to.deep.equal({ kind: 'truncate-fully', offset: 12 });
      expect(decideStartOffset(12, 12)).to.deep.equal({ kind: 'fetch' });
      expect(decideStartOffset(15, 12)).to.deep.equal({ kind: 'fetch' });
    });
  });
});
