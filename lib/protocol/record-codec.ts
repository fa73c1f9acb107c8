// Record-level encoding of magic-2 batches, for clients and specs; decoding is record-decoder.ts,
// re-exported here. The broker's produce and fetch paths never come here: they treat batches
// as opaque bytes (records.ts).
import { compress, CompressionCodec, compressionCodecOf, CompressionName } from './compression';
import { ProtocolError } from './protocol-error';
import { BATCH_HEADER_BYTES, TimestampType, writeBatchHeader } from './batch-header';
import type { RecordHeader } from './record-decoder';

export { decodeRecordBatches, decodeRecordBlock, decodeRecordsOfBatches } from './record-decoder';
export type { DecodedBatch, DecodedRecord, RecordDecodeOptions, RecordHeader } from './record-decoder';

export interface RecordInput {
  key: Buffer | null;
  value: Buffer | null;
  headers?: RecordHeader[];
  /** Defaults to the batch's baseTimestamp. */
  timestamp?: number;
  /** Defaults to the record's index in the batch. */
  offsetDelta?: number;
}

export interface RecordBatchInput {
  baseOffset?: number;
  partitionLeaderEpoch?: number;
  compression?: CompressionName;
  timestampType?: number;
  /** Defaults to the first record's timestamp, else the current time. */
  baseTimestamp?: number;
  producerId?: number;
  producerEpoch?: number;
  baseSequence?: number;
  isTransactional?: boolean;
  isControl?: boolean;
  records: RecordInput[];
}

/** Builds one magic-2 batch with a valid CRC. */
export async function encodeRecordBatch(input: RecordBatchInput): Promise<Buffer> {
  const { records, compression, ...options } = input;
  const builder = new RecordBatchBuilder({ ...options, baseTimestamp: options.baseTimestamp ?? records[0]?.timestamp });
  for (const record of records)
    builder.append(record.key, record.value, record.headers, record.timestamp, record.offsetDelta);
  return builder.build(compression ?? 'none');
}

/** Everything of a batch but its records and codec. */
export type RecordBatchOptions = Omit<RecordBatchInput, 'records' | 'compression'>;

/**
 * Writes records straight into one growing buffer as they are appended (the batch header's 61
 * bytes are reserved at its front), so a producer holds bytes instead of record objects and
 * building the batch is one compression of the record block plus the header and CRC. The output
 * is byte-for-byte what encodeRecordBatch always produced for the same records.
 */
export class RecordBatchBuilder {
  private buf: Buffer;
  private pos = BATCH_HEADER_BYTES;
  private count = 0;
  private baseTimestamp: number | undefined;
  private maxTimestamp = -1;
  private lastOffsetDelta = 0;
  private built = false;

  constructor(
    private readonly options: RecordBatchOptions = {},
    initialBytes = 1024,
  ) {
    this.buf = Buffer.allocUnsafe(Math.max(BATCH_HEADER_BYTES, initialBytes));
    this.baseTimestamp = options.baseTimestamp;
  }

  get recordCount(): number {
    return this.count;
  }

  /** The batch's size so far without compression: header plus record block. */
  get sizeBytes(): number {
    return this.pos;
  }

  /**
   * Appends one record (timestamp defaults to the batch's base timestamp, which defaults to the
   * first record's; offsetDelta to the record's index) and returns the bytes it took.
   */
  append(
    key: Buffer | string | null,
    value: Buffer | string | null,
    headers?: readonly RecordHeader[] | null,
    timestamp?: number,
    offsetDelta = this.count,
  ): number {
    if (this.built) throw new Error('a built record batch takes no more records');
    const base = (this.baseTimestamp ??= timestamp ?? Date.now());
    const ts = timestamp ?? base;
    const timestampDelta = ts - base;
    if (!Number.isSafeInteger(timestampDelta))
      throw new ProtocolError('malformed', `varlong ${timestampDelta} is not a safe integer`);
    if (!Number.isInteger(offsetDelta) || offsetDelta < -0x80000000 || offsetDelta > 0x7fffffff) {
      throw new ProtocolError('malformed', `varint ${offsetDelta} is not a 32-bit integer`);
    }
    const keyBytes = byteLengthOf(key);
    const valueBytes = byteLengthOf(value);
    const headerCount = headers ? headers.length : 0;
    let bodyBytes =
      1 +
      varlongBytes(timestampDelta) +
      uvarintBytes(zigzag32(offsetDelta)) +
      fieldBytes(keyBytes) +
      fieldBytes(valueBytes) +
      uvarintBytes(zigzag32(headerCount));
    for (let i = 0; i < headerCount; i++) {
      const header = headers![i];
      bodyBytes +=
        fieldBytes(Buffer.byteLength(header.key, 'utf8')) +
        fieldBytes(header.value === null ? -1 : header.value.length);
    }
    const recordBytes = uvarintBytes(zigzag32(bodyBytes)) + bodyBytes;
    this.ensureCapacity(recordBytes);
    const buf = this.buf;
    let at = putUVarint(buf, this.pos, zigzag32(bodyBytes));
    buf[at++] = 0; // record attributes: unused
    at = putVarlong(buf, at, timestampDelta);
    at = putUVarint(buf, at, zigzag32(offsetDelta));
    at = putField(buf, at, key, keyBytes);
    at = putField(buf, at, value, valueBytes);
    at = putUVarint(buf, at, zigzag32(headerCount));
    for (let i = 0; i < headerCount; i++) {
      const header = headers![i];
      at = putField(buf, at, header.key, Buffer.byteLength(header.key, 'utf8'));
      at = putField(buf, at, header.value, header.value === null ? -1 : header.value.length);
    }
    this.pos = at;
    if (this.count === 0 || ts > this.maxTimestamp) this.maxTimestamp = this.count === 0 ? Math.max(base, ts) : ts;
    if (offsetDelta > this.lastOffsetDelta) this.lastOffsetDelta = offsetDelta;
    this.count++;
    return recordBytes;
  }

  /**
   * The finished batch: the record block compressed once, then header and CRC. With no
   * compression the result shares the builder's memory, so the builder takes no more records.
   */
  async build(compression: CompressionName = 'none'): Promise<Buffer> {
    const codec = compressionCodecOf(compression);
    const payload = codec === CompressionCodec.NONE ? null : await compress(codec, this.recordBlock());
    return this.finish(codec, payload);
  }

  /**
   * The same batch built without waiting: `compressBlock` compresses the record block
   * synchronously (the broker's legacy up-conversion must not yield between requests).
   */
  buildSync(codec: number, compressBlock: (block: Buffer) => Buffer): Buffer {
    return this.finish(codec, codec === CompressionCodec.NONE ? null : compressBlock(this.recordBlock()));
  }

  private recordBlock(): Buffer {
    return this.buf.subarray(BATCH_HEADER_BYTES, this.pos);
  }

  /** The batch from the uncompressed buffer (payload null) or a compressed record block. */
  private finish(codec: number, payload: Buffer | null): Buffer {
    this.built = true;
    let batch: Buffer;
    if (payload === null) {
      batch = this.buf.subarray(0, this.pos);
    } else {
      batch = Buffer.allocUnsafe(BATCH_HEADER_BYTES + payload.length);
      payload.copy(batch, BATCH_HEADER_BYTES);
    }
    this.writeHeader(batch, codec);
    return batch;
  }

  private writeHeader(batch: Buffer, codec: number): void {
    const o = this.options;
    writeBatchHeader(batch, {
      baseOffset: o.baseOffset ?? 0,
      partitionLeaderEpoch: o.partitionLeaderEpoch ?? -1,
      compression: codec,
      timestampType: o.timestampType ?? TimestampType.CREATE_TIME,
      isTransactional: o.isTransactional ?? false,
      isControl: o.isControl ?? false,
      lastOffsetDelta: this.lastOffsetDelta,
      baseTimestamp: this.baseTimestamp ?? Date.now(),
      maxTimestamp: this.count === 0 ? -1 : this.maxTimestamp,
      producerId: o.producerId ?? -1,
      producerEpoch: o.producerEpoch ?? -1,
      baseSequence: o.baseSequence ?? -1,
      recordCount: this.count,
    });
  }

  /** Doubles the buffer (copying what is written) until `bytes` more fit. */
  private ensureCapacity(bytes: number): void {
    if (this.pos + bytes <= this.buf.length) return;
    let capacity = this.buf.length * 2;
    while (capacity < this.pos + bytes) capacity *= 2;
    const grown = Buffer.allocUnsafe(capacity);
    this.buf.copy(grown, 0, 0, this.pos);
    this.buf = grown;
  }
}

/** -1 for null (the varint length that marks it). */
function byteLengthOf(value: Buffer | string | null | undefined): number {
  if (value === null || value === undefined) return -1;
  return typeof value === 'string' ? Buffer.byteLength(value, 'utf8') : value.length;
}

function zigzag32(value: number): number {
  return ((value << 1) ^ (value >> 31)) >>> 0;
}

function uvarintBytes(value: number): number {
  return value < 0x80 ? 1 : value < 0x4000 ? 2 : value < 0x200000 ? 3 : value < 0x10000000 ? 4 : 5;
}

/** A varint-length-prefixed field of `length` bytes (-1: null). */
function fieldBytes(length: number): number {
  return length < 0 ? 1 : uvarintBytes(zigzag32(length)) + length;
}

function varlongBytes(value: number): number {
  let z = value >= 0 ? value * 2 : -value * 2 - 1;
  let bytes = 1;
  while (z >= 0x80) {
    z = Math.floor(z / 128);
    bytes++;
  }
  return bytes;
}

function putUVarint(buf: Buffer, at: number, value: number): number {
  let v = value;
  while (v >= 0x80) {
    buf[at++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  buf[at++] = v;
  return at;
}

/** Zigzag varlong of a safe integer (doubles stay exact up to 2^53, which safe integers times two can pass). */
function putVarlong(buf: Buffer, at: number, value: number): number {
  if (Math.abs(value) >= 2 ** 52) {
    let z = BigInt.asUintN(64, (BigInt(value) << 1n) ^ (BigInt(value) >> 63n));
    while (z >= 0x80n) {
      buf[at++] = Number(z & 0x7fn) | 0x80;
      z >>= 7n;
    }
    buf[at++] = Number(z);
    return at;
  }
  let z = value >= 0 ? value * 2 : -value * 2 - 1;
  while (z >= 0x80) {
    buf[at++] = (z % 128) | 0x80;
    z = Math.floor(z / 128);
  }
  buf[at++] = z;
  return at;
}

function putField(buf: Buffer, at: number, value: Buffer | string | null | undefined, length: number): number {
  if (length < 0) {
    buf[at] = 1; // zigzag(-1)
    return at + 1;
  }
  at = putUVarint(buf, at, zigzag32(length));
  if (typeof value === 'string') buf.write(value, at, length, 'utf8');
  else buf.set(value as Buffer, at); // TypedArray.set: cheaper than Buffer.copy for small values
  return at + length;
}
