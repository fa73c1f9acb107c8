// Users' SCRAM credentials as Kafka 2.8 keeps them: /config/users/<user> holds
// {"version":1,"config":{"SCRAM-SHA-256":"salt=…,stored_key=…,server_key=…,iterations=4096"}}
// beside any other user config (quotas), and every change is announced by a sequential
// /config/changes/config_change_<seq> = {"version":2,"entity_path":"users/<user>"} that every
// broker watches. The credential strings are opaque here; lib/network/scram.ts reads them.
import { isZkError } from './errors';
import type { Watcher, ZkSession } from './session';
import {
  decodeConfigChange,
  decodeEntityConfig,
  encodeConfigChange,
  encodeEntityConfig,
  userConfigPath,
  userEntityPath,
  ZkPaths,
} from './znodes';

/** The user's config entries, empty when the user has none. */
export async function readUserConfig(session: ZkSession, user: string): Promise<Record<string, string>> {
  const path = userConfigPath(user);
  try {
    return decodeEntityConfig(path, (await session.getData(path)).data);
  } catch (error) {
    if (isZkError(error, 'NO_NODE')) return {};
    throw error;
  }
}

export async function listConfiguredUsers(session: ZkSession): Promise<string[]> {
  try {
    return (await session.getChildren(ZkPaths.configUsers)).sort();
  } catch (error) {
    if (isZkError(error, 'NO_NODE')) return [];
    throw error;
  }
}

/**
 * Applies `change` to the user's entries (null deletes an entry) with a versioned write, then
 * announces it. Retries a write that raced another writer.
 */
export async function alterUserConfig(
  session: ZkSession,
  user: string,
  change: Readonly<Record<string, string | null>>,
): Promise<void> {
  const path = userConfigPath(user);
  for (;;) {
    let current: Record<string, string> = {};
    let version = -1;
    try {
      const read = await session.getData(path);
      current = decodeEntityConfig(path, read.data);
      version = read.stat.version;
    } catch (error) {
      if (!isZkError(error, 'NO_NODE')) throw error;
    }
    const next = { ...current };
    for (const [key, value] of Object.entries(change)) {
      if (value === null) delete next[key];
      else next[key] = value;
    }
    try {
      if (version < 0) {
        await session.createRecursive(ZkPaths.configUsers);
        await session.create(path, encodeEntityConfig(next));
      } else await session.setData(path, encodeEntityConfig(next), version);
      break;
    } catch (error) {
      if (!isZkError(error, 'BAD_VERSION') && !isZkError(error, 'NODE_EXISTS')) throw error;
    }
  }
  await session.createRecursive(ZkPaths.configChanges);
  await session.create(ZkPaths.configChangePrefix, encodeConfigChange(userEntityPath(user)), 'persistent_sequential');
}

/** The pending notifications as (sequence, name), oldest first, with a one-shot child watch. */
export async function configChangeNotifications(
  session: ZkSession,
  watcher?: Watcher,
): Promise<Array<{ seq: number; name: string }>> {
  const names = await session.getChildren(ZkPaths.configChanges, watcher);
  const prefix = ZkPaths.configChangePrefix.slice(ZkPaths.configChanges.length + 1);
  return names
    .filter((n) => n.startsWith(prefix))
    .map((name) => ({ seq: Number(name.slice(prefix.length)), name }))
    .sort((a, b) => a.seq - b.seq);
}

/** The user a notification names, or null for another entity type (topics, clients) or a vanished notification. */
export async function userOfNotification(session: ZkSession, name: string): Promise<string | null> {
  const path = `${ZkPaths.configChanges}/${name}`;
  try {
    const entityPath = decodeConfigChange(path, (await session.getData(path)).data);
    return entityPath.startsWith('users/') ? entityPath.slice('users/'.length) : null;
  } catch (error) {
    if (isZkError(error, 'NO_NODE')) return null;
    throw error;
  }
}
