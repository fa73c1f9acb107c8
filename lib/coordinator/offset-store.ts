// Committed offsets in ZooKeeper, as Samsa decided (GROUPS.md): the offset znode
// /consumers/<group>/offsets/<topic>/<partition> holds the next offset to consume as plain
// decimal text, exactly as Kafka 0.8 and OffsetCommit v0 wrote it, so zkCli and old tools read it.
//
// Commit metadata lives in a CHILD znode `<offset znode>/metadata` (UTF-8), present only when the
// metadata is non-empty. A child rather than a sibling because listing
// /consumers/<group>/offsets/<topic> must keep returning only partition numbers (old tools parse
// them as integers), and rather than a JSON value because the offset znode must stay plain decimal.
//
// A commit is one ZooKeeper multi per request (split only above MULTI_OPS_MAX ops, to stay under
// ZooKeeper's request size limit); every update names the version it read, and the promise
// resolves only after ZooKeeper accepted every op. This module owns nothing but these znodes.
import { ZkError } from '../zk/errors';
import type { ZkOp, ZkSession } from '../zk/session';
import {
  consumerGroupPath,
  consumerIdsPath,
  consumerOffsetPath,
  consumerOwnersPath,
  consumerOffsetsPath,
  consumerTopicOffsetsPath,
  decodeConsumerOffset,
  encodeConsumerOffset,
  isZnodeSegment,
  ZkPaths,
} from '../zk/znodes';

const MULTI_OPS_MAX = 500;
const COMMIT_ATTEMPTS_MAX = 3;
const METADATA_CHILD = 'metadata';

export interface TopicPartition {
  topic: string;
  partition: number;
}

export interface OffsetCommitEntry extends TopicPartition {
  /** The next offset to consume. */
  offset: number;
  metadata: string;
}

export interface CommittedOffset extends TopicPartition {
  /** -1 when nothing was committed. */
  offset: number;
  metadata: string;
}

export function consumerOffsetMetadataPath(group: string, topic: string, partition: number): string {
  return `${consumerOffsetPath(group, topic, partition)}/${METADATA_CHILD}`;
}

function isZkError(error: unknown, ...codes: string[]): error is ZkError {
  return error instanceof ZkError && codes.includes(error.code);
}

async function readOrNull(session: ZkSession, path: string): Promise<Buffer | null> {
  try {
    return (await session.getData(path)).data ?? Buffer.alloc(0);
  } catch (error) {
    if (isZkError(error, 'NO_NODE')) return null;
    throw error;
  }
}

async function childrenOrEmpty(session: ZkSession, path: string): Promise<string[]> {
  try {
    return await session.getChildren(path);
  } catch (error) {
    if (isZkError(error, 'NO_NODE')) return [];
    throw error;
  }
}

/** Create-or-set ops for one entry, conditional on the versions just read. */
async function commitOps(session: ZkSession, group: string, entry: OffsetCommitEntry): Promise<ZkOp[]> {
  const offsetPath = consumerOffsetPath(group, entry.topic, entry.partition);
  const metadataPath = consumerOffsetMetadataPath(group, entry.topic, entry.partition);
  const [offsetStat, metadataStat] = await Promise.all([session.exists(offsetPath), session.exists(metadataPath)]);
  const data = encodeConsumerOffset(entry.offset);
  const ops: ZkOp[] = [
    offsetStat === null
      ? { op: 'create', path: offsetPath, data, mode: 'persistent' }
      : { op: 'setData', path: offsetPath, data, version: offsetStat.version },
  ];
  const metadata = Buffer.from(entry.metadata, 'utf8');
  if (metadata.length > 0) {
    ops.push(
      metadataStat === null
        ? { op: 'create', path: metadataPath, data: metadata, mode: 'persistent' }
        : { op: 'setData', path: metadataPath, data: metadata, version: metadataStat.version },
    );
  } else if (metadataStat !== null) {
    ops.push({ op: 'delete', path: metadataPath, version: metadataStat.version });
  }
  return ops;
}

async function commitChunk(session: ZkSession, group: string, entries: readonly OffsetCommitEntry[]): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    // Each attempt re-creates the parents: a DeleteGroups of the same group may have removed them.
    for (const topic of new Set(entries.map((entry) => entry.topic))) {
      await session.createRecursive(consumerTopicOffsetsPath(group, topic));
    }
    const ops = (await Promise.all(entries.map((entry) => commitOps(session, group, entry)))).flat();
    try {
      await session.multi(ops);
      return;
    } catch (error) {
      // Another writer (a second commit of the same group) changed a znode between read and multi.
      const raced = isZkError(error, 'BAD_VERSION', 'NODE_EXISTS', 'NO_NODE');
      if (!raced || attempt >= COMMIT_ATTEMPTS_MAX) throw error;
    }
  }
}

/**
 * Stores every entry; resolves only once ZooKeeper has them all. Entries naming the same
 * partition twice keep the last one, as a Kafka commit would.
 */
export async function commitOffsets(
  session: ZkSession,
  group: string,
  entries: readonly OffsetCommitEntry[],
): Promise<void> {
  const latest = new Map<string, OffsetCommitEntry>();
  for (const entry of entries) latest.set(`${entry.topic}\u0000${entry.partition}`, entry);
  const unique = [...latest.values()];
  if (unique.length === 0) return;
  // Up to two ops per entry; a chunk keeps each multi within MULTI_OPS_MAX.
  const chunkEntries = Math.floor(MULTI_OPS_MAX / 2);
  for (let start = 0; start < unique.length; start += chunkEntries) {
    await commitChunk(session, group, unique.slice(start, start + chunkEntries));
  }
}

/** Whether a group id can name its znode: one that cannot is no group ZooKeeper could hold. */
export function isStorableGroupId(group: string): boolean {
  return isZnodeSegment(group);
}

/** A group, topic or partition that cannot name a znode never had an offset committed. */
function storable(group: string, topic: string, partition: number): boolean {
  return isStorableGroupId(group) && isZnodeSegment(topic) && Number.isSafeInteger(partition) && partition >= 0;
}

async function fetchOne(session: ZkSession, group: string, topic: string, partition: number): Promise<CommittedOffset> {
  if (!storable(group, topic, partition)) return { topic, partition, offset: -1, metadata: '' };
  const offsetPath = consumerOffsetPath(group, topic, partition);
  const [offsetData, metadataData] = await Promise.all([
    readOrNull(session, offsetPath),
    readOrNull(session, consumerOffsetMetadataPath(group, topic, partition)),
  ]);
  if (offsetData === null) return { topic, partition, offset: -1, metadata: '' };
  return {
    topic,
    partition,
    offset: decodeConsumerOffset(offsetPath, offsetData),
    metadata: metadataData === null ? '' : metadataData.toString('utf8'),
  };
}

/** Every committed offset of the group (partitions is null), or the given partitions (-1 when absent). */
export async function fetchOffsets(
  session: ZkSession,
  group: string,
  partitions: readonly TopicPartition[] | null,
): Promise<CommittedOffset[]> {
  if (partitions !== null) {
    return Promise.all(partitions.map(({ topic, partition }) => fetchOne(session, group, topic, partition)));
  }
  const result: CommittedOffset[] = [];
  if (!isStorableGroupId(group)) return result;
  for (const topic of (await childrenOrEmpty(session, consumerOffsetsPath(group))).sort()) {
    const names = await childrenOrEmpty(session, consumerTopicOffsetsPath(group, topic));
    const numbers = names
      .filter((name) => /^\d+$/.test(name))
      .map(Number)
      .sort((a, b) => a - b);
    const fetched = await Promise.all(numbers.map((partition) => fetchOne(session, group, topic, partition)));
    result.push(...fetched.filter((entry) => entry.offset >= 0));
  }
  return result;
}

/**
 * Removes the group's offsets, and the group znode too when no member znode (ids, owners)
 * remains. False, with nothing touched, when the group has no offsets znode.
 */
export async function deleteGroupOffsets(session: ZkSession, group: string): Promise<boolean> {
  if ((await session.exists(consumerOffsetsPath(group))) === null) return false;
  await session.deleteRecursive(consumerOffsetsPath(group));
  await pruneGroupZnode(session, group);
  return true;
}

/**
 * Removes /consumers/<group> once only empty membership containers (ids, owners/<topic>, left by
 * the membership mirror) are under it, as Kafka's old tools removed a group without live
 * consumers. ZooKeeper refuses to delete a znode with children, so live member znodes keep theirs.
 */
async function pruneGroupZnode(session: ZkSession, group: string): Promise<void> {
  const owners = consumerOwnersPath(group);
  const topics = (await childrenOrEmpty(session, owners)).map((topic) => `${owners}/${topic}`);
  for (const path of [...topics, owners, consumerIdsPath(group), consumerGroupPath(group)]) {
    try {
      await session.delete(path, -1);
    } catch (error) {
      if (!isZkError(error, 'NO_NODE', 'NOT_EMPTY')) throw error;
    }
  }
}

/** The group's offsets subtree as read at one moment: what expiry deletes if nothing changed since. */
export interface GroupOffsetsSnapshot {
  group: string;
  /** Newest znode mtime in the subtree (ZooKeeper's clock): the time of the last commit. */
  newestCommitMs: number;
  /** Children before their parents, the offsets znode itself last, with the versions read. */
  nodes: Array<{ path: string; version: number }>;
}

const SUBTREE_DEPTH_MAX = 3; // offsets/<topic>/<partition>/metadata

/** Null when the group has no offsets znode. */
export async function readGroupOffsets(session: ZkSession, group: string): Promise<GroupOffsetsSnapshot | null> {
  const snapshot: GroupOffsetsSnapshot = { group, newestCommitMs: 0, nodes: [] };
  const visit = async (path: string, depth: number): Promise<boolean> => {
    const stat = await session.exists(path);
    if (stat === null) return false;
    if (depth < SUBTREE_DEPTH_MAX) {
      for (const child of await childrenOrEmpty(session, path)) await visit(`${path}/${child}`, depth + 1);
    }
    snapshot.newestCommitMs = Math.max(snapshot.newestCommitMs, stat.mtimeMs);
    snapshot.nodes.push({ path, version: stat.version });
    return true;
  };
  return (await visit(consumerOffsetsPath(group), 0)) ? snapshot : null;
}

/**
 * Deletes the offsets read in `snapshot` unless a commit changed or added one since (then nothing
 * is deleted and false comes back); the group znode goes too when no member znode remains.
 * Above MULTI_OPS_MAX znodes the deletion runs in several multis, each still conditional.
 */
export async function deleteGroupOffsetsIfUnchanged(
  session: ZkSession,
  snapshot: GroupOffsetsSnapshot,
): Promise<boolean> {
  const ops: ZkOp[] = snapshot.nodes.map(({ path, version }) => ({ op: 'delete', path, version }));
  for (let start = 0; start < ops.length; start += MULTI_OPS_MAX) {
    try {
      await session.multi(ops.slice(start, start + MULTI_OPS_MAX));
    } catch (error) {
      if (isZkError(error, 'BAD_VERSION', 'NOT_EMPTY', 'NO_NODE')) return false;
      throw error;
    }
  }
  await pruneGroupZnode(session, snapshot.group);
  return true;
}

/** Groups that have an offsets znode under /consumers. */
export async function listGroupsWithOffsets(session: ZkSession): Promise<string[]> {
  const groups = await childrenOrEmpty(session, ZkPaths.consumers);
  const withOffsets = await Promise.all(
    groups.map(async (group) => ((await session.exists(consumerOffsetsPath(group))) === null ? null : group)),
  );
  return withOffsets.filter((group): group is string => group !== null).sort();
}
