// Per-partition queues of batches between send() and the sender. A partition's batches leave in
// the order they were opened, and only the head of a queue is ever sendable: the sender marks a
// queue busy while its head is in flight, so a retried batch always goes out again before any
// later batch of that partition (ordering without idempotence). The accumulator also bounds the
// bytes buffered in all queues; it never talks to brokers.
//
// Batch size departs from Kafka's batch.size on purpose. With one request in flight per
// partition, batches of batchBytes would move at most batchBytes per round trip per partition.
// So while a partition is busy — from its first request until its queue runs empty, which covers
// every moment a request of it is in flight — its open batch keeps growing past batchBytes up
// to growthLimitBytes (under maxRequestBytes and the broker's default message.max.bytes): a busy
// partition ships big batches, an idle one still ships batchBytes-sized batches after lingerMs.
// (Busy rather than only in flight: between an answer and the sender's next scan, records would
// otherwise close a string of batchBytes batches that then leave one per round trip.)
// An idempotent producer keeps several batches of a partition in flight, in sequence order, so
// it needs no growth: there (growBusyBatches false) batches close at batchBytes as in Kafka, and
// batches behind the head may be sent too (the sender tracks that per batch).
import type { RecordHeader } from '../protocol/record-codec';
import { ProducerBatch, RecordSink } from './producer-batch';

/**
 * What a buffered record costs beyond its encoded bytes (its tracker slot, timestamp and share
 * of the send's objects): counted against the buffer bound so that bound tracks the heap.
 */
export const RECORD_MEMORY_OVERHEAD_BYTES = 64;

/**
 * Largest a batch grows while its partition has a request in flight: the broker's default
 * message.max.bytes is 1 MiB + 12, and 1 KiB stays free for compression framing of data that
 * does not compress.
 */
export const GROWN_BATCH_MAX_BYTES = 1024 * 1024 - 1024;

/** A new batch's buffer starts this small (at most) and doubles as records arrive. */
const INITIAL_BATCH_BUFFER_BYTES = 4096;

export interface PartitionQueue {
  readonly topic: string;
  readonly partition: number;
  /** Oldest first; index 0 is the only batch the sender may take. */
  readonly batches: ProducerBatch[];
  /** True while the head batch is in a request. */
  inFlight: boolean;
  /** Set when a request is sent, cleared when the queue runs empty: the open batch may grow. */
  busy: boolean;
  /** Set after the broker refused a grown batch as too large: the partition's batches stay below it. */
  maxBatchBytes?: number;
  /** Idempotent producing: batches of this partition in requests now. */
  inFlightCount: number;
  /** Idempotent producing: the sequence the next batch gets, under producer id `sequenceProducerId`. */
  nextSequence: number;
  sequenceProducerId: number;
}

export interface AccumulatorOptions {
  batchBytes: number;
  lingerMs: number;
  /** Bound of one request's batches; a growing batch stays within it. */
  maxRequestBytes: number;
  /** Called when a batch fills up, so the sender need not wait out the linger. */
  onBatchFull: () => void;
  /** Called with the time a newly opened batch's linger ends. */
  onBatchOpened: (readyAtMs: number) => void;
  /** Whether a busy partition's open batch grows past batchBytes. Default true (false when idempotent). */
  growBusyBatches?: boolean;
}

export class RecordAccumulator {
  private readonly byTopic = new Map<string, PartitionQueue[]>();
  private readonly queues: PartitionQueue[] = [];
  private bufferedBytesValue = 0;
  /** While > 0 (a flush or close is waiting), open batches are sendable without lingering. */
  private flushesInProgress = 0;
  /** How far an open batch may grow while its partition has a request in flight. */
  readonly growthLimitBytes: number;

  constructor(private readonly options: AccumulatorOptions) {
    this.growthLimitBytes = Math.max(options.batchBytes, Math.min(options.maxRequestBytes, GROWN_BATCH_MAX_BYTES));
  }

  get bufferedBytes(): number {
    return this.bufferedBytesValue;
  }

  get isFlushing(): boolean {
    return this.flushesInProgress > 0;
  }

  /** Every partition queue, for the sender's scan. */
  allQueues(): readonly PartitionQueue[] {
    return this.queues;
  }

  /** Topics with batches waiting or in flight (those worth a metadata refresh). */
  activeTopics(): string[] {
    const topics: string[] = [];
    for (const [topic, queues] of this.byTopic) {
      if (queues.some((q) => q !== undefined && q.batches.length > 0)) topics.push(topic);
    }
    return topics;
  }

  /** The open batch a new record for this partition would join, if any. */
  openBatch(topic: string, partition: number): ProducerBatch | undefined {
    const queue = this.byTopic.get(topic)?.[partition];
    const tail = queue?.batches[queue.batches.length - 1];
    return tail && !tail.closed ? tail : undefined;
  }

  /**
   * Writes one record into its partition's open batch, opening a new one when the record would
   * push the batch past its limit (batchBytes; growthLimitBytes while the partition is busy). `estimatedBytes` bounds the record's encoded size from above.
   * `nowMs` may be -1 (the caller had no reason to read the clock): it is read only if a batch opens.
   */
  append(
    topic: string,
    partition: number,
    key: Buffer | string | null,
    value: Buffer | string | null,
    headers: RecordHeader[] | null,
    timestamp: number,
    estimatedBytes: number,
    sink: RecordSink,
    slot: number,
    nowMs: number,
  ): ProducerBatch {
    const queue = this.queueFor(topic, partition);
    const { batchBytes } = this.options;
    const limit =
      queue.busy && this.options.growBusyBatches !== false
        ? Math.min(this.growthLimitBytes, queue.maxBatchBytes ?? Infinity)
        : batchBytes;
    let tail = queue.batches[queue.batches.length - 1];
    if (tail === undefined || tail.closed || (tail.recordCount > 0 && tail.sizeBytes + estimatedBytes > limit)) {
      if (tail !== undefined && !tail.closed) this.closeFull(tail);
      const openedMs = nowMs < 0 ? Date.now() : nowMs;
      tail = new ProducerBatch(topic, partition, openedMs, initialBufferBytes(tail, limit, batchBytes));
      queue.batches.push(tail);
      if (this.flushesInProgress > 0) this.options.onBatchFull();
      else this.options.onBatchOpened(openedMs + this.options.lingerMs);
    }
    const accounted = tail.append(key, value, headers, timestamp, sink, slot) + RECORD_MEMORY_OVERHEAD_BYTES;
    tail.accountedBytes += accounted;
    this.bufferedBytesValue += accounted;
    // An idle partition's batch closes at batchBytes as in Kafka; a busy one's keeps growing and
    // is sendable (isSendable) as soon as the partition's request comes back.
    if (tail.sizeBytes >= limit) this.closeFull(tail);
    return tail;
  }

  /** Whether the head batch may go now (closed, full, lingered long enough, or a flush is waiting). */
  isSendable(batch: ProducerBatch, nowMs: number): boolean {
    return (
      batch.closed ||
      batch.sizeBytes >= this.options.batchBytes ||
      this.flushesInProgress > 0 ||
      nowMs >= batch.createdMs + this.options.lingerMs
    );
  }

  /** When the batch's linger ends. */
  readyAtMs(batch: ProducerBatch): number {
    return batch.createdMs + this.options.lingerMs;
  }

  /** Removes a finished head batch from its queue and releases its buffer bytes. */
  removeHead(queue: PartitionQueue, batch: ProducerBatch): void {
    if (queue.batches[0] !== batch)
      throw new Error(`batch ${batch.id} is not the head of ${queue.topic}-${queue.partition}`);
    queue.batches.shift();
    if (queue.batches.length === 0) queue.busy = false;
    this.bufferedBytesValue -= batch.accountedBytes;
  }

  /** Removes a finished batch wherever it is in its queue (idempotent producing acknowledges out of queue order). */
  remove(queue: PartitionQueue, batch: ProducerBatch): void {
    const at = queue.batches.indexOf(batch);
    if (at < 0) throw new Error(`batch ${batch.id} is not in ${queue.topic}-${queue.partition}`);
    queue.batches.splice(at, 1);
    if (queue.batches.length === 0) queue.busy = false;
    this.bufferedBytesValue -= batch.accountedBytes;
  }

  /** Puts the two halves of a refused head batch in its place (they go out first, in order). */
  replaceHead(queue: PartitionQueue, batch: ProducerBatch, halves: [ProducerBatch, ProducerBatch]): void {
    if (queue.batches[0] !== batch)
      throw new Error(`batch ${batch.id} is not the head of ${queue.topic}-${queue.partition}`);
    queue.batches.splice(0, 1, ...halves);
    queue.maxBatchBytes = Math.max(this.options.batchBytes, Math.floor(batch.sizeBytes / 2));
  }

  /** Every batch not yet done, for flush(). */
  pendingBatches(): ProducerBatch[] {
    const pending: ProducerBatch[] = [];
    for (const queue of this.queues) pending.push(...queue.batches);
    return pending;
  }

  beginFlush(): void {
    this.flushesInProgress++;
  }

  endFlush(): void {
    this.flushesInProgress--;
  }

  private closeFull(batch: ProducerBatch): void {
    batch.closed = true;
    this.options.onBatchFull();
  }

  private queueFor(topic: string, partition: number): PartitionQueue {
    let byPartition = this.byTopic.get(topic);
    if (byPartition === undefined) {
      byPartition = [];
      this.byTopic.set(topic, byPartition);
    }
    let queue = byPartition[partition];
    if (queue === undefined) {
      queue = {
        topic,
        partition,
        batches: [],
        inFlight: false,
        busy: false,
        inFlightCount: 0,
        nextSequence: 0,
        sequenceProducerId: -1,
      };
      byPartition[partition] = queue;
      this.queues.push(queue);
    }
    return queue;
  }
}

/**
 * A new batch's first buffer. Behind a batch of a busy partition it starts at that batch's size
 * (a busy partition's batches come out about equally big), so a batch growing toward 1 MiB is
 * allocated once instead of doubling from 4 KiB through eight copies; otherwise it starts small.
 */
export function initialBufferBytes(
  previous: ProducerBatch | undefined,
  limitBytes: number,
  batchBytes: number,
): number {
  const small = Math.min(batchBytes, INITIAL_BATCH_BUFFER_BYTES);
  if (previous === undefined || limitBytes <= batchBytes) return small;
  return Math.max(small, Math.min(previous.sizeBytes, limitBytes));
}
