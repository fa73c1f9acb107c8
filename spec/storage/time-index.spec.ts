// Proves the .timeindex keeps only increasing timestamps, answers "largest timestamp <= target",
// reports full one entry early (room for the roll's final entry) and persists 12-byte entries.
import { expect } from 'chai';
import fs from 'fs';
import path from 'path';
import { TimeIndex } from '../../lib/storage/time-index';
import { makeTempDir, removeTempDir } from './fixtures';

describe('storage/time-index', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = makeTempDir();
    file = path.join(dir, '00000000000000000050.timeindex');
  });
  afterEach(() => removeTempDir(dir));

  function open(maxIndexBytes = 1200): TimeIndex {
    const index = new TimeIndex(file, 50, maxIndexBytes);
    index.openForAppend(maxIndexBytes);
    return index;
  }

  it('appends only timestamps greater than the last entry', () => {
    const index = open();
    index.maybeAppend(1000, 55);
    index.maybeAppend(1000, 57);
    index.maybeAppend(2000, 60);
    expect(index.entries).to.equal(2);
    expect(index.lastEntry()).to.deep.equal({ timestamp: 2000, offset: 60 });
  });

  it('looks up the largest timestamp <= target, or (no timestamp, base) before the first', () => {
    const index = open();
    index.maybeAppend(1000, 55);
    index.maybeAppend(2000, 60);
    index.maybeAppend(3000, 70);
    expect(index.lookup(2500)).to.deep.equal({ timestamp: 2000, offset: 60 });
    expect(index.lookup(3000)).to.deep.equal({ timestamp: 3000, offset: 70 });
    expect(index.lookup(999)).to.deep.equal({ timestamp: -1, offset: 50 });
  });

  it('is full one entry before capacity, yet accepts the final entry with skipFullCheck', () => {
    const index = open(36);
    index.maybeAppend(1000, 51);
    index.maybeAppend(2000, 52);
    expect(index.isFull()).to.equal(true);
    expect(() => index.maybeAppend(3000, 53)).to.throw(/full/);
    index.maybeAppend(3000, 53, true);
    expect(index.entries).to.equal(3);
  });

  it('trims to 12-byte big-endian entries on close and reloads them', () => {
    const index = open();
    index.maybeAppend(1_600_000_000_123, 55);
    index.close();
    const bytes = fs.readFileSync(file);
    expect(bytes.length).to.equal(12);
    expect(Number(bytes.readBigInt64BE(0))).to.equal(1_600_000_000_123);
    expect(bytes.readInt32BE(8)).to.equal(5);
    expect(new TimeIndex(file, 50, 1200).lastEntry()).to.deep.equal({ timestamp: 1_600_000_000_123, offset: 55 });
  });

  it('truncateTo removes entries at or above the offset', () => {
    const index = open();
    index.maybeAppend(1000, 55);
    index.maybeAppend(2000, 60);
    index.truncateTo(60);
    expect(index.lastEntry()).to.deep.equal({ timestamp: 1000, offset: 55 });
  });
});
