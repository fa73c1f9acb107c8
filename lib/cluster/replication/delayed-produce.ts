// An acks=all produce waits here until the high watermark of every partition it appended to
// has passed its last offset (the ISR has the records), or until timeout_ms. If the ISR shrank
// below min.insync.replicas meanwhile the answer is NOT_ENOUGH_REPLICAS_AFTER_APPEND (the
// records are in the log); while this broker may not acknowledge acks=all writes (its ZooKeeper
// session is gone) waiting partitions answer NOT_LEADER_OR_FOLLOWER.
import { ErrorCode } from '../../protocol/error-codes';
import type { DelayedOperation } from './delayed-operations';
import type { Partition } from './partition';

export interface ProducePartitionResult {
  topic: string;
  partition: number;
  errorCode: number;
  errorMessage: string | null;
  baseOffset: number;
  logAppendTimeMs: number;
  logStartOffset: number;
  lastOffset?: number;
}

type Lookup = (topic: string, partition: number) => Partition | undefined;

export interface DelayedProduceContext {
  lookup: Lookup;
  minInsyncReplicasFor(topic: string): number;
  /** False while acks=all writes must not be acknowledged (see ReplicaManager.setZkSessionHealthy). */
  canAcknowledge(): boolean;
}

export class DelayedProduce implements DelayedOperation {
  private completed = false;
  /** Per result: still waiting for the high watermark. */
  private readonly acksPending: boolean[];
  private readonly results: ProducePartitionResult[];

  constructor(
    results: ProducePartitionResult[],
    private readonly context: DelayedProduceContext,
    private readonly respond: (results: ProducePartitionResult[]) => void,
  ) {
    this.results = results.map((r) => ({ ...r }));
    this.acksPending = results.map((r) => r.errorCode === ErrorCode.NONE);
  }

  tryComplete(): boolean {
    if (this.completed) return true;
    const acknowledging = this.context.canAcknowledge();
    this.results.forEach((r, i) => {
      if (!this.acksPending[i]) return;
      if (!acknowledging)
        return this.settle(i, ErrorCode.NOT_LEADER_OR_FOLLOWER, 'the broker lost its ZooKeeper session');
      const partition = this.context.lookup(r.topic, r.partition);
      if (!partition) return this.settle(i, ErrorCode.NOT_LEADER_OR_FOLLOWER, null);
      const requiredOffset = (r.lastOffset ?? r.baseOffset) + 1;
      const check = partition.checkEnoughReplicasReachOffset(
        requiredOffset,
        this.context.minInsyncReplicasFor(r.topic),
      );
      if (check.done) this.settle(i, check.errorCode, null);
    });
    if (this.acksPending.some((pending) => pending)) return false;
    return this.finish();
  }

  expire(): void {
    this.acksPending.forEach((pending, i) => {
      if (pending) this.settle(i, ErrorCode.REQUEST_TIMED_OUT, 'the in-sync replicas did not acknowledge in time');
    });
    this.finish();
  }

  private settle(i: number, errorCode: number, errorMessage: string | null): void {
    this.acksPending[i] = false;
    if (errorCode !== ErrorCode.NONE) this.results[i] = { ...this.results[i], errorCode, errorMessage };
  }

  private finish(): boolean {
    if (this.completed) return true;
    this.completed = true;
    this.respond(this.results);
    return true;
  }
}
