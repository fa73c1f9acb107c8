// Proves the .index file maps offsets to positions as Kafka's does: largest entry <= target,
// strictly increasing entries, a capacity that reports full, trimming, and that zero padding
// left by a crash is not mistaken for entries.
import { expect } from 'chai';
import fs from 'fs';
import path from 'path';
import { OffsetIndex } from '../../lib/storage/offset-index';
import { makeTempDir, removeTempDir } from './fixtures';

describe('storage/offset-index', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = makeTempDir();
    file = path.join(dir, '00000000000000000100.index');
  });
  afterEach(() => removeTempDir(dir));

  function indexWith(entries: Array<[number, number]>, maxIndexBytes = 1024): OffsetIndex {
    const index = new OffsetIndex(file, 100, maxIndexBytes);
    index.openForAppend(maxIndexBytes);
    for (const [offset, position] of entries) index.append(offset, position);
    return index;
  }

  it('finds the exact entry, the entry below a target between entries, and (base, 0) before the first', () => {
    const index = indexWith([
      [110, 400],
      [120, 900],
      [130, 1500],
    ]);
    expect(index.lookup(120)).to.deep.equal({ offset: 120, position: 900 });
    expect(index.lookup(125)).to.deep.equal({ offset: 120, position: 900 });
    expect(index.lookup(999)).to.deep.equal({ offset: 130, position: 1500 });
    expect(index.lookup(105)).to.deep.equal({ offset: 100, position: 0 });
    expect(new OffsetIndex(path.join(dir, 'empty.index'), 100, 1024).lookup(150)).to.deep.equal({
      offset: 100,
      position: 0,
    });
  });

  it('rejects an offset that is not above the last entry', () => {
    const index = indexWith([[110, 400]]);
    expect(() => index.append(110, 800)).to.throw(/not above/);
  });

  it('is full at maxIndexBytes / 8 entries and refuses more', () => {
    const index = indexWith(
      [
        [101, 10],
        [102, 20],
        [103, 30],
      ],
      24,
    );
    expect(index.isFull()).to.equal(true);
    expect(() => index.append(104, 40)).to.throw(/full/);
  });

  it('preallocates while active and trims to its entries on close, big-endian 8-byte entries', () => {
    const index = indexWith(
      [
        [110, 400],
        [120, 900],
      ],
      1024,
    );
    expect(fs.statSync(file).size).to.equal(1024);
    index.close();
    const bytes = fs.readFileSync(file);
    expect(bytes.length).to.equal(16);
    expect([bytes.readInt32BE(0), bytes.readInt32BE(4), bytes.readInt32BE(8), bytes.readInt32BE(12)]).to.deep.equal([
      10, 400, 20, 900,
    ]);
    const reopened = new OffsetIndex(file, 100, 1024);
    expect(reopened.entries).to.equal(2);
    expect(reopened.lookup(121)).to.deep.equal({ offset: 120, position: 900 });
  });

  it('ignores zero padding left in a preallocated file by a crash', () => {
    indexWith(
      [
        [110, 400],
        [120, 900],
      ],
      1024,
    ); // never closed: the file keeps its 1024 bytes
    const reopened = new OffsetIndex(file, 100, 1024);
    expect(reopened.entries).to.equal(2);
    expect(reopened.isSane()).to.equal(true);
  });

  it('reports a file whose length is not a multiple of 8 as not sane', () => {
    fs.writeFileSync(file, Buffer.alloc(12));
    expect(new OffsetIndex(file, 100, 1024).isSane()).to.equal(false);
    expect(new OffsetIndex(path.join(dir, 'missing.index'), 100, 1024).isSane()).to.equal(false);
  });

  it('truncateTo drops entries at or above the offset, and they stay dropped after reopening', () => {
    const index = indexWith([
      [110, 400],
      [120, 900],
      [130, 1500],
    ]);
    index.truncateTo(120);
    expect(index.entries).to.equal(1);
    expect(index.lookup(125)).to.deep.equal({ offset: 110, position: 400 });
    index.truncateTo(111);
    expect(index.entries).to.equal(1);
    expect(new OffsetIndex(file, 100, 1024).entries).to.equal(1);
  });
});
