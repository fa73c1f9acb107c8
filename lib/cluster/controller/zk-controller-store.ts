// ControllerStore over Kafka's znodes (lib/zk): every write the controller makes is guarded by
// the /controller_epoch zkVersion it won with, and partition state updates name the version
// they expect. The session is read through a getter because a broker replaces its session
// after expiry.
import type { ZkSession } from '../../zk/session';
import { isZkError } from '../../zk/errors';
import { deleteTopicPath } from '../../zk/znodes';
import { getBroker, getLiveBrokerIds } from '../../zk/broker-registry';
import { controllerEpochGuard, getControllerId, resignController, tryElectController } from '../../zk/controller-store';
import {
  createPartitionStates, deleteTopicZnodes, getAssignment, getPartitionState, getTopicNames,
  getTopicsPendingDeletion, updatePartitionState,
} from '../../zk/topic-store';
import { deleteLogDirEventNotifications, getBrokerIdsFromLogDirEvents, getLogDirEventNotifications } from '../../zk/log-dir-events';
import type { ControllerStore, ElectionResult, StoredPartitionState } from './controller-store';
import type { LiveBrokerInfo } from './controller-context';
import type { LeaderAndIsr } from './election';

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
    return brokers.filter((b) => b !== null).map((b) => ({
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
    return Promise.all(results.map(async (r, i) => {
      if ('zkVersion' in r) return { state: entries[i].state, zkVersion: r.zkVersion };
      // Someone (an earlier controller) created it first: what is stored is the truth.
      const stored = await this.partitionState(r.topic, r.partition);
      if (!stored) throw r.error;
      return stored;
    }));
  }

  updatePartitionState(epochZkVersion: number, topic: string, partition: number, state: LeaderAndIsr, expectedZkVersion: number): Promise<number> {
    return updatePartitionState(this.session(), controllerEpochGuard(epochZkVersion), topic, partition, state, expectedZkVersion);
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
