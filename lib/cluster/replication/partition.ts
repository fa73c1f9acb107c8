// One partition's replication state on this broker (Kafka's cluster/Partition): whether it
// leads, its leader epoch and zkVersion, the ISR (committed, plus at most one proposed change in
// flight to the controller), what it knows of each follower, and the high watermark it derives
// from them. It owns its PartitionLog. It never writes ZooKeeper and never opens connections:
// ISR changes go out through the injected `alterIsr`, and the follower side (fetching) lives in
// the replica fetcher.
import type { PartitionLog, AppendInfo } from '../../storage';
import type { BatchSetSummary } from '../../protocol/batch-set';
import { KafkaError } from '../../protocol/kafka-error';
import { ErrorCode } from '../../protocol/error-codes';
import type { Clock } from '../../util/clock';
import type { Logger } from '../../util/logger';
import {
  afterFollowerFetch,
  canJoinIsr,
  FollowerFetchState,
  highWatermarkCandidate,
  maximalIsr,
  onLeadership,
  outOfSyncReplicas,
  PendingIsrChange,
  unknownFollower,
} from './isr-decisions';

export interface PartitionState {
  controllerEpoch: number;
  leader: number;
  leaderEpoch: number;
  isr: number[];
  zkVersion: number;
  replicas: number[];
}

/** One partition of an AlterIsr request, as the leader proposes it. */
export interface AlterIsrItem {
  topic: string;
  partition: number;
  leaderId: number;
  leaderEpoch: number;
  newIsr: number[];
  currentIsrVersion: number;
}

/** The controller's answer for that partition: the ISR and zkVersion now in ZooKeeper. */
export interface AlterIsrOutcome {
  errorCode: number;
  leaderId: number;
  leaderEpoch: number;
  isr: number[];
  currentIsrVersion: number;
}

export type AlterIsr = (item: AlterIsrItem) => Promise<AlterIsrOutcome>;

export interface PartitionContext {
  clock: Clock;
  replicaLagTimeMaxMs: number;
  /** null: ISR changes are never proposed (a broker without a controller path). */
  alterIsr: AlterIsr | null;
  alterIsrRetryBackoffMs: number;
  /** The high watermark moved: waiting acks=all produces and consumer fetches may complete. */
  onHighWatermarkAdvanced(partition: Partition): void;
  /** This leader's ISR change was committed (IsrShrinksPerSec / IsrExpandsPerSec). */
  onIsrChanged?(kind: 'shrink' | 'expand'): void;
  logger: Logger;
}

/** What applying a LeaderAndIsr state did, so the replica manager can move fetchers. */
export type Transition = 'stale' | 'unchanged' | 'updated' | 'became-leader' | 'became-follower';

/** The controller refused the proposal for a reason only a new LeaderAndIsr can resolve. */
const AWAIT_LEADER_AND_ISR = new Set<number>([
  ErrorCode.INVALID_UPDATE_VERSION,
  ErrorCode.FENCED_LEADER_EPOCH,
  ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
]);

export class Partition {
  private state: PartitionState | null = null;
  private committedIsr: number[] = [];
  private pendingIsr: PendingIsrChange | null = null;
  private awaitingLeaderAndIsr = false;
  private retryTimer: NodeJS.Timeout | null = null;
  /** The log end offset when this broker became leader for the current epoch. */
  private leaderEpochStartOffset: number | null = null;
  private readonly followers = new Map<number, FollowerFetchState>();
  /** Its log dir failed: it neither leads nor follows until the broker restarts (Kafka's HostedPartition.Offline). */
  private offline = false;

  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly localBrokerId: number,
    readonly log: PartitionLog,
    private readonly context: PartitionContext,
  ) {}

  get isLeader(): boolean {
    return !this.offline && this.state !== null && this.state.leader === this.localBrokerId;
  }
  get isOffline(): boolean {
    return this.offline;
  }
  get leaderId(): number {
    return this.state?.leader ?? -1;
  }
  get leaderEpoch(): number {
    return this.state?.leaderEpoch ?? -1;
  }
  get zkVersion(): number {
    return this.state?.zkVersion ?? -1;
  }
  get replicas(): readonly number[] {
    return this.state?.replicas ?? [];
  }
  /** The committed ISR (what ZooKeeper holds); followers do not track it and report []. */
  get isr(): number[] {
    return this.committedIsr;
  }
  /** The committed ISR plus a pending expansion: what the high watermark and acks wait for. */
  get maximalIsr(): readonly number[] {
    return maximalIsr(this.committedIsr, this.pendingIsr);
  }
  get isrChangePending(): boolean {
    return this.pendingIsr !== null;
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
  follower(brokerId: number): FollowerFetchState | undefined {
    return this.followers.get(brokerId);
  }

  /** Applies a LeaderAndIsr decision (Kafka's makeLeader / makeFollower). */
  applyState(state: PartitionState): Transition {
    const current = this.state;
    if (current && state.leaderEpoch < current.leaderEpoch) return 'stale';
    if (current && state.leaderEpoch === current.leaderEpoch && state.leader === current.leader) {
      return this.updateIsrAndVersion(state) ? 'updated' : 'unchanged';
    }
    if (state.leader === this.localBrokerId) {
      this.makeLeader(state);
      return 'became-leader';
    }
    this.makeFollower(state);
    return 'became-follower';
  }

  /** Appends validated batches as leader; `batches` is the produce validation's scan of them. */
  appendAsLeader(
    records: Buffer,
    requiredAcks: number,
    minInsyncReplicas: number,
    batches?: BatchSetSummary,
  ): AppendInfo {
    this.requireLeader();
    if (requiredAcks === -1 && this.committedIsr.length < minInsyncReplicas) {
      throw new KafkaError(
        ErrorCode.NOT_ENOUGH_REPLICAS,
        `ISR ${JSON.stringify(this.committedIsr)} is smaller than min.insync.replicas ${minInsyncReplicas}`,
      );
    }
    const info = this.log.appendAsLeader(records, this.leaderEpoch, batches);
    this.maybeAdvanceHighWatermark();
    return info;
  }

  requireLeader(): void {
    if (this.offline) {
      throw new KafkaError(ErrorCode.KAFKA_STORAGE_ERROR, `${this.topic}-${this.partition} is in an offline log dir`);
    }
    if (!this.isLeader) {
      throw new KafkaError(
        ErrorCode.NOT_LEADER_OR_FOLLOWER,
        `broker ${this.localBrokerId} is not the leader of ${this.topic}-${this.partition}`,
      );
    }
  }

  /** Checks the requester's view of the leader epoch (Fetch v9+, ListOffsets v4+, OffsetForLeaderEpoch v2+). */
  checkLeaderEpoch(currentLeaderEpoch: number): void {
    if (currentLeaderEpoch < 0 || currentLeaderEpoch === this.leaderEpoch) return;
    if (currentLeaderEpoch < this.leaderEpoch) {
      throw new KafkaError(ErrorCode.FENCED_LEADER_EPOCH, `epoch ${currentLeaderEpoch} < ${this.leaderEpoch}`);
    }
    throw new KafkaError(ErrorCode.UNKNOWN_LEADER_EPOCH, `epoch ${currentLeaderEpoch} > ${this.leaderEpoch}`);
  }

  /**
   * Records a follower's fetch at `fetchOffset` (its log end offset); may propose adding it to
   * the ISR and advance the high watermark. False when the broker is not an assigned replica.
   */
  updateFollowerFetchState(
    brokerId: number,
    fetchOffset: number,
    followerLogStartOffset: number,
    nowMs: number,
  ): boolean {
    const previous = this.followers.get(brokerId);
    if (!previous || !this.isLeader) return false;
    this.followers.set(
      brokerId,
      afterFollowerFetch(previous, fetchOffset, followerLogStartOffset, nowMs, this.log.logEndOffset),
    );
    this.maybeExpandIsr(brokerId);
    if (previous.logEndOffset !== fetchOffset) this.maybeAdvanceHighWatermark(nowMs);
    return true;
  }

  /**
   * The periodic isr-expiration check: proposes removing followers that lag too long. It also
   * re-evaluates the high watermark, which a non-ISR follower's lag window may have been holding
   * back: time alone can release it.
   */
  maybeShrinkIsr(nowMs = this.context.clock.nowMs()): void {
    if (!this.isLeader) return;
    this.maybeAdvanceHighWatermark(nowMs);
    if (!this.canProposeIsrChange()) return;
    const lagging = outOfSyncReplicas(
      this.committedIsr,
      this.localBrokerId,
      this.followers,
      this.log.logEndOffset,
      nowMs,
      this.context.replicaLagTimeMaxMs,
    );
    if (lagging.length === 0) return;
    this.context.logger.info(
      `${this.name}: shrinking ISR ${this.committedIsr} by ${lagging} (lagging more than ` +
        `${this.context.replicaLagTimeMaxMs} ms)`,
    );
    this.proposeIsr(
      'shrink',
      this.committedIsr.filter((id) => !lagging.includes(id)),
    );
  }

  /** An acks=all produce up to `requiredOffset` (exclusive): done yet, and with which error. */
  checkEnoughReplicasReachOffset(
    requiredOffset: number,
    minInsyncReplicas: number,
  ): { done: boolean; errorCode: number } {
    if (this.offline) return { done: true, errorCode: ErrorCode.KAFKA_STORAGE_ERROR };
    if (!this.isLeader) return { done: true, errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER };
    if (this.log.highWatermark < requiredOffset) return { done: false, errorCode: ErrorCode.NONE };
    const enough = this.maximalIsr.length >= minInsyncReplicas;
    return { done: true, errorCode: enough ? ErrorCode.NONE : ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND };
  }

  /** OffsetForLeaderEpoch on the leader: the end offset of `leaderEpoch` in this log. */
  lastOffsetForLeaderEpoch(
    currentLeaderEpoch: number,
    leaderEpoch: number,
  ): { errorCode: number; leaderEpoch: number; endOffset: number } {
    try {
      this.checkLeaderEpoch(currentLeaderEpoch);
      this.requireLeader();
    } catch (err) {
      return { errorCode: (err as KafkaError).code, leaderEpoch: -1, endOffset: -1 };
    }
    // The cache already holds this leader's own epoch (makeLeader), written or not.
    const answer = this.log.endOffsetForEpoch(leaderEpoch);
    return { errorCode: ErrorCode.NONE, leaderEpoch: answer.leaderEpoch, endOffset: answer.endOffset };
  }

  /** Moves the high watermark forward if the maximal ISR allows; returns whether it moved. */
  maybeAdvanceHighWatermark(nowMs = this.context.clock.nowMs()): boolean {
    if (!this.isLeader) return false;
    const candidate = highWatermarkCandidate(
      this.log.logEndOffset,
      this.followers.values(),
      this.maximalIsr,
      nowMs,
      this.context.replicaLagTimeMaxMs,
    );
    if (candidate <= this.log.highWatermark) return false;
    this.log.updateHighWatermark(candidate);
    this.context.onHighWatermarkAdvanced(this);
    return true;
  }

  /** Stops retry timers (StopReplica, shutdown). */
  close(): void {
    this.clearRetry();
    this.pendingIsr = null;
  }

  /** Its log dir failed: stops leading and following for good (the controller moves leadership). */
  markOffline(): void {
    this.offline = true;
    this.close();
  }

  private get name(): string {
    return `${this.topic}-${this.partition}`;
  }

  private makeLeader(state: PartitionState): void {
    const wasLeader = this.isLeader;
    const nowMs = this.context.clock.nowMs();
    // Kafka's makeLeader records (epoch -> log end offset) at once and persists it, so followers
    // holding a tail from an older epoch are answered right even if this leader never writes
    // (KIP-279). Done first: a failed checkpoint write leaves the partition as it was.
    this.log.maybeAssignEpochStartOffset(state.leaderEpoch, this.log.logEndOffset);
    this.state = { ...state };
    this.resetIsr(state.isr);
    this.updateAssignment(state.replicas);
    this.leaderEpochStartOffset = this.log.logEndOffset;
    for (const [id, follower] of this.followers) {
      this.followers.set(
        id,
        onLeadership(follower, this.leaderEpochStartOffset, nowMs, state.isr.includes(id), wasLeader),
      );
    }
    this.context.logger.info(
      `${this.name}: leader at epoch ${state.leaderEpoch} from offset ` +
        `${this.leaderEpochStartOffset}, ISR ${state.isr}`,
    );
    this.maybeAdvanceHighWatermark(nowMs);
  }

  private makeFollower(state: PartitionState): void {
    this.state = { ...state };
    this.resetIsr([]);
    this.updateAssignment(state.replicas);
    this.leaderEpochStartOffset = null;
    this.context.logger.info(`${this.name}: follower of ${state.leader} at epoch ${state.leaderEpoch}`);
  }

  /** Same leader and epoch: newer ISR/zkVersion news (e.g. a controller's resend) is taken as is. */
  private updateIsrAndVersion(state: PartitionState): boolean {
    const current = this.state as PartitionState;
    if (state.zkVersion < current.zkVersion) return false;
    const sameIsr = !this.isLeader || sameMembers(state.isr, this.committedIsr);
    if (state.zkVersion === current.zkVersion && sameIsr && sameMembers(state.replicas, current.replicas)) return false;
    this.state = {
      ...current,
      controllerEpoch: state.controllerEpoch,
      zkVersion: state.zkVersion,
      isr: state.isr,
      replicas: state.replicas,
    };
    this.updateAssignment(state.replicas);
    if (this.isLeader) {
      this.resetIsr(state.isr);
      this.maybeAdvanceHighWatermark();
    }
    return true;
  }

  private resetIsr(isr: number[]): void {
    this.clearRetry();
    this.committedIsr = [...isr];
    this.pendingIsr = null;
    this.awaitingLeaderAndIsr = false;
  }

  private updateAssignment(replicas: number[]): void {
    for (const id of [...this.followers.keys()]) if (!replicas.includes(id)) this.followers.delete(id);
    for (const id of replicas) {
      if (id !== this.localBrokerId && !this.followers.has(id)) this.followers.set(id, unknownFollower(id));
    }
  }

  private canProposeIsrChange(): boolean {
    return this.context.alterIsr !== null && this.pendingIsr === null && !this.awaitingLeaderAndIsr;
  }

  private maybeExpandIsr(brokerId: number): void {
    if (!this.canProposeIsrChange() || this.committedIsr.includes(brokerId)) return;
    const follower = this.followers.get(brokerId) as FollowerFetchState;
    if (!canJoinIsr(follower.logEndOffset, this.log.highWatermark, this.leaderEpochStartOffset)) return;
    this.context.logger.info(`${this.name}: expanding ISR ${this.committedIsr} with ${brokerId}`);
    this.proposeIsr('expand', [...this.committedIsr, brokerId]);
  }

  private proposeIsr(kind: PendingIsrChange['kind'], newIsr: number[]): void {
    const pending: PendingIsrChange = { kind, isr: newIsr };
    this.pendingIsr = pending;
    this.sendAlterIsr(pending, {
      topic: this.topic,
      partition: this.partition,
      leaderId: this.localBrokerId,
      leaderEpoch: this.leaderEpoch,
      newIsr,
      currentIsrVersion: this.zkVersion,
    });
  }

  private sendAlterIsr(pending: PendingIsrChange, item: AlterIsrItem): void {
    const alterIsr = this.context.alterIsr as AlterIsr;
    let sent: Promise<AlterIsrOutcome>;
    try {
      sent = alterIsr(item);
    } catch (err) {
      sent = Promise.reject(err);
    }
    sent.then(
      (outcome) => this.onAlterIsrOutcome(pending, item, outcome),
      (err: Error) => this.retryAlterIsr(pending, item, err.message),
    );
  }

  private onAlterIsrOutcome(pending: PendingIsrChange, item: AlterIsrItem, outcome: AlterIsrOutcome): void {
    // A LeaderAndIsr (or shutdown) since the proposal made this answer moot.
    if (this.pendingIsr !== pending) return;
    if (outcome.errorCode === ErrorCode.NONE) {
      if (outcome.leaderEpoch !== this.leaderEpoch || outcome.currentIsrVersion < this.zkVersion) {
        this.dropProposal(`answer for epoch ${outcome.leaderEpoch} version ${outcome.currentIsrVersion} is stale`);
        return;
      }
      this.committedIsr = [...outcome.isr];
      this.pendingIsr = null;
      (this.state as PartitionState).zkVersion = outcome.currentIsrVersion;
      this.context.logger.info(`${this.name}: ISR is now ${outcome.isr} (version ${outcome.currentIsrVersion})`);
      this.context.onIsrChanged?.(pending.kind);
      // A shrink may let the high watermark pass the replica that was holding it back.
      this.maybeAdvanceHighWatermark();
      return;
    }
    if (AWAIT_LEADER_AND_ISR.has(outcome.errorCode)) {
      this.dropProposal(`controller answered error ${outcome.errorCode}`);
      return;
    }
    this.retryAlterIsr(pending, item, `controller answered error ${outcome.errorCode}`);
  }

  /** The proposal is dead; no other is made until the controller tells us the state again. */
  private dropProposal(why: string): void {
    this.context.logger.info(
      `${this.name}: ISR change to ${this.pendingIsr?.isr} dropped (${why}); awaiting LeaderAndIsr`,
    );
    this.pendingIsr = null;
    this.awaitingLeaderAndIsr = true;
    this.maybeAdvanceHighWatermark();
  }

  private retryAlterIsr(pending: PendingIsrChange, item: AlterIsrItem, why: string): void {
    if (this.pendingIsr !== pending) return;
    this.context.logger.warn(
      `${this.name}: AlterIsr to ${item.newIsr} failed (${why}); retrying in ` +
        `${this.context.alterIsrRetryBackoffMs} ms`,
    );
    this.clearRetry();
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.pendingIsr === pending) this.sendAlterIsr(pending, item);
    }, this.context.alterIsrRetryBackoffMs);
    this.retryTimer.unref();
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }
}

function sameMembers(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((id) => b.includes(id));
}
