// Produce v0-2 up-conversion: old producers send legacy message sets (magic 0 and 1); Kafka 2.8
// (message.format.version 2.8) converts each partition's set into one magic-2 batch before the
// ordinary append (LogValidator), and so does Samsa. This is the one produce path that touches
// records one by one — old clients only. Everything here is synchronous so that pipelined
// requests of a connection still append in arrival order (the dispatcher runs them
// concurrently; an await here would let a later request overtake).
import {
  ATTRIBUTES_OFFSET,
  BASE_SEQUENCE_OFFSET,
  BASE_TIMESTAMP_OFFSET,
  BATCH_HEADER_BYTES,
  BATCH_LENGTH_OFFSET,
  computeBatchCrc,
  CRC_OFFSET,
  CURRENT_MAGIC,
  LAST_OFFSET_DELTA_OFFSET,
  LOG_OVERHEAD,
  MAGIC_OFFSET,
  MAX_TIMESTAMP_OFFSET,
  PARTITION_LEADER_EPOCH_OFFSET,
  PRODUCER_EPOCH_OFFSET,
  PRODUCER_ID_OFFSET,
  RECORD_COUNT_OFFSET,
} from '../../protocol/batch-header';
import { ErrorCode } from '../../protocol/error-codes';
import { KafkaError } from '../../protocol/kafka-error';
import { compressLegacy, decodeMessageSet, LEGACY_MAGIC_OFFSET, LegacyRecord, recordSetMagic } from '../../protocol/legacy-message-set';
import { Writer, writeInt64 } from '../../protocol/writer';

/** Produce versions whose record sets may be legacy message sets (v3+ must be magic 2). */
export const LAST_LEGACY_PRODUCE_VERSION = 2;

/**
 * The record set to append for one partition of a Produce v0-2 request: magic-2 batches as they
 * are (Kafka never checked the magic below v3), a legacy set as one magic-2 batch with Kafka's
 * conversion rules — magic 0 messages get no timestamp (-1), the batch keeps the producer's
 * codec (compression.type=producer), offsets are assigned by the append as for any batch.
 * Throws KafkaError (CORRUPT_MESSAGE, INVALID_RECORD, ...) and then nothing is appended.
 */
export function upConvertRecordSet(records: Buffer): Buffer {
  if (records.length <= LEGACY_MAGIC_OFFSET) {
    throw new KafkaError(ErrorCode.CORRUPT_MESSAGE, `${records.length} bytes are not a message set`);
  }
  const magic = recordSetMagic(records);
  if (magic === CURRENT_MAGIC) return records;
  if (magic === 'mixed') throw new KafkaError(ErrorCode.INVALID_RECORD, 'a produced message set mixes record formats');
  if (magic !== 0 && magic !== 1) throw new KafkaError(ErrorCode.CORRUPT_MESSAGE, `invalid magic ${magic}`);
  const decoded = decodeMessageSet(records, { allowPartialTail: false });
  if (decoded.length === 0) throw new KafkaError(ErrorCode.INVALID_RECORD, 'the message set holds no message');
  // Kafka's source codec: the last compressed wrapper's (a set mixing codecs is not worth more).
  let codec = 0;
  for (const record of decoded) if (record.compression !== 0) codec = record.compression;
  return encodeConvertedBatch(decoded, codec);
}

/** One magic-2 batch holding `records` at offset deltas 0..n-1, producer fields unset. */
function encodeConvertedBatch(records: LegacyRecord[], codec: number): Buffer {
  const baseTimestamp = records[0].timestamp;
  let maxTimestamp = -1;
  const body = new Writer(1024);
  records.forEach((record, index) => {
    maxTimestamp = Math.max(maxTimestamp, record.timestamp);
    const encoded = encodeRecord(record, record.timestamp - baseTimestamp, index);
    body.varint(encoded.length);
    body.raw(encoded);
  });
  const plain = body.toBuffer();
  const payload = codec === 0 ? plain : compressLegacy(codec, 1, plain);
  const batch = Buffer.alloc(BATCH_HEADER_BYTES + payload.length);
  batch.writeInt32BE(batch.length - LOG_OVERHEAD, BATCH_LENGTH_OFFSET);
  batch.writeInt32BE(-1, PARTITION_LEADER_EPOCH_OFFSET);
  batch.writeInt8(CURRENT_MAGIC, MAGIC_OFFSET);
  batch.writeInt16BE(codec, ATTRIBUTES_OFFSET);
  batch.writeInt32BE(records.length - 1, LAST_OFFSET_DELTA_OFFSET);
  writeInt64(batch, BASE_TIMESTAMP_OFFSET, baseTimestamp);
  writeInt64(batch, MAX_TIMESTAMP_OFFSET, maxTimestamp);
  writeInt64(batch, PRODUCER_ID_OFFSET, -1);
  batch.writeInt16BE(-1, PRODUCER_EPOCH_OFFSET);
  batch.writeInt32BE(-1, BASE_SEQUENCE_OFFSET);
  batch.writeInt32BE(records.length, RECORD_COUNT_OFFSET);
  payload.copy(batch, BATCH_HEADER_BYTES);
  batch.writeUInt32BE(computeBatchCrc(batch, 0, batch.length), CRC_OFFSET);
  return batch;
}

function encodeRecord(record: LegacyRecord, timestampDelta: number, offsetDelta: number): Buffer {
  const w = new Writer(32 + (record.key?.length ?? 0) + (record.value?.length ?? 0));
  w.int8(0);
  w.varlong(timestampDelta);
  w.varint(offsetDelta);
  for (const field of [record.key, record.value]) {
    w.varint(field === null ? -1 : field.length);
    if (field !== null) w.raw(field);
  }
  w.varint(0);
  return w.toBuffer();
}
