// The controller's view of ZooKeeper, as one narrow interface. The implementation over
// lib/zk (zk-controller-store.ts) makes every write conditional: partition state on its
// zkVersion, and every controller write guarded by the /controller_epoch zkVersion.
import type { LeaderAndIsr } from './election';
import type { LiveBrokerInfo } from './controller-context';

export type ElectionResult = { won: true; epoch: number; epochZkVersion: number } | { won: false; controllerId: number | null };

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
  createPartitionStates(epochZkVersion: number, entries: Array<{ topic: string; partition: number; state: LeaderAndIsr }>): Promise<StoredPartitionState[]>;
  /**
   * Conditional update on the state znode's version, guarded by the controller epoch; returns
   * the new version. Throws StoreUnavailableError when the store cannot be reached, any other
   * error when the expected version or controller epoch no longer holds.
   */
  updatePartitionState(epochZkVersion: number, topic: string, partition: number, state: LeaderAndIsr, expectedZkVersion: number): Promise<number>;
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
