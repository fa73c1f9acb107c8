// A consumer group's position against its partitions, shared by bin/consumer-groups and the web
// console so both print the same numbers: the lag of each partition (log end offset minus the
// committed offset, as kafka-consumer-groups.sh --describe computes it) and the planning and
// execution of an offset reset (earliest, latest, an offset or a timestamp), which Kafka allows
// only while the group has no members. Every request goes through the Admin client.
import type { Admin, GroupDescription, MemberDescription } from './admin';
import { ClientError } from './errors';

export interface PartitionRef {
  topic: string;
  partition: number;
}

export interface PartitionLag extends PartitionRef {
  /** The committed offset, null when the partition is assigned but nothing is committed. */
  currentOffset: number | null;
  /** null when the topic is gone or the partition has no leader. */
  logEndOffset: number | null;
  /** null unless both offsets are known. */
  lag: number | null;
  /** The member the partition is assigned to now. */
  owner: MemberDescription | null;
}

export interface GroupLag {
  group: GroupDescription;
  /** Sorted by topic, then partition. */
  partitions: PartitionLag[];
  /** The sum of the known lags. */
  totalLag: number;
}

/** Where a reset moves the committed offsets to; a timestamp is in ms since the epoch. */
export type ResetTarget = 'earliest' | 'latest' | { offset: number } | { timestampMs: number };

export interface PlannedOffset extends PartitionRef {
  currentOffset: number | null;
  newOffset: number;
}

/** Kafka refuses a reset while the group has members; so do the tool and the console. */
export class GroupNotInactiveError extends Error {
  constructor(
    readonly group: string,
    readonly state: string,
  ) {
    super(`Assignments can only be reset if the group '${group}' is inactive, but the current state is ${state}.`);
    this.name = 'GroupNotInactiveError';
  }
}

/** The coordinator's answers to a commit from outside the group while the group has members. */
const ACTIVE_GROUP_CODES = ['UNKNOWN_MEMBER_ID', 'REBALANCE_IN_PROGRESS'];

const key = (topic: string, partition: number): string => `${topic}\u0000${partition}`;

export const byTopicPartition = (a: PartitionRef, b: PartitionRef): number =>
  a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition;

/** One entry per partition the group committed or has assigned, with its lag where both offsets are known. */
export async function describeGroupLag(admin: Admin, groupId: string): Promise<GroupLag> {
  const [group] = await admin.describeGroups([groupId]);
  const rows = new Map<string, PartitionLag>();
  const row = (topic: string, partition: number, currentOffset: number | null): PartitionLag => ({
    topic,
    partition,
    currentOffset,
    logEndOffset: null,
    lag: null,
    owner: null,
  });
  for (const c of await admin.fetchOffsets(groupId))
    rows.set(key(c.topic, c.partition), row(c.topic, c.partition, c.offset >= 0 ? c.offset : null));
  for (const member of group.members)
    for (const a of member.assignment)
      for (const partition of a.partitions) {
        const k = key(a.topic, partition);
        if (!rows.has(k)) rows.set(k, row(a.topic, partition, null));
        (rows.get(k) as PartitionLag).owner = member;
      }
  const wanted = [...rows.values()];
  const led = (await ledPartitions(admin, [...new Set(wanted.map((r) => r.topic))])).filter((p) =>
    rows.has(key(p.topic, p.partition)),
  );
  for (const end of await offsetsAt(admin, led, 'latest')) {
    const r = rows.get(key(end.topic, end.partition)) as PartitionLag;
    r.logEndOffset = end.offset;
    if (r.currentOffset !== null) r.lag = end.offset - r.currentOffset;
  }
  const partitions = wanted.sort(byTopicPartition);
  return { group, partitions, totalLag: partitions.reduce((sum, p) => sum + (p.lag ?? 0), 0) };
}

/** The known lags summed per topic. */
export function lagByTopic(partitions: PartitionLag[]): Map<string, number> {
  const byTopic = new Map<string, number>();
  for (const p of partitions) if (p.lag !== null) byTopic.set(p.topic, (byTopic.get(p.topic) ?? 0) + p.lag);
  return byTopic;
}

/**
 * The new offsets of a reset of `topics` ('all': every topic the group committed), without
 * writing them. Throws GroupNotInactiveError while the group has members, as Kafka's tool does
 * even for a dry run.
 */
export async function planOffsetReset(
  admin: Admin,
  groupId: string,
  topics: string[] | 'all',
  to: ResetTarget,
): Promise<PlannedOffset[]> {
  const [described] = await admin.describeGroups([groupId]);
  if (described.members.length > 0) throw new GroupNotInactiveError(groupId, described.state);
  const committed = new Map(
    (await admin.fetchOffsets(groupId)).filter((c) => c.offset >= 0).map((c) => [key(c.topic, c.partition), c.offset]),
  );
  const names = topics === 'all' ? [...new Set([...committed.keys()].map((k) => k.split('\u0000')[0]))] : topics;
  const partitions = await ledPartitions(admin, names);
  const targets = await resetOffsets(admin, partitions, to);
  return targets
    .map((t) => ({ ...t, currentOffset: committed.get(key(t.topic, t.partition)) ?? null }))
    .sort(byTopicPartition);
}

/** Commits a planned reset; a member that joined since the plan turns into GroupNotInactiveError. */
export async function executeOffsetReset(admin: Admin, groupId: string, plan: PlannedOffset[]): Promise<void> {
  try {
    await admin.alterGroupOffsets(
      groupId,
      plan.map(({ topic, partition, newOffset }) => ({ topic, partition, offset: newOffset })),
    );
  } catch (error) {
    if (!(error instanceof ClientError) || error.errorCode === null) throw error;
    if (ACTIVE_GROUP_CODES.includes(error.code))
      throw new GroupNotInactiveError(groupId, (await admin.describeGroups([groupId]))[0].state);
    throw new Error(`committing the new offsets failed: ${error.code}`);
  }
}

async function resetOffsets(
  admin: Admin,
  partitions: PartitionRef[],
  to: ResetTarget,
): Promise<Array<PartitionRef & { newOffset: number }>> {
  if (typeof to === 'object' && 'offset' in to) return partitions.map((p) => ({ ...p, newOffset: to.offset }));
  if (typeof to === 'string')
    return (await offsetsAt(admin, partitions, to)).map((o) => ({ ...o, newOffset: o.offset }));
  const byTime = await offsetsAt(admin, partitions, to.timestampMs);
  // No record at or after the time: Kafka's tool moves to the log end.
  const missing = byTime.filter((o) => o.offset < 0);
  const ends = new Map((await offsetsAt(admin, missing, 'latest')).map((o) => [key(o.topic, o.partition), o.offset]));
  return byTime.map((o) => ({
    topic: o.topic,
    partition: o.partition,
    newOffset: o.offset >= 0 ? o.offset : (ends.get(key(o.topic, o.partition)) as number),
  }));
}

/**
 * The partitions of `topics` that exist and have a leader. An unknown topic or a leaderless
 * partition is not an error here: its log end offset is unknown.
 */
async function ledPartitions(admin: Admin, topics: string[]): Promise<PartitionRef[]> {
  const known = new Set(await admin.listTopics());
  const present = topics.filter((t) => known.has(t));
  if (present.length === 0) return [];
  const described = (await admin.describeTopics(present)).topics;
  return described.flatMap((t) =>
    t.partitions.filter((p) => p.leader >= 0).map((p) => ({ topic: t.name, partition: p.partition })),
  );
}

async function offsetsAt(
  admin: Admin,
  partitions: PartitionRef[],
  timestamp: 'earliest' | 'latest' | number,
): Promise<Array<PartitionRef & { offset: number }>> {
  if (partitions.length === 0) return [];
  const found = await admin.listOffsets(partitions.map((p) => ({ ...p, timestamp })));
  return found.map(({ topic, partition, offset }) => ({ topic, partition, offset }));
}
