// A Fetch that found fewer than min_bytes waits here until appends bring enough or max_wait_ms
// passes (Kafka's long poll). Waiting counts bytes from log positions, as Kafka's DelayedFetch
// does with LogOffsetMetadata: the visible end's file position minus the fetch position, so an
// append costs each waiting fetch no read. Completing reads the partitions (off the event loop
// when cold); the bytes come from the segment files unchanged. Followers (replica_id >= 0) read
// up to the log end offset, consumers up to the high watermark.
import { ErrorCode } from '../../protocol/error-codes';
import type { DelayedOperation } from './delayed-operations';
import { partitionKey } from './delayed-operations';
import type { Partition } from './partition';
import { errorCodeOf } from '../../protocol/kafka-error';
import type { LogPosition } from '../../storage/log-reads';

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
  /** Where each partition's fetch offset lies in the files, taken at the first byte count. */
  private readonly fetchPositions = new Map<FetchPartitionParams, LogPosition>();

  /**
   * `emptyPartitions`: keys answered with no records and no error, as Kafka 2.8 answers a
   * replica fetch from a broker that is not an assigned replica of the partition.
   */
  constructor(
    private readonly params: FetchParams,
    private readonly lookup: Lookup,
    /** Handed the reads as they run, so that a failure reaches the request's error boundary. */
    private readonly respond: (results: Promise<FetchPartitionResult[]>) => void,
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
        const bytes = this.bytesAvailable(p, partition);
        // A visible end before the fetch position: the log was truncated under us; answer now.
        if (bytes < 0) return this.finish();
        available += Math.min(bytes, p.partitionMaxBytes);
        if (available >= this.params.minBytes) return this.finish();
      }
    }
    return false;
  }

  expire(): void {
    this.finish();
  }

  private bytesAvailable(p: FetchPartitionParams, partition: Partition): number {
    const log = partition.log;
    let from = this.fetchPositions.get(p);
    if (from === undefined) {
      from = log.positionOf(p.fetchOffset);
      this.fetchPositions.set(p, from);
    }
    const to = this.params.replicaId >= 0 ? log.logEndPosition() : log.highWatermarkPosition();
    return log.bytesBetween(from, to);
  }

  private finish(): boolean {
    if (this.completed) return true;
    this.completed = true;
    this.respond(this.readAll());
    return true;
  }

  /** One partition after another: what the first read leaves of max_bytes bounds the next. */
  private async readAll(): Promise<FetchPartitionResult[]> {
    let remaining = this.params.maxBytes;
    let first = true;
    const results: FetchPartitionResult[] = [];
    for (const p of this.params.partitions) {
      const r = await readPartition(this.params, p, this.lookup(p.topic, p.partition), remaining, first);
      if (this.emptyPartitions.has(partitionKey(p.topic, p.partition)) && r.records) {
        results.push({ ...r, records: Buffer.alloc(0) });
        continue;
      }
      const size = r.records?.length ?? 0;
      if (size > 0) first = false;
      remaining = Math.max(0, remaining - size);
      results.push(r);
    }
    return results;
  }
}

/** Consumers see up to the high watermark; followers (replica_id >= 0) up to the log end. */
function visibleEndOffset(params: FetchParams, partition: Partition): number {
  return params.replicaId >= 0 ? partition.logEndOffset : partition.highWatermark;
}

export async function readPartition(
  params: FetchParams,
  p: FetchPartitionParams,
  partition: Partition | undefined,
  remainingBytes: number,
  minOneMessage = true,
): Promise<FetchPartitionResult> {
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
    const read = await partition.log.readAsync(p.fetchOffset, maxBytes, {
      maxOffset: visibleEndOffset(params, partition),
      minOneMessage: minOneMessage && maxBytes > 0,
    });
    return { ...empty, ...marks, errorCode: ErrorCode.NONE, records: read.records };
  } catch (err) {
    return { ...empty, ...marks, errorCode: errorCodeOf(err) };
  }
}
