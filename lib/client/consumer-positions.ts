// Where a consumer starts reading each partition it is given: an explicit offset, the log's
// start or end (ListOffsets), or the group's committed offset with auto.offset.reset as the
// fallback. Also the commit bookkeeping (what was last committed, so unchanged positions are
// not sent again). Pure glue over offsets.ts; owns no connections.
import type { Cluster } from './cluster';
import type { GroupMembership } from './group-membership';
import { ClientError, toClientError } from './errors';
import { withRetry } from './retry';
import { EARLIEST_TIMESTAMP, fetchCommittedOffsets, LATEST_TIMESTAMP, listOffsets, OffsetQuery } from './offsets';
import { AssignedPartition, OffsetResetPolicy, tpKey, TopicPartition, TopicPartitionOffset } from './consumer-types';

const COORDINATOR_CODES = new Set([
  'NOT_COORDINATOR',
  'COORDINATOR_NOT_AVAILABLE',
  'COORDINATOR_LOAD_IN_PROGRESS',
  'CONNECTION',
  'REQUEST_TIMED_OUT_LOCALLY',
]);

/** Runs a coordinator request, finding the coordinator again after it moved or vanished. */
export function viaCoordinator<T>(membership: GroupMembership, context: string, attempt: () => Promise<T>): Promise<T> {
  return withRetry(context, attempt, { retries: 10 }, (error) => {
    if (COORDINATOR_CODES.has(error.code)) membership.coordinatorLost();
  });
}

/** Starting offsets for `partitions`; named or absent offsets are resolved as described above. */
export async function resolveStartOffsets(
  cluster: Cluster,
  membership: GroupMembership | null,
  partitions: AssignedPartition[],
  resetPolicy: OffsetResetPolicy,
): Promise<TopicPartitionOffset[]> {
  const committed = new Map<string, number>();
  const needCommitted = partitions.filter((p) => p.offset === undefined);
  if (membership && needCommitted.length > 0) {
    const found = await viaCoordinator(membership, 'OffsetFetch', async () =>
      fetchCommittedOffsets(await membership.coordinatorConnection(), membership.groupId, needCommitted),
    );
    for (const [key, offset] of found) if (offset >= 0) committed.set(key, offset);
  }
  const queries: OffsetQuery[] = [];
  const chosen = new Map<string, number>();
  for (const p of partitions) {
    const key = tpKey(p.topic, p.partition);
    if (typeof p.offset === 'number') {
      if (!Number.isInteger(p.offset) || p.offset < 0)
        throw new ClientError(
          'INVALID_ARGUMENT',
          `offset ${p.offset} of ${p.topic}-${p.partition} is not a non-negative integer`,
        );
      chosen.set(key, p.offset);
    } else if (p.offset === undefined && committed.has(key)) {
      chosen.set(key, committed.get(key) as number);
    } else {
      const policy = p.offset ?? resetPolicy;
      queries.push({
        topic: p.topic,
        partition: p.partition,
        timestamp: policy === 'earliest' ? EARLIEST_TIMESTAMP : LATEST_TIMESTAMP,
      });
    }
  }
  if (queries.length > 0) {
    for (const [key, offset] of await listOffsets(cluster, queries)) chosen.set(key, offset);
  }
  return partitions.map((p) => {
    const offset = chosen.get(tpKey(p.topic, p.partition));
    if (offset === undefined)
      throw new ClientError('UNKNOWN_TOPIC_OR_PARTITION', `no start offset for ${p.topic}-${p.partition}`);
    return { topic: p.topic, partition: p.partition, offset };
  });
}

/** Remembers what was committed last, so a commit sends only positions that moved. */
export class CommitTracker {
  private readonly committed = new Map<string, number>();

  changed(positions: TopicPartitionOffset[]): TopicPartitionOffset[] {
    return positions.filter((p) => this.committed.get(tpKey(p.topic, p.partition)) !== p.offset);
  }

  record(offsets: TopicPartitionOffset[]): void {
    for (const o of offsets) this.committed.set(tpKey(o.topic, o.partition), o.offset);
  }

  /** Forget partitions no longer owned (their committed value may change elsewhere). */
  retain(partitions: TopicPartition[]): void {
    const keep = new Set(partitions.map((p) => tpKey(p.topic, p.partition)));
    for (const key of [...this.committed.keys()]) if (!keep.has(key)) this.committed.delete(key);
  }
}

/** Errors of a commit that mean this member's generation is gone: rejoin, do not retry. */
export function isFencedCommit(error: unknown): boolean {
  const code = toClientError(error, 'commit').code;
  return code === 'REBALANCE_IN_PROGRESS' || code === 'ILLEGAL_GENERATION' || code === 'UNKNOWN_MEMBER_ID';
}
