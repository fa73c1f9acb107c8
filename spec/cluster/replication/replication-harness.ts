// Shared by the replication specs: in-process "brokers" made of a LogManager in a temp dir, a
// ReplicaManager, and a real TCP server (SocketServer + Dispatcher) serving only what
// replication needs (Fetch, OffsetForLeaderEpoch, ListOffsets). Followers reach leaders through
// real connections; the controller is played by the spec (LeaderAndIsr states applied directly,
// AlterIsr answered by a stub that records every proposal).
import { LogManager, DEFAULT_LOG_CONFIG } from '../../../lib/storage';
import { ReplicaManager, ReplicationConfig } from '../../../lib/cluster/replication/replica-manager';
import type { AlterIsrItem, AlterIsrOutcome } from '../../../lib/cluster/replication/partition';
import { SocketServer } from '../../../lib/server/socket-server';
import { Dispatcher } from '../../../lib/server/dispatcher';
import { handleFetch } from '../../../lib/server/handlers/fetch';
import { handleListOffsets } from '../../../lib/server/handlers/list-offsets';
import { handleOffsetForLeaderEpoch } from '../../../lib/server/handlers/offset-for-leader-epoch';
import type { BrokerServices } from '../../../lib/server/handlers/services';
import { MetadataCache } from '../../../lib/cluster/metadata/metadata-cache';
import { fetchApi } from '../../../lib/protocol/apis/fetch';
import { listOffsetsApi } from '../../../lib/protocol/apis/list-offsets';
import { offsetForLeaderEpochApi } from '../../../lib/protocol/apis/offset-for-leader-epoch';
import { Connection } from '../../../lib/network/connection';
import { silentLogger } from '../../../lib/util/logger';
import { batchOf, makeTempDir, removeTempDir } from '../../storage/fixtures';
import type { BrokerMetrics } from '../../../lib/metrics/broker-metrics';

export const TOPIC = 'rep';

/** Fast settings for specs: short long-polls and back-offs. */
export const FAST: Partial<ReplicationConfig> = {
  replicaFetchWaitMaxMs: 100,
  replicaFetchBackoffMs: 50,
  replicaLagTimeMaxMs: 10000,
};

export type AlterIsrStub = (item: AlterIsrItem) => Promise<AlterIsrOutcome>;

/** An AlterIsr stub that commits every proposal with the next version. */
export const commitEverything: AlterIsrStub = async (item) => ({
  errorCode: 0,
  leaderId: item.leaderId,
  leaderEpoch: item.leaderEpoch,
  isr: item.newIsr,
  currentIsrVersion: item.currentIsrVersion + 1,
});

export interface NodeOptions {
  replication?: Partial<ReplicationConfig>;
  minInsyncReplicas?: number;
  alterIsr?: AlterIsrStub;
  /** Where the replica manager's metrics go (none when absent). */
  metrics?: BrokerMetrics;
}

export class TestNode {
  readonly proposals: AlterIsrItem[] = [];
  readonly replicaManager: ReplicaManager;
  private readonly logManager: LogManager;
  private server: SocketServer | null = null;
  private portValue = -1;

  constructor(
    readonly brokerId: number,
    cluster: TestCluster,
    readonly dir: string,
    options: NodeOptions,
  ) {
    this.logManager = new LogManager({ logDirs: [dir], defaultConfig: DEFAULT_LOG_CONFIG, logger: silentLogger() });
    this.logManager.startup();
    const alterIsr = options.alterIsr ?? commitEverything;
    this.replicaManager = new ReplicaManager({
      brokerId,
      logManager: this.logManager,
      logConfigFor: async () => DEFAULT_LOG_CONFIG,
      minInsyncReplicasFor: () => options.minInsyncReplicas ?? 1,
      delayedOperationsMax: 1000,
      logger: silentLogger(),
      replication: { ...FAST, ...options.replication },
      connect: (id) => cluster.connect(id),
      alterIsr: (item) => {
        this.proposals.push(item);
        return alterIsr(item);
      },
      alterIsrRetryBackoffMs: 50,
      metrics: options.metrics,
    });
  }

  get port(): number {
    return this.portValue;
  }

  /** Starts (or restarts, on a new port) the TCP server in front of the replica manager. */
  async listen(): Promise<void> {
    const services = {
      replicaManager: this.replicaManager,
      metadataCache: new MetadataCache('spec'),
      logger: silentLogger(),
      authorizer: null,
    } as unknown as BrokerServices;
    const dispatcher = new Dispatcher(silentLogger());
    dispatcher.register(fetchApi, handleFetch(services));
    dispatcher.register(offsetForLeaderEpochApi, handleOffsetForLeaderEpoch(services));
    dispatcher.register(listOffsetsApi, handleListOffsets(services));
    this.server = new SocketServer({
      listeners: [{ listenerName: 'PLAINTEXT', securityProtocol: 'PLAINTEXT', host: '127.0.0.1', port: 0 }],
      frameBytesMax: 100 * 1024 * 1024,
      inFlightMax: 100,
      dispatch: dispatcher.dispatch,
      logger: silentLogger(),
    });
    await this.server.start();
    this.portValue = this.server.boundListeners()[0].port;
  }

  /** Needs every connection to it closed first: net.Server.close() waits for them. */
  async closeServer(): Promise<void> {
    await this.server?.stop(1000);
    this.server = null;
    this.portValue = -1;
  }

  partition(partition = 0) {
    const p = this.replicaManager.getPartition(TOPIC, partition);
    if (!p) throw new Error(`broker ${this.brokerId} does not host ${TOPIC}-${partition}`);
    return p;
  }

  /** Applies a LeaderAndIsr state for the spec topic; throws on a per-partition error. */
  async become(
    state: { leader: number; leaderEpoch: number; isr: number[]; replicas: number[]; zkVersion?: number },
    partition = 0,
  ): Promise<void> {
    const [result] = await this.replicaManager.becomeLeaderOrFollower([
      { topic: TOPIC, partition, controllerEpoch: 1, zkVersion: 0, ...state },
    ]);
    if (result.errorCode !== 0) throw new Error(`LeaderAndIsr on broker ${this.brokerId} answered ${result.errorCode}`);
  }

  /** Appends `count` records to the spec topic on this (leader) broker. */
  async produce(count: number, acks = 1, options: { prefix?: string; timeoutMs?: number; partition?: number } = {}) {
    const [result] = await this.replicaManager.appendRecords(
      [{ topic: TOPIC, partition: options.partition ?? 0, records: batchOf(count, { prefix: options.prefix }) }],
      acks,
      options.timeoutMs ?? 10000,
    );
    return result;
  }

  /** Every stored byte of the partition's log, as a fetch would return it. */
  logBytes(partition = 0): Buffer {
    const log = this.partition(partition).log;
    return log.read(log.logStartOffset, 0x7fffffff, { minOneMessage: true }).records;
  }

  /** After every node's replica manager is down: no peer holds a connection to this server. */
  async stopServerAndLogs(): Promise<void> {
    await this.closeServer();
    this.logManager.shutdown();
    removeTempDir(this.dir);
  }

  /** A clean process stop that keeps the log directory (for restart). */
  async stopKeepingLogs(): Promise<void> {
    await this.replicaManager.shutdown();
    await this.closeServer();
    this.logManager.shutdown();
  }
}

export class TestCluster {
  private readonly nodes = new Map<number, TestNode>();
  private readonly clients: Connection[] = [];
  private readonly replicaConnections = new Map<number, Connection[]>();
  private readonly unreachable = new Set<number>();

  async start(brokerId: number, options: NodeOptions = {}): Promise<TestNode> {
    const node = new TestNode(brokerId, this, makeTempDir(), options);
    this.nodes.set(brokerId, node);
    await node.listen();
    return node;
  }

  /** Stops a node as a process would stop and starts a new one on the same log directory. */
  async restart(brokerId: number, options: NodeOptions = {}): Promise<TestNode> {
    const old = this.nodes.get(brokerId);
    if (!old) throw new Error(`broker ${brokerId} was never started`);
    this.setReachable(brokerId, false);
    await old.stopKeepingLogs();
    this.setReachable(brokerId, true);
    const node = new TestNode(brokerId, this, old.dir, options);
    this.nodes.set(brokerId, node);
    await node.listen();
    return node;
  }

  /** What the broker's `connect` option does: find the peer's port and dial it. */
  async connect(brokerId: number): Promise<Connection> {
    const conn = await this.dial(brokerId);
    this.replicaConnections.set(brokerId, [...(this.replicaConnections.get(brokerId) ?? []), conn]);
    return conn;
  }

  /** Cuts every replica connection to a broker and refuses new ones until `reachable` is true again. */
  setReachable(brokerId: number, reachable: boolean): void {
    if (reachable) {
      this.unreachable.delete(brokerId);
      return;
    }
    this.unreachable.add(brokerId);
    for (const conn of this.replicaConnections.get(brokerId) ?? []) conn.close();
    this.replicaConnections.delete(brokerId);
  }

  /** A plain client connection (closed by stopAll). */
  async client(brokerId: number): Promise<Connection> {
    const conn = await this.dial(brokerId);
    this.clients.push(conn);
    return conn;
  }

  /** Stops every replica manager (and so every fetcher) before any server waits for its connections. */
  async stopAll(): Promise<void> {
    for (const c of this.clients) c.close();
    for (const node of this.nodes.values()) await node.replicaManager.shutdown();
    for (const node of this.nodes.values()) await node.stopServerAndLogs();
    this.nodes.clear();
  }

  private dial(brokerId: number): Promise<Connection> {
    const node = this.nodes.get(brokerId);
    if (!node || node.port < 0 || this.unreachable.has(brokerId))
      return Promise.reject(new Error(`broker ${brokerId} is unreachable`));
    return Connection.connect({
      host: '127.0.0.1',
      port: node.port,
      clientId: 'replica-spec',
      connectTimeoutMs: 2000,
      requestTimeoutMs: 10000,
    });
  }
}
