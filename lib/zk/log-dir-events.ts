// Log dir failure notifications (Kafka's LogDirEventNotification, ZK-LAYOUT.md 1.5): a broker
// whose log dir failed creates a persistent sequential znode naming itself; the controller
// watches the parent, handles every notification it finds and deletes them (guarded by its epoch).
import { isZkError } from './errors';
import { ControllerEpochGuard, guardedMulti } from './controller-election';
import type { Watcher, ZkSession } from './session';
import { decodeLogDirEvent, encodeLogDirEvent, logDirEventPath, ZkPaths } from './znodes';

/** The broker side: tells the controller that one of this broker's log dirs failed. */
export async function propagateLogDirEvent(session: ZkSession, brokerId: number): Promise<string> {
  return session.create(ZkPaths.logDirEventPrefix, encodeLogDirEvent(brokerId), 'persistent_sequential');
}

/** Names of the pending notifications (log_dir_event_<seq>), oldest first, with a one-shot child watch. */
export async function getLogDirEventNotifications(session: ZkSession, watcher?: Watcher): Promise<string[]> {
  const names = await session.getChildren(ZkPaths.logDirEventNotification, watcher);
  return names.sort();
}

/** The broker ids the notifications name; notifications deleted meanwhile are skipped. */
export async function getBrokerIdsFromLogDirEvents(session: ZkSession, names: string[]): Promise<number[]> {
  const ids = new Set<number>();
  for (const name of names) {
    try {
      const path = logDirEventPath(name);
      ids.add(decodeLogDirEvent(path, (await session.getData(path)).data).brokerId);
    } catch (error) {
      if (!isZkError(error, 'NO_NODE')) throw error;
    }
  }
  return [...ids].sort((a, b) => a - b);
}

/** Deletes handled notifications, each guarded by the controller epoch. */
export async function deleteLogDirEventNotifications(
  session: ZkSession,
  guard: ControllerEpochGuard,
  names: string[],
): Promise<void> {
  for (const name of names) {
    try {
      await guardedMulti(session, guard, [{ op: 'delete', path: logDirEventPath(name), version: -1 }]);
    } catch (error) {
      if (!isZkError(error, 'NO_NODE')) throw error;
    }
  }
}
