// An acks=all produce waits here until the high watermark of every partition it appended to
// has passed its last offset (the ISR has the records), or until timeout_ms.
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

export class DelayedProduce implements DelayedOperation {
  private completed = false;

  constructor(
    private readonly results: ProducePartitionResult[],
    private readonly lookup: Lookup,
    private readonly respond: (results: ProducePartitionResult[]) => void,
  ) {}

  tryComplete(): boolean {
    if (this.completed) return true;
    for (const r of this.results) {
      if (r.errorCode !== ErrorCode.NONE) continue;
      const partition = this.lookup(r.topic, r.partition);
      if (!partition || !partition.isLeader) continue; // answered as an error on completion
      if (partition.highWatermark <= (r.lastOffset ?? r.baseOffset)) return false;
    }
    return this.finish(false);
  }

  expire(): void {
    this.finish(true);
  }

  private finish(timedOut: boolean): boolean {
    if (this.completed) return true;
    this.completed = true;
    const final = this.results.map((r) => {
      if (r.errorCode !== ErrorCode.NONE) return r;
      const partition = this.lookup(r.topic, r.partition);
      if (!partition || !partition.isLeader) return { ...r, errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER };
      if (timedOut && partition.highWatermark <= (r.lastOffset ?? r.baseOffset)) {
        return { ...r, errorCode: ErrorCode.REQUEST_TIMED_OUT };
      }
      return r;
    });
    this.respond(final);
    return true;
  }
}
