// What a client knows of the cluster: how to reach it (a `brokers` list or, as the seed's clients
// did, the live registrations under /brokers/ids in ZooKeeper), the latest metadata (brokers,
// partition leaders) and one pooled connection per broker. Producer, Consumer and Admin share
// this module; it owns no request logic beyond Metadata and FindCoordinator.
import type { ConnectionSecurity } from '../network/connection';
import { BrokerConnection } from './broker-connection';
import { ClientError, toClientError, throwIfError } from './errors';
import { metadataApi, MetadataResponse } from '../protocol/apis/metadata';
import { findCoordinatorApi, FindCoordinatorResponse } from '../protocol/apis/find-coordinator';
import { ErrorCode } from '../protocol/error-codes';
import { ZkSession } from '../zk/session';
import { getAllBrokers } from '../zk/broker-registry';
import { silentLogger, type Logger } from '../util/logger';
import { withRetry } from './retry';

export interface ClusterOptions {
  /** Bootstrap brokers as "host:port"; or give `zookeeper`. */
  brokers?: string[];
  /** A ZooKeeper connect string (with optional chroot) whose /brokers/ids lists the brokers. */
  zookeeper?: string;
  clientId?: string;
  /** security.protocol and the SASL login (PLAINTEXT when absent). */
  security?: ConnectionSecurity;
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** Whether Metadata requests may create missing topics (the broker decides too). */
  allowAutoTopicCreation?: boolean;
  logger?: Logger;
}

export interface BrokerAddress {
  nodeId: number;
  host: string;
  port: number;
  rack?: string | null;
}

export interface PartitionMetadata {
  topic: string;
  partition: number;
  /** -1 while the partition has no leader. */
  leader: number;
  leaderEpoch: number;
  replicas: number[];
  isr: number[];
  offlineReplicas: number[];
  errorCode: number;
}

export interface TopicMetadata {
  name: string;
  errorCode: number;
  isInternal: boolean;
  partitions: PartitionMetadata[];
}

const BOOTSTRAP_NODE_ID = -1;
const ZK_SESSION_TIMEOUT_MS = 10000;
/** About ten seconds of backoff for a topic's leaders to appear. */
const METADATA_RETRIES = 25;

export class Cluster {
  readonly clientId: string;
  /** How every connection of this client secures itself. */
  get security(): ConnectionSecurity | undefined {
    return this.options.security;
  }
  readonly logger: Logger;
  private readonly brokers = new Map<number, BrokerAddress>();
  private readonly topics = new Map<string, TopicMetadata>();
  private readonly connections = new Map<number, Promise<BrokerConnection>>();
  private bootstrapAddresses: Array<{ host: string; port: number }> = [];
  private bootstrapConnection: Promise<BrokerConnection> | null = null;
  private controllerIdValue = -1;
  private clusterIdValue: string | null = null;
  private closed = false;

  constructor(private readonly options: ClusterOptions) {
    if (!options.brokers?.length && !options.zookeeper) {
      throw new ClientError('INVALID_ARGUMENT', 'give `brokers` (host:port list) or `zookeeper` (connect string)');
    }
    this.clientId = options.clientId ?? 'samsa';
    this.logger = options.logger ?? silentLogger();
  }

  get controllerId(): number {
    return this.controllerIdValue;
  }

  get clusterId(): string | null {
    return this.clusterIdValue;
  }

  /** Brokers of the latest metadata, sorted by id. */
  knownBrokers(): BrokerAddress[] {
    return [...this.brokers.values()].sort((a, b) => a.nodeId - b.nodeId);
  }

  topic(name: string): TopicMetadata | undefined {
    return this.topics.get(name);
  }

  /** Reaches a broker and learns the cluster's brokers (no topics). */
  async connect(): Promise<void> {
    await this.refreshMetadata([]);
  }

  /**
   * Asks any reachable broker for metadata of `topics` (null: all topics) and replaces what is
   * known of them. Topics reported with an error are recorded with it.
   */
  async refreshMetadata(
    topics: string[] | null,
    allowAutoTopicCreation = this.options.allowAutoTopicCreation ?? false,
  ): Promise<TopicMetadata[]> {
    const connection = await this.anyConnection();
    let response: MetadataResponse;
    try {
      ({ response } = await connection.request(
        metadataApi,
        {
          topics: topics === null ? null : topics.map((name) => ({ name, topicId: undefined as never })),
          allowAutoTopicCreation,
          includeClusterAuthorizedOperations: false,
          includeTopicAuthorizedOperations: false,
        },
        { min: 1, max: 9 },
      ));
    } catch (error) {
      this.dropConnection(connection);
      throw error;
    }
    return this.absorbMetadata(response);
  }

  /** Partitions of `topic`, from the cache or a fresh Metadata request. */
  async partitionsFor(topic: string): Promise<PartitionMetadata[]> {
    const known = this.topics.get(topic);
    if (known) return known.partitions;
    // A topic just auto-created answers LEADER_NOT_AVAILABLE until its leaders are elected.
    const autoCreate = this.options.allowAutoTopicCreation ?? true;
    return withRetry(
      `metadata for topic ${topic}`,
      async () => {
        const [fresh] = await this.refreshMetadata([topic], autoCreate);
        if (fresh.errorCode === ErrorCode.UNKNOWN_TOPIC_OR_PARTITION && !autoCreate) {
          throw new ClientError('UNKNOWN_TOPIC_OR_PARTITION', `topic ${topic} does not exist`, {
            errorCode: fresh.errorCode,
          });
        }
        throwIfError(fresh.errorCode, `topic ${topic}`);
        return fresh.partitions;
      },
      { retries: METADATA_RETRIES, initialBackoffMs: 50, maxBackoffMs: 500 },
    );
  }

  /** The leader's node id of a partition as last seen, or -1. */
  leaderOf(topic: string, partition: number): number {
    return this.topics.get(topic)?.partitions[partition]?.leader ?? -1;
  }

  /** A pooled connection to broker `nodeId` (opened on first use, reopened after a failure). */
  async connectionTo(nodeId: number): Promise<BrokerConnection> {
    this.assertOpen();
    const pooled = this.connections.get(nodeId);
    if (pooled) {
      const connection = await pooled.catch(() => null);
      if (connection && !connection.isClosed) return connection;
      if (this.connections.get(nodeId) === pooled) this.connections.delete(nodeId);
    }
    const address = this.brokers.get(nodeId);
    if (!address)
      throw new ClientError('LEADER_NOT_AVAILABLE', `broker ${nodeId} is not in the cluster metadata`, {
        retriable: true,
        errorCode: ErrorCode.LEADER_NOT_AVAILABLE,
      });
    const opening = BrokerConnection.open(this.connectionOptions(address.host, address.port), nodeId);
    this.connections.set(nodeId, opening);
    opening.catch(() => {
      if (this.connections.get(nodeId) === opening) this.connections.delete(nodeId);
    });
    return opening;
  }

  /** The leader of a partition's connection; refreshes metadata when the leader is unknown. */
  async leaderConnection(topic: string, partition: number): Promise<BrokerConnection> {
    let leader = this.leaderOf(topic, partition);
    if (leader < 0) {
      await this.refreshMetadata([topic]);
      leader = this.leaderOf(topic, partition);
    }
    if (leader < 0)
      throw new ClientError('LEADER_NOT_AVAILABLE', `${topic}-${partition} has no leader`, {
        retriable: true,
        errorCode: ErrorCode.LEADER_NOT_AVAILABLE,
      });
    return this.connectionTo(leader);
  }

  /** The group coordinator's node id (FindCoordinator through any broker). */
  async findCoordinator(groupId: string): Promise<number> {
    const connection = await this.anyConnection();
    const { version, response } = await connection.request(
      findCoordinatorApi,
      { key: groupId, keyType: 0, coordinatorKeys: [groupId] },
      { max: 4 },
    );
    const answer = coordinatorOf(response as FindCoordinatorResponse, version);
    throwIfError(answer.errorCode, `FindCoordinator for group ${groupId}`, answer.errorMessage);
    this.brokers.set(answer.nodeId, { nodeId: answer.nodeId, host: answer.host, port: answer.port });
    return answer.nodeId;
  }

  /** A connection to any broker: a known one first, else a bootstrap address. */
  async anyConnection(): Promise<BrokerConnection> {
    this.assertOpen();
    const errors: string[] = [];
    for (const broker of shuffled(this.knownBrokers())) {
      try {
        return await this.connectionTo(broker.nodeId);
      } catch (error) {
        errors.push((error as Error).message);
      }
    }
    try {
      return await this.bootstrap();
    } catch (error) {
      if (isRefusal(error)) throw error;
      errors.push((error as Error).message);
      throw new ClientError('NO_BROKERS', `no broker reachable (${errors.join('; ')})`, { retriable: true });
    }
  }

  /** Closes the connection so the next request opens a fresh one (after a network error). */
  dropConnection(connection: BrokerConnection): void {
    connection.close();
    if (this.connections.get(connection.nodeId)) {
      void this.connections.get(connection.nodeId)!.then(
        (c) => {
          if (c === connection) this.connections.delete(connection.nodeId);
        },
        () => undefined,
      );
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.connections.values()];
    if (this.bootstrapConnection) all.push(this.bootstrapConnection);
    this.connections.clear();
    this.bootstrapConnection = null;
    await Promise.all(
      all.map((p) =>
        p.then(
          (c) => c.close(),
          () => undefined,
        ),
      ),
    );
  }

  private absorbMetadata(response: MetadataResponse): TopicMetadata[] {
    if (response.brokers.length > 0) {
      this.brokers.clear();
      for (const b of response.brokers)
        this.brokers.set(b.nodeId, { nodeId: b.nodeId, host: b.host, port: b.port, rack: b.rack });
    }
    this.controllerIdValue = response.controllerId;
    this.clusterIdValue = response.clusterId;
    return response.topics.map((t) => {
      const partitions = t.partitions
        .map((p) => ({
          topic: t.name,
          partition: p.partitionIndex,
          leader: p.leaderId,
          leaderEpoch: p.leaderEpoch,
          replicas: p.replicaNodes,
          isr: p.isrNodes,
          offlineReplicas: p.offlineReplicas ?? [],
          errorCode: p.errorCode,
        }))
        .sort((a, b) => a.partition - b.partition);
      const topic: TopicMetadata = { name: t.name, errorCode: t.errorCode, isInternal: t.isInternal, partitions };
      if (t.errorCode === ErrorCode.NONE) this.topics.set(t.name, topic);
      else this.topics.delete(t.name);
      return topic;
    });
  }

  private async bootstrap(): Promise<BrokerConnection> {
    if (this.bootstrapConnection) {
      const existing = await this.bootstrapConnection.catch(() => null);
      if (existing && !existing.isClosed) return existing;
      this.bootstrapConnection = null;
    }
    const attempt = this.openBootstrap();
    this.bootstrapConnection = attempt;
    attempt.catch(() => {
      if (this.bootstrapConnection === attempt) this.bootstrapConnection = null;
    });
    return attempt;
  }

  private async openBootstrap(): Promise<BrokerConnection> {
    if (this.options.brokers?.length) this.bootstrapAddresses = this.options.brokers.map(parseAddress);
    else
      this.bootstrapAddresses = await brokersFromZooKeeper(
        this.options.zookeeper as string,
        this.logger,
        this.options.security?.securityProtocol ?? 'PLAINTEXT',
      );
    const errors: string[] = [];
    for (const address of shuffled(this.bootstrapAddresses)) {
      try {
        return await BrokerConnection.open(this.connectionOptions(address.host, address.port), BOOTSTRAP_NODE_ID);
      } catch (error) {
        // A broker's refusal that no retry changes (wrong SASL credentials) ends the attempt, as in Kafka's clients.
        if (isRefusal(error)) throw error;
        errors.push((error as Error).message);
      }
    }
    throw new ClientError('NO_BROKERS', `no bootstrap broker reachable (${errors.join('; ') || 'none registered'})`, {
      retriable: true,
    });
  }

  private connectionOptions(host: string, port: number) {
    return {
      host,
      port,
      clientId: this.clientId,
      security: this.options.security,
      connectTimeoutMs: this.options.connectTimeoutMs ?? 10000,
      requestTimeoutMs: this.options.requestTimeoutMs ?? 30000,
    };
  }

  private assertOpen(): void {
    if (this.closed) throw new ClientError('CLOSED', 'the client is closed');
  }
}

function coordinatorOf(response: FindCoordinatorResponse, version: number) {
  if (version >= 4) {
    const c = response.coordinators[0];
    if (!c)
      return {
        errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE,
        errorMessage: 'empty answer',
        nodeId: -1,
        host: '',
        port: -1,
      };
    return c;
  }
  return {
    errorCode: response.errorCode,
    errorMessage: response.errorMessage,
    nodeId: response.nodeId,
    host: response.host,
    port: response.port,
  };
}

/** "host:port" → parts; a bad address is the caller's mistake. */
export function parseAddress(address: string): { host: string; port: number } {
  const i = address.lastIndexOf(':');
  const port = Number(address.slice(i + 1));
  if (i <= 0 || !Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new ClientError('INVALID_ARGUMENT', `'${address}' is not host:port`);
  }
  return { host: address.slice(0, i), port };
}

async function brokersFromZooKeeper(
  connectString: string,
  logger: Logger,
  securityProtocol: string,
): Promise<Array<{ host: string; port: number }>> {
  let session: ZkSession;
  try {
    session = await ZkSession.connect(connectString, { sessionTimeoutMs: ZK_SESSION_TIMEOUT_MS, logger });
  } catch (error) {
    throw toClientError(error, `ZooKeeper ${connectString}`);
  }
  try {
    const brokers = await getAllBrokers(session);
    return brokers.flatMap((b) => {
      const endpoint =
        b.registration.endpoints.find((e) => e.securityProtocol === securityProtocol) ?? b.registration.endpoints[0];
      return endpoint ? [{ host: endpoint.host, port: endpoint.port }] : [];
    });
  } finally {
    await session.close();
  }
}

function shuffled<T>(items: T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

/** An error the broker answered that retrying cannot change (e.g. SASL_AUTHENTICATION_FAILED). */
function isRefusal(error: unknown): boolean {
  return error instanceof ClientError && !error.retriable && error.errorCode === ErrorCode.SASL_AUTHENTICATION_FAILED;
}
