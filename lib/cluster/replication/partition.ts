// One partition's replication state on this broker: whether it leads, its leader epoch, ISR,
// assigned replicas, and the high watermark it derives from the ISR's log end offsets.
// It owns its PartitionLog; it does not talk to ZooKeeper or to other brokers itself.
import type { PartitionLog, AppendInfo } from '../../storage';
import { KafkaError } from '../../protocol/kafka-error';
import { ErrorCode } from '../../protocol/error-codes';

export interface PartitionState {
  controllerEpoch: number;
  leader: number;
  leaderEpoch: number;
  isr: number[];
  zkVersion: number;
  replicas: number[];
}

export class Partition {
  private state: PartitionState | null = null;
  /** Log end offsets reported by followers' fetches (the leader's own comes from its log). */
  private readonly followerLogEndOffsets = new Map<number, number>();

  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly localBrokerId: number,
    readonly log: PartitionLog,
  ) {}

  get isLeader(): boolean {
    return this.state !== null && this.state.leader === this.localBrokerId;
  }

  get leaderEpoch(): number {
    return this.state?.leaderEpoch ?? -1;
  }

  get isr(): number[] {
    return this.state?.isr ?? [];
  }

  get highWatermark(): number {
    return this.log.highWatermark;
  }

  get logEndOffset(): number {
    return this.log.logEndOffset;
  }

  get logStartOffset(): number {
    return this.log.logStartOffset;
  }

  /** Applies a LeaderAndIsr decision; returns false when it is older than what we have. */
  applyState(state: PartitionState): boolean {
    if (this.state && state.leaderEpoch < this.state.leaderEpoch) return false;
    this.state = { ...state };
    if (this.isLeader) this.maybeAdvanceHighWatermark();
    return true;
  }

  /** Appends validated batches as leader; the caller has checked sizes and CRCs. */
  appendAsLeader(records: Buffer, requiredAcks: number, minInsyncReplicas: number): AppendInfo {
    this.requireLeader();
    if (requiredAcks === -1 && this.isr.length < minInsyncReplicas) {
      throw new KafkaError(ErrorCode.NOT_ENOUGH_REPLICAS,
        `ISR ${JSON.stringify(this.isr)} is smaller than min.insync.replicas ${minInsyncReplicas}`);
    }
    const info = this.log.appendAsLeader(records, this.leaderEpoch);
    this.maybeAdvanceHighWatermark();
    return info;
  }

  requireLeader(): void {
    if (!this.isLeader) {
      throw new KafkaError(ErrorCode.NOT_LEADER_OR_FOLLOWER,
        `broker ${this.localBrokerId} is not the leader of ${this.topic}-${this.partition}`);
    }
  }

  /** Checks the client's view of the leader epoch (Fetch v9+, ListOffsets v4+). */
  checkLeaderEpoch(currentLeaderEpoch: number): void {
    if (currentLeaderEpoch < 0 || currentLeaderEpoch === this.leaderEpoch) return;
    if (currentLeaderEpoch < this.leaderEpoch) {
      throw new KafkaError(ErrorCode.FENCED_LEADER_EPOCH, `epoch ${currentLeaderEpoch} < ${this.leaderEpoch}`);
    }
    throw new KafkaError(ErrorCode.UNKNOWN_LEADER_EPOCH, `epoch ${currentLeaderEpoch} > ${this.leaderEpoch}`);
  }

  updateFollowerLogEndOffset(brokerId: number, logEndOffset: number): boolean {
    this.followerLogEndOffsets.set(brokerId, logEndOffset);
    return this.maybeAdvanceHighWatermark();
  }

  /** HW = smallest log end offset in the ISR; returns whether it moved. */
  maybeAdvanceHighWatermark(): boolean {
    let candidate = this.log.logEndOffset;
    for (const replica of this.isr) {
      if (replica === this.localBrokerId) continue;
      candidate = Math.min(candidate, this.followerLogEndOffsets.get(replica) ?? 0);
    }
    if (candidate <= this.log.highWatermark) return false;
    this.log.updateHighWatermark(candidate);
    return true;
  }
}
