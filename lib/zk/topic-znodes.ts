// Topic znodes: assignment and config (written by the admin path), partition state (written
// only by the controller, fenced by its epoch guard) and deletion markers. Every update names
// the version it expects.
import { ControllerMovedError, isZkError, TopicExistsError, ZkError } from './errors';
import { ControllerEpochGuard, guardedMulti } from './controller-election';
import type { Watcher, ZkOp, ZkSession } from './session';
import {
  decodeEntityConfig,
  decodePartitionState,
  decodeTopicAssignment,
  deleteTopicPath,
  encodeConfigChange,
  encodeEntityConfig,
  encodePartitionState,
  encodeTopicAssignment,
  partitionPath,
  PartitionState,
  partitionStatePath,
  TopicAssignment,
  topicConfigPath,
  topicEntityPath,
  topicPartitionsPath,
  topicPath,
  ZkPaths,
} from './znodes';

/** Bound on concurrent ZooKeeper requests issued by one batch call. */
const IN_FLIGHT_MAX = 64;

export type ReplicaAssignment = ReadonlyMap<number, readonly number[]> | Readonly<Record<string, readonly number[]>>;

export interface PartitionStateEntry {
  topic: string;
  partition: number;
  state: PartitionState;
}

export type PartitionStateCreateResult =
  { topic: string; partition: number; zkVersion: number } | { topic: string; partition: number; error: ZkError };

function toAssignmentMap(assignment: ReplicaAssignment): Map<number, readonly number[]> {
  if (assignment instanceof Map) return new Map(assignment);
  const result = new Map<number, readonly number[]>();
  for (const [key, replicas] of Object.entries(assignment as Record<string, readonly number[]>)) {
    if (!/^\d+$/.test(key)) throw new RangeError(`invalid partition '${key}' in assignment`);
    result.set(Number(key), replicas);
  }
  return result;
}

async function mapBounded<T, R>(items: readonly T[], run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += IN_FLIGHT_MAX) {
    results.push(...(await Promise.all(items.slice(start, start + IN_FLIGHT_MAX).map(run))));
  }
  return results;
}

/** Kafka's order: config first, then the assignment whose creation announces the topic. */
export async function createTopic(
  session: ZkSession,
  topic: string,
  assignment: ReplicaAssignment,
  config: Readonly<Record<string, string>>,
): Promise<void> {
  const partitions = toAssignmentMap(assignment);
  if (partitions.size === 0) throw new RangeError(`topic '${topic}' needs at least one partition`);
  if ((await session.exists(topicPath(topic))) !== null) throw new TopicExistsError(topic);
  await writeEntityConfig(session, topicConfigPath(topic), config);
  const created = await session.createRecursive(topicPath(topic), encodeTopicAssignment(partitions));
  if (!created) throw new TopicExistsError(topic);
}

/** Create, or overwrite at the version just read (a concurrent writer makes this fail BAD_VERSION). */
async function writeEntityConfig(
  session: ZkSession,
  path: string,
  config: Readonly<Record<string, string>>,
): Promise<void> {
  const data = encodeEntityConfig(config);
  const stat = await session.exists(path);
  if (stat === null) {
    if (await session.createRecursive(path, data)) return;
    const raced = await session.exists(path);
    if (raced === null) throw new ZkError('NO_NODE', `${path} disappeared while being written`, path);
    await session.setData(path, data, raced.version);
    return;
  }
  await session.setData(path, data, stat.version);
}

export async function getTopicNames(session: ZkSession, watcher?: Watcher): Promise<string[]> {
  return (await session.getChildren(ZkPaths.brokerTopics, watcher)).sort();
}

export async function topicExists(session: ZkSession, topic: string): Promise<boolean> {
  return (await session.exists(topicPath(topic))) !== null;
}

/** The topic's assignment and its zkVersion, or null when the topic does not exist. */
export async function getAssignment(
  session: ZkSession,
  topic: string,
  watcher?: Watcher,
): Promise<(TopicAssignment & { zkVersion: number }) | null> {
  try {
    const { data, stat } = await session.getData(topicPath(topic), watcher);
    return { ...decodeTopicAssignment(topic, data), zkVersion: stat.version };
  } catch (error) {
    if (isZkError(error, 'NO_NODE')) return null;
    throw error;
  }
}

/** Rewrites the assignment (adding partitions); returns the new zkVersion. */
export async function updateAssignment(
  session: ZkSession,
  topic: string,
  assignment: ReplicaAssignment,
  expectedVersion: number,
): Promise<number> {
  const data = encodeTopicAssignment(toAssignmentMap(assignment));
  return (await session.setData(topicPath(topic), data, expectedVersion)).version;
}

/** The topic's config overrides; empty when it has none. */
export async function getTopicConfig(session: ZkSession, topic: string): Promise<Record<string, string>> {
  const path = topicConfigPath(topic);
  try {
    return decodeEntityConfig(path, (await session.getData(path)).data);
  } catch (error) {
    if (isZkError(error, 'NO_NODE')) return {};
    throw error;
  }
}

/** Replaces the topic's overrides and notifies every broker through /config/changes. */
export async function setTopicConfig(
  session: ZkSession,
  topic: string,
  config: Readonly<Record<string, string>>,
): Promise<void> {
  await writeEntityConfig(session, topicConfigPath(topic), config);
  const notification = encodeConfigChange(topicEntityPath(topic));
  await session.createRecursive(ZkPaths.configChangePrefix, notification, 'persistent_sequential');
}

export async function getPartitionState(
  session: ZkSession,
  topic: string,
  partition: number,
  watcher?: Watcher,
): Promise<{ state: PartitionState; version: number } | null> {
  try {
    const { data, stat } = await session.getData(partitionStatePath(topic, partition), watcher);
    return { state: decodePartitionState(topic, partition, data), version: stat.version };
  } catch (error) {
    if (isZkError(error, 'NO_NODE')) return null;
    throw error;
  }
}

async function createGuardedIfMissing(session: ZkSession, guard: ControllerEpochGuard, path: string): Promise<void> {
  if ((await session.exists(path)) !== null) return;
  try {
    await guardedMulti(session, guard, [{ op: 'create', path, data: null, mode: 'persistent' }]);
  } catch (error) {
    if (!isZkError(error, 'NODE_EXISTS')) throw error;
  }
}

/**
 * Controller only: creates `.../partitions`, `.../partitions/<p>` when missing and each state
 * znode, one guarded multi per znode. A state that already exists is reported per entry
 * (NODE_EXISTS) so the caller reads it instead; a moved controller throws ControllerMovedError.
 */
export async function createPartitionStates(
  session: ZkSession,
  guard: ControllerEpochGuard,
  entries: readonly PartitionStateEntry[],
): Promise<PartitionStateCreateResult[]> {
  const topics = [...new Set(entries.map((entry) => entry.topic))];
  await mapBounded(topics, (topic) => createGuardedIfMissing(session, guard, topicPartitionsPath(topic)));
  await mapBounded(entries, (entry) =>
    createGuardedIfMissing(session, guard, partitionPath(entry.topic, entry.partition)),
  );
  return mapBounded(entries, async (entry): Promise<PartitionStateCreateResult> => {
    const { topic, partition } = entry;
    const path = partitionStatePath(topic, partition);
    const op: ZkOp = { op: 'create', path, data: encodePartitionState(entry.state), mode: 'persistent' };
    try {
      await guardedMulti(session, guard, [op]);
      return { topic, partition, zkVersion: 0 };
    } catch (error) {
      if (error instanceof ZkError && !(error instanceof ControllerMovedError)) return { topic, partition, error };
      throw error;
    }
  });
}

/** Controller only: conditional update of one state znode; returns its new zkVersion. */
export async function updatePartitionState(
  session: ZkSession,
  guard: ControllerEpochGuard,
  topic: string,
  partition: number,
  state: PartitionState,
  expectedVersion: number,
): Promise<number> {
  const path = partitionStatePath(topic, partition);
  const data = encodePartitionState(state);
  const [result] = await guardedMulti(session, guard, [{ op: 'setData', path, data, version: expectedVersion }]);
  if (result.op !== 'setData') throw new Error(`unexpected multi result ${result.op} for ${path}`);
  return result.stat.version;
}

/** Requests deletion (idempotent): the controller acts on `/admin/delete_topics/<t>`. */
export async function markTopicForDeletion(session: ZkSession, topic: string): Promise<boolean> {
  return session.createRecursive(deleteTopicPath(topic));
}

export async function getTopicsPendingDeletion(session: ZkSession, watcher?: Watcher): Promise<string[]> {
  return (await session.getChildren(ZkPaths.deleteTopics, watcher)).sort();
}

/**
 * Controller only, once every replica is deleted: removes the assignment subtree (children
 * first), the config and the deletion marker, each delete fenced by the epoch guard.
 */
export async function deleteTopicZnodes(session: ZkSession, guard: ControllerEpochGuard, topic: string): Promise<void> {
  const subtree = await session.listSubtree(topicPath(topic));
  const paths = [...subtree.reverse(), topicConfigPath(topic), deleteTopicPath(topic)];
  for (const path of paths) {
    try {
      await guardedMulti(session, guard, [{ op: 'delete', path, version: -1 }]);
    } catch (error) {
      if (!isZkError(error, 'NO_NODE')) throw error;
    }
  }
}
