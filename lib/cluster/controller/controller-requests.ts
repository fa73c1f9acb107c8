// What the controller does for requests brokers send it, and for its periodic leader
// rebalance: AlterIsr (a leader's ISR change, written only here), ControlledShutdown (moving
// leadership off a broker before it stops), preferred replica election.
import type { Logger } from '../../util/logger';
import { ErrorCode } from '../../protocol/error-codes';
import { KafkaError } from '../../protocol/kafka-error';
import { ControllerContext, tp } from './controller-context';
import type { ControllerSender } from './controller-sender';
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

type WriteState = (topic: string, partition: number, state: LeaderAndIsr, zkVersion: number) => Promise<boolean>;

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
        topic: p.topic, partition: p.partition, errorCode,
        leaderId: now?.leader ?? -1, leaderEpoch: now?.leaderEpoch ?? -1,
        isr: now?.isr ?? [], currentIsrVersion: now?.zkVersion ?? -1,
      };
    };
    if (!current || this.ctx.topicsToDelete.has(p.topic)) return answer(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    if (p.leaderEpoch < current.leaderEpoch) return answer(ErrorCode.FENCED_LEADER_EPOCH);
    if (current.leader !== brokerId) return answer(ErrorCode.NOT_LEADER_OR_FOLLOWER);
    if (p.currentIsrVersion !== current.zkVersion) return answer(ErrorCode.INVALID_UPDATE_VERSION);
    if (!p.newIsr.includes(brokerId)) return answer(ErrorCode.INVALID_REQUEST);
    const next = { leader: current.leader, leaderEpoch: current.leaderEpoch, isr: p.newIsr, controllerEpoch: this.ctx.epoch };
    if (!(await this.writeState(p.topic, p.partition, next, current.zkVersion))) return answer(ErrorCode.INVALID_UPDATE_VERSION);
    this.logger.info(`ISR of ${p.topic}-${p.partition} changed from [${current.isr.join(',')}] to [${p.newIsr.join(',')}] at leader ${brokerId}'s request`);
    return answer(ErrorCode.NONE);
  }

  async controlledShutdown(brokerId: number, brokerEpoch: number): Promise<Array<{ topic: string; partition: number }>> {
    const broker = this.ctx.liveBrokers.get(brokerId);
    if (!broker) throw new KafkaError(ErrorCode.BROKER_NOT_AVAILABLE, `broker ${brokerId} is not registered`);
    if (brokerEpoch >= 0 && brokerEpoch !== broker.brokerEpoch) throw new KafkaError(ErrorCode.STALE_BROKER_EPOCH, 'stale broker epoch');
    this.shuttingDown.add(brokerId);
    const eligible = new Set([...this.ctx.liveIds()].filter((id) => !this.shuttingDown.has(id)));
    const changed: Array<{ topic: string; partition: number }> = [];
    const stopped: Array<{ topic: string; partition: number; leaderEpoch: number }> = [];
    for (const { topic, partition, replicas } of this.ctx.allPartitions()) {
      if (!replicas.includes(brokerId) || replicas.length < 2) continue;
      const current = this.ctx.states.get(tp(topic, partition));
      if (!current) continue;
      const next = controlledShutdownLeader(replicas, current, eligible, brokerId, this.ctx.epoch);
      if (!next || !(await this.writeState(topic, partition, next, current.zkVersion))) continue;
      changed.push({ topic, partition });
      if (current.leader !== brokerId) stopped.push({ topic, partition, leaderEpoch: next.leaderEpoch });
    }
    this.sender.announce(changed);
    this.sender.stopReplica(brokerId, stopped, false);
    // Partitions no other live, non-leaving replica could take are not worth retrying for (Kafka
    // counts them too, so its last broker of a cluster retries until it gives up).
    const remaining = this.ctx.allPartitions().filter(({ topic, partition, replicas }) =>
      replicas.some((r) => r !== brokerId && eligible.has(r)) && this.ctx.states.get(tp(topic, partition))?.leader === brokerId);
    this.logger.info(`controlled shutdown of broker ${brokerId}: moved ${changed.length} partition(s), ${remaining.length} remaining`);
    return remaining.map(({ topic, partition }) => ({ topic, partition }));
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
        if (current && next && await this.writeState(topic, partition, next, current.zkVersion)) changed.push({ topic, partition });
      }
    }
    if (changed.length > 0) this.logger.info(`preferred replica election moved ${changed.length} partition(s)`);
    return changed;
  }
}
