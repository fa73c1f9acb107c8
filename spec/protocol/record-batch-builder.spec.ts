// Proves RecordBatchBuilder writes the same bytes the record-object encoder always wrote (a
// reference copy of that encoder lives below), for hand-picked and random records, every batch
// attribute and every codec; that each codec's batch decodes back to the records; and that a
// built batch refuses further records.
import { expect } from 'chai';
import { compress, compressionCodecOf, CompressionName } from '../../lib/protocol/compression';
import {
  decodeRecordBatches,
  encodeRecordBatch,
  RecordBatchBuilder,
  RecordBatchInput,
  RecordInput,
} from '../../lib/protocol/record-codec';
import { BATCH_HEADER_BYTES, computeBatchCrc, CRC_OFFSET } from '../../lib/protocol/batch-header';
import { Writer, writeInt64 } from '../../lib/protocol/writer';

const T0 = 1700000000000;

/** The encoder as it was before the builder: one Writer and one Buffer per record. */
async function referenceEncode(input: RecordBatchInput): Promise<Buffer> {
  const baseTimestamp = input.baseTimestamp ?? input.records[0]?.timestamp ?? Date.now();
  const body = new Writer(1024);
  let maxTimestamp = input.records.length === 0 ? -1 : baseTimestamp;
  let lastOffsetDelta = 0;
  input.records.forEach((record, index) => {
    const timestamp = record.timestamp ?? baseTimestamp;
    const offsetDelta = record.offsetDelta ?? index;
    maxTimestamp = Math.max(maxTimestamp, timestamp);
    lastOffsetDelta = Math.max(lastOffsetDelta, offsetDelta);
    const w = new Writer(64);
    w.int8(0);
    w.varlong(timestamp - baseTimestamp);
    w.varint(offsetDelta);
    const field = (value: Buffer | null): void => {
      if (value === null) w.varint(-1);
      else {
        w.varint(value.length);
        w.raw(value);
      }
    };
    field(record.key);
    field(record.value);
    const headers = record.headers ?? [];
    w.varint(headers.length);
    for (const header of headers) {
      field(Buffer.from(header.key, 'utf8'));
      field(header.value);
    }
    const encoded = w.toBuffer();
    body.varint(encoded.length);
    body.raw(encoded);
  });
  const codec = compressionCodecOf(input.compression ?? 'none');
  const payload = await compress(codec, body.toBuffer());
  const batch = Buffer.alloc(BATCH_HEADER_BYTES + payload.length);
  writeInt64(batch, 0, input.baseOffset ?? 0);
  batch.writeInt32BE(batch.length - 12, 8);
  batch.writeInt32BE(input.partitionLeaderEpoch ?? -1, 12);
  batch.writeInt8(2, 16);
  let attributes = codec;
  if (input.timestampType === 1) attributes |= 0x08;
  if (input.isTransactional) attributes |= 0x10;
  if (input.isControl) attributes |= 0x20;
  batch.writeInt16BE(attributes, 21);
  batch.writeInt32BE(lastOffsetDelta, 23);
  writeInt64(batch, 27, baseTimestamp);
  writeInt64(batch, 35, maxTimestamp);
  writeInt64(batch, 43, input.producerId ?? -1);
  batch.writeInt16BE(input.producerEpoch ?? -1, 51);
  batch.writeInt32BE(input.baseSequence ?? -1, 53);
  batch.writeInt32BE(input.records.length, 57);
  payload.copy(batch, BATCH_HEADER_BYTES);
  batch.writeUInt32BE(computeBatchCrc(batch, 0, batch.length), CRC_OFFSET);
  return batch;
}

/** A small deterministic PRNG so a failure can be replayed. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function randomRecords(random: () => number, count: number): RecordInput[] {
  const bytes = (max: number): Buffer | null =>
    random() < 0.1 ? null : Buffer.alloc(Math.floor(random() * max), Math.floor(random() * 256));
  const deltas = [0, 1, -1, 63, 64, 8191, 8192, -100000, 2 ** 31, 2 ** 40, -(2 ** 49), 2 ** 52 + 3];
  // The first record always has a timestamp: without one the batch's base would be the clock's.
  return Array.from({ length: count }, (_, index) => {
    const record: RecordInput = { key: bytes(20), value: bytes(random() < 0.05 ? 20000 : 300) };
    if (index === 0 || random() < 0.8) record.timestamp = T0 + deltas[Math.floor(random() * deltas.length)];
    if (random() < 0.3) {
      record.headers = Array.from({ length: Math.floor(random() * 4) }, (_, i) => ({
        key: `h${i}-é`,
        value: bytes(40),
      }));
    }
    return record;
  });
}

const handPicked: RecordInput[] = [
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
  { key: Buffer.alloc(0), value: Buffer.alloc(3000, 7), timestamp: T0 + 2 ** 40 },
  { key: null, value: Buffer.alloc(200, 1) },
];

describe('RecordBatchBuilder', () => {
  it("writes the reference encoder's bytes for hand-picked records and every batch attribute", async () => {
    const variants: Array<Omit<RecordBatchInput, 'records'>> = [
      {},
      { baseOffset: 77, partitionLeaderEpoch: 3, timestampType: 1, baseTimestamp: T0 + 1 },
      { producerId: 12345, producerEpoch: 2, baseSequence: 40, isTransactional: true },
      { isControl: true, baseTimestamp: T0 - 1000 },
    ];
    for (const variant of variants) {
      for (const records of [
        handPicked,
        handPicked.slice(1, 2),
        [
          { key: null, value: null, offsetDelta: 9, timestamp: T0 },
          { key: null, value: null, offsetDelta: 4 },
        ],
      ]) {
        const input = { ...variant, records };
        expect(await encodeRecordBatch(input)).to.deep.equal(await referenceEncode(input));
      }
    }
  });

  it("writes the reference encoder's bytes for random records", async () => {
    const random = prng(20240601);
    for (let round = 0; round < 40; round++) {
      const input = { baseOffset: round, records: randomRecords(random, 1 + Math.floor(random() * 60)) };
      expect(await encodeRecordBatch(input), `round ${round}`).to.deep.equal(await referenceEncode(input));
    }
  });

  it('appends string keys and values as their UTF-8 bytes', async () => {
    const builder = new RecordBatchBuilder({}, 64);
    builder.append('clé', 'välue ✓', [{ key: 'h', value: Buffer.from('x') }], T0);
    builder.append(null, '', null, T0 + 1);
    const expected = await referenceEncode({
      records: [
        {
          key: Buffer.from('clé'),
          value: Buffer.from('välue ✓'),
          headers: [{ key: 'h', value: Buffer.from('x') }],
          timestamp: T0,
        },
        { key: null, value: Buffer.alloc(0), timestamp: T0 + 1 },
      ],
    });
    expect(builder.sizeBytes).to.equal(expected.length);
    expect(await builder.build()).to.deep.equal(expected);
  });

  for (const compression of ['none', 'gzip', 'snappy', 'lz4'] as CompressionName[]) {
    it(`builds ${compression} batches that decode to the appended records`, async () => {
      const records = randomRecords(prng(7), 200);
      const builder = new RecordBatchBuilder({ baseOffset: 1000 }, 100);
      for (const r of records) builder.append(r.key, r.value, r.headers, r.timestamp);
      expect(builder.recordCount).to.equal(200);
      const batch = await builder.build(compression);
      expect(batch).to.deep.equal(await referenceEncode({ baseOffset: 1000, compression, records }));
      const [decoded] = await decodeRecordBatches(batch);
      expect(decoded.header.recordCount).to.equal(200);
      expect(decoded.records.map((r) => [r.offset, r.key, r.value])).to.deep.equal(
        records.map((r, i) => [1000 + i, r.key, r.value]),
      );
    });
  }

  it('builds an empty batch and refuses records once built', async () => {
    const builder = new RecordBatchBuilder({ baseTimestamp: T0 });
    const empty = await builder.build();
    expect(empty).to.deep.equal(await referenceEncode({ baseTimestamp: T0, records: [] }));
    expect(() => builder.append(null, Buffer.from('late'))).to.throw(/takes no more records/);
  });
});
