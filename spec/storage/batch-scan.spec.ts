// Proves storage's rules over batch headers (read through lib/protocol's one header module): a
// follower's set must pass its CRCs with increasing offsets, leader-epoch starts come out of the
// scan, the header accessors agree with Kafka's byte offsets, and files are walked through a window.
import { expect } from 'chai';
import fs from 'fs';
import path from 'path';
import { isBatchCrcValid, lastOffsetAt, wholeBatchesLength } from '../../lib/protocol/batch-header';
import { assignOffsets, scanBatchSet } from '../../lib/protocol/batch-set';
import { readInt64 } from '../../lib/protocol/reader';
import { writeInt64 } from '../../lib/protocol/writer';
import { BatchFileScanner, checkFollowerBatches, epochStarts } from '../../lib/storage/batch-scan';
import { StorageError } from '../../lib/storage/storage-error';
import { batchOf, crcIsValid, makeTempDir, removeTempDir } from './fixtures';

describe('storage/batch-scan', () => {
  it('reads and writes int64 values, negative ones included', () => {
    const buf = Buffer.alloc(8);
    for (const value of [0, 1, -1, 2 ** 40 + 3, -(2 ** 45), Number.MAX_SAFE_INTEGER]) {
      writeInt64(buf, 0, value);
      expect(readInt64(buf, 0)).to.equal(value);
      expect(buf.readBigInt64BE(0)).to.equal(BigInt(value));
    }
  });

  it('assigns offsets and epochs without touching CRC-covered bytes', () => {
    const set = Buffer.concat([batchOf(3), batchOf(2)]);
    const before = Buffer.from(set);
    assignOffsets(set, scanBatchSet(set), 1000, 9, -1);
    const secondAt = batchOf(3).length;
    expect(set.subarray(21, secondAt).equals(before.subarray(21, secondAt))).to.equal(true);
    expect(set.subarray(secondAt + 21).equals(before.subarray(secondAt + 21))).to.equal(true);
    expect([readInt64(set, 0), readInt64(set, secondAt), set.readInt32BE(secondAt + 12)]).to.deep.equal([
      1000, 1003, 9,
    ]);
    expect(isBatchCrcValid(set, 0, secondAt) && crcIsValid(set, secondAt)).to.equal(true);
    expect(lastOffsetAt(set, secondAt)).to.equal(1004);
  });

  it('summarizes a set: offsets, max timestamp, record count and epoch changes', () => {
    const set = scanBatchSet(
      Buffer.concat([
        batchOf(2, { baseOffset: 10, baseTimestamp: 500, partitionLeaderEpoch: 1 }),
        batchOf(3, { baseOffset: 12, baseTimestamp: 400, partitionLeaderEpoch: 2 }),
      ]),
    );
    checkFollowerBatches(set);
    expect(set).to.deep.include({
      firstOffset: 10,
      lastOffset: 14,
      maxTimestamp: 501,
      offsetOfMaxTimestamp: 11,
      recordCount: 5,
      stop: null,
    });
    expect(epochStarts(set)).to.deep.equal([
      { epoch: 1, startOffset: 10 },
      { epoch: 2, startOffset: 12 },
    ]);
  });

  it('reports broken framing and refuses bad CRCs and out-of-order offsets', () => {
    const batch = batchOf(2);
    expect(scanBatchSet(batch.subarray(0, 40)).stop).to.include({ position: 0, stop: 'partial' });
    expect(scanBatchSet(batch.subarray(0, batch.length - 1)).stop?.message).to.match(/cut short/);
    const backwards = Buffer.concat([batchOf(2, { baseOffset: 5 }), batchOf(1, { baseOffset: 6 })]);
    expect(() => checkFollowerBatches(scanBatchSet(backwards))).to.throw(StorageError, /out of order/);
    const flipped = Buffer.from(batch);
    flipped[flipped.length - 1] ^= 1;
    expect(() => checkFollowerBatches(scanBatchSet(flipped)))
      .to.throw(StorageError, /CRC/)
      .with.property('code', 2);
  });

  it('measures the whole-batch prefix of a buffer', () => {
    const first = batchOf(2);
    const set = Buffer.concat([first, batchOf(2)]);
    expect(wholeBatchesLength(set, set.length - 1)).to.equal(first.length);
    expect(wholeBatchesLength(set, set.length)).to.equal(set.length);
    expect(wholeBatchesLength(set, 11)).to.equal(0);
  });

  it('scans a file through a small window and stops at a partial batch', () => {
    const dir = makeTempDir();
    try {
      const batches = [0, 2, 4].map((baseOffset) => batchOf(2, { baseOffset, valueBytes: 100 }));
      const file = path.join(dir, 'x.log');
      fs.writeFileSync(file, Buffer.concat([...batches, batchOf(1, { baseOffset: 6 }).subarray(0, 30)]));
      const fd = fs.openSync(file, 'r');
      try {
        const scanner = new BatchFileScanner(fd, 0, fs.statSync(file).size, 64);
        const seen: number[] = [];
        for (let b = scanner.next(true); b !== null; b = scanner.next(true)) {
          expect(isBatchCrcValid(b.bytes, b.at, b.size)).to.equal(true);
          seen.push(readInt64(b.bytes, b.at));
        }
        expect(seen).to.deep.equal([0, 2, 4]);
      } finally {
        fs.closeSync(fd);
      }
    } finally {
      removeTempDir(dir);
    }
  });
});
