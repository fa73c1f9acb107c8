// The controller (Kafka's KafkaController in ZooKeeper mode): every broker runs one; the one
// that wins /controller loads the cluster from ZooKeeper, elects partition leaders, writes
// partition state, and tells brokers through the ControlChannel. All work happens on the
// serial ControllerEventManager; watches only enqueue events.
import type { Logger } from '../../util/logger';
import { ControllerEventManager, ControllerEvent } from './controller-event-manager';
import { ControllerContext, tp } from './controller-context';
import type { ControllerStore } from './controller-store';
import type { ControlChannel } from './control-channel';
import { initialLeaderAndIsr, offlinePartitionLeader, shrinkIsr, leaderless, LeaderAndIsr } from './election';

export interface ControllerOptions {
  brokerId: number;
  store: ControllerStore;
  channel: ControlChannel;
  uncleanLeaderElectionEnable: boolean;
  logger: Logger;
}

export class Controller {
  private readonly events: ControllerEventManager;
  private readonly ctx = new ControllerContext();
  private active = false;
  private activeControllerId: number | null = null;

  constructor(private readonly options: ControllerOptions) {
    this.events = new ControllerEventManager(options.logger, 10000);
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
      await this.elect();
    });
  }

  idle(): Promise<void> {
    return this.events.idle();
  }

  async shutdown(): Promise<void> {
    await this.events.stop();
    if (this.active) {
      this.resignLocally();
      await this.options.store.resign(this.options.brokerId).catch((err: Error) =>
        this.options.logger.warn(`resigning /controller failed: ${err.message}`));
    }
  }

  private enqueue(name: string, process: () => Promise<void>): void {
    const event: ControllerEvent = { name, process };
    this.events.put(event);
  }

  private async elect(): Promise<void> {
    const store = this.options.store;
    const current = await store.watchController(() => this.enqueue('ControllerChange', () => this.onControllerChange()));
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
    const current = await this.options.store.watchController(() => this.enqueue('ControllerChange', () => this.onControllerChange()));
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
  }

  private async onControllerFailover(): Promise<void> {
    await this.loadBrokers();
    await this.loadTopics();
    await this.sendUpdateMetadata([...this.ctx.liveBrokers.keys()]);
    await this.sendLeaderAndIsrForExisting();
    await this.electNewAndOfflinePartitions();
    await this.loadDeletions();
  }

  private async loadBrokers(): Promise<void> {
    const brokers = await this.options.store.liveBrokers(() => this.enqueue('BrokerChange', () => this.onBrokerChange()));
    this.ctx.liveBrokers.clear();
    for (const b of brokers) this.ctx.liveBrokers.set(b.brokerId, b);
  }

  private async loadTopics(): Promise<void> {
    const topics = await this.options.store.topicNames(() => this.enqueue('TopicChange', () => this.onTopicChange()));
    for (const topic of topics) await this.loadTopic(topic);
  }

  private async loadTopic(topic: string): Promise<void> {
    const assignment = await this.options.store.assignment(topic);
    if (!assignment) return;
    this.ctx.assignments.set(topic, assignment);
    for (const partition of assignment.keys()) {
      const stored = await this.options.store.partitionState(topic, partition);
      if (stored) this.ctx.states.set(tp(topic, partition), { ...stored.state, zkVersion: stored.zkVersion });
    }
  }

  private async loadDeletions(): Promise<void> {
    const pending = await this.options.store.topicsPendingDeletion(() => this.enqueue('TopicDeletion', () => this.loadDeletionsIfActive()));
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
    const before = this.ctx.liveIds();
    await this.loadBrokers();
    const after = this.ctx.liveIds();
    const dead = [...before].filter((id) => !after.has(id));
    const added = [...after].filter((id) => !before.has(id));
    if (dead.length === 0 && added.length === 0) return;
    this.options.logger.info(`brokers changed: added [${added.join(',')}], dead [${dead.join(',')}]`);
    await this.sendUpdateMetadata([...after]);
    await this.sendLeaderAndIsrForExisting(new Set(added));
    await this.electNewAndOfflinePartitions();
  }

  /** LeaderAndIsr for partitions that already have state, to live replicas (optionally some). */
  private async sendLeaderAndIsrForExisting(only?: Set<number>): Promise<void> {
    const perBroker = new Map<number, ReturnType<ControllerContext['metadataFor']>[]>();
    for (const { topic, partition, replicas } of this.ctx.allPartitions()) {
      const meta = this.ctx.metadataFor(topic, partition);
      if (!meta || meta.leader < 0) continue;
      for (const r of replicas) {
        if (!this.ctx.liveBrokers.has(r) || (only && !only.has(r))) continue;
        perBroker.set(r, [...(perBroker.get(r) ?? []), meta]);
      }
    }
    for (const [brokerId, states] of perBroker) await this.sendLeaderAndIsr(brokerId, states.filter((s) => s !== null) as never);
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
      const next = this.decideExisting(replicas, current, live);
      if (next && await this.writeState(topic, partition, next, current.zkVersion)) changed.push({ topic, partition });
    }
    if (creations.length > 0) {
      const stored = await this.options.store.createPartitionStates(this.ctx.epochZkVersion, creations);
      creations.forEach((c, i) => {
        this.ctx.states.set(tp(c.topic, c.partition), { ...stored[i].state, zkVersion: stored[i].zkVersion });
        changed.push({ topic: c.topic, partition: c.partition });
      });
    }
    await this.announce(changed);
  }

  private decideExisting(replicas: number[], current: LeaderAndIsr, live: Set<number>): LeaderAndIsr | null {
    if (current.leader >= 0 && live.has(current.leader)) return shrinkIsr(current, live, this.ctx.epoch);
    const elected = offlinePartitionLeader(replicas, current, live, this.options.uncleanLeaderElectionEnable, this.ctx.epoch);
    if (elected) return elected;
    return current.leader === -1 ? null : leaderless(current, this.ctx.epoch);
  }

  private async writeState(topic: string, partition: number, state: LeaderAndIsr, zkVersion: number): Promise<boolean> {
    try {
      const version = await this.options.store.updatePartitionState(this.ctx.epochZkVersion, topic, partition, state, zkVersion);
      this.ctx.states.set(tp(topic, partition), { ...state, zkVersion: version });
      return true;
    } catch (err) {
      this.options.logger.warn(`could not update state of ${topic}-${partition}: ${(err as Error).message}`);
      return false;
    }
  }

  /** Tells replicas their new state and every live broker the new metadata. */
  private async announce(changed: Array<{ topic: string; partition: number }>): Promise<void> {
    if (changed.length === 0) return;
    const perBroker = new Map<number, NonNullable<ReturnType<ControllerContext['metadataFor']>>[]>();
    for (const { topic, partition } of changed) {
      const meta = this.ctx.metadataFor(topic, partition);
      if (!meta) continue;
      for (const r of meta.replicas) {
        if (this.ctx.liveBrokers.has(r)) perBroker.set(r, [...(perBroker.get(r) ?? []), meta]);
      }
    }
    for (const [brokerId, states] of perBroker) await this.sendLeaderAndIsr(brokerId, states);
    await this.sendUpdateMetadata([...this.ctx.liveBrokers.keys()]);
  }

  private async deleteTopic(topic: string): Promise<void> {
    const partitions = this.ctx.partitionsOf(topic);
    if (partitions.length === 0 && !this.ctx.assignments.has(topic)) {
      await this.options.store.dropDeletionRequest(topic);
      return;
    }
    this.ctx.topicsToDelete.add(topic);
    const perBroker = new Map<number, Array<{ topic: string; partition: number }>>();
    for (const { partition, replicas } of partitions) {
      for (const r of replicas) perBroker.set(r, [...(perBroker.get(r) ?? []), { topic, partition }]);
    }
    for (const [brokerId, list] of perBroker) {
      if (!this.ctx.liveBrokers.has(brokerId)) continue;
      await this.send(brokerId, 'StopReplica', () => this.options.channel.stopReplica(brokerId, {
        controllerId: this.options.brokerId, controllerEpoch: this.ctx.epoch,
        brokerEpoch: this.ctx.liveBrokers.get(brokerId)?.brokerEpoch ?? -1, deletePartitions: true, partitions: list,
      }));
    }
    await this.options.store.deleteTopic(this.ctx.epochZkVersion, topic);
    this.ctx.removeTopic(topic);
    this.options.logger.info(`deleted topic ${topic}`);
    await this.sendUpdateMetadata([...this.ctx.liveBrokers.keys()], [topic]);
  }

  private async sendLeaderAndIsr(brokerId: number, states: NonNullable<ReturnType<ControllerContext['metadataFor']>>[]): Promise<void> {
    if (states.length === 0) return;
    await this.send(brokerId, 'LeaderAndIsr', () => this.options.channel.leaderAndIsr(brokerId, {
      controllerId: this.options.brokerId, controllerEpoch: this.ctx.epoch,
      brokerEpoch: this.ctx.liveBrokers.get(brokerId)?.brokerEpoch ?? -1, partitionStates: states,
    }));
  }

  private async sendUpdateMetadata(brokerIds: number[], deletedTopics: string[] = []): Promise<void> {
    const partitionStates = this.ctx.allMetadata();
    const liveBrokers = [...this.ctx.liveBrokers.values()].map(({ brokerId, endpoints, rack }) => ({ brokerId, endpoints, rack }));
    for (const brokerId of brokerIds) {
      await this.send(brokerId, 'UpdateMetadata', () => this.options.channel.updateMetadata(brokerId, {
        controllerId: this.options.brokerId, controllerEpoch: this.ctx.epoch,
        brokerEpoch: this.ctx.liveBrokers.get(brokerId)?.brokerEpoch ?? -1,
        liveBrokers, partitionStates, deletedTopics,
      }));
    }
  }

  private async send(brokerId: number, what: string, call: () => Promise<void>): Promise<void> {
    try {
      await call();
    } catch (err) {
      this.options.logger.warn(`${what} to broker ${brokerId} failed: ${(err as Error).message}`);
    }
  }
}
