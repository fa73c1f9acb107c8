// Per-partition queues of batches between send() and the sender. A partition's batches leave in
// the order they were opened, and only the head of a queue is ever sendable: the sender marks a
// queue busy while its head is in flight, so a retried batch always goes out again before any
// later batch of that partition (ordering without idempotence). The accumulator also bounds the
// bytes buffered in all queues; it never talks to brokers.
import type { RecordInput } from '../protocol/record-codec';
import { BATCH_HEADER_BYTES } from '../protocol/batch-header';
import { ProducerBatch, SendTracker } from './producer-batch';

/**
 * What a buffered record costs in memory beyond its bytes (its objects, its slot in the send's
 * result): counted against the buffer bound so that bound tracks the heap, not only payloads.
 */
export const RECORD_MEMORY_OVERHEAD_BYTES = 256;

export interface PartitionQueue {
  readonly topic: string;
  readonly partition: number;
  /** Oldest first; index 0 is the only batch the sender may take. */
  readonly batches: ProducerBatch[];
  /** True while the head batch is in a request. */
  inFlight: boolean;
}

export interface AccumulatorOptions {
  batchBytes: number;
  lingerMs: number;
  /** Called when a batch fills up, so the sender need not wait out the linger. */
  onBatchFull: () => void;
  /** Called with the time a newly opened batch's linger ends. */
  onBatchOpened: (readyAtMs: number) => void;
}

export class RecordAccumulator {
  private readonly byTopic = new Map<string, PartitionQueue[]>();
  private readonly queues: PartitionQueue[] = [];
  private bufferedBytesValue = 0;
  /** While > 0 (a flush or close is waiting), open batches are sendable without lingering. */
  private flushesInProgress = 0;

  constructor(private readonly options: AccumulatorOptions) {}

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

  append(topic: string, partition: number, record: RecordInput, recordBytes: number, tracker: SendTracker, slot: number, nowMs: number): ProducerBatch {
    const queue = this.queueFor(topic, partition);
    const { batchBytes } = this.options;
    let tail = queue.batches[queue.batches.length - 1];
    if (tail === undefined || !tail.tryAppend(record, recordBytes, tracker, slot, batchBytes)) {
      if (tail !== undefined && !tail.closed) this.closeFull(tail);
      tail = new ProducerBatch(topic, partition, nowMs);
      queue.batches.push(tail);
      tail.tryAppend(record, recordBytes, tracker, slot, batchBytes);
      if (this.flushesInProgress > 0) this.options.onBatchFull();
      else this.options.onBatchOpened(nowMs + this.options.lingerMs);
    }
    this.bufferedBytesValue += recordBytes + RECORD_MEMORY_OVERHEAD_BYTES;
    if (tail.sizeBytes >= batchBytes) this.closeFull(tail);
    return tail;
  }

  /** Whether the head batch may go now (full, lingered long enough, or a flush is waiting). */
  isSendable(batch: ProducerBatch, nowMs: number): boolean {
    return batch.closed || this.flushesInProgress > 0 || nowMs >= batch.createdMs + this.options.lingerMs;
  }

  /** When the batch's linger ends. */
  readyAtMs(batch: ProducerBatch): number {
    return batch.createdMs + this.options.lingerMs;
  }

  /** Removes a finished head batch from its queue and releases its buffer bytes. */
  removeHead(queue: PartitionQueue, batch: ProducerBatch): void {
    if (queue.batches[0] !== batch) throw new Error(`batch ${batch.id} is not the head of ${queue.topic}-${queue.partition}`);
    queue.batches.shift();
    this.bufferedBytesValue -= batch.sizeBytes - BATCH_HEADER_BYTES + batch.records.length * RECORD_MEMORY_OVERHEAD_BYTES;
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
      queue = { topic, partition, batches: [], inFlight: false };
      byPartition[partition] = queue;
      this.queues.push(queue);
    }
    return queue;
  }
}
