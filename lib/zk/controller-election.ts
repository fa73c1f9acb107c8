// Controller election and fencing in ZooKeeper (REPLICATION.md 2.1, Kafka 2.1+): the ephemeral
// /controller and the /controller_epoch bump happen in one multi, and every later controller
// write is a multi whose first op checks /controller_epoch's zkVersion.
import type { Clock } from '../util/clock';
import { systemClock } from '../util/clock';
import { ControllerMovedError, isZkError, ZkError } from './errors';
import type { Watcher, ZkOp, ZkOpResult, ZkSession } from './session';
import { decodeController, decodeControllerEpoch, encodeController, encodeControllerEpoch, ZkPaths } from './znodes';

export type ElectionResult =
  | { won: true; epoch: number; epochZkVersion: number }
  /** controllerId is null when /controller vanished while we looked: elect again. */
  | { won: false; controllerId: number | null };

/** The first op of every controller multi. */
export type ControllerEpochGuard = Extract<ZkOp, { op: 'check' }>;

interface ControllerNode {
  brokerId: number;
  ownedByUs: boolean;
}

interface EpochNode {
  epoch: number;
  zkVersion: number;
}

async function readController(session: ZkSession, watcher?: Watcher): Promise<ControllerNode | null> {
  // exists() first so the watcher covers creation too when there is no controller.
  const stat = await session.exists(ZkPaths.controller, watcher);
  if (stat === null) return null;
  try {
    const { data, stat: current } = await session.getData(ZkPaths.controller);
    return { brokerId: decodeController(data).brokerId, ownedByUs: current.ephemeralOwner === session.sessionId };
  } catch (error) {
    if (isZkError(error, 'NO_NODE')) return null; // deleted meanwhile; the exists() watch fires for it
    throw error;
  }
}

/** The current controller epoch and its zkVersion, or null before the first election. */
export async function getControllerEpoch(session: ZkSession): Promise<EpochNode | null> {
  try {
    const { data, stat } = await session.getData(ZkPaths.controllerEpoch);
    return { epoch: decodeControllerEpoch(data), zkVersion: stat.version };
  } catch (error) {
    if (isZkError(error, 'NO_NODE')) return null;
    throw error;
  }
}

async function readOrCreateEpoch(session: ZkSession): Promise<EpochNode> {
  const existing = await getControllerEpoch(session);
  if (existing) return existing;
  try {
    await session.create(ZkPaths.controllerEpoch, encodeControllerEpoch(0), 'persistent');
    return { epoch: 0, zkVersion: 0 };
  } catch (error) {
    if (!isZkError(error, 'NODE_EXISTS')) throw error;
  }
  const raced = await getControllerEpoch(session);
  if (!raced) throw new ZkError('NO_NODE', '/controller_epoch disappeared while electing', ZkPaths.controllerEpoch);
  return raced;
}

/**
 * One election attempt. Connection loss mid-multi is rethrown: the caller retries, and the
 * retry sees /controller owned by this session and reports the win.
 */
export async function tryElectController(
  session: ZkSession,
  brokerId: number,
  clock: Clock = systemClock,
): Promise<ElectionResult> {
  const current = await readController(session);
  if (current) return await decidedElection(session, brokerId, current, null);
  const { epoch, zkVersion } = await readOrCreateEpoch(session);
  try {
    const results = await session.multi([
      { op: 'create', path: ZkPaths.controller, data: encodeController(brokerId, clock.nowMs()), mode: 'ephemeral' },
      { op: 'setData', path: ZkPaths.controllerEpoch, data: encodeControllerEpoch(epoch + 1), version: zkVersion },
    ]);
    return { won: true, epoch: epoch + 1, epochZkVersion: setDataVersion(results[1]) };
  } catch (error) {
    if (!isZkError(error, 'NODE_EXISTS') && !isZkError(error, 'BAD_VERSION')) throw error;
  }
  const after = await readController(session);
  return after ? await decidedElection(session, brokerId, after, epoch + 1) : { won: false, controllerId: null };
}

/** /controller exists: it is ours only if this very session created it. */
async function decidedElection(
  session: ZkSession,
  brokerId: number,
  controller: ControllerNode,
  expectedEpoch: number | null,
): Promise<ElectionResult> {
  if (controller.brokerId !== brokerId || !controller.ownedByUs)
    return { won: false, controllerId: controller.brokerId };
  const epochNode = await getControllerEpoch(session);
  if (!epochNode || (expectedEpoch !== null && epochNode.epoch !== expectedEpoch)) {
    return { won: false, controllerId: controller.brokerId };
  }
  return { won: true, epoch: epochNode.epoch, epochZkVersion: epochNode.zkVersion };
}

function setDataVersion(result: ZkOpResult): number {
  if (result.op !== 'setData') throw new Error(`unexpected multi result ${result.op} for /controller_epoch`);
  return result.stat.version;
}

/** The active controller's id, or null; the watcher fires on its creation, change or deletion. */
export async function getControllerId(session: ZkSession, watcher?: Watcher): Promise<number | null> {
  const controller = await readController(session, watcher);
  return controller ? controller.brokerId : null;
}

/** Deletes /controller only if this session holds it for `brokerId`. Returns whether it did. */
export async function resignController(session: ZkSession, brokerId: number): Promise<boolean> {
  try {
    const { data, stat } = await session.getData(ZkPaths.controller);
    if (decodeController(data).brokerId !== brokerId || stat.ephemeralOwner !== session.sessionId) return false;
    await session.delete(ZkPaths.controller, stat.version);
    return true;
  } catch (error) {
    if (isZkError(error, 'NO_NODE') || isZkError(error, 'BAD_VERSION')) return false;
    throw error;
  }
}

export function controllerEpochGuard(epochZkVersion: number): ControllerEpochGuard {
  return { op: 'check', path: ZkPaths.controllerEpoch, version: epochZkVersion };
}

/**
 * Runs `[guard, ...ops]`. A failed guard becomes ControllerMovedError (the caller resigns);
 * other failures keep their ZkError, with opIndex counted within `ops`.
 */
export async function guardedMulti(
  session: ZkSession,
  guard: ControllerEpochGuard,
  ops: readonly ZkOp[],
): Promise<ZkOpResult[]> {
  try {
    const results = await session.multi([guard, ...ops]);
    return results.slice(1);
  } catch (error) {
    if (!(error instanceof ZkError) || error.opIndex === null) throw error;
    if (error.opIndex === 0) {
      if (error.code === 'BAD_VERSION' || error.code === 'NO_NODE') throw new ControllerMovedError(guard.version);
      throw error;
    }
    throw new ZkError(error.code, error.message, error.path, error.opIndex - 1);
  }
}
