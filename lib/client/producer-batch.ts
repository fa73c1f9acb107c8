// The producer's units of work: a SendTracker is one send() call (one promise for all its
// messages), a ProducerBatch is the records of one partition that travel as one record batch.
// A batch holds its records already encoded (a RecordBatchBuilder) plus, per record, only what
// settling the sends needs — where its outcome goes, which slot it fills and its timestamp — in
// parallel arrays, so completing a batch costs one loop and no per-record promise. A one-message
// send (the perf tool's and most callers' case) has no tracker: its record's sink is the send's
// callback itself, so a buffered record keeps no object of its own alive. Objects that live until
// the acknowledgement are what the garbage collector copies on every young-generation pass, and
// with a full buffer there are ~10^5 of them.
import { decodeRecordBatches, RecordBatchBuilder, RecordBatchOptions, RecordHeader } from '../protocol/record-codec';
import type { CompressionName } from '../protocol/compression';
import type { ClientError } from './errors';

/** Where a record landed. `offset` is -1 for acks=0 sends, which get no answer. */
export interface RecordMetadata {
  topic: string;
  partition: number;
  offset: number;
  timestamp: number;
}

/** Bytes a record adds to a batch besides its key, value and headers (varint fields, worst case). */
export const RECORD_OVERHEAD_BYTES = 21;
const HEADER_OVERHEAD_BYTES = 10;

/** The uncompressed bytes a record will take in its batch, estimated from above (lengths in bytes). */
export function estimateRecordBytes(
  keyBytes: number,
  valueBytes: number,
  headers: readonly RecordHeader[] | null,
): number {
  let bytes = RECORD_OVERHEAD_BYTES + keyBytes + valueBytes;
  if (headers !== null) {
    for (let i = 0; i < headers.length; i++) {
      bytes += HEADER_OVERHEAD_BYTES + Buffer.byteLength(headers[i].key) + (headers[i].value?.length ?? 0);
    }
  }
  return bytes;
}

/** How a send learns its outcome: results in message order, or the first failure. */
export type SendCallback = (error: ClientError | null, results: RecordMetadata[] | null) => void;

/** Where a record's outcome goes: its send's tracker, or the callback of a one-message send. */
export type RecordSink = SendTracker | SendCallback;

/** Settles a sink that failed before or instead of its records' batches. */
export function failSink(sink: RecordSink, error: ClientError): void {
  if (typeof sink === 'function') sink(error, null);
  else sink.fail(error);
}

/** One send of several messages: calls back once every record is acknowledged, or on the first failure. */
export class SendTracker {
  readonly results: RecordMetadata[];
  private remaining: number;
  private settled = false;

  constructor(
    readonly topic: string,
    count: number,
    private readonly callback: SendCallback,
  ) {
    this.results = new Array<RecordMetadata>(count);
    this.remaining = count;
    if (count === 0) this.finish();
  }

  complete(slot: number, partition: number, offset: number, timestamp: number): void {
    if (this.settled) return;
    this.results[slot] = { topic: this.topic, partition, offset, timestamp };
    if (--this.remaining === 0) this.finish();
  }

  fail(error: ClientError): void {
    if (this.settled) return;
    this.settled = true;
    this.callback(error, null);
  }

  private finish(): void {
    this.settled = true;
    this.callback(null, this.results);
  }
}

let nextBatchId = 1;

/** Records of one partition sent together; closed (no more appends) once full, lingered or sent. */
export class ProducerBatch {
  readonly id = nextBatchId++;
  private readonly builder: RecordBatchBuilder;
  private readonly sinks: RecordSink[] = [];
  private readonly slots: number[] = [];
  private readonly timestamps: number[] = [];
  /** What this batch counts against the producer's buffer bound (released when it leaves). */
  accountedBytes = 0;
  closed = false;
  /** Send attempts made so far. */
  attempts = 0;
  /** Not sent again before this time (after a retriable failure). */
  retryAtMs = 0;
  /** The encoded record batch: built once, reused by every retry. */
  encoded: Buffer | null = null;
  /** Idempotent producing: the producer id and first sequence stamped on the batch (-1: none yet). */
  producerId = -1;
  baseSequence = -1;
  /** Idempotent producing: whether the batch is in a request now (several of a partition may be). */
  inFlight = false;
  /** Read by the builder when it writes the header, so sequences can be stamped after the records. */
  private readonly header: RecordBatchOptions = {};
  private doneFlag = false;
  private waiters: Array<() => void> = [];

  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly createdMs: number,
    /** What the batch's buffer starts at (it doubles as records arrive). */
    readonly initialBytes: number,
  ) {
    this.builder = new RecordBatchBuilder(this.header, initialBytes);
  }

  get isDone(): boolean {
    return this.doneFlag;
  }

  get recordCount(): number {
    return this.sinks.length;
  }

  /** Header plus the records written so far, uncompressed. */
  get sizeBytes(): number {
    return this.builder.sizeBytes;
  }

  /** Writes the record into the batch (the caller checked it fits); returns the bytes it took. */
  append(
    key: Buffer | string | null,
    value: Buffer | string | null,
    headers: readonly RecordHeader[] | null,
    timestamp: number,
    sink: RecordSink,
    slot: number,
  ): number {
    const bytes = this.builder.append(key, value, headers, timestamp);
    this.sinks.push(sink);
    this.slots.push(slot);
    this.timestamps.push(timestamp);
    return bytes;
  }

  /**
   * Stamps the idempotent producer's id, epoch and the batch's first sequence (before encode();
   * they are fixed from then on, so every retry carries the same sequence).
   */
  assignSequence(producerId: number, producerEpoch: number, baseSequence: number): void {
    if (this.encoded !== null) throw new Error(`batch ${this.id} is already encoded`);
    this.closed = true;
    this.producerId = producerId;
    this.baseSequence = baseSequence;
    this.header.producerId = producerId;
    this.header.producerEpoch = producerEpoch;
    this.header.baseSequence = baseSequence;
  }

  /** The encoded batch, built on first use (the builder then takes no more records). */
  async encode(compression: CompressionName): Promise<Buffer> {
    this.closed = true;
    if (this.encoded === null) this.encoded = await this.builder.build(compression);
    return this.encoded;
  }

  /** `logAppendTimeMs` is -1 unless the topic stamps LogAppendTime, which then replaces every timestamp. */
  complete(baseOffset: number, logAppendTimeMs: number): void {
    const { sinks, slots, timestamps, topic, partition } = this;
    for (let i = 0; i < sinks.length; i++) {
      const offset = baseOffset < 0 ? -1 : baseOffset + i;
      const timestamp = logAppendTimeMs >= 0 ? logAppendTimeMs : timestamps[i];
      const sink = sinks[i];
      if (typeof sink === 'function') sink(null, [{ topic, partition, offset, timestamp }]);
      else sink.complete(slots[i], partition, offset, timestamp);
    }
    this.markDone();
  }

  /**
   * Two batches holding this one's records in order (first half, second half), for a broker
   * that refused the batch as MESSAGE_TOO_LARGE; this batch counts as done when both are.
   */
  async split(): Promise<[ProducerBatch, ProducerBatch]> {
    if (this.encoded === null || this.sinks.length < 2) throw new Error(`batch ${this.id} cannot be split`);
    const records = (await decodeRecordBatches(this.encoded)).flatMap((b) => b.records);
    const half = Math.ceil(records.length / 2);
    const parts: [ProducerBatch, ProducerBatch] = [
      new ProducerBatch(this.topic, this.partition, this.createdMs, Math.ceil(this.sizeBytes / 2)),
      new ProducerBatch(this.topic, this.partition, this.createdMs, Math.ceil(this.sizeBytes / 2)),
    ];
    records.forEach((record, i) => {
      const headers = record.headers.length > 0 ? record.headers : null;
      parts[i < half ? 0 : 1].append(
        record.key,
        record.value,
        headers,
        this.timestamps[i],
        this.sinks[i],
        this.slots[i],
      );
    });
    parts[0].accountedBytes = Math.floor(this.accountedBytes / 2);
    parts[1].accountedBytes = this.accountedBytes - parts[0].accountedBytes;
    for (const part of parts) part.closed = true;
    void Promise.all(parts.map((p) => p.whenDone())).then(() => this.markDone());
    return parts;
  }

  fail(error: ClientError): void {
    // A tracker settles once; later calls for its other records return at once. A callback sink
    // belongs to one record, in this batch alone.
    for (const sink of this.sinks) failSink(sink, error);
    this.markDone();
  }

  /** Resolves when the batch is acknowledged or failed (for flush). */
  whenDone(): Promise<void> {
    if (this.doneFlag) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private markDone(): void {
    this.doneFlag = true;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
