// The composition root of one broker. Builds the subsystems in a fixed order and stops them in
// reverse; a failing stop step is logged and the rest still run.
//   start: ZooKeeper session -> persistent paths, cluster id -> logs (recovery) -> replica
//          manager, metadata cache -> socket server (bound ports) -> broker registration ->
//          controller election. The request gate holds client requests from binding until
//          registration and the controller's first UpdateMetadata (see request-gate.ts).
//   stop:  stop accepting -> complete waiting requests -> drain connections -> resign
//          controller -> flush and close logs -> deregister (close the session)
import { baseLogConfig, type BrokerConfig } from './config';

export { baseLogConfig };
import type { Logger } from '../util/logger';
import { systemClock, Clock } from '../util/clock';
import { ZkSession } from '../zk/session';
import { zkSecurityFrom } from '../zk/acl';
import { ensurePersistentPaths, getOrCreateClusterId } from '../zk/broker-registry';
import { LogManager, LogConfig, logConfigFromTopicConfig } from '../storage';
import { advertisedEndpoints, chooseBrokerId, registerThisBroker } from './broker-registration';
import { MetadataCache } from '../cluster/metadata/metadata-cache';
import { ReplicaManager } from '../cluster/replication/replica-manager';
import { Controller } from '../cluster/controller/controller';
import { ZkControllerStore } from '../cluster/controller/controller-store';
import { SocketServer } from './socket-server';
import { Dispatcher } from './dispatcher';
import { SaslAuthenticator } from './security/sasl-authenticator';
import { interBrokerSecurity, SaslConfig } from './security/sasl-config';
import { ScramCredentialCache } from './security/scram-credential-cache';
import { ScramAdmin } from './security/scram-admin';
import { TopicAdmin } from './topic-admin';
import { ZkTopicStore } from './zk-topic-store';
import { ControlRequests, localControlChannel } from './control-requests';
import { BrokerChannel } from '../cluster/controller/broker-channel';
import { ControllerClient, runControlledShutdown } from './controller-client';
import { Connection, type ConnectionSecurity } from '../network/connection';
import { GroupCoordinator } from '../coordinator/group-coordinator';
import { DEFAULT_GROUP_COORDINATOR_CONFIG, realScheduler } from '../coordinator/coordinator-types';
import { OffsetRetention } from '../coordinator/offset-retention';
import { GroupRouter } from './group-router';
import { GroupZkMirror } from './group-zk-mirror';
import { registerHandlers } from './handlers';
import type { BrokerServices } from './handlers/services';
import { checkMetaProperties } from '../storage/meta-properties';
import { RequestGate } from './request-gate';
import { propagateLogDirEvent } from '../zk/log-dir-events';
import { OffsetCoordinator } from '../coordinator/offset-coordinator';
import { ProducerIdManager } from '../zk/producer-id-block';
import { producerIdSource } from './producer-ids';
import { listenerTlsSettings, type ListenerTls } from './security/tls';
import { AclAuthorizer, parseSuperUsers } from './security/acl-authorizer';
import { BrokerMetrics } from '../metrics/broker-metrics';
import { RequestMetrics } from '../metrics/request-metrics';
import { RequestObserver } from './request-observer';
import { countSessionEvents, registerZkSessionGauge } from '../zk/session-metrics';
import { registerLogGauges } from '../storage/log-metrics';

const DRAIN_TIMEOUT_MS = 5000;
const DELAYED_OPERATIONS_MAX = 10000;
const IN_FLIGHT_PER_CONNECTION_MAX = 100;
const LOG_DIR_EVENT_ATTEMPTS_MAX = 10;
const LOG_DIR_EVENT_RETRY_BACKOFF_MS = 1000;

/** Ends the process at once, as Kafka's Exit.halt does when every log dir has failed. */
export type Halt = (exitCode: number) => void;

export class Broker {
  private session: ZkSession | null = null;
  private logManager: LogManager | null = null;
  private replicaManager: ReplicaManager | null = null;
  private socketServer: SocketServer | null = null;
  private controller: Controller | null = null;
  private brokerEpoch = -1;
  private brokerChannel: BrokerChannel | null = null;
  private controllerClient: ControllerClient | null = null;
  private stopping = false;
  private controlRequests: ControlRequests | null = null;
  private groupCoordinator: GroupCoordinator | null = null;
  private offsetRetention: OffsetRetention | null = null;
  private scramCredentials: ScramCredentialCache | null = null;
  private clusterIdValue = '';
  private readonly minInsyncReplicas = new Map<string, number>();
  private readonly requestGate = new RequestGate();
  private listenerTls = new Map<string, ListenerTls>();
  /** How this broker logs in to the inter-broker listener of the others (and its own); set by loadTls. */
  private interBrokerSecurity: ConnectionSecurity = { securityProtocol: 'PLAINTEXT' };
  private authorizer: AclAuthorizer | null = null;
  metadataCache: MetadataCache | null = null;
  /** This broker's Prometheus registry (its own: brokers share a process in specs). */
  readonly metrics = new BrokerMetrics();

  constructor(
    readonly config: BrokerConfig,
    private readonly logger: Logger,
    private readonly clock: Clock = systemClock,
    private readonly halt: Halt = (exitCode) => process.exit(exitCode),
  ) {}

  get brokerId(): number {
    return this.config.brokerId;
  }

  get clusterId(): string {
    return this.clusterIdValue;
  }

  /** Listeners with the ports actually bound (port 0 in the config picks a free one). */
  boundListeners(): BrokerConfig['listeners'] {
    return this.socketServer?.boundListeners() ?? [];
  }

  /** The current ZooKeeper session (replaced after expiry). */
  get zkSession(): ZkSession | null {
    return this.session;
  }

  get currentBrokerEpoch(): number {
    return this.brokerEpoch;
  }

  /** The replica manager (null before start): specs observe purgatories through it. */
  get replicas(): ReplicaManager | null {
    return this.replicaManager;
  }

  /** How this broker connects to others (and the console to it): the inter-broker listener's security. */
  get interBrokerClientSecurity(): ConnectionSecurity {
    return this.interBrokerSecurity;
  }

  get isController(): boolean {
    return this.controller?.isActive ?? false;
  }

  async start(): Promise<void> {
    this.loadTls();
    registerZkSessionGauge(this.metrics, () => this.session);
    const session = await this.openSession();
    const logManager = await this.startLogs();
    const { metadataCache, replicaManager, topicAdmin, topicStore } = this.buildReplication(logManager);
    const { controller, controlRequests } = this.buildControl(replicaManager, metadataCache);
    const groups = this.buildGroups(metadataCache, replicaManager, topicAdmin);
    await this.startAuthorizer();
    await this.startNetwork({
      metadataCache,
      replicaManager,
      topicAdmin,
      topicStore,
      controlRequests,
      controller,
      groups,
    });

    this.brokerEpoch = await this.register(session);
    this.logger.info(
      `broker ${this.config.brokerId} registered (broker epoch ${this.brokerEpoch}, cluster ${this.clusterIdValue})`,
    );
    this.requestGate.registered(metadataCache, () =>
      this.logger.info(`broker ${this.config.brokerId} has its first metadata; serving clients`),
    );
    this.watchSession(session);
    controller.startup();
    await controller.idle();
    this.offsetRetention?.start();
  }

  /** TLS material read and checked before anything starts: a bad ssl.* value stops start-up naming its key. */
  private loadTls(): void {
    this.listenerTls = listenerTlsSettings(this.config);
    this.interBrokerSecurity = interBrokerSecurity(this.config);
  }

  /** A new ZooKeeper session, authenticated and creating znodes with the configured ACLs. */
  private connectZooKeeper(): Promise<ZkSession> {
    const config = this.config;
    return ZkSession.connect(config.zookeeperConnect, {
      sessionTimeoutMs: config.zookeeperSessionTimeoutMs,
      connectTimeoutMs: config.zookeeperConnectionTimeoutMs,
      logger: this.logger,
      security: zkSecurityFrom(config.zookeeperSetAcl, config.zookeeperDigestCredentials),
      requestLatencyMs: this.metrics.histogram('zkRequestLatencyMs'),
    });
  }

  /** ZooKeeper session, persistent paths, cluster id, and this broker's id (meta.properties checked). */
  private async openSession(): Promise<ZkSession> {
    const config = this.config;
    const session = await this.connectZooKeeper();
    this.session = session;
    await ensurePersistentPaths(session);
    this.clusterIdValue = await getOrCreateClusterId(session);
    if (config.brokerId < 0) config.brokerId = await chooseBrokerId(config.logDirs, session, this.logger);
    checkMetaProperties(config.logDirs, config.brokerId, this.clusterIdValue);
    return session;
  }

  /** Logs recovered and their retention/checkpoint schedulers running. */
  private async startLogs(): Promise<LogManager> {
    const config = this.config;
    const logManager = new LogManager({
      logDirs: config.logDirs,
      defaultConfig: baseLogConfig(config),
      clock: this.clock,
      logger: this.logger,
    });
    this.logManager = logManager;
    registerLogGauges(this.metrics, logManager);
    await logManager.startup();
    logManager.startSchedulers({
      retentionCheckIntervalMs: config.logRetentionCheckIntervalMs,
      checkpointIntervalMs: config.logFlushOffsetCheckpointIntervalMs,
      highWatermarkCheckpointIntervalMs: config.replicaHighWatermarkCheckpointIntervalMs,
      producerIdExpirationMs: config.transactionalIdExpirationMs,
    });
    return logManager;
  }

  private buildReplication(logManager: LogManager): {
    metadataCache: MetadataCache;
    replicaManager: ReplicaManager;
    topicAdmin: TopicAdmin;
    topicStore: ZkTopicStore;
  } {
    const config = this.config;
    const metadataCache = new MetadataCache(this.clusterIdValue);
    this.metadataCache = metadataCache;
    const topicStore = new ZkTopicStore(() => this.requireSession());
    const replicaManager = new ReplicaManager({
      brokerId: config.brokerId,
      logManager,
      logConfigFor: (topic) => this.logConfigFor(topicStore, topic),
      minInsyncReplicasFor: (topic) => this.minInsyncReplicas.get(topic) ?? config.minInsyncReplicas,
      delayedOperationsMax: DELAYED_OPERATIONS_MAX,
      logger: this.logger,
      clock: this.clock,
      replication: {
        replicaLagTimeMaxMs: config.replicaLagTimeMaxMs,
        replicaFetchWaitMaxMs: config.replicaFetchWaitMaxMs,
        replicaFetchMinBytes: config.replicaFetchMinBytes,
        replicaFetchMaxBytes: config.replicaFetchMaxBytes,
        replicaFetchResponseMaxBytes: config.replicaFetchResponseMaxBytes,
        replicaFetchBackoffMs: config.replicaFetchBackoffMs,
      },
      connect: (brokerId) => this.connectToBroker(brokerId),
      alterIsr: async (item) => {
        if (!this.controllerClient) throw new Error('no controller client yet');
        return this.controllerClient.alterIsr({
          topic: item.topic,
          partition: item.partition,
          leaderEpoch: item.leaderEpoch,
          newIsr: item.newIsr,
          currentIsrVersion: item.currentIsrVersion,
        });
      },
      onLogDirFailure: (logDir) => this.onLogDirFailure(logDir),
      metrics: this.metrics,
    });
    this.replicaManager = replicaManager;
    const topicAdmin = new TopicAdmin(topicStore, metadataCache, {
      numPartitions: config.numPartitions,
      defaultReplicationFactor: config.defaultReplicationFactor,
      baseLogConfig: baseLogConfig(config),
    });
    return { metadataCache, replicaManager, topicAdmin, topicStore };
  }

  /** The controller (elected later), its channel to brokers, and this broker's side of both. */
  private buildControl(
    replicaManager: ReplicaManager,
    metadataCache: MetadataCache,
  ): { controller: Controller; controlRequests: ControlRequests } {
    const config = this.config;
    const controlRequests = new ControlRequests(() => this.brokerEpoch, replicaManager, metadataCache);
    this.controlRequests = controlRequests;
    const channel = new BrokerChannel({
      localBrokerId: config.brokerId,
      local: localControlChannel(controlRequests),
      listenerName: config.interBrokerListenerName,
      security: this.interBrokerSecurity,
      requestTimeoutMs: config.controllerSocketTimeoutMs,
      logger: this.logger,
    });
    this.brokerChannel = channel;
    const controller = new Controller({
      brokerId: config.brokerId,
      store: new ZkControllerStore(() => this.requireSession()),
      channel,
      uncleanLeaderElectionEnable: config.uncleanLeaderElectionEnable,
      autoLeaderRebalanceEnable: config.autoLeaderRebalanceEnable,
      leaderImbalanceCheckIntervalMs: config.leaderImbalanceCheckIntervalMs,
      leaderImbalancePerBrokerPercentage: config.leaderImbalancePerBrokerPercentage,
      logger: this.logger,
      metrics: this.metrics,
    });
    this.controller = controller;
    this.controllerClient = new ControllerClient({
      brokerId: config.brokerId,
      brokerEpoch: () => this.brokerEpoch,
      controller,
      metadataCache,
      listenerName: config.interBrokerListenerName,
      security: this.interBrokerSecurity,
      requestTimeoutMs: config.controllerSocketTimeoutMs,
    });
    return { controller, controlRequests };
  }

  /** Group coordinator, its slot router and mirror in ZooKeeper, its offsets, and offset retention. */
  private buildGroups(
    metadataCache: MetadataCache,
    replicaManager: ReplicaManager,
    topicAdmin: TopicAdmin,
  ): BrokerServices['groups'] {
    const config = this.config;
    const coordinator = new GroupCoordinator({
      config: {
        ...DEFAULT_GROUP_COORDINATOR_CONFIG,
        groupMinSessionTimeoutMs: config.groupMinSessionTimeoutMs,
        groupMaxSessionTimeoutMs: config.groupMaxSessionTimeoutMs,
        groupInitialRebalanceDelayMs: config.groupInitialRebalanceDelayMs,
      },
      logger: this.logger,
      listener: new GroupZkMirror(() => this.requireSession(), this.clock),
    });
    this.groupCoordinator = coordinator;
    const router = new GroupRouter({
      metadataCache,
      replicaManager,
      topicAdmin,
      offsetsTopicNumPartitions: config.offsetsTopicNumPartitions,
      offsetsTopicReplicationFactor: config.offsetsTopicReplicationFactor,
    });
    this.offsetRetention = new OffsetRetention({
      session: () => this.requireSession(),
      retentionMs: config.offsetsRetentionMs,
      checkIntervalMs: config.offsetsRetentionCheckIntervalMs,
      clock: this.clock,
      scheduler: realScheduler,
      logger: this.logger,
      coordinates: (groupId) => router.coordinates(groupId),
      hasActiveMembers: (groupId) => coordinator.hasActiveMembers(groupId),
    });
    const offsets = new OffsetCoordinator({
      groups: coordinator,
      session: () => this.requireSession(),
      logger: this.logger,
      offsetMetadataMaxBytes: config.offsetMetadataMaxBytes,
      coordinatorError: (groupId) => router.coordinatorError(groupId),
      partitionExists: (topic, partition) => metadataCache.partition(topic, partition) !== undefined,
    });
    return { router, coordinator, offsets };
  }

  /** Request handlers registered and the listeners bound. */
  private async startNetwork(parts: {
    metadataCache: MetadataCache;
    replicaManager: ReplicaManager;
    topicAdmin: TopicAdmin;
    topicStore: ZkTopicStore;
    controlRequests: ControlRequests;
    controller: Controller;
    groups: BrokerServices['groups'];
  }): Promise<void> {
    const config = this.config;
    const sasl = await this.startSasl();
    const observer = new RequestObserver(new RequestMetrics(this.metrics));
    const dispatcher = new Dispatcher(this.logger, this.requestGate, sasl, observer);
    const producerIds = new ProducerIdManager({
      brokerId: () => config.brokerId,
      session: () => this.requireSession(),
      logger: this.logger,
    });
    registerHandlers(dispatcher, {
      config,
      metadataCache: parts.metadataCache,
      replicaManager: parts.replicaManager,
      topicAdmin: parts.topicAdmin,
      topicConfigs: parts.topicStore,
      logger: this.logger,
      controlRequests: parts.controlRequests,
      groups: parts.groups,
      producerIds: producerIdSource(producerIds, this.logger),
      authorizer: this.authorizer,
      controller: () => parts.controller,
      advertisedVersions: () => dispatcher.advertisedVersions(),
      sasl,
      scramAdmin: new ScramAdmin(() => this.requireSession()),
    });
    this.socketServer = new SocketServer({
      listeners: config.listeners,
      frameBytesMax: config.socketRequestMaxBytes,
      inFlightMax: IN_FLIGHT_PER_CONNECTION_MAX,
      connectionsMaxIdleMs: config.connectionsMaxIdleMs,
      dispatch: dispatcher.dispatch,
      logger: this.logger,
      tls: this.listenerTls,
      metrics: this.metrics,
    });
    await this.socketServer.start();
  }

  /** The SCRAM credential cache loaded and following changes, and the SASL state machine over it. */
  private async startSasl(): Promise<SaslAuthenticator> {
    const saslConfig = new SaslConfig(this.config);
    const credentials = new ScramCredentialCache(() => this.requireSession(), this.logger);
    this.scramCredentials = credentials;
    await credentials.start();
    return new SaslAuthenticator({
      enabledMechanisms: (listener) => saslConfig.enabledMechanisms(listener),
      plainPasswordOf: (listener, user) => saslConfig.plainPasswordOf(listener, user),
      scramCredentials: credentials,
      logger: this.logger,
    });
  }

  /** authorizer.class.name: the ACLs loaded before any listener takes a request. */
  private async startAuthorizer(): Promise<void> {
    if (this.config.authorizerClassName === '') return;
    this.authorizer = new AclAuthorizer({
      session: () => this.requireSession(),
      superUsers: parseSuperUsers(this.config.superUsers),
      allowEveryoneIfNoAclFound: this.config.allowEveryoneIfNoAclFound,
      logger: this.logger,
    });
    await this.authorizer.start();
  }

  /** Resolves when the controller has processed everything queued so far (for specs). */
  async controllerIdle(): Promise<void> {
    await this.controller?.idle();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.requestGate.close();
    if (this.config.controlledShutdownEnable && this.brokerEpoch >= 0) {
      await this.step('controlled shutdown', () => this.controlledShutdown());
    }
    await this.step('stop accepting and drain connections', async () => {
      await Promise.all([this.socketServer?.stop(DRAIN_TIMEOUT_MS), this.replicaManager?.shutdown()]);
    });
    this.groupCoordinator?.shutdown();
    this.scramCredentials?.stop();
    await this.step('stop offset retention', async () => this.offsetRetention?.stop());
    this.authorizer?.stop();
    await this.step('resign controller', async () => {
      await this.controller?.shutdown();
      this.brokerChannel?.close();
      this.controllerClient?.close();
    });
    await this.step('flush and close logs', async () => this.logManager?.shutdown());
    await this.step('deregister from ZooKeeper', async () => this.session?.close());
    this.logger.info(`broker ${this.config.brokerId} stopped`);
  }

  /**
   * Kafka's controlled shutdown: ask the controller to move every leadership this broker holds
   * (where another in-sync replica exists) before it stops serving, retrying while partitions
   * remain (controlled.shutdown.max.retries, .retry.backoff.ms); then shut down regardless.
   */
  private async controlledShutdown(): Promise<void> {
    const client = this.controllerClient;
    if (!client) return;
    await runControlledShutdown(() => client.controlledShutdown(), {
      maxRetries: this.config.controlledShutdownMaxRetries,
      retryBackoffMs: this.config.controlledShutdownRetryBackoffMs,
      logger: this.logger,
    });
  }

  /**
   * After session expiry the ephemeral registration and /controller are gone: the broker stops
   * acknowledging acks=all, opens a new session, registers again (new broker epoch) and
   * re-enters the controller election, as Kafka does. A session that is only disconnected (a
   * ZooKeeper node lost, or no quorum) changes nothing: the broker keeps serving as it was told
   * until the session either resumes or is declared expired by a ZooKeeper quorum.
   */
  private watchSession(session: ZkSession): void {
    countSessionEvents(session, this.metrics);
    session.on('expired', () => {
      if (this.stopping) return;
      this.logger.warn('ZooKeeper session expired; re-registering');
      this.replicaManager?.setZkSessionHealthy(false);
      this.controller?.onSessionExpired();
      void this.reestablishSession();
    });
  }

  private async reestablishSession(): Promise<void> {
    for (let attempt = 1; !this.stopping; attempt++) {
      try {
        const session = await this.connectZooKeeper();
        const old = this.session;
        this.session = session;
        void old?.close().catch(() => undefined);
        this.brokerEpoch = await this.register(session);
        this.watchSession(session);
        // The old session's watch on /config/changes died with it: reload every user and watch again.
        void this.scramCredentials
          ?.start()
          .catch((err: Error) => this.logger.error(`reloading SCRAM users: ${err.message}`));
        // A failed reload keeps the ACLs held before the expiry; the next session tries again.
        void this.authorizer
          ?.start()
          .catch((err: Error) => this.logger.error(`reloading ACLs after session expiry failed: ${err.message}`));
        this.logger.info(
          `re-registered with broker epoch ${this.brokerEpoch}; acks=all resume once the controller has sent this broker its state`,
        );
        void this.resumeAcksAllWhenTold(this.brokerEpoch);
        this.controller?.onSessionReestablished();
        return;
      } catch (err) {
        this.logger.error(
          `re-establishing the ZooKeeper session failed (attempt ${attempt}): ${(err as Error).message}`,
        );
        await new Promise((r) => setTimeout(r, Math.min(5000, 500 * attempt)));
      }
    }
  }

  /**
   * Registered again is not enough to acknowledge acks=all: while the old session was gone the
   * controller may have moved this broker's leaderships, so it waits for the first LeaderAndIsr
   * addressed to its new broker epoch (the controller sends one to every broker it sees start or
   * bounce). Nothing to wait for when yet another expiry has replaced this incarnation.
   */
  private async resumeAcksAllWhenTold(brokerEpoch: number): Promise<void> {
    await this.controlRequests?.whenToldState(brokerEpoch);
    if (this.brokerEpoch !== brokerEpoch || this.stopping || this.session?.state === 'expired') return;
    this.replicaManager?.setZkSessionHealthy(true);
  }

  /**
   * Kafka's reaction to a failed log dir, once its partitions are offline here: with no log dir
   * left the broker halts ("all log dirs failed"); otherwise it stays up and tells the
   * controller through /log_dir_event_notification, which moves those partitions' leadership.
   */
  private onLogDirFailure(logDir: string): void {
    if (this.stopping) return;
    if ((this.logManager?.liveLogDirs().length ?? 0) === 0) {
      this.logger.error(
        `halting broker ${this.config.brokerId}: all log dirs (${this.config.logDirs.join(', ')}) have failed`,
      );
      this.halt(1);
      return;
    }
    void this.propagateLogDirEvent(logDir);
  }

  private async propagateLogDirEvent(logDir: string): Promise<void> {
    for (let attempt = 1; attempt <= LOG_DIR_EVENT_ATTEMPTS_MAX && !this.stopping; attempt++) {
      try {
        const path = await propagateLogDirEvent(this.requireSession(), this.config.brokerId);
        this.logger.warn(`reported the failure of log dir ${logDir} to the controller (${path})`);
        return;
      } catch (err) {
        this.logger.error(
          `reporting the failure of log dir ${logDir} failed (attempt ${attempt}): ${(err as Error).message}`,
        );
        await new Promise((r) => setTimeout(r, LOG_DIR_EVENT_RETRY_BACKOFF_MS).unref());
      }
    }
  }

  /** A connection to another broker's inter-broker listener (followers fetch over it). */
  private connectToBroker(brokerId: number): Promise<Connection> {
    const endpoint = this.controlRequests?.endpointOf(brokerId, this.config.interBrokerListenerName);
    if (!endpoint)
      return Promise.reject(
        new Error(`broker ${brokerId} has no known ${this.config.interBrokerListenerName} endpoint`),
      );
    return Connection.connect({
      host: endpoint.host,
      port: endpoint.port,
      clientId: `replica-fetcher-${this.config.brokerId}`,
      security: this.interBrokerSecurity,
      connectTimeoutMs: 5000,
      requestTimeoutMs: this.config.replicaSocketTimeoutMs,
    });
  }

  private requireSession(): ZkSession {
    if (!this.session) throw new Error('no ZooKeeper session');
    return this.session;
  }

  private async step(name: string, run: () => Promise<unknown>): Promise<void> {
    try {
      await run();
    } catch (err) {
      this.logger.error(`shutdown step '${name}' failed: ${(err as Error).message}`);
    }
  }

  private register(session: ZkSession): Promise<number> {
    return registerThisBroker(session, {
      brokerId: this.config.brokerId,
      endpoints: advertisedEndpoints(this.config, this.boundListeners()),
      timestampMs: this.clock.nowMs(),
      sessionTimeoutMs: this.config.zookeeperSessionTimeoutMs,
      logger: this.logger,
    });
  }

  private async logConfigFor(store: ZkTopicStore, topic: string): Promise<LogConfig> {
    const overrides = await store.topicConfig(topic);
    const minIsr = overrides['min.insync.replicas'];
    if (minIsr !== undefined) this.minInsyncReplicas.set(topic, Number(minIsr));
    return logConfigFromTopicConfig(baseLogConfig(this.config), overrides);
  }
}
