// Mirrors group membership into ZooKeeper so zkCli shows it (GROUPS.md): after each completed
// rebalance, /consumers/<group>/ids/<member> (ephemeral, JSON with client id, host and
// subscription) and /consumers/<group>/owners/<topic>/<partition> (ephemeral, the owning member
// id); removed members' znodes go. The znodes belong to the coordinator's session, so they
// vanish with the coordinator and its successor writes them again.
import type { ZkSession } from '../zk/session';
import { isZkError } from '../zk/errors';
import {
  consumerIdPath,
  consumerIdsPath,
  consumerOwnerPath,
  consumerOwnersPath,
  consumerTopicOwnersPath,
  encodeConsumerRegistration,
} from '../zk/znodes';
import { decodeConsumerAssignment, decodeConsumerSubscription } from '../protocol/consumer-protocol';
import type { CompletedRebalance, GroupMembershipListener } from '../coordinator/coordinator-types';
import type { MemberMetadata } from '../coordinator/group-metadata';
import type { Clock } from '../util/clock';

const CONSUMER_PROTOCOL = 'consumer';

export class GroupZkMirror implements GroupMembershipListener {
  constructor(
    private readonly session: () => ZkSession,
    private readonly clock: Clock,
  ) {}

  async onRebalanceCompleted(r: CompletedRebalance): Promise<void> {
    const session = this.session();
    const owners = new Map<string, string>();
    const ids = new Set<string>();
    for (const m of r.members) {
      ids.add(m.memberId);
      const subscription: Record<string, number> = {};
      if (r.protocolType === CONSUMER_PROTOCOL) {
        for (const topic of safe(() => decodeConsumerSubscription(m.metadata).topics, [])) subscription[topic] = 1;
        for (const tp of safe(() => decodeConsumerAssignment(m.assignment).assignedPartitions, [])) {
          for (const p of tp.partitions) owners.set(`${tp.topic}\u0000${p}`, m.memberId);
        }
      }
      const data = encodeConsumerRegistration({
        subscription,
        pattern: 'static',
        timestampMs: this.clock.nowMs(),
        clientId: m.clientId,
        clientHost: m.clientHost,
      });
      await put(session, consumerIdPath(r.groupId, m.memberId), data);
    }
    await this.prune(session, r.groupId, ids, owners);
    for (const [key, memberId] of owners) {
      const [topic, partition] = key.split('\u0000');
      await put(session, consumerOwnerPath(r.groupId, topic, Number(partition)), Buffer.from(memberId));
    }
  }

  async onMemberRemoved(groupId: string, member: MemberMetadata): Promise<void> {
    const session = this.session();
    await remove(session, consumerIdPath(groupId, member.memberId));
  }

  /** Drops ids of members no longer in the group and owners that changed hands or vanished. */
  private async prune(
    session: ZkSession,
    groupId: string,
    ids: Set<string>,
    owners: Map<string, string>,
  ): Promise<void> {
    for (const id of await children(session, consumerIdsPath(groupId))) {
      if (!ids.has(id)) await remove(session, `${consumerIdsPath(groupId)}/${id}`);
    }
    for (const topic of await children(session, consumerOwnersPath(groupId))) {
      for (const partition of await children(session, consumerTopicOwnersPath(groupId, topic))) {
        const path = `${consumerTopicOwnersPath(groupId, topic)}/${partition}`;
        const current = (await session.getData(path).catch(() => null))?.data?.toString();
        if (owners.get(`${topic}\u0000${partition}`) !== current) await remove(session, path);
      }
    }
  }
}

function safe<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}

async function children(session: ZkSession, path: string): Promise<string[]> {
  try {
    return await session.getChildren(path);
  } catch (err) {
    if (isZkError(err, 'NO_NODE')) return [];
    throw err;
  }
}

/** Creates the ephemeral znode (parents persistent), or overwrites it when it exists. */
async function put(session: ZkSession, path: string, data: Buffer): Promise<void> {
  const stat = await session.exists(path);
  if (stat && stat.ephemeralOwner === session.sessionId) {
    await session.setData(path, data, -1);
    return;
  }
  if (stat) await remove(session, path);
  const parent = path.slice(0, path.lastIndexOf('/'));
  await session.createRecursive(parent);
  await session.create(path, data, 'ephemeral');
}

async function remove(session: ZkSession, path: string): Promise<void> {
  try {
    await session.delete(path);
  } catch (err) {
    if (!isZkError(err, 'NO_NODE')) throw err;
  }
}
