// Proves the broker-side batch handling without decoding records: produced batches are
// validated with Kafka's error codes (CORRUPT_MESSAGE, INVALID_RECORD, MESSAGE_TOO_LARGE, ...),
// offsets and leader epoch are stamped without breaking the CRC, LogAppendTime re-stamps with a
// fresh CRC, and the batch walk stops cleanly at a partial or corrupt tail.
import { expect } from 'chai';
import { ErrorCode } from '../../lib/protocol/error-codes';
import { KafkaError } from '../../lib/protocol/kafka-error';
import {
  assignOffsets,
  ATTRIBUTES_OFFSET,
  BATCH_HEADER_BYTES,
  computeBatchCrc,
  CRC_OFFSET,
  decodeRecordBatches,
  encodeRecordBatch,
  iterateBatches,
  lastOffsetOf,
  LOG_OVERHEAD,
  MAGIC_OFFSET,
  readBatchHeader,
  RecordBatchInput,
  scanBatchSet,
  validateProducedBatches,
} from '../../lib/protocol/records';

const MAX_BYTES = 1024 * 1024;
const T0 = 1700000000000;

function records(count: number): RecordBatchInput['records'] {
  return Array.from({ length: count }, (_, i) => ({
    key: Buffer.from(`key-${i}`),
    value: Buffer.from(`value-${i}`.repeat(20)),
    timestamp: T0 + i,
  }));
}

function expectKafkaError(fn: () => unknown, code: number): void {
  try {
    fn();
  } catch (error) {
    expect(error).to.be.instanceOf(KafkaError);
    expect((error as KafkaError).code, (error as Error).message).to.equal(code);
    return;
  }
  expect.fail(`expected KafkaError ${code}`);
}

/** Rewrites attributes and fixes the CRC, as a producer with those attributes would have. */
function withAttributes(batch: Buffer, attributes: number): Buffer {
  const copy = Buffer.from(batch);
  copy.writeInt16BE(attributes, ATTRIBUTES_OFFSET);
  copy.writeUInt32BE(computeBatchCrc(copy, 0, copy.length), CRC_OFFSET);
  return copy;
}

describe('record batches', () => {
  let plain: Buffer;
  let gzipped: Buffer;
  let snappied: Buffer;

  before(async () => {
    plain = await encodeRecordBatch({ records: records(3) });
    gzipped = await encodeRecordBatch({ compression: 'gzip', records: records(4) });
    snappied = await encodeRecordBatch({ compression: 'snappy', records: records(5) });
  });

  describe('readBatchHeader', () => {
    it('reads every header field and derives attribute flags', async () => {
      const batch = await encodeRecordBatch({
        baseOffset: 10,
        partitionLeaderEpoch: 2,
        compression: 'gzip',
        timestampType: 1,
        producerId: 4000,
        producerEpoch: 1,
        baseSequence: 7,
        isTransactional: true,
        records: records(2),
      });
      const header = readBatchHeader(batch, 0);
      expect(header).to.deep.include({
        baseOffset: 10,
        batchLength: batch.length - LOG_OVERHEAD,
        partitionLeaderEpoch: 2,
        magic: 2,
        lastOffsetDelta: 1,
        baseTimestamp: T0,
        maxTimestamp: T0 + 1,
        producerId: 4000,
        producerEpoch: 1,
        baseSequence: 7,
        recordCount: 2,
        compression: 1,
        timestampType: 1,
        isTransactional: true,
        isControl: false,
      });
      expect(header.crc).to.equal(computeBatchCrc(batch, 0, batch.length));
      expect(lastOffsetOf(header)).to.equal(11);
    });
  });

  describe('validateProducedBatches', () => {
    it('accepts batches built with no compression, gzip and snappy', () => {
      const summary = validateProducedBatches(plain, MAX_BYTES);
      expect(summary).to.deep.include({ recordCount: 3, maxTimestamp: T0 + 2, offsetCount: 3, stop: null });
      expect(summary.batches).to.have.length(1);
      expect(validateProducedBatches(gzipped, MAX_BYTES).recordCount).to.equal(4);
      expect(validateProducedBatches(snappied, MAX_BYTES).recordCount).to.equal(5);
    });

    it('sums several batches', () => {
      const summary = validateProducedBatches(Buffer.concat([plain, gzipped, snappied]), MAX_BYTES);
      expect(summary).to.deep.include({ recordCount: 12, maxTimestamp: T0 + 4, offsetCount: 12 });
      expect(summary.batches).to.have.length(3);
    });

    it('rejects any flipped byte under the CRC with CORRUPT_MESSAGE', () => {
      for (let pos = ATTRIBUTES_OFFSET; pos < plain.length; pos += 7) {
        const copy = Buffer.from(plain);
        copy[pos] ^= 0x01;
        try {
          validateProducedBatches(copy, MAX_BYTES);
        } catch (error) {
          // A flip in a header field can trip a field check first; none may pass.
          expect(error, `flip at ${pos}`).to.be.instanceOf(KafkaError);
          continue;
        }
        expect.fail(`flip at ${pos} passed validation`);
      }
      const flippedRecord = Buffer.from(plain);
      flippedRecord[plain.length - 3] ^= 0xff;
      expectKafkaError(() => validateProducedBatches(flippedRecord, MAX_BYTES), ErrorCode.CORRUPT_MESSAGE);
      const flippedCrc = Buffer.from(gzipped);
      flippedCrc[CRC_OFFSET] ^= 0x80;
      expectKafkaError(() => validateProducedBatches(flippedCrc, MAX_BYTES), ErrorCode.CORRUPT_MESSAGE);
    });

    it('rejects a batch cut at any byte with CORRUPT_MESSAGE', () => {
      for (let cut = 1; cut < plain.length; cut++) {
        expectKafkaError(() => validateProducedBatches(plain.subarray(0, cut), MAX_BYTES), ErrorCode.CORRUPT_MESSAGE);
      }
      expectKafkaError(
        () => validateProducedBatches(Buffer.concat([plain, plain.subarray(0, 30)]), MAX_BYTES),
        ErrorCode.CORRUPT_MESSAGE,
      );
    });

    it('rejects a batch length below the header size with CORRUPT_MESSAGE', () => {
      const copy = Buffer.from(plain);
      copy.writeInt32BE(20, 8);
      expectKafkaError(() => validateProducedBatches(copy, MAX_BYTES), ErrorCode.CORRUPT_MESSAGE);
    });

    it('rejects magic 0/1 with INVALID_RECORD (as Kafka does for Produce v3+) and other magics as corrupt', () => {
      for (const magic of [0, 1]) {
        const copy = Buffer.from(plain);
        copy.writeInt8(magic, MAGIC_OFFSET);
        expectKafkaError(() => validateProducedBatches(copy, MAX_BYTES), ErrorCode.INVALID_RECORD);
      }
      const copy = Buffer.from(plain);
      copy.writeInt8(3, MAGIC_OFFSET);
      expectKafkaError(() => validateProducedBatches(copy, MAX_BYTES), ErrorCode.CORRUPT_MESSAGE);
    });

    it('rejects a batch above the maximum with MESSAGE_TOO_LARGE', () => {
      expectKafkaError(() => validateProducedBatches(plain, plain.length - 1), ErrorCode.MESSAGE_TOO_LARGE);
      expect(validateProducedBatches(plain, plain.length).batches).to.have.length(1);
    });

    it('rejects what Kafka LogValidator rejects with INVALID_RECORD', async () => {
      const empty = await encodeRecordBatch({ records: [] });
      expectKafkaError(() => validateProducedBatches(empty, MAX_BYTES), ErrorCode.INVALID_RECORD);
      const gap = await encodeRecordBatch({
        records: [
          { key: null, value: Buffer.from('a'), offsetDelta: 0 },
          { key: null, value: Buffer.from('b'), offsetDelta: 5 },
        ],
      });
      expectKafkaError(() => validateProducedBatches(gap, MAX_BYTES), ErrorCode.INVALID_RECORD);
      const control = await encodeRecordBatch({ isControl: true, records: records(1) });
      expectKafkaError(() => validateProducedBatches(control, MAX_BYTES), ErrorCode.INVALID_RECORD);
      const noSequence = await encodeRecordBatch({
        producerId: 7,
        producerEpoch: 0,
        baseSequence: -1,
        records: records(1),
      });
      expectKafkaError(() => validateProducedBatches(noSequence, MAX_BYTES), ErrorCode.INVALID_RECORD);
      const offset = await encodeRecordBatch({ baseOffset: 5, records: records(1) });
      expectKafkaError(() => validateProducedBatches(offset, MAX_BYTES), ErrorCode.INVALID_RECORD);
      expectKafkaError(() => validateProducedBatches(Buffer.alloc(0), MAX_BYTES), ErrorCode.INVALID_RECORD);
    });

    it('accepts zstd only when allowed, and rejects unknown codecs', () => {
      const zstd = withAttributes(plain, 4);
      expect(validateProducedBatches(zstd, MAX_BYTES).batches).to.have.length(1);
      expectKafkaError(
        () => validateProducedBatches(zstd, MAX_BYTES, { allowZstd: false }),
        ErrorCode.UNSUPPORTED_COMPRESSION_TYPE,
      );
      expectKafkaError(() => validateProducedBatches(withAttributes(plain, 6), MAX_BYTES), ErrorCode.CORRUPT_MESSAGE);
    });
  });

  describe('assignOffsets', () => {
    it('stamps consecutive offsets and the leader epoch, keeping every CRC valid', async () => {
      const buf = Buffer.concat([plain, gzipped]);
      const set = scanBatchSet(buf);
      assignOffsets(buf, set, 100, 7, -1);
      expect([set.firstOffset, set.lastOffset]).to.deep.equal([100, 106]);
      const first = readBatchHeader(buf, 0);
      const second = readBatchHeader(buf, plain.length);
      expect([
        first.baseOffset,
        first.partitionLeaderEpoch,
        second.baseOffset,
        second.partitionLeaderEpoch,
      ]).to.deep.equal([100, 7, 103, 7]);
      expect(computeBatchCrc(buf, 0, plain.length)).to.equal(first.crc);
      expect(computeBatchCrc(buf, plain.length, gzipped.length)).to.equal(second.crc);
      const decoded = await decodeRecordBatches(buf);
      expect(decoded.flatMap((b) => b.records.map((r) => r.offset))).to.deep.equal([100, 101, 102, 103, 104, 105, 106]);
    });

    it('handles offsets beyond 32 bits', () => {
      const buf = Buffer.from(plain);
      const set = scanBatchSet(buf);
      assignOffsets(buf, set, 2 ** 40, 1, -1);
      expect(set.lastOffset + 1).to.equal(2 ** 40 + 3);
      expect(readBatchHeader(buf, 0).baseOffset).to.equal(2 ** 40);
    });
  });

  describe('assignOffsets with LogAppendTime', () => {
    it('sets maxTimestamp and the timestamp type, and recomputes the CRC', async () => {
      const buf = Buffer.concat([plain, snappied]);
      assignOffsets(buf, scanBatchSet(buf), 0, 0, T0 + 5000);
      for (const { header, position, nextPosition } of iterateBatches(buf, 0, buf.length, { verifyCrc: true })) {
        expect(header.timestampType).to.equal(1);
        expect(header.maxTimestamp).to.equal(T0 + 5000);
        expect(header.crc).to.equal(computeBatchCrc(buf, position, nextPosition - position));
      }
      expect(scanBatchSet(buf).maxTimestamp).to.equal(T0 + 5000);
      const decoded = await decodeRecordBatches(buf);
      expect(decoded.flatMap((b) => b.records.map((r) => r.timestamp))).to.deep.equal(new Array(8).fill(T0 + 5000));
    });
  });

  describe('iterateBatches', () => {
    it('yields every batch and ends at the end', () => {
      const buf = Buffer.concat([plain, gzipped, snappied]);
      const walk = iterateBatches(buf);
      const positions: number[] = [];
      let step = walk.next();
      for (; !step.done; step = walk.next()) positions.push(step.value.position);
      expect(positions).to.deep.equal([0, plain.length, plain.length + gzipped.length]);
      expect(step.value).to.deep.equal({ validBytesEnd: buf.length, stop: 'end' });
    });

    function finish(buf: Buffer, start = 0, verifyCrc = false): { count: number; end: unknown } {
      const walk = iterateBatches(buf, start, buf.length, { verifyCrc });
      let count = 0;
      let step = walk.next();
      for (; !step.done; step = walk.next()) count++;
      return { count, end: step.value };
    }

    it('stops cleanly at a partial trailing batch, at any cut', () => {
      const buf = Buffer.concat([plain, gzipped]);
      for (let cut = plain.length + 1; cut < buf.length; cut++) {
        expect(finish(buf.subarray(0, cut))).to.deep.equal({
          count: 1,
          end: { validBytesEnd: plain.length, stop: 'partial' },
        });
      }
    });

    it('stops at a corrupt batch: bad length, bad magic, or (when asked) bad CRC', () => {
      const badLength = Buffer.concat([plain, gzipped]);
      badLength.writeInt32BE(3, plain.length + 8);
      expect(finish(badLength)).to.deep.equal({ count: 1, end: { validBytesEnd: plain.length, stop: 'corrupt' } });
      const badCrc = Buffer.concat([plain, gzipped]);
      badCrc[badCrc.length - 1] ^= 1;
      expect(finish(badCrc).count).to.equal(2);
      expect(finish(badCrc, 0, true)).to.deep.equal({
        count: 1,
        end: { validBytesEnd: plain.length, stop: 'corrupt' },
      });
    });

    it('starts from a given position', () => {
      const buf = Buffer.concat([plain, gzipped]);
      expect(finish(buf, plain.length)).to.deep.equal({ count: 1, end: { validBytesEnd: buf.length, stop: 'end' } });
      expect(BATCH_HEADER_BYTES).to.equal(61);
    });
  });
});
