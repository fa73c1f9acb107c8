// The controller (Kafka's KafkaController in ZooKeeper mode): every broker runs one; the one
// that wins /controller loads the cluster from ZooKeeper, elects partition leaders, writes
// partition state, and tells brokers through the ControlChannel. All work happens on the
// serial ControllerEventManager; watches, timers and broker requests only enqueue events.
import type { Logger } from '../../util/logger';
import { ControllerEventManager } from './controller-event-manager';
import { ControllerContext, tp } from './controller-context';
import type { ControllerStore } from './controller-store';
import type { ControlChannel } from './control-channel';
import { ControllerSender, LEADER_EPOCH_DURING_DELETE } from './controller-sender';
import { initialLeaderAndIsr, offlinePartitionLeader, shrinkIsr, leaderless, LeaderAndIsr } from './election';
import { ControllerRequests, AlterIsrPartition, AlterIsrResult, StateWrite } from './controller-requests';
import { StoreUnavailableError } from './controller-store';
import type { LeaderAndIsrPartitionError } from './control-channel';
import { ErrorCode } from '../../protocol/error-codes';
import { KafkaError } from '../../protocol/kafka-error';
import type { BrokerMetrics } from '../../metrics/broker-metrics';
import { registerControllerGauges } from './controller-metrics';

export interface ControllerOptions {
  brokerId: number;
  store: ControllerStore;
  channel: ControlChannel;
  uncleanLeaderElectionEnable: boolean;
  autoLeaderRebalanceEnable: boolean;
  leaderImbalanceCheckIntervalMs: number;
  leaderImbalancePerBrokerPercentage: number;
  logger: Logger;
  /** The broker's registry: KafkaController's gauges go there. */
  metrics?: BrokerMetrics;
}

/** Asked of a broker that is not (or no longer) the active controller: the sender looks it up again. */
export class NotControllerError extends KafkaError {
  constructor(message: string) {
    super(ErrorCode.NOT_CONTROLLER, message);
    this.name = 'NotControllerError';
  }
}

export class Controller {
  private readonly events: ControllerEventManager;
  private readonly ctx = new ControllerContext();
  private readonly sender: ControllerSender;
  private readonly requests: ControllerRequests;
  private active = false;
  private activeControllerId: number | null = null;
  private rebalanceTimer: NodeJS.Timeout | null = null;
  /**
   * Topics whose /brokers/topics/<t> data watch is set and has not fired yet, in the current
   * ZooKeeper session. Watches outlive a resignation, so this survives ctx.reset(); it keeps a
   * re-elected controller from stacking a second watch (and a second event) per change.
   */
  private readonly watchedTopics = new Set<string>();

  constructor(private readonly options: ControllerOptions) {
    this.events = new ControllerEventManager(options.logger, 10000);
    this.sender = new ControllerSender(
      this.ctx,
      options.channel,
      options.brokerId,
      options.logger,
      (brokerId, errors) =>
        this.enqueue('LeaderAndIsrResponseReceived', () => this.onLeaderAndIsrResponse(brokerId, errors)),
    );
    this.requests = new ControllerRequests(
      this.ctx,
      this.sender,
      options.logger,
      (topic, partition, state, zkVersion) => this.writeState(topic, partition, state, zkVersion),
    );
    if (options.metrics) registerControllerGauges(options.metrics, () => (this.active ? this.ctx : null));
  }

  get isActive(): boolean {
    return this.active;
  }

  get epoch(): number {
    return this.ctx.epoch;
  }

  get controllerId(): number | null {
    return this.activeControllerId;
  }

  startup(): void {
    this.enqueue('Startup', () => this.elect());
  }

  /** Re-runs election after a new ZooKeeper session (the old ephemeral znodes are gone). */
  onSessionReestablished(): void {
    this.enqueue('Reelect', async () => {
      this.resignLocally();
      this.watchedTopics.clear();
      await this.elect();
    });
  }

  /** Called when this broker's session expired: stop acting as controller at once. */
  onSessionExpired(): void {
    this.enqueue('Expire', async () => this.resignLocally());
  }

  idle(): Promise<void> {
    return this.events.idle();
  }

  /** AlterIsr from a partition leader (Kafka 2.7+): only the controller writes partition state. */
  alterIsr(brokerId: number, brokerEpoch: number, partitions: AlterIsrPartition[]): Promise<AlterIsrResult> {
    return this.ask('AlterIsr', () => this.requests.alterIsr(brokerId, brokerEpoch, partitions));
  }

  /** ControlledShutdown: moves leadership off `brokerId`; answers what it still leads. */
  controlledShutdown(brokerId: number, brokerEpoch: number): Promise<Array<{ topic: string; partition: number }>> {
    return this.ask('ControlledShutdown', () => this.requests.controlledShutdown(brokerId, brokerEpoch));
  }

  async shutdown(): Promise<void> {
    this.stopRebalanceTimer();
    await this.events.stop();
    if (this.active) {
      this.resignLocally();
      await this.options.store
        .resign(this.options.brokerId)
        .catch((err: Error) => this.options.logger.warn(`resigning /controller failed: ${err.message}`));
    }
  }

  private ask<T>(name: string, run: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.enqueue(name, async () => {
        if (!this.active) reject(new NotControllerError(`broker ${this.options.brokerId} is not the controller`));
        else await run().then(resolve, reject);
      });
    });
  }

  private enqueue(name: string, process: () => Promise<void>): void {
    this.events.put({ name, process });
  }

  private async elect(): Promise<void> {
    const store = this.options.store;
    const current = await store.watchController(() =>
      this.enqueue('ControllerChange', () => this.onControllerChange()),
    );
    if (current !== null) {
      this.activeControllerId = current;
      return;
    }
    const result = await store.tryElect(this.options.brokerId);
    if (!result.won) {
      this.activeControllerId = result.controllerId;
      return;
    }
    this.ctx.epoch = result.epoch;
    this.ctx.epochZkVersion = result.epochZkVersion;
    this.active = true;
    this.activeControllerId = this.options.brokerId;
    this.options.logger.info(`broker ${this.options.brokerId} is now the controller (epoch ${result.epoch})`);
    await this.onControllerFailover();
  }

  private async onControllerChange(): Promise<void> {
    const current = await this.options.store.watchController(() =>
      this.enqueue('ControllerChange', () => this.onControllerChange()),
    );
    if (this.active && current !== this.options.brokerId) {
      this.options.logger.warn(`controller moved to ${String(current)}; resigning`);
      this.resignLocally();
    }
    this.activeControllerId = current;
    if (current === null) await this.elect();
  }

  private resignLocally(): void {
    this.active = false;
    this.activeControllerId = null;
    this.ctx.reset();
    this.stopRebalanceTimer();
    // Requests of the ended term must stop retrying: the next controller sends its own.
    this.options.channel.brokersChanged?.([]);
  }

  private async onControllerFailover(): Promise<void> {
    await this.loadBrokers();
    await this.loadTopics();
    this.sender.updateMetadata([...this.ctx.liveBrokers.keys()]);
    this.sender.leaderAndIsrForBrokers(this.ctx.liveIds());
    await this.electNewAndOfflinePartitions();
    await this.loadDeletions();
    await this.clearLogDirEvents();
    this.scheduleRebalance();
  }

  /**
   * As Kafka's failover does: pending log dir notifications are dropped unread, since the
   * LeaderAndIsr just sent to every live broker finds offline replicas through its answers.
   */
  private async clearLogDirEvents(): Promise<void> {
    const names = await this.watchLogDirEvents();
    await this.options.store.deleteLogDirEventNotifications(this.ctx.epochZkVersion, names);
  }

  private watchLogDirEvents(): Promise<string[]> {
    return this.options.store.logDirEventNotifications(() =>
      this.enqueue('LogDirEventNotification', () => this.onLogDirEventNotification()),
    );
  }

  /**
   * Kafka's LogDirEventNotification: a broker's log dir failed. It is sent LeaderAndIsr for
   * every replica it hosts; its KAFKA_STORAGE_ERROR answers say which replicas are offline
   * (onLeaderAndIsrResponse). Handled notifications are deleted.
   */
  private async onLogDirEventNotification(): Promise<void> {
    if (!this.active) return;
    const names = await this.watchLogDirEvents();
    if (names.length === 0) return;
    try {
      const brokerIds = (await this.options.store.brokerIdsOfLogDirEvents(names)).filter((id) =>
        this.ctx.liveBrokers.has(id),
      );
      this.options.logger.info(
        `log dir failure reported by broker(s) ${brokerIds.join(', ')}; asking for their replicas' state`,
      );
      this.sender.leaderAndIsrForBrokers(new Set(brokerIds));
    } finally {
      await this.options.store.deleteLogDirEventNotifications(this.ctx.epochZkVersion, names);
    }
  }

  /**
   * Kafka's LeaderAndIsrResponseReceived: replicas answered KAFKA_STORAGE_ERROR are offline
   * (those answered NONE are online again). Newly offline ones lose leadership to another
   * in-sync replica and leave the ISR, through the same election as a dead broker's.
   */
  private async onLeaderAndIsrResponse(brokerId: number, errors: LeaderAndIsrPartitionError[]): Promise<void> {
    if (!this.active || !this.ctx.liveBrokers.has(brokerId)) return;
    const previous = this.ctx.replicasOnOfflineDirs.get(brokerId) ?? new Set<string>();
    const current = new Set(previous);
    for (const { topic, partition, errorCode } of errors) {
      if (errorCode === ErrorCode.KAFKA_STORAGE_ERROR) current.add(tp(topic, partition));
      else if (errorCode === ErrorCode.NONE) current.delete(tp(topic, partition));
    }
    this.ctx.replicasOnOfflineDirs.set(brokerId, current);
    const newlyOffline = [...current].filter((key) => !previous.has(key));
    if (newlyOffline.length === 0) return;
    this.options.logger.warn(`replicas on broker ${brokerId} are offline (failed log dir): ${newlyOffline.join(', ')}`);
    await this.electNewAndOfflinePartitions();
  }

  private scheduleRebalance(): void {
    if (!this.options.autoLeaderRebalanceEnable) return;
    this.stopRebalanceTimer();
    this.rebalanceTimer = setInterval(
      () =>
        this.enqueue('AutoLeaderRebalance', async () => {
          if (this.active)
            this.sender.announce(
              await this.requests.preferredElection(this.options.leaderImbalancePerBrokerPercentage),
            );
        }),
      this.options.leaderImbalanceCheckIntervalMs,
    );
    this.rebalanceTimer.unref();
  }

  private stopRebalanceTimer(): void {
    if (this.rebalanceTimer) clearInterval(this.rebalanceTimer);
    this.rebalanceTimer = null;
  }

  private async loadBrokers(): Promise<void> {
    const brokers = await this.options.store.liveBrokers(() =>
      this.enqueue('BrokerChange', () => this.onBrokerChange()),
    );
    this.ctx.liveBrokers.clear();
    for (const b of brokers) this.ctx.liveBrokers.set(b.brokerId, b);
    this.options.channel.brokersChanged?.(this.sender.liveBrokers());
  }

  private async loadTopics(): Promise<void> {
    const topics = await this.options.store.topicNames(() => this.enqueue('TopicChange', () => this.onTopicChange()));
    for (const topic of topics) await this.loadTopic(topic);
  }

  private async loadTopic(topic: string): Promise<void> {
    const assignment = await this.readAssignment(topic);
    if (!assignment) return;
    this.ctx.assignments.set(topic, assignment);
    await this.loadStates(topic, [...assignment.keys()]);
  }

  private async loadStates(topic: string, partitions: number[]): Promise<void> {
    for (const partition of partitions) {
      const stored = await this.options.store.partitionState(topic, partition);
      if (stored) this.ctx.states.set(tp(topic, partition), { ...stored.state, zkVersion: stored.zkVersion });
    }
  }

  /** Reads the assignment and (re)arms the data watch that reports added partitions. */
  private async readAssignment(topic: string): Promise<Map<number, number[]> | null> {
    const arm = !this.watchedTopics.has(topic);
    if (arm) this.watchedTopics.add(topic);
    const onChange = arm
      ? () => {
          this.watchedTopics.delete(topic);
          this.enqueue('PartitionModifications', () => this.onPartitionModifications(topic));
        }
      : undefined;
    try {
      const assignment = await this.options.store.assignment(topic, onChange);
      // ZooKeeper sets no data watch on a missing znode.
      if (!assignment && arm) this.watchedTopics.delete(topic);
      return assignment;
    } catch (err) {
      if (arm) this.watchedTopics.delete(topic);
      throw err;
    }
  }

  /**
   * Kafka's PartitionModifications: the assignment znode of a known topic changed. Partitions
   * it does not know yet are added and brought online by the same path as a new topic's;
   * changes to existing partitions' replicas are not acted on (no reassignment here).
   */
  private async onPartitionModifications(topic: string): Promise<void> {
    if (!this.active || !this.ctx.assignments.has(topic)) return;
    const assignment = await this.readAssignment(topic);
    const known = this.ctx.assignments.get(topic);
    if (!assignment || !known) return;
    const added = [...assignment.keys()].filter((p) => !known.has(p)).sort((a, b) => a - b);
    if (added.length === 0) return;
    if (this.ctx.topicsToDelete.has(topic)) {
      this.options.logger.warn(`ignoring ${added.length} partition(s) added to ${topic}, which is being deleted`);
      return;
    }
    for (const p of added) known.set(p, assignment.get(p) as number[]);
    this.options.logger.info(`new partitions of ${topic}: ${added.join(', ')}`);
    await this.loadStates(topic, added);
    await this.electNewAndOfflinePartitions();
  }

  private async loadDeletions(): Promise<void> {
    const pending = await this.options.store.topicsPendingDeletion(() =>
      this.enqueue('TopicDeletion', () => this.loadDeletionsIfActive()),
    );
    for (const topic of pending) await this.deleteTopic(topic);
  }

  private async loadDeletionsIfActive(): Promise<void> {
    if (this.active) await this.loadDeletions();
  }

  private async onTopicChange(): Promise<void> {
    if (!this.active) return;
    const topics = await this.options.store.topicNames(() => this.enqueue('TopicChange', () => this.onTopicChange()));
    const added = topics.filter((t) => !this.ctx.assignments.has(t));
    for (const topic of added) await this.loadTopic(topic);
    if (added.length > 0) {
      this.options.logger.info(`new topics: ${added.join(', ')}`);
      await this.electNewAndOfflinePartitions();
    }
  }

  private async onBrokerChange(): Promise<void> {
    if (!this.active) return;
    const before = new Map(this.ctx.liveBrokers);
    await this.loadBrokers();
    // A broker that re-registered with a newer epoch restarted: treat it as dead and new.
    const bounced = [...this.ctx.liveBrokers.values()]
      .filter((b) => (before.get(b.brokerId)?.brokerEpoch ?? b.brokerEpoch) < b.brokerEpoch)
      .map((b) => b.brokerId);
    const dead = [...before.keys()].filter((id) => !this.ctx.liveBrokers.has(id));
    const added = [...this.ctx.liveBrokers.keys()].filter((id) => !before.has(id) || bounced.includes(id));
    if (dead.length === 0 && added.length === 0) return;
    this.options.logger.info(`brokers changed: added [${added.join(',')}], dead [${dead.join(',')}]`);
    for (const id of dead) this.requests.brokerGone(id);
    // A restarted broker reloads its log dirs: its replicas count as online until it says otherwise.
    for (const id of [...dead, ...added]) this.ctx.replicasOnOfflineDirs.delete(id);
    this.sender.updateMetadata([...this.ctx.liveBrokers.keys()]);
    this.sender.leaderAndIsrForBrokers(new Set(added));
    await this.electNewAndOfflinePartitions();
  }

  /** New partitions get their first leader; partitions whose leader died get a new one. */
  private async electNewAndOfflinePartitions(): Promise<void> {
    const live = this.ctx.liveIds();
    const changed: Array<{ topic: string; partition: number }> = [];
    const creations: Array<{ topic: string; partition: number; state: LeaderAndIsr }> = [];
    for (const { topic, partition, replicas } of this.ctx.allPartitions()) {
      if (this.ctx.topicsToDelete.has(topic)) continue;
      const current = this.ctx.states.get(tp(topic, partition));
      if (!current) {
        const initial = initialLeaderAndIsr(replicas, live, this.ctx.epoch);
        if (initial) creations.push({ topic, partition, state: initial });
        else this.options.logger.error(`no live replica for new partition ${topic}-${partition}`);
        continue;
      }
      const next = this.decideExisting(replicas, current, this.ctx.onlineReplicaIds(topic, partition));
      if (next && (await this.writeState(topic, partition, next, current.zkVersion)) === 'written')
        changed.push({ topic, partition });
    }
    if (creations.length > 0) {
      const stored = await this.options.store.createPartitionStates(this.ctx.epochZkVersion, creations);
      creations.forEach((c, i) => {
        this.ctx.states.set(tp(c.topic, c.partition), { ...stored[i].state, zkVersion: stored[i].zkVersion });
        changed.push({ topic: c.topic, partition: c.partition });
      });
    }
    this.sender.announce(changed);
  }

  private decideExisting(replicas: number[], current: LeaderAndIsr, live: Set<number>): LeaderAndIsr | null {
    if (current.leader >= 0 && live.has(current.leader)) return shrinkIsr(current, live, this.ctx.epoch);
    const elected = offlinePartitionLeader(
      replicas,
      current,
      live,
      this.options.uncleanLeaderElectionEnable,
      this.ctx.epoch,
    );
    if (elected) return elected;
    return current.leader === -1 ? null : leaderless(current, this.ctx.epoch);
  }

  private async writeState(
    topic: string,
    partition: number,
    state: LeaderAndIsr,
    zkVersion: number,
  ): Promise<StateWrite> {
    try {
      const version = await this.options.store.updatePartitionState(
        this.ctx.epochZkVersion,
        topic,
        partition,
        state,
        zkVersion,
      );
      this.ctx.states.set(tp(topic, partition), { ...state, zkVersion: version });
      return 'written';
    } catch (err) {
      this.options.logger.warn(`could not update state of ${topic}-${partition}: ${(err as Error).message}`);
      return err instanceof StoreUnavailableError ? 'unavailable' : 'conflict';
    }
  }

  private async deleteTopic(topic: string): Promise<void> {
    const partitions = this.ctx.partitionsOf(topic);
    if (partitions.length === 0 && !this.ctx.assignments.has(topic)) {
      await this.options.store.dropDeletionRequest(topic);
      return;
    }
    this.ctx.topicsToDelete.add(topic);
    const perBroker = new Map<number, Array<{ topic: string; partition: number; leaderEpoch: number }>>();
    for (const { partition, replicas } of partitions) {
      for (const r of replicas)
        perBroker.set(r, [...(perBroker.get(r) ?? []), { topic, partition, leaderEpoch: LEADER_EPOCH_DURING_DELETE }]);
    }
    for (const [brokerId, list] of perBroker) this.sender.stopReplica(brokerId, list, true);
    await this.options.store.deleteTopic(this.ctx.epochZkVersion, topic);
    this.ctx.removeTopic(topic);
    this.options.logger.info(`deleted topic ${topic}`);
    this.sender.updateMetadata([...this.ctx.liveBrokers.keys()], [topic]);
  }
}
