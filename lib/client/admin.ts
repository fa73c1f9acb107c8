// The admin client: topics (create, delete, list, describe, add partitions), the cluster
// (brokers, controller), consumer groups (list, describe, committed offsets read and written,
// delete: admin-groups.ts) and configs (admin-configs.ts), plus partition offsets. It owns
// request building and answer checking only; connections, metadata and coordinator lookup
// belong to the shared Cluster. Requests Kafka reserves for the controller go to it and are
// retried after NOT_CONTROLLER; group requests go to each group's coordinator; ListOffsets goes
// to partition leaders. Every failure is a ClientError naming each failed topic/partition.
import {
  alterUserScramCredentials,
  describeUserScramCredentials,
  type ScramAlteration,
  type ScramCredentialInfo,
} from './admin-scram';
import type { ConnectionSecurity } from '../network/connection';
import { Cluster, BrokerAddress, TopicMetadata } from './cluster';
import type { BrokerConnection, VersionBounds } from './broker-connection';
import { ClientError, needsMetadataRefresh } from './errors';
import { delay, withRetry, RetryOptions } from './retry';
import type { ApiSpec } from '../protocol/api-spec';
import { metadataApi } from '../protocol/apis/metadata';
import { createTopicsApi } from '../protocol/apis/create-topics';
import { deleteTopicsApi } from '../protocol/apis/delete-topics';
import { createPartitionsApi } from '../protocol/apis/create-partitions';
import { listOffsetsApi } from '../protocol/apis/list-offsets';
import { ErrorCode } from '../protocol/error-codes';
import { ZERO_UUID } from '../protocol/schema-types';
import type { Logger } from '../util/logger';
import { describeConfigsOnce, ConfigResourceRequest, ConfigResourceDescription } from './admin-configs';
import { AdminGroups, throwFailures } from './admin-groups';
import { describeLogDirs, type BrokerLogDirs, type LogDirQuery } from './admin-log-dirs';
import type { Failure, GroupListing, GroupDescription, CommittedOffset, GroupOffset } from './admin-groups';

export type { BrokerLogDirs, LogDirDescription, ReplicaLogDescription, LogDirQuery } from './admin-log-dirs';
export type { GroupListing, MemberDescription, GroupDescription, CommittedOffset, GroupOffset } from './admin-groups';

export interface AdminOptions {
  /** Bootstrap brokers as "host:port"; or give `zookeeper`. */
  brokers?: string[];
  /** ZooKeeper connect string (with chroot) whose /brokers/ids lists the brokers. */
  zookeeper?: string;
  clientId?: string;
  /** security.protocol and the SASL login (PLAINTEXT when absent). */
  security?: ConnectionSecurity;

  requestTimeoutMs?: number;
  retry?: RetryOptions;
  logger?: Logger;
}

export interface NewTopic {
  topic: string;
  numPartitions?: number;
  replicationFactor?: number;
  /** partition → replicas (instead of numPartitions/replicationFactor). */
  replicaAssignment?: Record<number, number[]>;
  configs?: Record<string, string>;
}

export interface PartitionDescription {
  partition: number;
  leader: number;
  leaderEpoch: number;
  replicas: number[];
  isr: number[];
  offlineReplicas: number[];
}

export interface TopicDescription {
  name: string;
  errorCode: number;
  isInternal: boolean;
  partitions: PartitionDescription[];
}

export interface TopicsDescription {
  brokers: BrokerAddress[];
  controllerId: number;
  topics: TopicDescription[];
}

export interface NewPartitions {
  topic: string;
  /** The new total partition count. */
  count: number;
  /** Replicas of each added partition, in order (one list per new partition). */
  assignments?: number[][];
}

export interface ClusterDescription {
  clusterId: string | null;
  controllerId: number;
  brokers: BrokerAddress[];
}

export type OffsetSpec = 'earliest' | 'latest' | number;
export interface PartitionOffset {
  topic: string;
  partition: number;
  offset: number;
  timestamp: number;
}
const EARLIEST = -2;
const LATEST = -1;
/** Kafka's DEBUGGING_REPLICA_ID: ListOffsets answers it 'latest' with the log end offset. */
const DEBUGGING_REPLICA_ID = -2;
const METADATA_POLL_MS = 50;

export class Admin {
  readonly cluster: Cluster;
  private readonly requestTimeoutMs: number;
  private readonly retry: RetryOptions;
  private readonly groups: AdminGroups;

  constructor(options: AdminOptions) {
    this.requestTimeoutMs = options.requestTimeoutMs ?? 30000;
    this.retry = options.retry ?? { retries: 8, initialBackoffMs: 100, maxBackoffMs: 1000 };
    this.cluster = new Cluster({
      brokers: options.brokers,
      zookeeper: options.zookeeper,
      clientId: options.clientId ?? 'samsa-admin',
      security: options.security,
      requestTimeoutMs: this.requestTimeoutMs,
      logger: options.logger,
    });
    this.groups = new AdminGroups(this.cluster, this.retry);
  }

  /** The old one-line form: `Admin.connect('host:port[,host:port]')`, connected. */
  static async connect(bootstrap: string, clientId = 'samsa-admin', security?: ConnectionSecurity): Promise<Admin> {
    const admin = new Admin({
      security,
      brokers: bootstrap
        .split(',')
        .map((b) => b.trim())
        .filter((b) => b !== ''),
      clientId,
    });
    try {
      await admin.connect();
    } catch (error) {
      await admin.close();
      throw error;
    }
    return admin;
  }

  async connect(): Promise<void> {
    await withRetry('connecting', () => this.cluster.connect(), this.retry);
  }

  async close(): Promise<void> {
    await this.cluster.close();
  }

  async createTopics(
    topics: NewTopic[],
    options: { timeoutMs?: number; validateOnly?: boolean } | number = {},
  ): Promise<void> {
    const { timeoutMs = this.serverTimeoutMs(), validateOnly = false } =
      typeof options === 'number' ? { timeoutMs: options } : options;
    const needsDefaults = topics.some(
      (t) => !t.replicaAssignment && (t.numPartitions === undefined || t.replicationFactor === undefined),
    );
    await this.toController(
      'CreateTopics',
      createTopicsApi,
      topics.map((t) => t.topic),
      (names) => ({
        topics: topics
          .filter((t) => names.includes(t.topic))
          .map((t) => ({
            name: t.topic,
            numPartitions: t.replicaAssignment ? -1 : (t.numPartitions ?? -1),
            replicationFactor: t.replicaAssignment ? -1 : (t.replicationFactor ?? -1),
            assignments: Object.entries(t.replicaAssignment ?? {}).map(([p, brokerIds]) => ({
              partitionIndex: Number(p),
              brokerIds,
            })),
            configs: Object.entries(t.configs ?? {}).map(([name, value]) => ({ name, value })),
          })),
        timeoutMs,
        validateOnly,
      }),
      { min: needsDefaults ? 4 : validateOnly ? 1 : 0 },
      (r) =>
        r.topics.map((t) => ({ topic: t.name, partition: -1, errorCode: t.errorCode, message: t.errorMessage ?? '' })),
    );
    if (!validateOnly)
      await this.awaitMetadata(
        topics.map((t) => ({ topic: t.topic, count: 1 })),
        timeoutMs,
      );
  }

  async deleteTopics(names: string[], timeoutMs = this.serverTimeoutMs()): Promise<void> {
    await this.toController(
      'DeleteTopics',
      deleteTopicsApi,
      names,
      (pending) => ({
        topicNames: pending,
        topics: pending.map((name) => ({ name, topicId: ZERO_UUID })),
        timeoutMs,
      }),
      {},
      (r) =>
        r.responses.map((t) => ({
          topic: t.name ?? '',
          partition: -1,
          errorCode: t.errorCode,
          message: t.errorMessage ?? '',
        })),
    );
  }

  /** Raises partition counts; the new partitions have leaders when this resolves. */
  async createPartitions(
    topics: NewPartitions[],
    options: { timeoutMs?: number; validateOnly?: boolean } = {},
  ): Promise<void> {
    await this.toController(
      'CreatePartitions',
      createPartitionsApi,
      topics.map((t) => t.topic),
      (names) => ({
        topics: topics
          .filter((t) => names.includes(t.topic))
          .map((t) => ({
            name: t.topic,
            count: t.count,
            assignments: t.assignments ? t.assignments.map((brokerIds) => ({ brokerIds })) : null,
          })),
        timeoutMs: options.timeoutMs ?? this.serverTimeoutMs(),
        validateOnly: options.validateOnly ?? false,
      }),
      {},
      (r) =>
        r.results.map((t) => ({ topic: t.name, partition: -1, errorCode: t.errorCode, message: t.errorMessage ?? '' })),
    );
    if (!options.validateOnly) await this.awaitMetadata(topics, options.timeoutMs ?? this.serverTimeoutMs());
  }

  async listTopics(): Promise<string[]> {
    const topics = await withRetry('Metadata', () => this.cluster.refreshMetadata(null), this.retry);
    return topics
      .filter((t) => t.errorCode === ErrorCode.NONE)
      .map((t) => t.name)
      .sort();
  }

  /** Leaders, replicas and ISRs; null describes every topic. Unknown topics fail. */
  async describeTopics(names: string[] | null): Promise<TopicsDescription> {
    const topics = await withRetry('Metadata', () => this.cluster.refreshMetadata(names), this.retry);
    throwFailures(
      'describing topics',
      topics.map((t) => ({ topic: t.name, partition: -1, errorCode: t.errorCode, message: '' })),
    );
    return {
      brokers: this.cluster.knownBrokers(),
      controllerId: this.cluster.controllerId,
      topics: topics.map(describeTopic),
    };
  }

  async describeCluster(): Promise<ClusterDescription> {
    await withRetry('Metadata', () => this.cluster.refreshMetadata([]), this.retry);
    return {
      clusterId: this.cluster.clusterId,
      controllerId: this.cluster.controllerId,
      brokers: this.cluster.knownBrokers(),
    };
  }

  /**
   * Every broker's groups (each broker lists those it coordinates), merged; with `brokerIds`,
   * only the groups those brokers coordinate.
   */
  listGroups(brokerIds?: number[]): Promise<GroupListing[]> {
    return this.groups.listGroups(brokerIds);
  }

  /** Each group from its coordinator; a group nobody knows is described as state Dead. */
  describeGroups(groupIds: string[]): Promise<GroupDescription[]> {
    return this.groups.describeGroups(groupIds);
  }

  /**
   * Offsets by time from each partition's leader ('earliest', 'latest' or a timestamp in ms).
   * With `logEnd`, 'latest' is the log end offset instead of the high watermark (as Kafka's
   * debugging replica id asks), for tools that show both.
   */
  async listOffsets(
    requests: Array<{ topic: string; partition: number; timestamp: OffsetSpec }>,
    options: { logEnd?: boolean } = {},
  ): Promise<PartitionOffset[]> {
    return withRetry(
      'ListOffsets',
      async () => {
        await this.cluster.refreshMetadata([...new Set(requests.map((r) => r.topic))]);
        const byLeader = new Map<number, typeof requests>();
        const failures: Failure[] = [];
        for (const r of requests) {
          const leader = this.cluster.leaderOf(r.topic, r.partition);
          if (leader < 0)
            failures.push({
              topic: r.topic,
              partition: r.partition,
              errorCode: this.cluster.topic(r.topic)
                ? ErrorCode.LEADER_NOT_AVAILABLE
                : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
              message: '',
            });
          else byLeader.set(leader, [...(byLeader.get(leader) ?? []), r]);
        }
        // A partition beyond a known topic's count will not appear by retrying.
        const absent = requests.filter(
          (r) => (this.cluster.topic(r.topic)?.partitions.length ?? Infinity) <= r.partition,
        );
        if (absent.length > 0)
          throw new ClientError(
            'UNKNOWN_TOPIC_OR_PARTITION',
            `ListOffsets: no partition ${absent.map((r) => `${r.topic}-${r.partition}`).join(', ')}`,
            {
              errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
              partitions: absent.map((r) => ({
                topic: r.topic,
                partition: r.partition,
                code: 'UNKNOWN_TOPIC_OR_PARTITION',
                errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
                message: 'no such partition',
              })),
            },
          );
        throwFailures('ListOffsets', failures);
        const replicaId = options.logEnd ? DEBUGGING_REPLICA_ID : -1;
        const answers = await Promise.all(
          [...byLeader].map(([leader, list]) => this.listOffsetsAt(leader, list, replicaId)),
        );
        const results = answers.flat();
        throwFailures(
          'ListOffsets',
          results.map((r) => ({ ...r, message: '' })),
        );
        return results.map(({ topic, partition, offset, timestamp }) => ({ topic, partition, offset, timestamp }));
      },
      this.retry,
    );
  }

  /** Committed offsets of a group (offset -1: none), for `topics` or every committed partition. */
  fetchOffsets(groupId: string, topics?: string[]): Promise<CommittedOffset[]> {
    return this.groups.fetchOffsets(groupId, topics);
  }

  /**
   * Writes a group's committed offsets, as Kafka's alterConsumerGroupOffsets does: only while the
   * group has no members (else UNKNOWN_MEMBER_ID or REBALANCE_IN_PROGRESS).
   */
  alterGroupOffsets(groupId: string, offsets: GroupOffset[]): Promise<void> {
    return this.groups.alterGroupOffsets(groupId, offsets);
  }

  /** Deletes empty groups and their committed offsets. */
  deleteGroups(groupIds: string[]): Promise<void> {
    return this.groups.deleteGroups(groupIds);
  }

  /** Users (all when null) and their SCRAM mechanisms with iteration counts (KIP-554). */
  describeUserScramCredentials(users: string[] | null = null): Promise<Map<string, ScramCredentialInfo[]>> {
    return describeUserScramCredentials(this.cluster, users);
  }

  /** Adds, replaces or deletes SCRAM credentials; passwords are salted here and never sent. */
  alterUserScramCredentials(alterations: ScramAlteration[]): Promise<void> {
    return alterUserScramCredentials(this.cluster, alterations);
  }

  /** Topic configs (any broker) and broker configs (from that broker), with Kafka's sources. */
  async describeConfigs(
    resources: ConfigResourceRequest[],
    options: { includeSynonyms?: boolean } = {},
  ): Promise<ConfigResourceDescription[]> {
    return withRetry(
      'DescribeConfigs',
      () => describeConfigsOnce(this.cluster, resources, options.includeSynonyms ?? false),
      this.retry,
      (error) => this.afterFailure(error),
    );
  }

  /**
   * Each broker's log dirs (every live broker unless named) with the size of each partition log;
   * a broker that cannot answer has its error in its entry instead of failing the call.
   */
  async describeLogDirs(options: { brokerIds?: number[]; topics?: LogDirQuery } = {}): Promise<BrokerLogDirs[]> {
    await withRetry('Metadata', () => this.cluster.refreshMetadata([]), this.retry);
    const brokerIds = options.brokerIds ?? this.cluster.knownBrokers().map((b) => b.nodeId);
    return describeLogDirs(this.cluster, brokerIds, options.topics ?? null);
  }

  /**
   * The controller answered once its own broker knew the new partitions' leaders; the others
   * learn them an UpdateMetadata later. Waiting (bounded) until every broker answers with them
   * lets the caller use any broker next.
   */
  private async awaitMetadata(topics: Array<{ topic: string; count: number }>, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const body = {
      topics: topics.map((t) => ({ name: t.topic, topicId: ZERO_UUID })),
      allowAutoTopicCreation: false,
      includeClusterAuthorizedOperations: false,
      includeTopicAuthorizedOperations: false,
    };
    const readyAt = async (nodeId: number) => {
      const { response } = await (
        await this.cluster.connectionTo(nodeId)
      ).request(metadataApi, body, { min: 1, max: 9 });
      return topics.every(({ topic, count }) => {
        const t = response.topics.find((k) => k.name === topic);
        return (
          t?.errorCode === ErrorCode.NONE && t.partitions.length >= count && t.partitions.every((p) => p.leaderId >= 0)
        );
      });
    };
    let pending = this.cluster.knownBrokers().map((b) => b.nodeId);
    while (pending.length > 0 && Date.now() < deadline) {
      const ready = await Promise.all(pending.map((id) => readyAt(id).catch(() => false)));
      pending = pending.filter((_, i) => !ready[i]);
      if (pending.length > 0) await delay(METADATA_POLL_MS);
    }
    await this.cluster.refreshMetadata(topics.map((t) => t.topic)).catch(() => undefined);
  }

  private serverTimeoutMs(): number {
    return Math.max(1000, this.requestTimeoutMs - 5000);
  }

  /**
   * Sends to the controller; topics answered NOT_CONTROLLER (a controller move) are retried
   * after a metadata refresh, so a retry never repeats a topic that already succeeded.
   */
  private async toController<Req, Res>(
    what: string,
    spec: ApiSpec<Req, Res>,
    names: string[],
    build: (pending: string[]) => Req,
    bounds: VersionBounds,
    results: (response: Res) => Failure[],
  ): Promise<void> {
    let pending = names;
    let moved: Failure[] = [];
    const answered: Failure[] = [];
    try {
      await withRetry(
        what,
        async () => {
          const connection = await this.controllerConnection();
          const { response } = await connection.request(spec, build(pending), bounds);
          const answers = results(response);
          moved = answers.filter((a) => a.errorCode === ErrorCode.NOT_CONTROLLER);
          answered.push(...answers.filter((a) => a.errorCode !== ErrorCode.NOT_CONTROLLER));
          pending = moved.map((a) => a.topic);
          throwFailures(what, moved);
        },
        this.retry,
        (error) => this.afterFailure(error),
      );
    } catch (error) {
      if (!(error instanceof ClientError) || error.code !== 'NOT_CONTROLLER' || moved.length === 0) throw error;
    }
    throwFailures(what, [...answered, ...moved]);
  }

  private async controllerConnection(): Promise<BrokerConnection> {
    if (this.cluster.controllerId < 0) await this.cluster.refreshMetadata([]);
    const id = this.cluster.controllerId;
    if (id < 0)
      throw new ClientError('NOT_CONTROLLER', 'the cluster has no controller yet', {
        retriable: true,
        errorCode: ErrorCode.NOT_CONTROLLER,
      });
    return this.cluster.connectionTo(id);
  }

  private async listOffsetsAt(
    leader: number,
    list: Array<{ topic: string; partition: number; timestamp: OffsetSpec }>,
    replicaId: number,
  ) {
    const topics = new Map<
      string,
      Array<{ partitionIndex: number; currentLeaderEpoch: number; timestamp: number; maxNumOffsets: number }>
    >();
    for (const r of list) {
      const timestamp = r.timestamp === 'earliest' ? EARLIEST : r.timestamp === 'latest' ? LATEST : r.timestamp;
      topics.set(r.topic, [
        ...(topics.get(r.topic) ?? []),
        { partitionIndex: r.partition, currentLeaderEpoch: -1, timestamp, maxNumOffsets: 1 },
      ]);
    }
    const connection = await this.cluster.connectionTo(leader);
    const { response } = await connection.request(
      listOffsetsApi,
      {
        replicaId,
        isolationLevel: 0,
        topics: [...topics].map(([name, partitions]) => ({ name, partitions })),
      },
      { min: 1, max: 5 },
    );
    return response.topics.flatMap((t) =>
      t.partitions.map((p) => ({
        topic: t.name,
        partition: p.partitionIndex,
        errorCode: p.errorCode,
        offset: p.offset,
        timestamp: p.timestamp,
      })),
    );
  }

  private async afterFailure(error: ClientError): Promise<void> {
    const codes = [error.errorCode, ...error.partitions.map((p) => p.errorCode)];
    if (codes.some((c) => c === ErrorCode.NOT_CONTROLLER || needsMetadataRefresh(c)))
      await this.cluster.refreshMetadata([]);
  }
}

function describeTopic(t: TopicMetadata): TopicDescription {
  return {
    name: t.name,
    errorCode: t.errorCode,
    isInternal: t.isInternal,
    partitions: t.partitions.map((p) => ({
      partition: p.partition,
      leader: p.leader,
      leaderEpoch: p.leaderEpoch,
      replicas: p.replicas,
      isr: p.isr,
      offlineReplicas: p.offlineReplicas,
    })),
  };
}
