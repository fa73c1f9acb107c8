// What the controller does for requests brokers send it, and for its periodic leader
// rebalance: AlterIsr (a leader's ISR change, written only here), ControlledShutdown (moving
// leadership off a broker before it stops), preferred replica election.
import type { Logger } from '../../util/logger';
import { ErrorCode } from '../../protocol/error-codes';
import { KafkaError } from '../../protocol/kafka-error';
import { ControllerContext, tp } from './controller-context';
import type { ControllerSender } from './controller-sender';
import type { PartitionMetadata } from '../metadata/metadata-cache';
import { controlledShutdownLeader, preferredLeader, LeaderAndIsr } from './election';

export interface AlterIsrPartition {
  topic: string;
  partition: number;
  leaderEpoch: number;
  newIsr: number[];
  currentIsrVersion: number;
}

export interface AlterIsrPartitionResult {
  topic: string;
  partition: number;
  errorCode: number;
  leaderId: number;
  leaderEpoch: number;
  isr: number[];
  currentIsrVersion: number;
}

export type AlterIsrResult = { errorCode: number; partitions: AlterIsrPartitionResult[] };

export interface TopicPartition {
  topic: string;
  partition: number;
}

/** 'unavailable': ZooKeeper could not be reached, nothing was written, a retry may succeed. */
export type StateWrite = 'written' | 'conflict' | 'unavailable';

type WriteState = (topic: string, partition: number, state: LeaderAndIsr, zkVersion: number) => Promise<StateWrite>;

export class ControllerRequests {
  private readonly shuttingDown = new Set<number>();

  constructor(
    private readonly ctx: ControllerContext,
    private readonly sender: ControllerSender,
    private readonly logger: Logger,
    private readonly writeState: WriteState,
  ) {}

  brokerGone(brokerId: number): void {
    this.shuttingDown.delete(brokerId);
  }

  async alterIsr(brokerId: number, brokerEpoch: number, partitions: AlterIsrPartition[]): Promise<AlterIsrResult> {
    const broker = this.ctx.liveBrokers.get(brokerId);
    if (!broker || (brokerEpoch >= 0 && brokerEpoch !== broker.brokerEpoch)) {
      return { errorCode: ErrorCode.STALE_BROKER_EPOCH, partitions: [] };
    }
    const results: AlterIsrPartitionResult[] = [];
    const changed: Array<{ topic: string; partition: number }> = [];
    for (const p of partitions) {
      const result = await this.alterOne(brokerId, p);
      if (result.errorCode === ErrorCode.NONE) changed.push({ topic: p.topic, partition: p.partition });
      results.push(result);
    }
    // Kafka answers AlterIsr and tells every broker the new ISR; the leader already knows it.
    if (changed.length > 0) this.sender.updateMetadata([...this.ctx.liveBrokers.keys()]);
    return { errorCode: ErrorCode.NONE, partitions: results };
  }

  private async alterOne(brokerId: number, p: AlterIsrPartition): Promise<AlterIsrPartitionResult> {
    const current = this.ctx.states.get(tp(p.topic, p.partition));
    // Answers with the state as it is after this request: the new one when the write went through.
    const answer = (errorCode: number): AlterIsrPartitionResult => {
      const now = this.ctx.states.get(tp(p.topic, p.partition));
      return {
        topic: p.topic,
        partition: p.partition,
        errorCode,
        leaderId: now?.leader ?? -1,
        leaderEpoch: now?.leaderEpoch ?? -1,
        isr: now?.isr ?? [],
        currentIsrVersion: now?.zkVersion ?? -1,
      };
    };
    if (!current || this.ctx.topicsToDelete.has(p.topic)) return answer(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    if (p.leaderEpoch < current.leaderEpoch) return answer(ErrorCode.FENCED_LEADER_EPOCH);
    if (current.leader !== brokerId) return answer(ErrorCode.NOT_LEADER_OR_FOLLOWER);
    if (p.currentIsrVersion !== current.zkVersion) return answer(ErrorCode.INVALID_UPDATE_VERSION);
    if (!p.newIsr.includes(brokerId)) return answer(ErrorCode.INVALID_REQUEST);
    const next = {
      leader: current.leader,
      leaderEpoch: current.leaderEpoch,
      isr: p.newIsr,
      controllerEpoch: this.ctx.epoch,
    };
    const written = await this.writeState(p.topic, p.partition, next, current.zkVersion);
    // Without ZooKeeper nothing changed: a retriable answer, so the leader asks again later
    // instead of waiting for a LeaderAndIsr no one will send.
    if (written === 'unavailable') return answer(ErrorCode.REQUEST_TIMED_OUT);
    if (written === 'conflict') return answer(ErrorCode.INVALID_UPDATE_VERSION);
    this.logger.info(
      `ISR of ${p.topic}-${p.partition} changed from [${current.isr.join(',')}] to [${p.newIsr.join(',')}] at leader ${brokerId}'s request`,
    );
    return answer(ErrorCode.NONE);
  }

  /**
   * Kafka 2.8's doControlledShutdown for `brokerId`, for its partitions with more than one
   * replica (a single replica has nowhere to go): those it leads move to the first live, in-sync,
   * not-leaving replica (it is told it follows); those it follows get StopReplica and lose it
   * from their ISR (the other replicas are told). Answers the replicated partitions it still
   * leads while another replica is alive and not leaving (it may yet join the ISR, or a write was
   * lost), for which the broker retries. Kafka 2.8 also counts partitions whose other replicas
   * are all dead or leaving; retrying cannot move those, so Samsa lets the broker go at once —
   * stopping a whole cluster (make run's Ctrl-C) then takes no retry back-offs.
   */
  async controlledShutdown(brokerId: number, brokerEpoch: number): Promise<TopicPartition[]> {
    const broker = this.ctx.liveBrokers.get(brokerId);
    if (!broker) throw new KafkaError(ErrorCode.BROKER_NOT_AVAILABLE, `broker ${brokerId} is not registered`);
    if (brokerEpoch >= 0 && brokerEpoch !== broker.brokerEpoch)
      throw new KafkaError(ErrorCode.STALE_BROKER_EPOCH, 'stale broker epoch');
    this.shuttingDown.add(brokerId);
    const actOn = this.replicatedPartitionsOn(brokerId);
    const led = actOn.filter((p) => this.ctx.states.get(tp(p.topic, p.partition))?.leader === brokerId);
    const followed = actOn.filter((p) => !led.includes(p));
    const moved = await this.applyShutdownElection(led, brokerId);
    this.sender.announce(moved);
    this.sender.stopReplica(
      brokerId,
      followed.map(({ topic, partition }) => ({
        topic,
        partition,
        leaderEpoch: this.ctx.states.get(tp(topic, partition))?.leaderEpoch ?? -1,
      })),
      false,
    );
    const shrunk = await this.applyShutdownElection(followed, brokerId);
    this.tellReplicasExcept(shrunk, brokerId);
    const couldTakeOver = (id: number) => id !== brokerId && this.ctx.liveBrokers.has(id) && !this.shuttingDown.has(id);
    const remaining = this.replicatedPartitionsOn(brokerId)
      .filter(
        (p) => this.ctx.states.get(tp(p.topic, p.partition))?.leader === brokerId && p.replicas.some(couldTakeOver),
      )
      .map(({ topic, partition }) => ({ topic, partition }));
    this.logger.info(
      `controlled shutdown of broker ${brokerId}: moved ${moved.length} leader(s), removed it from ` +
        `${shrunk.length} ISR(s); still leads ${remaining.length}${remaining.length > 0 ? `: ${remaining.map((p) => tp(p.topic, p.partition)).join(', ')}` : ''}`,
    );
    return remaining;
  }

  /** Partitions with a replica on `brokerId`, more than one replica and a known state, not being deleted. */
  private replicatedPartitionsOn(brokerId: number): Array<{ topic: string; partition: number; replicas: number[] }> {
    return this.ctx
      .allPartitions()
      .filter(
        ({ topic, partition, replicas }) =>
          replicas.length > 1 &&
          replicas.includes(brokerId) &&
          this.ctx.states.has(tp(topic, partition)) &&
          !this.ctx.topicsToDelete.has(topic),
      );
  }

  /** Writes the controlled-shutdown decision of each partition; returns those that changed. */
  private async applyShutdownElection(
    partitions: Array<{ topic: string; partition: number; replicas: number[] }>,
    leaving: number,
  ): Promise<TopicPartition[]> {
    const eligible = new Set([...this.ctx.liveIds()].filter((id) => !this.shuttingDown.has(id)));
    const changed: TopicPartition[] = [];
    for (const { topic, partition, replicas } of partitions) {
      const current = this.ctx.states.get(tp(topic, partition));
      if (!current) continue;
      const next = controlledShutdownLeader(replicas, current, eligible, leaving, this.ctx.epoch);
      if (next && (await this.writeState(topic, partition, next, current.zkVersion)) === 'written')
        changed.push({ topic, partition });
    }
    return changed;
  }

  /** Kafka's OfflineReplica transition: the new state goes to every live replica but the one removed. */
  private tellReplicasExcept(changed: TopicPartition[], removed: number): void {
    if (changed.length === 0) return;
    const perBroker = new Map<number, PartitionMetadata[]>();
    for (const { topic, partition } of changed) {
      const meta = this.ctx.metadataFor(topic, partition);
      for (const r of meta?.replicas ?? []) {
        if (r !== removed && this.ctx.liveBrokers.has(r))
          perBroker.set(r, [...(perBroker.get(r) ?? []), meta as PartitionMetadata]);
      }
    }
    for (const [brokerId, states] of perBroker) this.sender.leaderAndIsr(brokerId, states);
    this.sender.updateMetadata([...this.ctx.liveBrokers.keys()]);
  }

  /** Moves leadership back to preferred replicas on brokers whose imbalance passes the threshold. */
  async preferredElection(imbalancePercentage: number): Promise<Array<{ topic: string; partition: number }>> {
    const live = new Set([...this.ctx.liveIds()].filter((id) => !this.shuttingDown.has(id)));
    const byPreferred = new Map<number, Array<{ topic: string; partition: number; replicas: number[] }>>();
    for (const p of this.ctx.allPartitions()) {
      if (this.ctx.topicsToDelete.has(p.topic) || p.replicas.length === 0) continue;
      byPreferred.set(p.replicas[0], [...(byPreferred.get(p.replicas[0]) ?? []), p]);
    }
    const changed: Array<{ topic: string; partition: number }> = [];
    for (const [brokerId, partitions] of byPreferred) {
      if (!live.has(brokerId)) continue;
      const notLed = partitions.filter((p) => this.ctx.states.get(tp(p.topic, p.partition))?.leader !== brokerId);
      if (notLed.length === 0 || (notLed.length * 100) / partitions.length <= imbalancePercentage) continue;
      for (const { topic, partition, replicas } of notLed) {
        const current = this.ctx.states.get(tp(topic, partition));
        const next = current ? preferredLeader(replicas, current, live, this.ctx.epoch) : null;
        if (current && next && (await this.writeState(topic, partition, next, current.zkVersion)) === 'written')
          changed.push({ topic, partition });
      }
    }
    if (changed.length > 0) this.logger.info(`preferred replica election moved ${changed.length} partition(s)`);
    return changed;
  }
}
