// Proves one segment appends batches byte for byte, indexes them sparsely every
// index.interval.bytes, translates offsets to batch positions, reads whole batches within byte and
// position limits, rebuilds itself from a torn file, truncates, and decides when to roll.
import { expect } from 'chai';
import fs from 'fs';
import path from 'path';
import { ManualClock } from '../../lib/util/clock';
import { Segment, type SegmentOptions } from '../../lib/storage/segment';
import { batchOf, buildBatch, decodedOffsets, makeTempDir, removeTempDir } from './fixtures';

describe('storage/segment', () => {
  let dir: string;
  let clock: ManualClock;
  beforeEach(() => {
    dir = makeTempDir();
    clock = new ManualClock(1_000_000);
  });
  afterEach(() => removeTempDir(dir));

  function options(overrides: Partial<SegmentOptions> = {}): SegmentOptions {
    return { dir, baseOffset: 0, indexIntervalBytes: 100, maxIndexBytes: 1024, rollJitterMs: 0, clock, ...overrides };
  }

  function createSegment(overrides: Partial<SegmentOptions> = {}): Segment {
    const segment = Segment.create(options(overrides));
    segment.openForAppend(overrides.maxIndexBytes ?? 1024);
    return segment;
  }

  /** Appends `count` records at baseOffset; returns the batch bytes. */
  function append(segment: Segment, baseOffset: number, count: number, baseTimestamp = 5000): Buffer {
    const batch = batchOf(count, { baseOffset, baseTimestamp, valueBytes: 20 });
    const lastOffset = baseOffset + count - 1;
    segment.append(lastOffset, baseTimestamp + count - 1, lastOffset, batch);
    return batch;
  }

  it('stores batches byte for byte in <20-digit base>.log and reads them back unchanged', () => {
    const segment = createSegment({ baseOffset: 42 });
    const first = append(segment, 42, 3);
    const second = append(segment, 45, 2);
    expect(fs.readFileSync(path.join(dir, '00000000000000000042.log')).equals(Buffer.concat([first, second]))).to.equal(
      true,
    );
    const read = segment.read(42, 1 << 20);
    expect(read?.records.equals(Buffer.concat([first, second]))).to.equal(true);
    expect(read?.firstBatchOffset).to.equal(42);
  });

  it('translates an offset to the position of the batch that contains it', () => {
    const segment = createSegment();
    const first = append(segment, 0, 3);
    append(segment, 3, 3);
    expect(segment.translateOffset(4)).to.deep.equal({
      position: first.length,
      size: segment.size - first.length,
      baseOffset: 3,
      lastOffset: 5,
    });
    expect(segment.translateOffset(0)?.position).to.equal(0);
    expect(segment.translateOffset(6)).to.equal(null);
    expect(segment.read(6, 1000)).to.equal(null);
  });

  it('adds an index entry keyed by the last offset of a set once more than index.interval.bytes were written', () => {
    const segment = createSegment({ indexIntervalBytes: 100 });
    const first = append(segment, 0, 2); // ~150 bytes: the first batch never gets an entry
    append(segment, 2, 2, 6000);
    append(segment, 4, 2, 7000);
    expect(first.length).to.be.greaterThan(100);
    expect(segment.offsetIndex.entries).to.equal(2);
    expect(segment.offsetIndex.entry(0)).to.deep.equal({ offset: 3, position: first.length });
    expect(segment.timeIndex.entries).to.equal(2);
  });

  it('returns whole batches only: maxBytes cuts before a batch that does not fit', async () => {
    const segment = createSegment();
    const first = append(segment, 0, 3);
    const second = append(segment, 3, 3);
    const read = segment.read(0, first.length + Math.floor(second.length / 2));
    expect(read?.records.equals(first)).to.equal(true);
    expect(await decodedOffsets(read!.records)).to.deep.equal([0, 1, 2]);
  });

  it('returns the whole first batch when minOneMessage, and nothing otherwise, if it exceeds maxBytes', () => {
    const segment = createSegment();
    const first = append(segment, 0, 3);
    append(segment, 3, 1);
    expect(segment.read(0, 10, segment.size, true)?.records.equals(first)).to.equal(true);
    const none = segment.read(0, 10, segment.size, false);
    expect(none?.records.length).to.equal(0);
    expect(none?.firstBatchOffset).to.equal(undefined);
  });

  it('never reads past maxPosition', () => {
    const segment = createSegment();
    const first = append(segment, 0, 3);
    append(segment, 3, 3);
    expect(segment.read(0, 1 << 20, first.length)?.records.equals(first)).to.equal(true);
    expect(segment.read(3, 1 << 20, first.length)?.records.length).to.equal(0);
  });

  it('reads its next offset back from the file', () => {
    const segment = createSegment({ baseOffset: 10 });
    expect(segment.readNextOffset()).to.equal(10);
    append(segment, 10, 4);
    append(segment, 14, 3);
    segment.close();
    expect(Segment.open(options({ baseOffset: 10 })).readNextOffset()).to.equal(17);
  });

  it('recover() cuts a torn tail and rebuilds the same indexes', () => {
    const segment = createSegment();
    for (let i = 0; i < 6; i++) append(segment, i * 2, 2);
    const goodSize = segment.size;
    const entries = segment.offsetIndex.entries;
    segment.close();
    fs.appendFileSync(path.join(dir, '00000000000000000000.log'), batchOf(2, { baseOffset: 12 }).subarray(0, 40));
    const reopened = Segment.open(options());
    expect(reopened.recover()).to.equal(40);
    expect(reopened.size).to.equal(goodSize);
    expect(reopened.offsetIndex.entries).to.equal(entries);
    expect(reopened.readNextOffset()).to.equal(12);
  });

  it('recover() stops at a batch whose CRC does not match', () => {
    const segment = createSegment();
    const first = append(segment, 0, 2);
    append(segment, 2, 2);
    segment.close();
    const file = path.join(dir, '00000000000000000000.log');
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 3] ^= 0xff;
    fs.writeFileSync(file, bytes);
    const reopened = Segment.open(options());
    expect(reopened.recover()).to.equal(bytes.length - first.length);
    expect(reopened.readNextOffset()).to.equal(2);
  });

  it('recover() stops at a batch whose base offset (not under the CRC) is beyond the safe integer range', () => {
    const segment = createSegment();
    const first = append(segment, 0, 2);
    append(segment, 2, 2);
    segment.close();
    const file = path.join(dir, '00000000000000000000.log');
    const bytes = fs.readFileSync(file);
    bytes.writeBigInt64BE(2n ** 62n, first.length);
    fs.writeFileSync(file, bytes);
    const reopened = Segment.open(options());
    expect(reopened.recover()).to.equal(bytes.length - first.length);
    expect(reopened.readNextOffset()).to.equal(2);
  });

  it('truncateTo removes the batch containing the offset and everything after it', () => {
    const segment = createSegment();
    const first = append(segment, 0, 3);
    append(segment, 3, 3);
    append(segment, 6, 3);
    const sizeBefore = segment.size;
    expect(segment.truncateTo(4)).to.equal(sizeBefore - first.length);
    expect(segment.size).to.equal(first.length);
    expect(segment.readNextOffset()).to.equal(3);
    expect(segment.truncateTo(10)).to.equal(0);
  });

  it('finds the first record at or after a timestamp inside an uncompressed batch', () => {
    const segment = createSegment();
    const records = [0, 10, 20, 30].map((delta) => ({ value: `t${delta}`, timestampDelta: delta }));
    segment.append(3, 5030, 3, buildBatch(records, { baseOffset: 0, baseTimestamp: 5000 }));
    segment.append(5, 6001, 5, batchOf(2, { baseOffset: 4, baseTimestamp: 6000 }));
    expect(segment.findOffsetByTimestamp(5015, 0)).to.deep.equal({ offset: 2, timestamp: 5020 });
    expect(segment.findOffsetByTimestamp(5030, 0)).to.deep.equal({ offset: 3, timestamp: 5030 });
    expect(segment.findOffsetByTimestamp(5031, 0)).to.deep.equal({ offset: 4, timestamp: 6000 });
    expect(segment.findOffsetByTimestamp(5000, 3)).to.deep.equal({ offset: 3, timestamp: 5030 });
    expect(segment.findOffsetByTimestamp(7000, 0)).to.equal(null);
  });

  describe('shouldRoll', () => {
    const base = {
      maxSegmentBytes: 1000,
      maxSegmentMs: 60_000,
      messagesBytes: 100,
      maxTimestampInMessages: 5000,
      maxOffsetInMessages: 10,
    };

    it('rolls when the set would push the segment past segment.bytes', () => {
      const segment = createSegment();
      append(segment, 0, 3);
      const nowMs = clock.nowMs();
      expect(segment.shouldRoll({ ...base, nowMs, messagesBytes: 1000 - segment.size })).to.equal(false);
      expect(segment.shouldRoll({ ...base, nowMs, messagesBytes: 1001 - segment.size })).to.equal(true);
    });

    it('rolls by time measured from the first batch timestamp, and only when non-empty', () => {
      const segment = createSegment();
      const nowMs = clock.nowMs();
      expect(segment.shouldRoll({ ...base, nowMs: nowMs + 120_000 })).to.equal(false);
      append(segment, 0, 1, 5000);
      expect(segment.shouldRoll({ ...base, nowMs, maxTimestampInMessages: 65_000 })).to.equal(false);
      expect(segment.shouldRoll({ ...base, nowMs, maxTimestampInMessages: 65_001 })).to.equal(true);
    });

    it('rolls by wall clock since creation when batches carry no timestamp', () => {
      const segment = createSegment();
      segment.append(0, -1, 0, batchOf(1, { baseOffset: 0, maxTimestamp: -1 }));
      clock.advance(60_001);
      expect(segment.shouldRoll({ ...base, nowMs: clock.nowMs(), maxTimestampInMessages: -1 })).to.equal(true);
    });

    it('rolls when an index is full or the offset does not fit a relative int32', () => {
      const segment = createSegment({ maxIndexBytes: 8 });
      const nowMs = clock.nowMs();
      expect(segment.shouldRoll({ ...base, nowMs })).to.equal(true); // time index: full one entry early
      const roomy = createSegment({ baseOffset: 100 });
      expect(roomy.shouldRoll({ ...base, nowMs, maxOffsetInMessages: 100 + 0x7fffffff })).to.equal(false);
      expect(roomy.shouldRoll({ ...base, nowMs, maxOffsetInMessages: 100 + 0x80000000 })).to.equal(true);
    });
  });
});
