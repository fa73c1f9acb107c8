// Proves the leader-epoch cache follows Kafka's LeaderEpochFileCache: assignments replace
// contradicted entries, OffsetsForLeaderEpoch answers, truncation from either end, persistence;
// assignIfNewer (appends, a new leader's election) only ever adds a newer epoch.
import { expect } from 'chai';
import path from 'path';
import { LeaderEpochCache } from '../../lib/storage/leader-epoch-cache';
import { makeTempDir, removeTempDir } from './fixtures';

describe('storage/leader-epoch-cache', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = makeTempDir();
    file = path.join(dir, 'leader-epoch-checkpoint');
  });
  afterEach(() => removeTempDir(dir));

  function cacheWith(entries: Array<[number, number]>): LeaderEpochCache {
    const cache = LeaderEpochCache.load(file);
    for (const [epoch, startOffset] of entries) cache.assign(epoch, startOffset);
    return cache;
  }

  it('ignores a repeated epoch at a later offset and drops entries a new assignment contradicts', () => {
    const cache = cacheWith([
      [0, 0],
      [0, 5],
      [2, 10],
      [4, 20],
    ]);
    expect(cache.entries()).to.deep.equal([
      { epoch: 0, startOffset: 0 },
      { epoch: 2, startOffset: 10 },
      { epoch: 4, startOffset: 20 },
    ]);
    cache.assign(3, 15);
    expect(cache.entries()).to.deep.equal([
      { epoch: 0, startOffset: 0 },
      { epoch: 2, startOffset: 10 },
      { epoch: 3, startOffset: 15 },
    ]);
    expect(cache.latestEpoch()).to.equal(3);
  });

  it('assignIfNewer adds and persists only an epoch newer than the latest', () => {
    const cache = cacheWith([
      [1, 10],
      [3, 20],
    ]);
    expect(cache.assignIfNewer(3, 25)).to.equal(false);
    expect(cache.assignIfNewer(2, 15)).to.equal(false);
    expect(cache.assignIfNewer(-1, 30)).to.equal(false);
    expect(cache.entries()).to.deep.equal([
      { epoch: 1, startOffset: 10 },
      { epoch: 3, startOffset: 20 },
    ]);
    expect(cache.assignIfNewer(4, 30)).to.equal(true);
    expect(LeaderEpochCache.load(file).entries()).to.deep.equal([
      { epoch: 1, startOffset: 10 },
      { epoch: 3, startOffset: 20 },
      { epoch: 4, startOffset: 30 },
    ]);
  });

  const answers: Array<[string, number, { leaderEpoch: number; endOffset: number }]> = [
    ['the latest epoch ends at the log end offset', 5, { leaderEpoch: 5, endOffset: 40 }],
    ['an epoch ends where the next one starts', 2, { leaderEpoch: 2, endOffset: 30 }],
    ['an unknown epoch between two answers with the one below it', 3, { leaderEpoch: 2, endOffset: 30 }],
    ['an epoch below the first answers itself with the first start offset', 0, { leaderEpoch: 0, endOffset: 10 }],
    ['an epoch above the latest is undefined', 6, { leaderEpoch: -1, endOffset: -1 }],
    ['the undefined epoch is undefined', -1, { leaderEpoch: -1, endOffset: -1 }],
  ];
  for (const [what, requested, expected] of answers) {
    it(`endOffsetFor: ${what}`, () => {
      const cache = cacheWith([
        [1, 10],
        [2, 20],
        [5, 30],
      ]);
      expect(cache.endOffsetFor(requested, 40)).to.deep.equal(expected);
    });
  }

  it('answers undefined when empty', () => {
    expect(cacheWith([]).endOffsetFor(0, 10)).to.deep.equal({ leaderEpoch: -1, endOffset: -1 });
  });

  it('truncateFromEnd removes epochs starting at or after the offset', () => {
    const cache = cacheWith([
      [1, 10],
      [2, 20],
      [5, 30],
    ]);
    cache.truncateFromEnd(20);
    expect(cache.entries()).to.deep.equal([{ epoch: 1, startOffset: 10 }]);
  });

  it('truncateFromStart moves the covering epoch up to the new start', () => {
    const cache = cacheWith([
      [1, 10],
      [2, 20],
      [5, 30],
    ]);
    cache.truncateFromStart(25);
    expect(cache.entries()).to.deep.equal([
      { epoch: 2, startOffset: 25 },
      { epoch: 5, startOffset: 30 },
    ]);
    cache.truncateFromStart(5);
    expect(cache.entries()).to.have.length(2);
  });

  it('persists every change and reloads it', () => {
    const cache = cacheWith([
      [1, 10],
      [2, 20],
    ]);
    cache.truncateFromEnd(15);
    expect(LeaderEpochCache.load(file).entries()).to.deep.equal([{ epoch: 1, startOffset: 10 }]);
    cache.clear();
    expect(LeaderEpochCache.load(file).entries()).to.deep.equal([]);
  });
});
