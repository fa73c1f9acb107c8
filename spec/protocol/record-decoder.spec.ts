// Proves the one-pass record decoder: decodeRecordsOfBatches returns uncompressed batches
// synchronously and compressed ones through a promise, skips offsets below minOffset and control
// batches on request, checks CRCs unless told not to; records keep null keys/values, headers
// (one shared frozen empty array when none), negative deltas and long varlongs; and every
// truncated, lying or randomly damaged record block gives KafkaError CORRUPT_MESSAGE, never
// another error and never bytes from outside the record.
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { ErrorCode } from '../../lib/protocol/error-codes';
import { KafkaError } from '../../lib/protocol/kafka-error';
import {
  BASE_SEQUENCE_OFFSET,
  BASE_TIMESTAMP_OFFSET,
  BATCH_HEADER_BYTES,
  BATCH_LENGTH_OFFSET,
  computeBatchCrc,
  CRC_OFFSET,
  CURRENT_MAGIC,
  LOG_OVERHEAD,
  MAGIC_OFFSET,
  MAX_TIMESTAMP_OFFSET,
  PARTITION_LEADER_EPOCH_OFFSET,
  PRODUCER_EPOCH_OFFSET,
  PRODUCER_ID_OFFSET,
  readBatchHeader,
  RECORD_COUNT_OFFSET,
} from '../../lib/protocol/batch-header';
import {
  decodeRecordBatches,
  decodeRecordBlock,
  decodeRecordsOfBatches,
  DecodedRecord,
  encodeRecordBatch,
  RecordInput,
} from '../../lib/protocol/record-codec';
import { Writer, writeInt64 } from '../../lib/protocol/writer';

const T0 = 1700000000000;

const inputs: RecordInput[] = [
  {
    key: Buffer.from('k1'),
    value: Buffer.from('v1'),
    timestamp: T0,
    headers: [{ key: 'trace', value: Buffer.from('abc') }],
  },
  { key: null, value: Buffer.from('v2'), timestamp: T0 + 10 },
  {
    key: Buffer.from('k3'),
    value: null,
    timestamp: T0 - 5,
    headers: [
      { key: 'h', value: null },
      { key: 'é', value: Buffer.alloc(0) },
    ],
  },
  { key: Buffer.alloc(0), value: Buffer.alloc(300, 7), timestamp: T0 + 2 ** 50 },
];

/** A batch at offset 100 whose record block is exactly `block`, claiming `count` records, with a valid CRC. */
function batchWithBlock(block: Buffer, count: number): Buffer {
  const out = Buffer.concat([Buffer.alloc(BATCH_HEADER_BYTES), block]);
  writeInt64(out, 0, 100);
  out.writeInt32BE(out.length - LOG_OVERHEAD, BATCH_LENGTH_OFFSET);
  out.writeInt32BE(-1, PARTITION_LEADER_EPOCH_OFFSET);
  out.writeInt8(CURRENT_MAGIC, MAGIC_OFFSET);
  writeInt64(out, BASE_TIMESTAMP_OFFSET, T0);
  writeInt64(out, MAX_TIMESTAMP_OFFSET, T0);
  writeInt64(out, PRODUCER_ID_OFFSET, -1);
  out.writeInt16BE(-1, PRODUCER_EPOCH_OFFSET);
  out.writeInt32BE(-1, BASE_SEQUENCE_OFFSET);
  out.writeInt32BE(count, RECORD_COUNT_OFFSET);
  out.writeUInt32BE(computeBatchCrc(out, 0, out.length), CRC_OFFSET);
  return out;
}

/** One record's bytes as the wire has them, with any field replaceable by raw bytes. */
function recordBytes(parts: {
  offsetDelta?: number;
  keyLength?: number;
  key?: Buffer;
  headerCount?: number;
  tail?: Buffer;
}): Buffer {
  const body = new Writer(64);
  body.int8(0);
  body.varlong(0);
  body.varint(parts.offsetDelta ?? 0);
  body.varint(parts.keyLength ?? -1);
  if (parts.key) body.raw(parts.key);
  body.varint(-1);
  body.varint(parts.headerCount ?? 0);
  if (parts.tail) body.raw(parts.tail);
  const encoded = body.toBuffer();
  const framed = new Writer(encoded.length + 5);
  framed.varint(encoded.length);
  framed.raw(encoded);
  return framed.toBuffer();
}

function expectCorrupt(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    expect(error, (error as Error).message).to.be.instanceOf(KafkaError);
    expect((error as KafkaError).code).to.equal(ErrorCode.CORRUPT_MESSAGE);
    return;
  }
  expect.fail('expected CORRUPT_MESSAGE');
}

function expected(baseOffset: number): DecodedRecord[] {
  return inputs.map((input, i) => ({
    offset: baseOffset + i,
    timestamp: input.timestamp as number,
    key: input.key,
    value: input.value,
    headers: input.headers ?? [],
  }));
}

describe('record decoder', () => {
  it('decodes uncompressed batches synchronously, as one list in offset order', async () => {
    const a = await encodeRecordBatch({ baseOffset: 0, records: inputs });
    const b = await encodeRecordBatch({ baseOffset: 4, records: inputs });
    const records = decodeRecordsOfBatches(Buffer.concat([a, b, b.subarray(0, 30)]));
    expect(records).to.be.an('array');
    expect(records).to.deep.equal([...expected(0), ...expected(4)]);
  });

  it('returns a promise only once a batch is compressed, and keeps batch order', async () => {
    const plain = await encodeRecordBatch({ baseOffset: 0, records: inputs });
    for (const compression of ['gzip', 'snappy', 'lz4'] as const) {
      const packed = await encodeRecordBatch({ baseOffset: 4, compression, records: inputs });
      const result = decodeRecordsOfBatches(Buffer.concat([plain, packed, plain]));
      expect(result).to.be.instanceOf(Promise);
      expect((await result).map((r) => r.offset)).to.deep.equal([0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3]);
      expect(await result).to.deep.equal([...expected(0), ...expected(4), ...expected(0)]);
    }
  });

  it('skips records below minOffset and, on request, control batches', async () => {
    const data = await encodeRecordBatch({ baseOffset: 10, records: inputs });
    const control = await encodeRecordBatch({
      baseOffset: 14,
      isControl: true,
      records: [{ key: Buffer.alloc(4), value: Buffer.alloc(6) }],
    });
    const buf = Buffer.concat([data, control]);
    const all = decodeRecordsOfBatches(buf, { minOffset: 12 }) as DecodedRecord[];
    expect(all.map((r) => r.offset)).to.deep.equal([12, 13, 14]);
    const dataOnly = decodeRecordsOfBatches(buf, { minOffset: 12, skipControl: true }) as DecodedRecord[];
    expect(dataOnly).to.deep.equal(expected(10).slice(2));
  });

  it('checks CRCs unless verifyCrc is false', async () => {
    const flipped = Buffer.from(await encodeRecordBatch({ records: inputs }));
    flipped[flipped.length - 2] ^= 1; // inside the last value
    expectCorrupt(() => decodeRecordsOfBatches(flipped));
    const records = decodeRecordsOfBatches(flipped, { verifyCrc: false }) as DecodedRecord[];
    expect(records).to.have.length(4);
  });

  it('shares one frozen empty headers array and gives views of the batch bytes', async () => {
    const batch = await encodeRecordBatch({ records: [inputs[1], inputs[1]] });
    const [a, b] = decodeRecordsOfBatches(batch) as DecodedRecord[];
    expect(a.headers).to.equal(b.headers);
    expect(Object.isFrozen(a.headers)).to.equal(true);
    expect((a.value as Buffer).buffer).to.equal(batch.buffer);
  });

  it('decodes negative offset deltas, negative lengths as null and 8-byte varlongs', async () => {
    const batch = await encodeRecordBatch({
      baseOffset: 50,
      baseTimestamp: T0,
      records: [{ key: null, value: null, offsetDelta: -3, timestamp: T0 - 2 ** 50 }],
    });
    const [record] = decodeRecordsOfBatches(batch) as DecodedRecord[];
    expect(record).to.deep.equal({ offset: 47, timestamp: T0 - 2 ** 50, key: null, value: null, headers: [] });
  });

  it('refuses lengths below -1, null header keys, lying header counts and over-long varints', async () => {
    const cases = [
      recordBytes({ keyLength: -2 }),
      recordBytes({ headerCount: 1, tail: Buffer.from([0x01, 0x01]) }),
      recordBytes({ headerCount: 1000, tail: Buffer.alloc(4) }),
      recordBytes({ headerCount: -1 }),
      recordBytes({ keyLength: 50, key: Buffer.alloc(3) }),
      Buffer.concat([Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0x01]), Buffer.alloc(10)]),
    ];
    for (const block of cases) {
      const batch = batchWithBlock(block, 1);
      expectCorrupt(() => decodeRecordsOfBatches(batch));
      let rejected = false;
      await decodeRecordBatches(batch).catch((error: KafkaError) => {
        rejected = error.code === ErrorCode.CORRUPT_MESSAGE;
      });
      expect(rejected).to.equal(true);
    }
  });

  it('refuses a record count above the records present and every truncation of a record block', async () => {
    const whole = await encodeRecordBatch({ records: inputs });
    const block = whole.subarray(BATCH_HEADER_BYTES);
    expectCorrupt(() => decodeRecordsOfBatches(batchWithBlock(block, 5)));
    for (let cut = 0; cut < block.length; cut++) {
      expectCorrupt(() => decodeRecordsOfBatches(batchWithBlock(block.subarray(0, cut), 4)));
    }
  });

  it('never reads outside a record: random damage decodes inside the block or is CORRUPT_MESSAGE', async () => {
    const block = (await encodeRecordBatch({ records: inputs })).subarray(BATCH_HEADER_BYTES);
    for (let round = 0; round < 2000; round++) {
      const damaged = Buffer.from(block);
      const flips = 1 + (round % 4);
      for (let i = 0; i < flips; i++) damaged[randomBytes(2).readUInt16BE(0) % damaged.length] = randomBytes(1)[0];
      const batch = batchWithBlock(damaged, 4);
      const start = batch.byteOffset + BATCH_HEADER_BYTES;
      let records: DecodedRecord[];
      try {
        records = decodeRecordsOfBatches(batch) as DecodedRecord[];
      } catch (error) {
        expect(error, (error as Error).message).to.be.instanceOf(KafkaError);
        expect((error as KafkaError).code).to.equal(ErrorCode.CORRUPT_MESSAGE);
        continue;
      }
      for (const r of records) {
        for (const view of [r.key, r.value, ...r.headers.map((h) => h.value)]) {
          if (view === null) continue;
          expect(view.byteOffset).to.be.at.least(start);
          expect(view.byteOffset + view.length).to.be.at.most(start + damaged.length);
        }
      }
    }
  });

  it('decodeRecordBlock refuses a block range outside its buffer', async () => {
    const batch = await encodeRecordBatch({ records: inputs });
    const header = readBatchHeader(batch, 0);
    expectCorrupt(() => decodeRecordBlock(batch, BATCH_HEADER_BYTES, batch.length + 1, header, []));
    expectCorrupt(() => decodeRecordBlock(batch, -1, batch.length, header, []));
    const out: DecodedRecord[] = [];
    decodeRecordBlock(batch, BATCH_HEADER_BYTES, batch.length, header, out, 2);
    expect(out.map((r) => r.offset)).to.deep.equal([2, 3]);
  });
});
