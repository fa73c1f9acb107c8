// Which partition a produced record goes to. Keyed records follow the Java client's rule (murmur2
// of the key) so every Kafka client agrees on a key's partition; unkeyed records stick to one
// partition until the batch they are filling closes, then move on round-robin (Kafka's sticky
// partitioner, KIP-480): fuller batches, and still every partition over time. Because a busy
// partition's batch grows past batchBytes (record-accumulator.ts), stickiness also ends once
// batchBytes of unkeyed records went to the partition, as in KIP-794: a busy producer spreads
// over every partition instead of filling one ever-growing batch.
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
  /** Estimated bytes of the unkeyed records sent to `partition` since it was chosen. */
  bytes: number;
}

export class PartitionChooser {
  private readonly roundRobin = new RoundRobinPartitioner();
  private readonly sticky = new Map<string, StickyState>();

  constructor(private readonly choice: PartitionerChoice) {}

  /** The partition for a record, or STICKY when it is to be chosen as it is appended. */
  choose(topic: string, key: Buffer | null, value: Buffer | string | null, partitionCount: number): number {
    if (typeof this.choice === 'function') {
      const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
      const partition = this.choice({ topic, key, value: bytes, partitionCount });
      if (!Number.isInteger(partition) || partition < 0 || partition >= partitionCount) {
        throw new ClientError(
          'INVALID_ARGUMENT',
          `the partitioner chose partition ${String(partition)} of ${topic}, which has ${partitionCount}`,
        );
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
    if (state !== undefined && state.partition < partitionCount && !isSpent(state, recordBytes, batchBytes)) {
      return state.partition;
    }
    const partition = this.roundRobin.next(topic, partitionCount);
    if (state === undefined) this.sticky.set(topic, { partition, batch: null, bytes: 0 });
    else {
      state.partition = partition;
      state.batch = null;
      state.bytes = 0;
    }
    return partition;
  }

  /** Records which batch the last sticky record (of `recordBytes`) joined. */
  noteStickyBatch(topic: string, batch: ProducerBatch, recordBytes: number): void {
    const state = this.sticky.get(topic);
    if (state === undefined) return;
    state.batch = batch;
    state.bytes += recordBytes;
  }
}

function isSpent(state: StickyState, recordBytes: number, batchBytes: number): boolean {
  if (state.batch === null) return false;
  return state.batch.closed || state.bytes + recordBytes > batchBytes;
}
