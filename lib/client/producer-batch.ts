// The producer's units of work: a SendTracker is one send() call (one promise for all its
// messages), a ProducerBatch is the records of one partition that travel as one record batch.
// A batch remembers which tracker slot each record fills, so completing a batch costs one loop
// and no per-record promise.
import type { RecordInput } from '../protocol/record-codec';
import { BATCH_HEADER_BYTES } from '../protocol/batch-header';
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

/** The uncompressed bytes a record will take in its batch, estimated from above. */
export function estimateRecordBytes(record: RecordInput): number {
  let bytes = RECORD_OVERHEAD_BYTES + (record.key?.length ?? 0) + (record.value?.length ?? 0);
  const headers = record.headers;
  if (headers) {
    for (let i = 0; i < headers.length; i++) {
      bytes += HEADER_OVERHEAD_BYTES + Buffer.byteLength(headers[i].key) + (headers[i].value?.length ?? 0);
    }
  }
  return bytes;
}

/** One send() call: resolves once every one of its records is acknowledged, rejects on the first failure. */
export class SendTracker {
  readonly results: RecordMetadata[];
  private remaining: number;
  private settled = false;

  constructor(
    readonly topic: string,
    count: number,
    private readonly onResolve: (results: RecordMetadata[]) => void,
    private readonly onReject: (error: ClientError) => void,
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
    this.onReject(error);
  }

  private finish(): void {
    this.settled = true;
    this.onResolve(this.results);
  }
}

let nextBatchId = 1;

/** Records of one partition sent together; closed (no more appends) once full, lingered or sent. */
export class ProducerBatch {
  readonly id = nextBatchId++;
  readonly records: RecordInput[] = [];
  private readonly trackers: SendTracker[] = [];
  private readonly slots: number[] = [];
  sizeBytes = BATCH_HEADER_BYTES;
  closed = false;
  /** Send attempts made so far. */
  attempts = 0;
  /** Not sent again before this time (after a retriable failure). */
  retryAtMs = 0;
  /** The encoded record batch: built once, reused by every retry. */
  encoded: Buffer | null = null;
  private doneFlag = false;
  private waiters: Array<() => void> = [];

  constructor(readonly topic: string, readonly partition: number, readonly createdMs: number) {}

  get isDone(): boolean {
    return this.doneFlag;
  }

  /** Adds the record unless the batch is closed or it would grow past `batchBytes` (an empty batch takes anything). */
  tryAppend(record: RecordInput, recordBytes: number, tracker: SendTracker, slot: number, batchBytes: number): boolean {
    if (this.closed) return false;
    if (this.records.length > 0 && this.sizeBytes + recordBytes > batchBytes) return false;
    this.records.push(record);
    this.trackers.push(tracker);
    this.slots.push(slot);
    this.sizeBytes += recordBytes;
    return true;
  }

  /** `logAppendTimeMs` is -1 unless the topic stamps LogAppendTime, which then replaces every timestamp. */
  complete(baseOffset: number, logAppendTimeMs: number): void {
    const records = this.records;
    for (let i = 0; i < records.length; i++) {
      const offset = baseOffset < 0 ? -1 : baseOffset + i;
      const timestamp = logAppendTimeMs >= 0 ? logAppendTimeMs : (records[i].timestamp as number);
      this.trackers[i].complete(this.slots[i], this.partition, offset, timestamp);
    }
    this.markDone();
  }

  fail(error: ClientError): void {
    const seen = new Set<SendTracker>();
    for (const tracker of this.trackers) {
      if (seen.has(tracker)) continue;
      seen.add(tracker);
      tracker.fail(error);
    }
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
