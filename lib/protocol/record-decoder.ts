// Record-level decoding of magic-2 batches: the consumer's hot path (and specs'). One pass over
// the bytes with one cursor per batch and varints read in place, so a record costs its own
// object and two Buffer views (key, value) and nothing else: no reader per record, one shared
// frozen array for the (usual) empty headers. Uncompressed batches decode synchronously straight
// out of the fetched bytes; only a compressed batch waits for its codec. Every length is checked
// against the end of its record, so damaged bytes become KafkaError(CORRUPT_MESSAGE), never a
// read outside the batch. Encoding lives in record-codec.ts, which re-exports all of this.
import { CompressionCodec, decompress } from './compression';
import { ErrorCode } from './error-codes';
import { KafkaError } from './kafka-error';
import { ProtocolError } from './protocol-error';
import { Reader } from './reader';
import {
  BATCH_HEADER_BYTES,
  BatchHeader,
  CURRENT_MAGIC,
  iterateBatches,
  IterationEnd,
  MAGIC_OFFSET,
  magicAt,
  TimestampType,
} from './batch-header';

export interface RecordHeader {
  key: string;
  value: Buffer | null;
}

export interface DecodedRecord {
  /** Absolute offset: baseOffset + offsetDelta. */
  offset: number;
  timestamp: number;
  /** Slices of the (decompressed) batch bytes, not copies. */
  key: Buffer | null;
  value: Buffer | null;
  /** A record without headers shares one frozen empty array. */
  headers: RecordHeader[];
}

export interface DecodedBatch {
  header: BatchHeader;
  records: DecodedRecord[];
}

export interface RecordDecodeOptions {
  /** Records below this offset are skipped (a fetch may land inside a batch). Default: none. */
  minOffset?: number;
  /** Check every batch's CRC-32C (Kafka's check.crcs). Default true. */
  verifyCrc?: boolean;
  /** Leave out control batches (transaction markers). Default false. */
  skipControl?: boolean;
}

const EMPTY_HEADERS = Object.freeze([]) as unknown as RecordHeader[];

/**
 * Decodes every whole batch in `buf` (a partial batch at the end, as a fetch may return, is
 * ignored). Throws CORRUPT_MESSAGE for a bad CRC or undecodable records.
 */
export async function decodeRecordBatches(buf: Buffer): Promise<DecodedBatch[]> {
  const batches: DecodedBatch[] = [];
  const walk = iterateBatches(buf, 0, buf.length, { verifyCrc: true });
  for (let step = walk.next(); ; step = walk.next()) {
    if (step.done) return checkEnd(step.value, buf, batches);
    const { position, nextPosition, header } = step.value;
    const records: DecodedRecord[] = [];
    if (header.compression === CompressionCodec.NONE) {
      decodeRecordBlock(buf, position + BATCH_HEADER_BYTES, nextPosition, header, records);
    } else {
      const block = await decompress(header.compression, buf.subarray(position + BATCH_HEADER_BYTES, nextPosition));
      decodeRecordBlock(block, 0, block.length, header, records);
    }
    batches.push({ header, records });
  }
}

/**
 * The records of every whole batch in `buf`, in order, as one list. Returns synchronously (or
 * throws) unless it meets a compressed batch; then it returns a promise for the same list.
 * Errors are KafkaErrors: CORRUPT_MESSAGE, UNSUPPORTED_FOR_MESSAGE_FORMAT, UNSUPPORTED_COMPRESSION_TYPE.
 */
export function decodeRecordsOfBatches(
  buf: Buffer,
  options: RecordDecodeOptions = {},
): DecodedRecord[] | Promise<DecodedRecord[]> {
  const walk = iterateBatches(buf, 0, buf.length, { verifyCrc: options.verifyCrc ?? true });
  return continueDecoding(buf, walk, [], options.minOffset ?? Number.NEGATIVE_INFINITY, options.skipControl === true);
}

type BatchWalk = ReturnType<typeof iterateBatches>;

function continueDecoding(
  buf: Buffer,
  walk: BatchWalk,
  out: DecodedRecord[],
  minOffset: number,
  skipControl: boolean,
): DecodedRecord[] | Promise<DecodedRecord[]> {
  for (let step = walk.next(); ; step = walk.next()) {
    if (step.done) return checkEnd(step.value, buf, out);
    const { position, nextPosition, header } = step.value;
    if (skipControl && header.isControl) continue;
    if (header.compression === CompressionCodec.NONE) {
      decodeRecordBlock(buf, position + BATCH_HEADER_BYTES, nextPosition, header, out, minOffset);
      continue;
    }
    return decompress(header.compression, buf.subarray(position + BATCH_HEADER_BYTES, nextPosition)).then((block) => {
      decodeRecordBlock(block, 0, block.length, header, out, minOffset);
      return continueDecoding(buf, walk, out, minOffset, skipControl);
    });
  }
}

function checkEnd<T>(end: IterationEnd, buf: Buffer, result: T): T {
  if (end.stop === 'corrupt') throw corruptAt(end.validBytesEnd, buf);
  return result;
}

function corruptAt(position: number, buf: Buffer): KafkaError {
  const magic = buf.length - position > MAGIC_OFFSET ? magicAt(buf, position) : CURRENT_MAGIC;
  if (magic !== CURRENT_MAGIC) {
    return new KafkaError(ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT, `batch at ${position} has magic ${magic}`);
  }
  return new KafkaError(ErrorCode.CORRUPT_MESSAGE, `batch at ${position} is corrupt`);
}

/**
 * Appends the records of one batch, whose (decompressed) record block is block[start, end), to
 * `out`, leaving out those below `minOffset`. Synchronous; throws KafkaError(CORRUPT_MESSAGE).
 */
export function decodeRecordBlock(
  block: Buffer,
  start: number,
  end: number,
  header: BatchHeader,
  out: DecodedRecord[],
  minOffset = Number.NEGATIVE_INFINITY,
): void {
  if (start < 0 || end > block.length || start > end)
    throw corrupt(header, `record block [${start}, ${end}) outside ${block.length} bytes`);
  const cursor = new RecordCursor(block, start, header);
  const { baseOffset, baseTimestamp, recordCount } = header;
  const appendTime = header.timestampType === TimestampType.LOG_APPEND_TIME;
  // Every pass consumes at least one byte or throws, so a lying recordCount cannot spin.
  for (let i = 0; i < recordCount; i++) {
    cursor.end = end;
    const length = cursor.varint();
    const recordEnd = cursor.pos + length;
    if (length < 0 || recordEnd > end)
      throw corrupt(header, `record length ${length} at ${cursor.pos} passes the block end ${end}`);
    cursor.end = recordEnd;
    cursor.skipAttributes();
    const timestampDelta = cursor.varlong();
    const offset = baseOffset + cursor.varint();
    if (offset >= minOffset) {
      const key = cursor.bytes();
      const value = cursor.bytes();
      const headers = cursor.headers();
      out.push({
        offset,
        timestamp: appendTime ? header.maxTimestamp : baseTimestamp + timestampDelta,
        key,
        value,
        headers,
      });
    }
    // Like the reader it replaces, unread bytes at a record's end are tolerated.
    cursor.pos = recordEnd;
  }
}

/** The read position in one record block; `end` is the end of the record being read. */
class RecordCursor {
  end: number;

  constructor(
    private readonly buf: Buffer,
    public pos: number,
    private readonly header: BatchHeader,
  ) {
    this.end = buf.length;
  }

  skipAttributes(): void {
    if (this.pos >= this.end) throw this.truncated();
    this.pos++;
  }

  /** Zigzag varint of at most 32 bits; the one-byte case stays inline. */
  varint(): number {
    const pos = this.pos;
    if (pos < this.end) {
      const b = this.buf[pos];
      if (b < 0x80) {
        this.pos = pos + 1;
        return (b >>> 1) ^ -(b & 1);
      }
    }
    const z = this.longUVarint();
    return (z >>> 1) ^ -(z & 1);
  }

  /** Zigzag varlong; up to 7 bytes (49 bits) is exact arithmetic, longer ones go to the Reader. */
  varlong(): number {
    const start = this.pos;
    let z = 0;
    let scale = 1;
    for (let i = 0; i < 7; i++) {
      if (this.pos >= this.end) throw this.truncated();
      const b = this.buf[this.pos++];
      z += (b & 0x7f) * scale;
      if (b < 0x80) return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
      scale *= 128;
    }
    try {
      const reader = new Reader(this.buf, start, this.end);
      const value = reader.varlong();
      this.pos = reader.offset;
      return value;
    } catch (error) {
      if (error instanceof ProtocolError) throw corrupt(this.header, error.message);
      throw error;
    }
  }

  /** Varint-length bytes as a view of the block; length -1 is null. */
  bytes(): Buffer | null {
    const length = this.varint();
    if (length === -1) return null;
    const at = this.pos;
    if (length < 0 || length > this.end - at)
      throw corrupt(this.header, `field of ${length} bytes at ${at} passes the record end ${this.end}`);
    this.pos = at + length;
    return this.buf.subarray(at, at + length);
  }

  headers(): RecordHeader[] {
    const count = this.varint();
    if (count === 0) return EMPTY_HEADERS;
    // Each header takes at least two bytes (two lengths).
    if (count < 0 || count * 2 > this.end - this.pos) throw corrupt(this.header, `record header count ${count}`);
    const headers: RecordHeader[] = new Array(count);
    for (let i = 0; i < count; i++) {
      const length = this.varint();
      const at = this.pos;
      if (length < 0 || length > this.end - at)
        throw corrupt(this.header, `record header key of ${length} bytes at ${at}`);
      this.pos = at + length;
      headers[i] = { key: this.buf.toString('utf8', at, at + length), value: this.bytes() };
    }
    return headers;
  }

  private longUVarint(): number {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 5; i++) {
      if (this.pos >= this.end) throw this.truncated();
      const b = this.buf[this.pos++];
      value += (b & 0x7f) * scale;
      if (b < 0x80) {
        if (value > 0xffffffff) break;
        return value;
      }
      scale *= 128;
    }
    throw corrupt(this.header, `varint longer than 32 bits before ${this.pos}`);
  }

  private truncated(): KafkaError {
    return corrupt(this.header, `record cut short at ${this.pos} (record ends at ${this.end})`);
  }
}

function corrupt(header: BatchHeader, detail: string): KafkaError {
  return new KafkaError(ErrorCode.CORRUPT_MESSAGE, `record in batch at offset ${header.baseOffset}: ${detail}`);
}
