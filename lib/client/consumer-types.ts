// The Consumer's public shapes: options, messages, handler payloads, and the topic-partition
// key every consumer module uses for its maps.
import type { ConnectionSecurity } from '../network/connection';
import type { Logger } from '../util/logger';
import type { RecordHeader } from '../protocol/record-codec';
import type { PartitionAssignor } from './assignors';

export type OffsetResetPolicy = 'earliest' | 'latest';

export interface ConsumerOptions {
  brokers?: string[];
  zookeeper?: string;
  clientId?: string;
  /** security.protocol and the SASL login (PLAINTEXT when absent). */
  security?: ConnectionSecurity;

  /** Absent: group-less mode (use assign()). */
  groupId?: string;
  sessionTimeoutMs?: number;
  rebalanceTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  /** In preference order; Java's default order (range first). */
  assignors?: Array<'range' | 'roundrobin' | string | PartitionAssignor>;
  autoCommit?: boolean;
  autoCommitIntervalMs?: number;
  /** Shorthand for autoOffsetReset: 'earliest'. */
  fromBeginning?: boolean;
  /** Where to start without a committed offset, and after OFFSET_OUT_OF_RANGE. Default latest. */
  autoOffsetReset?: OffsetResetPolicy;
  /** fetch.max.wait.ms (default 500). */
  maxWaitMs?: number;
  /** fetch.min.bytes (default 1). */
  minBytes?: number;
  /** fetch.max.bytes: per Fetch response (default 50 MiB). */
  maxBytes?: number;
  /** max.partition.fetch.bytes: per partition per Fetch (default 1 MiB; grown while one batch is larger). */
  maxPartitionBytes?: number;
  /** check.crcs: verify each fetched batch's CRC-32C before decoding it (default true). */
  checkCrcs?: boolean;
  requestTimeoutMs?: number;
  connectTimeoutMs?: number;
  /** Called after each completed rebalance with this member's new partitions. */
  onAssign?: (partitions: TopicPartition[]) => void | Promise<void>;
  /** Called before partitions are given up (offsets are committed first when autoCommit). */
  onRevoke?: (partitions: TopicPartition[]) => void | Promise<void>;
  logger?: Logger;
}

export interface TopicPartition {
  topic: string;
  partition: number;
}

export interface TopicPartitionOffset extends TopicPartition {
  offset: number;
}

/** What assign() accepts: a number, or where to start when absent/named. */
export interface AssignedPartition extends TopicPartition {
  offset?: number | OffsetResetPolicy;
}

export interface ConsumerMessage {
  offset: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: RecordHeader[];
  timestamp: number;
}

export interface EachMessagePayload {
  topic: string;
  partition: number;
  message: ConsumerMessage;
}

export interface EachBatchPayload {
  topic: string;
  partition: number;
  messages: ConsumerMessage[];
  highWatermark: number;
}

/** A message from the async iterator carries where it came from. */
export interface IteratedMessage extends ConsumerMessage {
  topic: string;
  partition: number;
}

export interface RunOptions {
  eachMessage?: (payload: EachMessagePayload) => Promise<void> | void;
  eachBatch?: (payload: EachBatchPayload) => Promise<void> | void;
}

export interface PauseSpec {
  topic: string;
  /** Absent: every assigned partition of the topic. */
  partitions?: number[];
}

/** Events a Consumer emits: assign/revoke (TopicPartition[]), rebalance ({generationId, memberId, assignment}), commit (TopicPartitionOffset[]). */
export type ConsumerEvent = 'assign' | 'revoke' | 'rebalance' | 'commit';

export function tpKey(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}

export function tpOfKey(key: string): TopicPartition {
  const i = key.lastIndexOf('\u0000');
  return { topic: key.slice(0, i), partition: Number(key.slice(i + 1)) };
}

export function sortTopicPartitions<T extends TopicPartition>(list: T[]): T[] {
  return list.sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
}
