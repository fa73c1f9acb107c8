// Proves the legacy message set codec (magic 0 and 1) reads and writes the documented byte
// layout: hand-built fixtures (CRC-32 and gzip made outside this codebase) decode to the right
// offsets, timestamps, keys and values and re-encode to the same bytes; every codec round-trips
// (snappy in xerial framing, magic-0 lz4 with Kafka's old header checksum, both read back); and
// damaged or rule-breaking sets fail with Kafka's error codes.
import { expect } from 'chai';
import zlib from 'node:zlib';
import snappy from 'snappy';
import { ErrorCode } from '../../lib/protocol/error-codes';
import { KafkaError } from '../../lib/protocol/kafka-error';
import {
  decodeMessageSet,
  encodeMessageSet,
  LegacyMagic,
  LegacyMessageInput,
  recordSetMagic,
} from '../../lib/protocol/legacy-message-set';
import { xxhash32 } from '../../lib/protocol/xxhash32';

const hex = (s: string): Buffer => Buffer.from(s, 'hex');
const text = (b: Buffer | null): string | null => (b === null ? null : b.toString());

// offset 0: key "k0" value "v0"; offset 1: null key, value "hello" (magic 0, no timestamps).
const MAGIC0_SET = hex(
  '0000000000000000000000128697724c0000000000026b3000000002763000000000000000010000001387a77ab20000ffffffff0000000568656c6c6f',
);
// offset 7, timestamp 1700000000000 (CreateTime), key "key", value "value".
const MAGIC1_MESSAGE = hex('00000000000000070000001e6ad05db801000000018bcfe56800000000036b65790000000576616c7565');
// A magic-1 gzip wrapper at offset 11 holding inner relative offsets 0 ("a"/"first", ts ...001)
// and 1 ("b"/"second", ts ...002); the wrapper carries the max timestamp.
const MAGIC1_GZIP_WRAPPER = hex(
  '000000000000000b0000005c5c239ed801010000018bcfe56802ffffffff000000461f8b0800000000000203636080039905cb533a19810cc6eef34f33c08c4420c19a9659545c02550312950d6bf9100757c70462240109b6e2d4e4fcbc1400b4b0794551000000',
);
// A magic-0 gzip wrapper at offset 21 whose inner messages carry absolute offsets 20 and 21.
const MAGIC0_GZIP_WRAPPER = hex(
  '000000000000001500000045530432700001ffffffff000000371f8b0800000000000203636000031120e637dd32e91303c37f2000f2182b20320ca220a9ae450744c03cc64a903c00a3e5777e36000000',
);

function errorCodeOf(action: () => unknown): number {
  try {
    action();
  } catch (error) {
    if (error instanceof KafkaError) return error.code;
    throw error;
  }
  throw new Error('expected a KafkaError');
}

function simplify(records: ReturnType<typeof decodeMessageSet>): unknown[] {
  return records.map((r) => ({ offset: r.offset, timestamp: r.timestamp, key: text(r.key), value: text(r.value) }));
}

/** A magic-0 or magic-1 entry built field by field from the layout, with a valid CRC. */
function handBuilt(
  offset: number,
  magic: number,
  attributes: number,
  key: Buffer | null,
  value: Buffer | null,
): Buffer {
  const fields: Buffer[] = [Buffer.from([magic, attributes])];
  if (magic === 1) fields.push(Buffer.alloc(8));
  for (const part of [key, value]) {
    const length = Buffer.alloc(4);
    length.writeInt32BE(part === null ? -1 : part.length);
    fields.push(length, part ?? Buffer.alloc(0));
  }
  const body = Buffer.concat(fields);
  const head = Buffer.alloc(16);
  head.writeUInt32BE(offset, 4);
  head.writeInt32BE(body.length + 4, 8);
  head.writeUInt32BE(zlib.crc32(body), 12);
  return Buffer.concat([head, body]);
}

describe('legacy message sets (magic 0 and 1)', () => {
  it('decodes a hand-built magic-0 set and encodes the same bytes', () => {
    expect(simplify(decodeMessageSet(MAGIC0_SET))).to.deep.equal([
      { offset: 0, timestamp: -1, key: 'k0', value: 'v0' },
      { offset: 1, timestamp: -1, key: null, value: 'hello' },
    ]);
    const again = encodeMessageSet(
      [
        { offset: 0, key: Buffer.from('k0'), value: Buffer.from('v0') },
        { offset: 1, key: null, value: Buffer.from('hello') },
      ],
      { magic: 0 },
    );
    expect(again.toString('hex')).to.equal(MAGIC0_SET.toString('hex'));
  });

  it('decodes a hand-built magic-1 message with its timestamp and encodes the same bytes', () => {
    const [record] = decodeMessageSet(MAGIC1_MESSAGE);
    expect(record).to.include({ offset: 7, magic: 1, timestamp: 1700000000000, timestampType: 0, compression: 0 });
    expect([text(record.key), text(record.value)]).to.deep.equal(['key', 'value']);
    const again = encodeMessageSet(
      [{ offset: 7, timestamp: 1700000000000, key: Buffer.from('key'), value: Buffer.from('value') }],
      { magic: 1 },
    );
    expect(again.equals(MAGIC1_MESSAGE)).to.equal(true);
  });

  it('unwraps a magic-1 gzip wrapper: relative inner offsets count back from the wrapper offset', () => {
    const records = decodeMessageSet(MAGIC1_GZIP_WRAPPER);
    expect(simplify(records)).to.deep.equal([
      { offset: 10, timestamp: 1700000000001, key: 'a', value: 'first' },
      { offset: 11, timestamp: 1700000000002, key: 'b', value: 'second' },
    ]);
    expect(records.map((r) => r.compression)).to.deep.equal([1, 1]);
  });

  it('unwraps a magic-0 gzip wrapper whose inner offsets are absolute', () => {
    expect(simplify(decodeMessageSet(MAGIC0_GZIP_WRAPPER))).to.deep.equal([
      { offset: 20, timestamp: -1, key: null, value: 'x' },
      { offset: 21, timestamp: -1, key: 'y', value: null },
    ]);
  });

  const messages: LegacyMessageInput[] = Array.from({ length: 40 }, (_, i) => ({
    offset: 100 + i,
    timestamp: 1700000000000 + i,
    key: i % 4 === 0 ? null : Buffer.from(`key-${i}`),
    value: i % 9 === 0 ? null : Buffer.from(`value ${i} ${'replica '.repeat(i)}`),
  }));
  for (const magic of [0, 1] as LegacyMagic[]) {
    for (const codec of [0, 1, 2, 3]) {
      it(`round-trips magic ${magic} with codec ${codec}`, () => {
        const set = encodeMessageSet(messages, { magic, compression: codec });
        expect(set.readInt8(16), 'magic byte').to.equal(magic);
        expect(set.readInt8(17) & 0x07, 'codec bits').to.equal(codec);
        if (codec !== 0) expect(set.readUInt32BE(4), 'wrapper offset = last offset').to.equal(139);
        const decoded = decodeMessageSet(set);
        expect(decoded.map((r) => r.offset)).to.deep.equal(messages.map((m) => m.offset));
        expect(decoded.map((r) => r.timestamp)).to.deep.equal(messages.map((m) => (magic === 0 ? -1 : m.timestamp)));
        expect(decoded.map((r) => text(r.key))).to.deep.equal(messages.map((m) => text(m.key)));
        expect(decoded.map((r) => text(r.value))).to.deep.equal(messages.map((m) => text(m.value)));
      });
    }
  }

  it('writes magic-1 LogAppendTime wrappers whose inner messages take the wrapper timestamp', () => {
    const set = encodeMessageSet(
      messages.slice(0, 3).map((m) => ({ ...m, timestamp: 42 })),
      { magic: 1, compression: 1, timestampType: 1 },
    );
    expect(set.readInt8(17)).to.equal(0x08 | 1);
    const decoded = decodeMessageSet(set);
    expect(decoded.map((r) => [r.timestamp, r.timestampType])).to.deep.equal([
      [42, 1],
      [42, 1],
      [42, 1],
    ]);
  });

  it('writes snappy in xerial framing and reads raw snappy blocks too', () => {
    const set = encodeMessageSet(messages, { magic: 1, compression: 2 });
    const value = set.subarray(34);
    expect(value.subarray(0, 8).equals(Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]))).to.equal(true);
    const inner = encodeMessageSet([{ offset: 0, key: null, value: Buffer.from('raw snappy') }], { magic: 0 });
    const wrapper = handBuilt(0, 0, 2, null, snappy.compressSync(inner));
    expect(simplify(decodeMessageSet(wrapper))).to.deep.equal([
      { offset: 0, timestamp: -1, key: null, value: 'raw snappy' },
    ]);
  });

  it("uses Kafka's old lz4 header checksum for magic 0 only, and reads it back", () => {
    const frameOf = (set: Buffer, overhead: number): Buffer => set.subarray(12 + overhead);
    const v0Frame = frameOf(encodeMessageSet(messages, { magic: 0, compression: 3 }), 14);
    expect(v0Frame[6], 'magic 0: checksum over magic and descriptor').to.equal(
      (xxhash32(v0Frame.subarray(0, 6)) >>> 8) & 0xff,
    );
    const v1Frame = frameOf(encodeMessageSet(messages, { magic: 1, compression: 3 }), 22);
    expect(v1Frame[6], 'magic 1: checksum over the descriptor').to.equal(
      (xxhash32(v1Frame.subarray(4, 6)) >>> 8) & 0xff,
    );

    // A hand-built magic-0 frame: one uncompressed block, the old checksum.
    const inner = encodeMessageSet([{ offset: 3, key: Buffer.from('old'), value: Buffer.from('lz4') }], { magic: 0 });
    const descriptor = Buffer.from([0x04, 0x22, 0x4d, 0x18, 0x60, 0x40]);
    const block = Buffer.alloc(4);
    block.writeUInt32LE((inner.length | 0x80000000) >>> 0);
    const frame = Buffer.concat([
      descriptor,
      Buffer.from([(xxhash32(descriptor) >>> 8) & 0xff]),
      block,
      inner,
      Buffer.alloc(4),
    ]);
    expect(simplify(decodeMessageSet(handBuilt(3, 0, 3, null, frame)))).to.deep.equal([
      { offset: 3, timestamp: -1, key: 'old', value: 'lz4' },
    ]);
  });

  it('refuses a bad CRC, a cut-short message and a cut-short wrapper with CORRUPT_MESSAGE', () => {
    const damaged = Buffer.from(MAGIC0_SET);
    damaged[damaged.length - 1] ^= 0xff;
    expect(errorCodeOf(() => decodeMessageSet(damaged))).to.equal(ErrorCode.CORRUPT_MESSAGE);
    const cut = MAGIC0_SET.subarray(0, MAGIC0_SET.length - 3);
    expect(errorCodeOf(() => decodeMessageSet(cut))).to.equal(ErrorCode.CORRUPT_MESSAGE);
    expect(simplify(decodeMessageSet(cut, { allowPartialTail: true }))).to.have.length(1);
    expect(
      errorCodeOf(() => decodeMessageSet(Buffer.alloc(20))),
      'a zero message size',
    ).to.equal(ErrorCode.CORRUPT_MESSAGE);
    const badGzip = handBuilt(0, 1, 1, null, Buffer.from('not gzip at all'));
    expect(errorCodeOf(() => decodeMessageSet(badGzip))).to.equal(ErrorCode.CORRUPT_MESSAGE);
  });

  it("refuses what Kafka's LogValidator refuses: nested compression, mixed magic, zstd, empty wrappers", () => {
    const gzipOf = (b: Buffer): Buffer => zlib.gzipSync(b);
    const nested = handBuilt(
      1,
      1,
      1,
      null,
      gzipOf(encodeMessageSet(messages.slice(0, 2), { magic: 1, compression: 1 })),
    );
    expect(errorCodeOf(() => decodeMessageSet(nested))).to.equal(ErrorCode.INVALID_RECORD);
    const mixed = handBuilt(1, 1, 1, null, gzipOf(encodeMessageSet(messages.slice(0, 2), { magic: 0 })));
    expect(errorCodeOf(() => decodeMessageSet(mixed))).to.equal(ErrorCode.INVALID_RECORD);
    expect(errorCodeOf(() => decodeMessageSet(handBuilt(0, 1, 4, null, Buffer.from('zstd'))))).to.equal(
      ErrorCode.UNSUPPORTED_COMPRESSION_TYPE,
    );
    expect(errorCodeOf(() => decodeMessageSet(handBuilt(0, 1, 1, null, gzipOf(Buffer.alloc(0)))))).to.equal(
      ErrorCode.INVALID_RECORD,
    );
  });

  it('tells record formats apart by the magic byte every format keeps at byte 16', () => {
    expect(recordSetMagic(MAGIC0_SET)).to.equal(0);
    expect(recordSetMagic(Buffer.concat([MAGIC1_MESSAGE, MAGIC1_GZIP_WRAPPER]))).to.equal(1);
    expect(recordSetMagic(Buffer.concat([MAGIC0_SET, MAGIC1_MESSAGE]))).to.equal('mixed');
  });
});
