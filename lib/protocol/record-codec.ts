// Record-level encoding and decoding of magic-2 batches, for clients and specs. The broker's
// produce and fetch paths never come here: they treat batches as opaque bytes (records.ts).
import { compress, compressionCodecOf, CompressionName, decompress } from './compression';
import { ErrorCode } from './error-codes';
import { KafkaError } from './kafka-error';
import { ProtocolError } from './protocol-error';
import { Reader } from './reader';
import {
  ATTRIBUTES_OFFSET,
  BASE_SEQUENCE_OFFSET,
  BASE_TIMESTAMP_OFFSET,
  BATCH_HEADER_BYTES,
  BATCH_LENGTH_OFFSET,
  BatchHeader,
  computeBatchCrc,
  CRC_OFFSET,
  CURRENT_MAGIC,
  iterateBatches,
  LAST_OFFSET_DELTA_OFFSET,
  LOG_OVERHEAD,
  MAGIC_OFFSET,
  MAX_TIMESTAMP_OFFSET,
  PARTITION_LEADER_EPOCH_OFFSET,
  PRODUCER_EPOCH_OFFSET,
  PRODUCER_ID_OFFSET,
  RECORD_COUNT_OFFSET,
  TimestampType,
} from './batch-header';
import { Writer, writeInt64 } from './writer';

export interface RecordHeader {
  key: string;
  value: Buffer | null;
}

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

export interface DecodedRecord {
  /** Absolute offset: baseOffset + offsetDelta. */
  offset: number;
  timestamp: number;
  /** Slices of the (decompressed) batch bytes, not copies. */
  key: Buffer | null;
  value: Buffer | null;
  headers: RecordHeader[];
}

export interface DecodedBatch {
  header: BatchHeader;
  records: DecodedRecord[];
}

/** Builds one magic-2 batch with a valid CRC. */
export async function encodeRecordBatch(input: RecordBatchInput): Promise<Buffer> {
  const baseTimestamp = input.baseTimestamp ?? input.records[0]?.timestamp ?? Date.now();
  const body = new Writer(1024);
  let maxTimestamp = input.records.length === 0 ? -1 : baseTimestamp;
  let lastOffsetDelta = 0;
  input.records.forEach((record, index) => {
    const timestamp = record.timestamp ?? baseTimestamp;
    const offsetDelta = record.offsetDelta ?? index;
    maxTimestamp = Math.max(maxTimestamp, timestamp);
    lastOffsetDelta = Math.max(lastOffsetDelta, offsetDelta);
    const encoded = encodeRecord(record, timestamp - baseTimestamp, offsetDelta);
    body.varint(encoded.length);
    body.raw(encoded);
  });
  const codec = compressionCodecOf(input.compression ?? 'none');
  const payload = await compress(codec, body.toBuffer());
  const batch = Buffer.alloc(BATCH_HEADER_BYTES + payload.length);
  writeInt64(batch, 0, input.baseOffset ?? 0);
  batch.writeInt32BE(batch.length - LOG_OVERHEAD, BATCH_LENGTH_OFFSET);
  batch.writeInt32BE(input.partitionLeaderEpoch ?? -1, PARTITION_LEADER_EPOCH_OFFSET);
  batch.writeInt8(CURRENT_MAGIC, MAGIC_OFFSET);
  batch.writeInt16BE(attributesOf(input, codec), ATTRIBUTES_OFFSET);
  batch.writeInt32BE(lastOffsetDelta, LAST_OFFSET_DELTA_OFFSET);
  writeInt64(batch, BASE_TIMESTAMP_OFFSET, baseTimestamp);
  writeInt64(batch, MAX_TIMESTAMP_OFFSET, maxTimestamp);
  writeInt64(batch, PRODUCER_ID_OFFSET, input.producerId ?? -1);
  batch.writeInt16BE(input.producerEpoch ?? -1, PRODUCER_EPOCH_OFFSET);
  batch.writeInt32BE(input.baseSequence ?? -1, BASE_SEQUENCE_OFFSET);
  batch.writeInt32BE(input.records.length, RECORD_COUNT_OFFSET);
  payload.copy(batch, BATCH_HEADER_BYTES);
  batch.writeUInt32BE(computeBatchCrc(batch, 0, batch.length), CRC_OFFSET);
  return batch;
}

function attributesOf(input: RecordBatchInput, codec: number): number {
  let attributes = codec;
  if (input.timestampType === TimestampType.LOG_APPEND_TIME) attributes |= 0x08;
  if (input.isTransactional) attributes |= 0x10;
  if (input.isControl) attributes |= 0x20;
  return attributes;
}

function encodeRecord(record: RecordInput, timestampDelta: number, offsetDelta: number): Buffer {
  const w = new Writer(64);
  w.int8(0);
  w.varlong(timestampDelta);
  w.varint(offsetDelta);
  writeVarintBytes(w, record.key);
  writeVarintBytes(w, record.value);
  const headers = record.headers ?? [];
  w.varint(headers.length);
  for (const header of headers) {
    writeVarintBytes(w, Buffer.from(header.key, 'utf8'));
    writeVarintBytes(w, header.value);
  }
  return w.toBuffer();
}

function writeVarintBytes(w: Writer, value: Buffer | null): void {
  if (value === null) {
    w.varint(-1);
    return;
  }
  w.varint(value.length);
  w.raw(value);
}

/**
 * Decodes every whole batch in `buf` (a partial batch at the end, as a fetch may return, is
 * ignored). Throws CORRUPT_MESSAGE for a bad CRC or undecodable records.
 */
export async function decodeRecordBatches(buf: Buffer): Promise<DecodedBatch[]> {
  const batches: DecodedBatch[] = [];
  const walk = iterateBatches(buf, 0, buf.length, { verifyCrc: true });
  for (let step = walk.next(); ; step = walk.next()) {
    if (step.done) {
      if (step.value.stop === 'corrupt') throw corruptAt(step.value.validBytesEnd, buf);
      return batches;
    }
    const { position, nextPosition, header } = step.value;
    const payload = await decompress(header.compression, buf.subarray(position + BATCH_HEADER_BYTES, nextPosition));
    batches.push({ header, records: decodeRecords(payload, header) });
  }
}

function corruptAt(position: number, buf: Buffer): KafkaError {
  if (buf.length - position > MAGIC_OFFSET && buf.readInt8(position + MAGIC_OFFSET) !== CURRENT_MAGIC) {
    const magic = buf.readInt8(position + MAGIC_OFFSET);
    return new KafkaError(ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT, `batch at ${position} has magic ${magic}`);
  }
  return new KafkaError(ErrorCode.CORRUPT_MESSAGE, `batch at ${position} is corrupt`);
}

function decodeRecords(payload: Buffer, header: BatchHeader): DecodedRecord[] {
  const reader = new Reader(payload);
  const records: DecodedRecord[] = [];
  try {
    for (let i = 0; i < header.recordCount; i++) {
      const length = reader.varint();
      const recordEnd = reader.offset + length;
      records.push(decodeRecord(new Reader(payload, reader.offset, recordEnd), header));
      reader.skip(length);
    }
  } catch (error) {
    if (error instanceof ProtocolError) {
      throw new KafkaError(ErrorCode.CORRUPT_MESSAGE, `record in batch at offset ${header.baseOffset}: ${error.message}`);
    }
    throw error;
  }
  return records;
}

function decodeRecord(reader: Reader, header: BatchHeader): DecodedRecord {
  reader.int8();
  const timestampDelta = reader.varlong();
  const offsetDelta = reader.varint();
  const key = readVarintBytes(reader);
  const value = readVarintBytes(reader);
  const headerCount = reader.varint();
  if (headerCount < 0 || headerCount > reader.remaining) {
    throw new ProtocolError('bad-length', `record header count ${headerCount}`);
  }
  const headers: RecordHeader[] = [];
  for (let i = 0; i < headerCount; i++) {
    const headerKey = readVarintBytes(reader);
    if (headerKey === null) throw new ProtocolError('malformed', 'record header key is null');
    headers.push({ key: headerKey.toString('utf8'), value: readVarintBytes(reader) });
  }
  const timestamp =
    header.timestampType === TimestampType.LOG_APPEND_TIME ? header.maxTimestamp : header.baseTimestamp + timestampDelta;
  return { offset: header.baseOffset + offsetDelta, timestamp, key, value, headers };
}

function readVarintBytes(reader: Reader): Buffer | null {
  const length = reader.varint();
  return length === -1 ? null : reader.raw(length);
}
