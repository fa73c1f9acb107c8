// Proves the one scan of a batch set: it yields every batch's position, size, offsets, record
// count, max timestamp, producer fields and CRC validity, and the set's totals; a set whose
// middle batch is corrupt or breaks off is refused whole by produce validation; assignOffsets
// keeps the summary in step with the bytes it rewrites (offsets, epoch, LogAppendTime, CRC) —
// totals equal to a fresh scan's, in its one pass; the summary says whether any batch carries a
// producer id (producer state is skipped otherwise).
import { expect } from 'chai';
import { CRC_OFFSET, isBatchCrcValid, readBatchHeader } from '../../lib/protocol/batch-header';
import { assignOffsets, scanBatchSet } from '../../lib/protocol/batch-set';
import { ErrorCode } from '../../lib/protocol/error-codes';
import { encodeRecordBatch, type RecordBatchInput } from '../../lib/protocol/record-codec';
import { validateProducedBatches } from '../../lib/protocol/records';
import { kafkaErrorCodeOf } from '../helpers/kafka-error';

const T0 = 1_700_000_000_000;
const MAX_BYTES = 1 << 20;

function batch(count: number, firstTimestamp: number, producer: Partial<RecordBatchInput> = {}): Promise<Buffer> {
  const records = Array.from({ length: count }, (_, i) => ({
    key: null,
    value: Buffer.from(`v${i}`),
    timestamp: firstTimestamp + i,
  }));
  return encodeRecordBatch({ ...producer, records });
}

describe('protocol/batch-set', () => {
  let first: Buffer;
  let idempotent: Buffer;
  let last: Buffer;

  before(async () => {
    first = await batch(3, T0);
    idempotent = await batch(2, T0 + 50, { producerId: 42, producerEpoch: 3, baseSequence: 17 });
    last = await batch(4, T0 + 10);
  });

  it('reads positions, counts, timestamps, producer fields and CRC validity in one scan', () => {
    const set = scanBatchSet(Buffer.concat([first, idempotent, last]));
    expect(set.batches.map((b) => [b.position, b.size, b.crcValid])).to.deep.equal([
      [0, first.length, true],
      [first.length, idempotent.length, true],
      [first.length + idempotent.length, last.length, true],
    ]);
    expect(
      set.batches.map((b) => [b.header.lastOffsetDelta, b.header.recordCount, b.header.maxTimestamp]),
    ).to.deep.equal([
      [2, 3, T0 + 2],
      [1, 2, T0 + 51],
      [3, 4, T0 + 13],
    ]);
    expect(set.batches[1].header).to.include({ producerId: 42, producerEpoch: 3, baseSequence: 17 });
    expect(set.batches[0].header).to.include({ producerId: -1, baseSequence: -1 });
    expect(set).to.deep.include({ stop: null, recordCount: 9, offsetCount: 9, maxTimestamp: T0 + 51 });
  });

  it('refuses a set whose middle batch is corrupt, whole, without touching its bytes', () => {
    const bytes = Buffer.concat([first, idempotent, last]);
    bytes[first.length + idempotent.length - 1] ^= 0x01;
    const before = Buffer.from(bytes);
    expect(scanBatchSet(bytes).batches.map((b) => b.crcValid)).to.deep.equal([true, false, true]);
    expect(kafkaErrorCodeOf(() => validateProducedBatches(bytes, MAX_BYTES))).to.equal(ErrorCode.CORRUPT_MESSAGE);
    expect(bytes.equals(before)).to.equal(true);
  });

  it('stops at a middle batch that breaks off and refuses the whole set', () => {
    const broken = Buffer.from(idempotent);
    broken.writeInt32BE(20, 8); // below the header size
    const bytes = Buffer.concat([first, broken, last]);
    const set = scanBatchSet(bytes);
    expect(set.batches).to.have.length(1);
    expect(set.stop).to.include({ position: first.length, stop: 'corrupt' });
    expect(kafkaErrorCodeOf(() => validateProducedBatches(bytes, MAX_BYTES))).to.equal(ErrorCode.CORRUPT_MESSAGE);
  });

  it('assigns offsets and the epoch, keeping the summary in step with the bytes', () => {
    const bytes = Buffer.concat([first, idempotent, last]);
    const set = validateProducedBatches(bytes, MAX_BYTES);
    assignOffsets(bytes, set, 50, 7, -1);
    expect(set.batches.map((b) => b.header.baseOffset)).to.deep.equal([50, 53, 55]);
    expect(set).to.deep.include({ firstOffset: 50, lastOffset: 58, maxTimestamp: T0 + 51, offsetOfMaxTimestamp: 54 });
    expect(scanBatchSet(bytes)).to.deep.equal(set);
    expect(set.batches.every((b) => readBatchHeader(bytes, b.position).partitionLeaderEpoch === 7)).to.equal(true);
  });

  it('stamps LogAppendTime into bytes and summary with a fresh CRC', () => {
    const bytes = Buffer.concat([first, idempotent]);
    const set = validateProducedBatches(bytes, MAX_BYTES);
    const crcsBefore = set.batches.map((b) => b.header.crc);
    assignOffsets(bytes, set, 0, 1, T0 + 9000);
    expect(scanBatchSet(bytes).batches).to.deep.equal(set.batches);
    expect(set.batches.map((b) => [b.header.timestampType, b.header.maxTimestamp])).to.deep.equal([
      [1, T0 + 9000],
      [1, T0 + 9000],
    ]);
    expect(set.batches.map((b) => b.header.crc)).to.not.deep.equal(crcsBefore);
    expect(set.batches.every((b) => isBatchCrcValid(bytes, b.position, b.size))).to.equal(true);
    expect(set.batches.map((b) => bytes.readUInt32BE(b.position + CRC_OFFSET))).to.deep.equal(
      set.batches.map((b) => b.header.crc),
    );
    expect(set).to.deep.include({ maxTimestamp: T0 + 9000, lastOffset: 4, offsetOfMaxTimestamp: 4 });
  });

  it('flags a set holding a batch with a producer id, and only such a set', () => {
    expect(scanBatchSet(Buffer.concat([first, idempotent, last])).hasProducerIds).to.equal(true);
    expect(scanBatchSet(Buffer.concat([first, last])).hasProducerIds).to.equal(false);
  });

  it('judges each batch during the scan, in order, and stops at the first it refuses', () => {
    const seen: number[] = [];
    const refuse = (b: { position: number }) => {
      seen.push(b.position);
      if (b.position > 0) throw new Error('refused');
    };
    expect(() => scanBatchSet(Buffer.concat([first, idempotent, last]), refuse)).to.throw('refused');
    expect(seen).to.deep.equal([0, first.length]);
  });
});
