// Offsets as the consumer sees them: committed positions of a group (OffsetCommit / OffsetFetch
// on the group coordinator) and the log's bounds (ListOffsets on each partition's leader). Every
// failing partition is reported in the ClientError's `partitions`, not only the first.
import type { BrokerConnection } from './broker-connection';
import type { Cluster } from './cluster';
import { ClientError, PartitionFailure, needsMetadataRefresh } from './errors';
import { withRetry } from './retry';
import { offsetCommitApi, OffsetCommitResponse } from '../protocol/apis/offset-commit';
import { offsetFetchApi, OffsetFetchResponse } from '../protocol/apis/offset-fetch';
import { listOffsetsApi } from '../protocol/apis/list-offsets';
import { ErrorCode, errorInfo } from '../protocol/error-codes';
import { tpKey, TopicPartition, TopicPartitionOffset } from './consumer-types';

/** ListOffsets' special timestamps. */
export const LATEST_TIMESTAMP = -1;
export const EARLIEST_TIMESTAMP = -2;

export interface GroupIdentity {
  groupId: string;
  /** -1 for commits outside group management (group-less consumers). */
  generationId: number;
  memberId: string;
  groupInstanceId?: string | null;
}

function groupByTopic<T extends TopicPartition>(list: T[]): Map<string, T[]> {
  const byTopic = new Map<string, T[]>();
  for (const item of list) {
    const entries = byTopic.get(item.topic);
    if (entries) entries.push(item);
    else byTopic.set(item.topic, [item]);
  }
  return byTopic;
}

function failure(topic: string, partition: number, errorCode: number): PartitionFailure {
  const info = errorInfo(errorCode);
  return { topic, partition, code: info.name, errorCode, message: `${topic}-${partition}: ${info.name}` };
}

/** Throws one ClientError naming every failed partition (its code is the first failure's). */
function throwIfFailures(context: string, failures: PartitionFailure[]): void {
  if (failures.length === 0) return;
  const first = failures[0];
  throw new ClientError(first.code, `${context}: ${failures.map((f) => f.message).join(', ')}`, {
    errorCode: first.errorCode,
    retriable: errorInfo(first.errorCode).retriable,
    partitions: failures,
  });
}

/**
 * Commits `offsets` (each = the next offset to consume, with optional commit metadata) through
 * the coordinator connection; generation -1 and an empty member id commit from outside the group.
 */
export async function commitOffsets(
  coordinator: BrokerConnection,
  group: GroupIdentity,
  offsets: Array<TopicPartitionOffset & { metadata?: string }>,
): Promise<void> {
  if (offsets.length === 0) return;
  const topics = [...groupByTopic(offsets)].map(([name, list]) => ({
    name,
    partitions: list.map((o) => ({
      partitionIndex: o.partition,
      committedOffset: o.offset,
      committedLeaderEpoch: -1,
      commitTimestamp: -1,
      committedMetadata: o.metadata ?? '',
    })),
  }));
  const { response } = await coordinator.request(
    offsetCommitApi,
    {
      groupId: group.groupId,
      generationId: group.generationId,
      memberId: group.memberId,
      groupInstanceId: group.groupInstanceId ?? null,
      retentionTimeMs: -1,
      topics,
    },
    { min: 2, max: 8 },
  );
  const failures = (response as OffsetCommitResponse).topics.flatMap((t) =>
    t.partitions
      .filter((p) => p.errorCode !== ErrorCode.NONE)
      .map((p) => failure(t.name, p.partitionIndex, p.errorCode)),
  );
  throwIfFailures(`OffsetCommit for group ${group.groupId}`, failures);
}

/** Committed offsets of `partitions` for `groupId`: key tpKey → offset (-1: none committed). */
export async function fetchCommittedOffsets(
  coordinator: BrokerConnection,
  groupId: string,
  partitions: TopicPartition[],
): Promise<Map<string, number>> {
  const committed = new Map<string, number>();
  if (partitions.length === 0) return committed;
  const topics = [...groupByTopic(partitions)].map(([name, list]) => ({
    name,
    partitionIndexes: list.map((p) => p.partition),
  }));
  const { response } = await coordinator.request(
    offsetFetchApi,
    { groupId, topics, groups: [], requireStable: false },
    { min: 1, max: 7 },
  );
  const answer = response as OffsetFetchResponse;
  if (answer.errorCode) throw ClientError.fromErrorCode(answer.errorCode, `OffsetFetch for group ${groupId}`);
  const failures: PartitionFailure[] = [];
  for (const t of answer.topics) {
    for (const p of t.partitions) {
      if (p.errorCode !== ErrorCode.NONE) failures.push(failure(t.name, p.partitionIndex, p.errorCode));
      else committed.set(tpKey(t.name, p.partitionIndex), p.committedOffset);
    }
  }
  throwIfFailures(`OffsetFetch for group ${groupId}`, failures);
  return committed;
}

export interface OffsetQuery extends TopicPartition {
  /** LATEST_TIMESTAMP, EARLIEST_TIMESTAMP or a time in ms. */
  timestamp: number;
}

/** Offsets for timestamps, one ListOffsets per leader; retried after leader moves. Key tpKey. */
export async function listOffsets(cluster: Cluster, queries: OffsetQuery[]): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  let pending = queries;
  await withRetry(
    'ListOffsets',
    async () => {
      const byLeader = new Map<number, OffsetQuery[]>();
      for (const q of pending) {
        await cluster.partitionsFor(q.topic);
        const leader = cluster.leaderOf(q.topic, q.partition);
        byLeader.set(leader, [...(byLeader.get(leader) ?? []), q]);
      }
      const failures = (
        await Promise.all([...byLeader].map(([leader, list]) => listFromLeader(cluster, leader, list, found)))
      ).flat();
      pending = pending.filter((q) => !found.has(tpKey(q.topic, q.partition)));
      throwIfFailures('ListOffsets', failures);
    },
    { retries: 8 },
    async (error) => {
      if (error.partitions.some((p) => needsMetadataRefresh(p.errorCode)) || error.code === 'CONNECTION') {
        await cluster.refreshMetadata([...new Set(pending.map((q) => q.topic))]);
      }
    },
  );
  return found;
}

async function listFromLeader(
  cluster: Cluster,
  leader: number,
  queries: OffsetQuery[],
  found: Map<string, number>,
): Promise<PartitionFailure[]> {
  if (leader < 0) return queries.map((q) => failure(q.topic, q.partition, ErrorCode.LEADER_NOT_AVAILABLE));
  let connection: BrokerConnection | null = null;
  try {
    connection = await cluster.connectionTo(leader);
    const topics = [...groupByTopic(queries)].map(([name, list]) => ({
      name,
      partitions: list.map((q) => ({
        partitionIndex: q.partition,
        currentLeaderEpoch: -1,
        timestamp: q.timestamp,
        maxNumOffsets: 1,
      })),
    }));
    const { response } = await connection.request(
      listOffsetsApi,
      { replicaId: -1, isolationLevel: 0, topics },
      { min: 1, max: 5 },
    );
    const failures: PartitionFailure[] = [];
    for (const t of response.topics) {
      for (const p of t.partitions) {
        if (p.errorCode !== ErrorCode.NONE) failures.push(failure(t.name, p.partitionIndex, p.errorCode));
        else found.set(tpKey(t.name, p.partitionIndex), p.offset);
      }
    }
    return failures;
  } catch (error) {
    // A lost leader connection: report the partitions as needing new metadata.
    if (error instanceof ClientError && error.retriable) {
      if (connection && error.code === 'CONNECTION') cluster.dropConnection(connection);
      return queries.map((q) => failure(q.topic, q.partition, ErrorCode.NOT_LEADER_OR_FOLLOWER));
    }
    throw error;
  }
}
