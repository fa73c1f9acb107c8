// The controller's view of ZooKeeper: one narrow interface (ControllerStore) and its
// implementation over Kafka's znodes (ZkControllerStore). Every write the controller makes is
// conditional: guarded by the /controller_epoch zkVersion it won with, and partition state
// updates name the version they expect. The session is read through a getter because a broker
// replaces its session after expiry.
import type { ZkSession } from '../../zk/session';
import { ControllerMovedError, isZkError } from '../../zk/errors';
import { deleteTopicPath } from '../../zk/znodes';
import { getBroker, getLiveBrokerIds } from '../../zk/broker-registry';
import {
  controllerEpochGuard,
  getControllerId,
  resignController,
  tryElectController,
  type ElectionResult,
} from '../../zk/controller-election';
import {
  createPartitionStates,
  deleteTopicZnodes,
  getAssignment,
  getPartitionState,
  getTopicNames,
  getTopicsPendingDeletion,
  updatePartitionState,
} from '../../zk/topic-znodes';
import {
  deleteLogDirEventNotifications,
  getBrokerIdsFromLogDirEvents,
  getLogDirEventNotifications,
} from '../../zk/log-dir-events';
import type { LiveBrokerInfo } from './controller-context';
import type { LeaderAndIsr } from './election';
export type { ElectionResult };

/**
 * The store could not be reached in time (no ZooKeeper quorum, connection lost): the write did
 * not happen and may succeed later. Not a conflict: nobody else changed the state.
 */
export class StoreUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreUnavailableError';
  }
}

export interface StoredPartitionState {
  state: LeaderAndIsr;
  zkVersion: number;
}

export interface ControllerStore {
  tryElect(brokerId: number): Promise<ElectionResult>;
  /** Current controller id (null when none) and a one-shot watch on /controller. */
  watchController(onChange: () => void): Promise<number | null>;
  resign(brokerId: number): Promise<void>;
  /** Live brokers and a one-shot child watch on /brokers/ids. */
  liveBrokers(onChange: () => void): Promise<LiveBrokerInfo[]>;
  /** Topic names and a one-shot child watch on /brokers/topics. */
  topicNames(onChange: () => void): Promise<string[]>;
  /**
   * The topic's replica assignment; with `onChange`, also a one-shot data watch on
   * /brokers/topics/<t> (set only when the znode exists), which is how added partitions show.
   */
  assignment(topic: string, onChange?: () => void): Promise<Map<number, number[]> | null>;
  partitionState(topic: string, partition: number): Promise<StoredPartitionState | null>;
  /**
   * Creates state znodes (and their parents) guarded by the controller epoch; returns what is
   * stored afterwards, per entry (an existing znode wins over the proposed state).
   */
  createPartitionStates(
    epochZkVersion: number,
    entries: Array<{ topic: string; partition: number; state: LeaderAndIsr }>,
  ): Promise<StoredPartitionState[]>;
  /**
   * Conditional update on the state znode's version, guarded by the controller epoch; returns
   * the new version. Throws StoreUnavailableError when the store cannot be reached, any other
   * error when the expected version or controller epoch no longer holds.
   */
  updatePartitionState(
    epochZkVersion: number,
    topic: string,
    partition: number,
    state: LeaderAndIsr,
    expectedZkVersion: number,
  ): Promise<number>;
  /** Topics queued under /admin/delete_topics and a one-shot child watch. */
  topicsPendingDeletion(onChange: () => void): Promise<string[]>;
  deleteTopic(epochZkVersion: number, topic: string): Promise<void>;
  /** Removes a queued deletion for a topic that does not exist. */
  dropDeletionRequest(topic: string): Promise<void>;
  /** Pending log dir failure notifications (their znode names) and a one-shot child watch. */
  logDirEventNotifications(onChange: () => void): Promise<string[]>;
  /** The brokers those notifications name. */
  brokerIdsOfLogDirEvents(names: string[]): Promise<number[]>;
  /** Deletes handled notifications, guarded by the controller epoch. */
  deleteLogDirEventNotifications(epochZkVersion: number, names: string[]): Promise<void>;
}

const once = (onChange: () => void) => () => onChange();

export class ZkControllerStore implements ControllerStore {
  constructor(private readonly session: () => ZkSession) {}

  tryElect(brokerId: number): Promise<ElectionResult> {
    return tryElectController(this.session(), brokerId);
  }

  watchController(onChange: () => void): Promise<number | null> {
    return getControllerId(this.session(), once(onChange));
  }

  async resign(brokerId: number): Promise<void> {
    await resignController(this.session(), brokerId);
  }

  async liveBrokers(onChange: () => void): Promise<LiveBrokerInfo[]> {
    const session = this.session();
    const ids = await getLiveBrokerIds(session, once(onChange));
    const brokers = await Promise.all(ids.map((id) => getBroker(session, id)));
    return brokers
      .filter((b) => b !== null)
      .map((b) => ({
        brokerId: b.registration.brokerId,
        endpoints: b.registration.endpoints,
        rack: b.registration.rack,
        brokerEpoch: b.brokerEpoch,
      }));
  }

  topicNames(onChange: () => void): Promise<string[]> {
    return getTopicNames(this.session(), once(onChange));
  }

  async assignment(topic: string, onChange?: () => void): Promise<Map<number, number[]> | null> {
    return (await getAssignment(this.session(), topic, onChange ? once(onChange) : undefined))?.partitions ?? null;
  }

  async partitionState(topic: string, partition: number): Promise<StoredPartitionState | null> {
    const stored = await getPartitionState(this.session(), topic, partition);
    return stored ? { state: stored.state, zkVersion: stored.version } : null;
  }

  async createPartitionStates(
    epochZkVersion: number,
    entries: Array<{ topic: string; partition: number; state: LeaderAndIsr }>,
  ): Promise<StoredPartitionState[]> {
    const results = await createPartitionStates(this.session(), controllerEpochGuard(epochZkVersion), entries);
    return Promise.all(
      results.map(async (r, i) => {
        if ('zkVersion' in r) return { state: entries[i].state, zkVersion: r.zkVersion };
        // Someone (an earlier controller) created it first: what is stored is the truth.
        const stored = await this.partitionState(r.topic, r.partition);
        if (!stored) throw r.error;
        return stored;
      }),
    );
  }

  async updatePartitionState(
    epochZkVersion: number,
    topic: string,
    partition: number,
    state: LeaderAndIsr,
    expectedZkVersion: number,
  ): Promise<number> {
    try {
      return await updatePartitionState(
        this.session(),
        controllerEpochGuard(epochZkVersion),
        topic,
        partition,
        state,
        expectedZkVersion,
      );
    } catch (error) {
      if (isZkError(error) && error.retriable)
        throw new StoreUnavailableError(`${topic}-${partition}: ${error.message}`);
      if (isZkError(error, 'BAD_VERSION') && !(error instanceof ControllerMovedError)) {
        const applied = await this.alreadyApplied(topic, partition, state);
        if (applied !== null) return applied;
      }
      throw error;
    }
  }

  /**
   * A write cut off by a lost connection may have reached ZooKeeper anyway, and its retry then
   * meets its own new version. As Kafka's update checker does, read the znode back: holding
   * exactly this state (controller epoch included, so no other controller wrote it) means done.
   */
  private async alreadyApplied(topic: string, partition: number, state: LeaderAndIsr): Promise<number | null> {
    const stored = await this.partitionState(topic, partition).catch(() => null);
    if (stored === null) return null;
    const same =
      stored.state.leader === state.leader &&
      stored.state.leaderEpoch === state.leaderEpoch &&
      stored.state.controllerEpoch === state.controllerEpoch &&
      stored.state.isr.join(',') === state.isr.join(',');
    return same ? stored.zkVersion : null;
  }

  topicsPendingDeletion(onChange: () => void): Promise<string[]> {
    return getTopicsPendingDeletion(this.session(), once(onChange));
  }

  deleteTopic(epochZkVersion: number, topic: string): Promise<void> {
    return deleteTopicZnodes(this.session(), controllerEpochGuard(epochZkVersion), topic);
  }

  logDirEventNotifications(onChange: () => void): Promise<string[]> {
    return getLogDirEventNotifications(this.session(), once(onChange));
  }

  brokerIdsOfLogDirEvents(names: string[]): Promise<number[]> {
    return getBrokerIdsFromLogDirEvents(this.session(), names);
  }

  deleteLogDirEventNotifications(epochZkVersion: number, names: string[]): Promise<void> {
    return deleteLogDirEventNotifications(this.session(), controllerEpochGuard(epochZkVersion), names);
  }

  async dropDeletionRequest(topic: string): Promise<void> {
    try {
      await this.session().delete(deleteTopicPath(topic));
    } catch (err) {
      if (!isZkError(err, 'NO_NODE')) throw err;
    }
  }
}
