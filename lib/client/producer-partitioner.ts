// Which partition a produced record goes to. Keyed records follow the Java client's rule (murmur2
// of the key) so every Kafka client agrees on a key's partition; unkeyed records stick to one
// partition until the batch they are filling closes, then move on round-robin (Kafka's sticky
// partitioner, KIP-480): fuller batches, and still every partition over time.
import { partitionForKey, RoundRobinPartitioner } from './partitioner';
import { ClientError } from './errors';
import type { ProducerBatch } from './producer-batch';

export interface PartitionerInput {
  topic: string;
  key: Buffer | null;
  value: Buffer | null;
  partitionCount: number;
}

/** A custom partitioner returns a partition in [0, partitionCount). */
export type PartitionerFn = (input: PartitionerInput) => number;

/** 'murmur2': keyed → murmur2, unkeyed → sticky. 'round-robin': every unkeyed record to the next partition. */
export type PartitionerChoice = 'murmur2' | 'round-robin' | PartitionerFn;

/** Returned for unkeyed records under the sticky rule: the chooser decides at append time. */
export const STICKY = -1;

interface StickyState {
  partition: number;
  /** The batch the last unkeyed record joined; null right after the partition was chosen. */
  batch: ProducerBatch | null;
}

export class PartitionChooser {
  private readonly roundRobin = new RoundRobinPartitioner();
  private readonly sticky = new Map<string, StickyState>();

  constructor(private readonly choice: PartitionerChoice) {}

  /** The partition for a record, or STICKY when it is to be chosen as it is appended. */
  choose(topic: string, key: Buffer | null, value: Buffer | null, partitionCount: number): number {
    if (typeof this.choice === 'function') {
      const partition = this.choice({ topic, key, value, partitionCount });
      if (!Number.isInteger(partition) || partition < 0 || partition >= partitionCount) {
        throw new ClientError('INVALID_ARGUMENT', `the partitioner chose partition ${String(partition)} of ${topic}, which has ${partitionCount}`);
      }
      return partition;
    }
    if (key !== null) return partitionForKey(key, partitionCount);
    if (this.choice === 'round-robin') return this.roundRobin.next(topic, partitionCount);
    return STICKY;
  }

  /** The sticky partition for an unkeyed record of `recordBytes`, moving on when its batch is done. */
  stickyPartition(topic: string, partitionCount: number, recordBytes: number, batchBytes: number): number {
    const state = this.sticky.get(topic);
    if (state !== undefined && state.partition < partitionCount && !batchIsSpent(state.batch, recordBytes, batchBytes)) {
      return state.partition;
    }
    const partition = this.roundRobin.next(topic, partitionCount);
    this.sticky.set(topic, { partition, batch: null });
    return partition;
  }

  /** Records which batch the last sticky record joined. */
  noteStickyBatch(topic: string, batch: ProducerBatch): void {
    const state = this.sticky.get(topic);
    if (state !== undefined) state.batch = batch;
  }
}

function batchIsSpent(batch: ProducerBatch | null, recordBytes: number, batchBytes: number): boolean {
  if (batch === null) return false;
  return batch.closed || (batch.records.length > 0 && batch.sizeBytes + recordBytes > batchBytes);
}
