// Produce v0-2 up-conversion, the counterpart of down-convert.ts: old producers send legacy
// message sets (magic 0 and 1); Kafka 2.8 (message.format.version 2.8) converts each
// partition's set into one magic-2 batch before the ordinary append (LogValidator), and so does
// Samsa. This is the one produce path that touches records one by one — old clients only.
// Everything here is synchronous so that pipelined requests of a connection still append in
// arrival order (the dispatcher runs them concurrently; an await here would let a later
// request overtake).
import { CURRENT_MAGIC } from '../protocol/batch-header';
import { ErrorCode } from '../protocol/error-codes';
import { KafkaError } from '../protocol/kafka-error';
import { ProtocolError } from '../protocol/protocol-error';
import {
  compressLegacy,
  decodeMessageSet,
  LEGACY_MAGIC_OFFSET,
  LegacyRecord,
  recordSetMagic,
} from '../protocol/legacy-message-set';
import { RecordBatchBuilder } from '../protocol/record-codec';

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
  try {
    const decoded = decodeMessageSet(records, { allowPartialTail: false });
    if (decoded.length === 0) throw new KafkaError(ErrorCode.INVALID_RECORD, 'the message set holds no message');
    // Kafka's source codec: the last compressed wrapper's (a set mixing codecs is not worth more).
    let codec = 0;
    for (const record of decoded) if (record.compression !== 0) codec = record.compression;
    return encodeConvertedBatch(decoded, codec);
  } catch (err) {
    // Bytes the codec cannot read (an offset or timestamp beyond 2^53, a bad length) are the
    // producer's corrupt message, not the broker's unexpected error.
    if (err instanceof ProtocolError)
      throw new KafkaError(ErrorCode.CORRUPT_MESSAGE, `malformed message set: ${err.message}`);
    throw err;
  }
}

/** One magic-2 batch holding `records` at offset deltas 0..n-1, producer fields unset. */
function encodeConvertedBatch(records: LegacyRecord[], codec: number): Buffer {
  const builder = new RecordBatchBuilder({ baseTimestamp: records[0].timestamp });
  for (const record of records) builder.append(record.key, record.value, null, record.timestamp);
  return builder.buildSync(codec, (block) => compressLegacy(codec, 1, block));
}
