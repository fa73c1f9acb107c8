// Consumer-group requests for the Admin client: list (every broker), describe, committed offsets
// (fetch and alter) and delete, each group's requests sent to its coordinator and retried after
// a coordinator move. Also home of `throwFailures`, the answer check every Admin request shares
// (admin.ts imports it from here; this file must not import admin.ts). Connections and
// coordinator lookup belong to the shared Cluster.
import type { Cluster } from './cluster';
import type { BrokerConnection } from './broker-connection';
import { ClientError, PartitionFailure } from './errors';
import { withRetry, RetryOptions } from './retry';
import { listGroupsApi } from '../protocol/apis/list-groups';
import { describeGroupsApi, DescribedGroup } from '../protocol/apis/describe-groups';
import { offsetFetchApi } from '../protocol/apis/offset-fetch';
import { commitOffsets } from './offsets';
import { deleteGroupsApi } from '../protocol/apis/delete-groups';
import { decodeConsumerAssignment, decodeConsumerSubscription } from '../protocol/consumer-protocol';
import { errorInfo, ErrorCode } from '../protocol/error-codes';

export interface GroupListing {
  groupId: string;
  protocolType: string;
  /** Only from brokers serving ListGroups v4+. */
  state?: string;
}

export interface MemberDescription {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  /** Subscribed topics (consumer groups only). */
  subscription: string[];
  assignment: Array<{ topic: string; partitions: number[] }>;
}

export interface GroupDescription {
  groupId: string;
  state: string;
  protocolType: string;
  protocol: string;
  members: MemberDescription[];
}

export interface CommittedOffset {
  topic: string;
  partition: number;
  offset: number;
  metadata: string | null;
}

/** An offset to commit for a group: the next offset its consumers will read. */
export interface GroupOffset {
  topic: string;
  partition: number;
  offset: number;
  metadata?: string;
}

/** An answer entry to check: partition -1 for topic- (or group-) level errors. */
export type Failure = Omit<PartitionFailure, 'code'> & { code?: string };

export class AdminGroups {
  constructor(
    private readonly cluster: Cluster,
    private readonly retry: RetryOptions,
  ) {}

  /** Every broker's groups (each broker lists those it coordinates), merged; or only `brokerIds`' groups. */
  async listGroups(brokerIds?: number[]): Promise<GroupListing[]> {
    await withRetry('Metadata', () => this.cluster.refreshMetadata([]), this.retry);
    const asked = this.cluster.knownBrokers().filter((b) => brokerIds === undefined || brokerIds.includes(b.nodeId));
    const perBroker = await Promise.all(
      asked.map((b) =>
        withRetry(
          `ListGroups to broker ${b.nodeId}`,
          async () => {
            const connection = await this.cluster.connectionTo(b.nodeId);
            const { version, response } = await connection.request(listGroupsApi, { statesFilter: [] });
            throwFailures(`ListGroups to broker ${b.nodeId}`, [
              { topic: '', partition: -1, errorCode: response.errorCode, message: '' },
            ]);
            return response.groups.map((g) => ({
              groupId: g.groupId,
              protocolType: g.protocolType,
              ...(version >= 4 ? { state: g.groupState } : {}),
            }));
          },
          this.retry,
        ),
      ),
    );
    const merged = new Map<string, GroupListing>();
    for (const g of perBroker.flat()) merged.set(g.groupId, g);
    return [...merged.values()].sort((a, b) => a.groupId.localeCompare(b.groupId));
  }

  /** Each group from its coordinator; a group nobody knows is described as state Dead. */
  async describeGroups(groupIds: string[]): Promise<GroupDescription[]> {
    return Promise.all(
      groupIds.map((groupId) =>
        this.toCoordinator(groupId, 'DescribeGroups', async (connection) => {
          const { response } = await connection.request(describeGroupsApi, {
            groups: [groupId],
            includeAuthorizedOperations: false,
          });
          const group = response.groups.find((g) => g.groupId === groupId);
          if (!group) throw new ClientError('UNKNOWN', `DescribeGroups: no answer for group ${groupId}`);
          throwFailures(`describing group ${groupId}`, [
            { topic: groupId, partition: -1, errorCode: group.errorCode, message: '' },
          ]);
          return describeGroup(group);
        }),
      ),
    );
  }

  /** Committed offsets of a group (offset -1: none), for `topics` or every committed partition. */
  async fetchOffsets(groupId: string, topics?: string[]): Promise<CommittedOffset[]> {
    const wanted = topics
      ? await Promise.all(
          topics.map(async (name) => ({
            name,
            partitionIndexes: (await this.cluster.partitionsFor(name)).map((p) => p.partition),
          })),
        )
      : null;
    return this.toCoordinator(groupId, 'OffsetFetch', async (connection) => {
      const { response } = await connection.request(
        offsetFetchApi,
        {
          groupId,
          topics: wanted,
          groups: [{ groupId, topics: wanted }],
          requireStable: false,
        },
        { min: wanted ? 1 : 2, max: 7 },
      );
      throwFailures(`OffsetFetch for group ${groupId}`, [
        { topic: groupId, partition: -1, errorCode: response.errorCode, message: '' },
      ]);
      const offsets = response.topics.flatMap((t) =>
        t.partitions.map((p) => ({
          topic: t.name,
          partition: p.partitionIndex,
          offset: p.committedOffset,
          metadata: p.metadata,
          errorCode: p.errorCode,
        })),
      );
      throwFailures(
        `OffsetFetch for group ${groupId}`,
        offsets.map((o) => ({ ...o, message: '' })),
      );
      return offsets
        .map(({ topic, partition, offset, metadata }) => ({ topic, partition, offset, metadata }))
        .sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
    });
  }

  /**
   * Overwrites a group's committed offsets from outside the group: generation -1 and no member
   * id, so the coordinator accepts it only while the group has no members (an active group
   * answers UNKNOWN_MEMBER_ID or REBALANCE_IN_PROGRESS, which are not retried).
   */
  async alterGroupOffsets(groupId: string, offsets: GroupOffset[]): Promise<void> {
    const invalid = offsets.filter((o) => !Number.isSafeInteger(o.offset) || o.offset < 0);
    if (invalid.length > 0) {
      throw new ClientError(
        'INVALID_ARGUMENT',
        `alterGroupOffsets for group ${groupId}: offsets must be non-negative integers (${invalid.map((o) => `${o.topic}-${o.partition}: ${o.offset}`).join(', ')})`,
      );
    }
    if (offsets.length === 0) return;
    await this.toCoordinator(groupId, 'OffsetCommit', (connection) =>
      commitOffsets(connection, { groupId, generationId: -1, memberId: '' }, offsets),
    );
  }

  /** Deletes empty groups and their committed offsets. */
  async deleteGroups(groupIds: string[]): Promise<void> {
    const failures = await Promise.all(
      groupIds.map((groupId) =>
        this.toCoordinator(groupId, 'DeleteGroups', async (connection) => {
          const { response } = await connection.request(deleteGroupsApi, { groupsNames: [groupId] });
          const errorCode =
            response.results.find((r) => r.groupId === groupId)?.errorCode ?? ErrorCode.UNKNOWN_SERVER_ERROR;
          if (errorInfo(errorCode).retriable)
            throwFailures(`DeleteGroups ${groupId}`, [{ topic: groupId, partition: -1, errorCode, message: '' }]);
          return { topic: groupId, partition: -1, errorCode, message: '' };
        }),
      ),
    );
    throwFailures('deleting groups', failures);
  }

  private async toCoordinator<T>(
    groupId: string,
    what: string,
    run: (connection: BrokerConnection) => Promise<T>,
  ): Promise<T> {
    return withRetry(
      `${what} for group ${groupId}`,
      async () => {
        const connection = await this.cluster.connectionTo(await this.cluster.findCoordinator(groupId));
        return run(connection);
      },
      this.retry,
    );
  }
}

/**
 * Throws one ClientError for every failed entry: the first failure's code, every failure in
 * `partitions` (partition -1 for topic-level errors); retriable only when all of them are.
 */
export function throwFailures(context: string, entries: Failure[]): void {
  const failed = entries.filter((e) => e.errorCode !== ErrorCode.NONE);
  if (failed.length === 0) return;
  const detailed: PartitionFailure[] = failed.map((f) => {
    const info = errorInfo(f.errorCode);
    const where = f.partition >= 0 ? `${f.topic}-${f.partition}` : f.topic;
    return {
      topic: f.topic,
      partition: f.partition,
      code: info.name,
      errorCode: f.errorCode,
      message: `${where}: ${info.name}: ${f.message || info.message}`,
    };
  });
  const first = detailed[0];
  throw new ClientError(first.code, `${context}: ${detailed.map((d) => d.message).join('; ')}`, {
    errorCode: first.errorCode,
    retriable: failed.every((f) => errorInfo(f.errorCode).retriable),
    partitions: detailed,
  });
}

function describeGroup(group: DescribedGroup): GroupDescription {
  const consumer = group.protocolType === 'consumer';
  return {
    groupId: group.groupId,
    state: group.groupState,
    protocolType: group.protocolType,
    protocol: group.protocolData,
    members: group.members.map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      clientId: m.clientId,
      clientHost: m.clientHost,
      subscription: consumer && m.memberMetadata.length > 0 ? decodeConsumerSubscription(m.memberMetadata).topics : [],
      assignment:
        consumer && m.memberAssignment.length > 0
          ? decodeConsumerAssignment(m.memberAssignment).assignedPartitions.map((a) => ({
              topic: a.topic,
              partitions: [...a.partitions].sort((x, y) => x - y),
            }))
          : [],
    })),
  };
}
