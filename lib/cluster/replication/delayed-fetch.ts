// A Fetch that found fewer than min_bytes waits here until appends bring enough or max_wait_ms
// passes (Kafka's long poll). Completing re-reads the partitions; the bytes come from the
// segment files unchanged. Followers (replica_id >= 0) read up to the log end offset, consumers
// up to the high watermark.
import { ErrorCode } from '../../protocol/error-codes';
import type { DelayedOperation } from './delayed-operations';
import { partitionKey } from './delayed-operations';
import type { Partition } from './partition';
import { errorCodeOf } from '../../protocol/kafka-error';

export interface FetchPartitionParams {
  topic: string;
  partition: number;
  fetchOffset: number;
  partitionMaxBytes: number;
  currentLeaderEpoch: number;
  /** The fetching follower's log start offset (Fetch v5+); -1 from consumers. */
  logStartOffset?: number;
}

export interface FetchParams {
  replicaId: number;
  maxWaitMs: number;
  minBytes: number;
  maxBytes: number;
  isolationLevel: number;
  partitions: FetchPartitionParams[];
}

export interface FetchPartitionResult {
  topic: string;
  partition: number;
  errorCode: number;
  highWatermark: number;
  lastStableOffset: number;
  logStartOffset: number;
  records: Buffer | null;
}

type Lookup = (topic: string, partition: number) => Partition | undefined;

export class DelayedFetch implements DelayedOperation {
  private completed = false;

  /**
   * `emptyPartitions`: keys answered with no records and no error, as Kafka 2.8 answers a
   * replica fetch from a broker that is not an assigned replica of the partition.
   */
  constructor(
    private readonly params: FetchParams,
    private readonly lookup: Lookup,
    private readonly respond: (results: FetchPartitionResult[]) => void,
    private readonly emptyPartitions: ReadonlySet<string> = new Set(),
  ) {}

  tryComplete(): boolean {
    if (this.completed) return true;
    let available = 0;
    for (const p of this.params.partitions) {
      if (this.emptyPartitions.has(partitionKey(p.topic, p.partition))) continue;
      const partition = this.lookup(p.topic, p.partition);
      if (!partition || !partition.isLeader) return this.finish();
      if (p.currentLeaderEpoch >= 0 && p.currentLeaderEpoch !== partition.leaderEpoch) return this.finish();
      const visibleEnd = visibleEndOffset(this.params, partition);
      if (p.fetchOffset > partition.logEndOffset || p.fetchOffset < partition.logStartOffset) return this.finish();
      if (visibleEnd > p.fetchOffset) {
        // One new batch is enough for min_bytes=1 (the common case); larger minimums count bytes.
        if (this.params.minBytes <= 1) return this.finish();
        available += readPartition(this.params, p, partition, this.params.maxBytes).records?.length ?? 0;
        if (available >= this.params.minBytes) return this.finish();
      }
    }
    return false;
  }

  expire(): void {
    this.finish();
  }

  private finish(): boolean {
    if (this.completed) return true;
    this.completed = true;
    let remaining = this.params.maxBytes;
    let first = true;
    const results = this.params.partitions.map((p) => {
      const r = readPartition(this.params, p, this.lookup(p.topic, p.partition), remaining, first);
      if (this.emptyPartitions.has(partitionKey(p.topic, p.partition)) && r.records)
        return { ...r, records: Buffer.alloc(0) };
      const size = r.records?.length ?? 0;
      if (size > 0) first = false;
      remaining = Math.max(0, remaining - size);
      return r;
    });
    this.respond(results);
    return true;
  }
}

/** Consumers see up to the high watermark; followers (replica_id >= 0) up to the log end. */
function visibleEndOffset(params: FetchParams, partition: Partition): number {
  return params.replicaId >= 0 ? partition.logEndOffset : partition.highWatermark;
}

export function readPartition(
  params: FetchParams,
  p: FetchPartitionParams,
  partition: Partition | undefined,
  remainingBytes: number,
  minOneMessage = true,
): FetchPartitionResult {
  const empty = {
    topic: p.topic,
    partition: p.partition,
    highWatermark: -1,
    lastStableOffset: -1,
    logStartOffset: -1,
    records: null,
  };
  if (!partition) return { ...empty, errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER };
  try {
    // Kafka checks the epoch first: a stale follower learns it is fenced, not just "not leader".
    partition.checkLeaderEpoch(p.currentLeaderEpoch);
    partition.requireLeader();
  } catch (err) {
    return { ...empty, errorCode: errorCodeOf(err) };
  }
  const marks = {
    highWatermark: partition.highWatermark,
    lastStableOffset: partition.highWatermark,
    logStartOffset: partition.logStartOffset,
  };
  try {
    const maxBytes = Math.min(p.partitionMaxBytes, remainingBytes);
    const read = partition.log.read(p.fetchOffset, maxBytes, {
      maxOffset: visibleEndOffset(params, partition),
      minOneMessage: minOneMessage && maxBytes > 0,
    });
    return { ...empty, ...marks, errorCode: ErrorCode.NONE, records: read.records };
  } catch (err) {
    return { ...empty, ...marks, errorCode: errorCodeOf(err) };
  }
}
