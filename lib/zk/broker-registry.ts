// What every broker writes and reads about brokers: the persistent skeleton, the cluster id,
// its own ephemeral registration (whose czxid is its broker epoch) and the live broker set.
import { randomUUID } from 'crypto';
import { BrokerIdInUseError, isZkError } from './errors';
import type { Watcher, ZkSession, ZkStat } from './session';
import {
  BrokerEndpoint,
  BrokerRegistration,
  brokerIdPath,
  decodeBrokerRegistration,
  decodeClusterId,
  encodeBrokerRegistration,
  encodeClusterId,
  PERSISTENT_PATHS,
  ZkPaths,
} from './znodes';

const REGISTER_ATTEMPTS_MAX = 3;

export interface BrokerInfo {
  brokerId: number;
  endpoints: BrokerEndpoint[];
  rack?: string | null;
  timestampMs: number;
}

export interface RegisteredBroker {
  registration: BrokerRegistration;
  /** czxid of the registration znode (KIP-380). */
  brokerEpoch: number;
  stat: ZkStat;
}

export async function ensurePersistentPaths(session: ZkSession): Promise<void> {
  for (const path of PERSISTENT_PATHS) await session.createRecursive(path);
}

/** 22 characters: URL-safe base64 of a random UUID, without padding. */
export function randomClusterId(): string {
  return Buffer.from(randomUUID().replace(/-/g, ''), 'hex').toString('base64url');
}

/** Reads `/cluster/id`, creating it when absent; a concurrent creator wins and its id is returned. */
export async function getOrCreateClusterId(
  session: ZkSession,
  newClusterId: string = randomClusterId(),
): Promise<string> {
  try {
    return decodeClusterId((await session.getData(ZkPaths.clusterId)).data);
  } catch (error) {
    if (!isZkError(error, 'NO_NODE')) throw error;
  }
  if (await session.createRecursive(ZkPaths.clusterId, encodeClusterId(newClusterId))) return newClusterId;
  return decodeClusterId((await session.getData(ZkPaths.clusterId)).data);
}

/**
 * Creates the ephemeral `/brokers/ids/<id>`. Kafka's create-then-setData(version 0) multi is used
 * because it returns the znode's stat, and so the broker epoch, atomically with the creation.
 * A node already owned by this session (a retried registration) is accepted as is.
 */
export async function registerBroker(session: ZkSession, info: BrokerInfo): Promise<{ brokerEpoch: number }> {
  const path = brokerIdPath(info.brokerId);
  const data = encodeBrokerRegistration(info);
  for (let attempt = 1; attempt <= REGISTER_ATTEMPTS_MAX; attempt += 1) {
    try {
      const results = await session.multi([
        { op: 'create', path, data: null, mode: 'ephemeral' },
        { op: 'setData', path, data, version: 0 },
      ]);
      const set = results[1];
      if (set.op !== 'setData') throw new Error(`unexpected multi result for ${path}: ${set.op}`);
      return { brokerEpoch: set.stat.czxid };
    } catch (error) {
      if (isZkError(error, 'CONNECTION_LOSS')) {
        // The multi may or may not have been applied: once reconnected, the retry finds out.
        await session.whenConnected(session.sessionTimeoutMs);
        continue;
      }
      if (!isZkError(error, 'NODE_EXISTS')) throw error;
    }
    const existing = await session.exists(path);
    if (existing === null) continue; // the old owner's session ended meanwhile: try again
    if (existing.ephemeralOwner === session.sessionId) return { brokerEpoch: existing.czxid };
    throw new BrokerIdInUseError(info.brokerId, existing.ephemeralOwner);
  }
  throw new Error(`could not register ${path}: it kept appearing and disappearing (${REGISTER_ATTEMPTS_MAX} attempts)`);
}

/** Deletes our registration (only if this session owns it). Returns whether it was deleted. */
export async function deregisterBroker(session: ZkSession, brokerId: number): Promise<boolean> {
  const path = brokerIdPath(brokerId);
  const stat = await session.exists(path);
  if (stat === null || stat.ephemeralOwner !== session.sessionId) return false;
  try {
    await session.delete(path, stat.version);
    return true;
  } catch (error) {
    if (isZkError(error, 'NO_NODE')) return false;
    throw error;
  }
}

/** Sorted ids under `/brokers/ids`; the watcher fires once on the next membership change. */
export async function getLiveBrokerIds(session: ZkSession, watcher?: Watcher): Promise<number[]> {
  const children = await session.getChildren(ZkPaths.brokerIds, watcher);
  return children
    .filter((child) => /^\d+$/.test(child))
    .map(Number)
    .sort((a, b) => a - b);
}

/** The decoded registration with its broker epoch, or null when the broker is not registered. */
export async function getBroker(
  session: ZkSession,
  brokerId: number,
  watcher?: Watcher,
): Promise<RegisteredBroker | null> {
  try {
    const { data, stat } = await session.getData(brokerIdPath(brokerId), watcher);
    return { registration: decodeBrokerRegistration(brokerId, data), brokerEpoch: stat.czxid, stat };
  } catch (error) {
    if (isZkError(error, 'NO_NODE')) return null;
    throw error;
  }
}

/** Every registered broker, sorted by id (brokers that vanish while being read are left out). */
export async function getAllBrokers(session: ZkSession): Promise<RegisteredBroker[]> {
  const ids = await getLiveBrokerIds(session);
  const brokers = await Promise.all(ids.map((id) => getBroker(session, id)));
  return brokers.filter((broker): broker is RegisteredBroker => broker !== null);
}

/** Kafka's reserved.broker.max.id: generated ids start above it. */
export const RESERVED_BROKER_MAX_ID = 1000;

/**
 * Kafka's broker id generation: an unconditional write to /brokers/seqid bumps its version,
 * and reserved.broker.max.id + that version is an id no other broker got.
 */
export async function generateBrokerId(session: ZkSession): Promise<number> {
  await session.createRecursive(ZkPaths.brokerSeqId);
  const stat = await session.setData(ZkPaths.brokerSeqId, null, -1);
  return RESERVED_BROKER_MAX_ID + stat.version;
}
