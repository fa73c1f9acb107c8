// Proves record-level encoding and decoding of magic-2 batches for clients: keys, null values,
// headers, timestamps and offsets survive none/gzip/snappy; batches compressed by other
// producers (raw and xerial-framed snappy) decode; damaged batches give KafkaErrors.
import { expect } from 'chai';
import snappy from 'snappy';
import { ErrorCode } from '../../lib/protocol/error-codes';
import { KafkaError } from '../../lib/protocol/kafka-error';
import {
  ATTRIBUTES_OFFSET,
  BATCH_HEADER_BYTES,
  BATCH_LENGTH_OFFSET,
  computeBatchCrc,
  CRC_OFFSET,
  decodeRecordBatches,
  encodeRecordBatch,
  LOG_OVERHEAD,
  MAGIC_OFFSET,
  RecordInput,
} from '../../lib/protocol/records';

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
  { key: Buffer.alloc(0), value: Buffer.alloc(3000, 7), timestamp: T0 + 2 ** 40 },
];

/** Replaces a batch's record block with `block` under `codec`, fixing length and CRC. */
function rewrap(batch: Buffer, codec: number, block: Buffer): Buffer {
  const out = Buffer.concat([batch.subarray(0, BATCH_HEADER_BYTES), block]);
  out.writeInt32BE(out.length - LOG_OVERHEAD, BATCH_LENGTH_OFFSET);
  out.writeInt16BE((out.readInt16BE(ATTRIBUTES_OFFSET) & ~7) | codec, ATTRIBUTES_OFFSET);
  out.writeUInt32BE(computeBatchCrc(out, 0, out.length), CRC_OFFSET);
  return out;
}

async function expectKafkaError(promise: Promise<unknown>, code: number): Promise<void> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(KafkaError);
    expect((error as KafkaError).code).to.equal(code);
    return;
  }
  expect.fail(`expected KafkaError ${code}`);
}

describe('record codec', () => {
  for (const compression of ['none', 'gzip', 'snappy'] as const) {
    it(`round-trips records with ${compression}`, async () => {
      const batch = await encodeRecordBatch({ baseOffset: 50, compression, records: inputs });
      const [decoded] = await decodeRecordBatches(batch);
      expect(decoded.header).to.include({ baseOffset: 50, recordCount: 4, lastOffsetDelta: 3, baseTimestamp: T0 });
      expect(decoded.header.maxTimestamp).to.equal(T0 + 2 ** 40);
      expect(decoded.records).to.deep.equal(
        inputs.map((input, i) => ({
          offset: 50 + i,
          timestamp: input.timestamp,
          key: input.key,
          value: input.value,
          headers: input.headers ?? [],
        })),
      );
    });
  }

  it('decodes several batches and ignores a partial trailing one', async () => {
    const a = await encodeRecordBatch({ baseOffset: 0, records: inputs.slice(0, 2) });
    const b = await encodeRecordBatch({ baseOffset: 2, compression: 'gzip', records: inputs.slice(2) });
    const batches = await decodeRecordBatches(Buffer.concat([a, b, a.subarray(0, 40)]));
    expect(batches.map((x) => x.records.map((r) => r.offset))).to.deep.equal([
      [0, 1],
      [2, 3],
    ]);
  });

  it('decodes raw snappy and xerial-framed snappy written by other producers', async () => {
    const plain = await encodeRecordBatch({ records: inputs });
    const recordBlock = plain.subarray(BATCH_HEADER_BYTES);
    const raw = rewrap(plain, 2, snappy.compressSync(recordBlock));
    const compressed = snappy.compressSync(recordBlock);
    const length = Buffer.alloc(4);
    length.writeInt32BE(compressed.length, 0);
    const xerial = Buffer.concat([
      Buffer.from('82534e4150505900' + '00000001' + '00000001', 'hex'),
      length,
      compressed,
    ]);
    const framed = rewrap(plain, 2, xerial);
    for (const batch of [raw, framed]) {
      const [decoded] = await decodeRecordBatches(batch);
      expect(decoded.records.map((r) => r.value)).to.deep.equal(inputs.map((r) => r.value));
    }
  });

  it('round-trips lz4 batches and refuses a garbage lz4 payload as CORRUPT_MESSAGE', async () => {
    const [decoded] = await decodeRecordBatches(await encodeRecordBatch({ compression: 'lz4', records: inputs }));
    expect(decoded.header.compression).to.equal(3);
    expect(decoded.records.map((r) => r.value)).to.deep.equal(inputs.map((r) => r.value));
    const plain = await encodeRecordBatch({ records: inputs });
    await expectKafkaError(decodeRecordBatches(rewrap(plain, 3, Buffer.alloc(10))), ErrorCode.CORRUPT_MESSAGE);
  });

  it('refuses zstd batches with UNSUPPORTED_COMPRESSION_TYPE', async () => {
    const plain = await encodeRecordBatch({ records: inputs });
    await expectKafkaError(
      decodeRecordBatches(rewrap(plain, 4, Buffer.alloc(10))),
      ErrorCode.UNSUPPORTED_COMPRESSION_TYPE,
    );
    await expectKafkaError(
      encodeRecordBatch({ compression: 'zstd', records: inputs }),
      ErrorCode.UNSUPPORTED_COMPRESSION_TYPE,
    );
  });

  it('reports a bad CRC, undecodable records and old magic', async () => {
    const plain = await encodeRecordBatch({ records: inputs });
    const flipped = Buffer.from(plain);
    flipped[flipped.length - 1] ^= 1;
    await expectKafkaError(decodeRecordBatches(flipped), ErrorCode.CORRUPT_MESSAGE);
    const garbage = rewrap(plain, 0, Buffer.from([0x7f, 0x00]));
    await expectKafkaError(decodeRecordBatches(garbage), ErrorCode.CORRUPT_MESSAGE);
    const oldMagic = Buffer.from(plain);
    oldMagic.writeInt8(1, MAGIC_OFFSET);
    await expectKafkaError(decodeRecordBatches(oldMagic), ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT);
  });

  it('uses maxTimestamp as every record timestamp for LogAppendTime batches', async () => {
    const batch = await encodeRecordBatch({ timestampType: 1, records: inputs.slice(0, 2) });
    const [decoded] = await decodeRecordBatches(batch);
    expect(decoded.records.map((r) => r.timestamp)).to.deep.equal([T0 + 10, T0 + 10]);
  });
});
