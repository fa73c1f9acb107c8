// Which broker coordinates a group, as GROUPS.md decides: the leader of partition
// partitionFor(group) of the internal topic __consumer_offsets, whose partitions carry no data
// and exist so that coordinator failover rides on the controller's leader election. The topic
// is created on the first FindCoordinator.
import type { MetadataCache } from '../cluster/metadata/metadata-cache';
import type { ReplicaManager } from '../cluster/replication/replica-manager';
import type { TopicAdmin } from './topic-admin';
import { partitionForGroup } from '../coordinator/partition-for-group';
import { KafkaError } from '../protocol/kafka-error';
import { ErrorCode } from '../protocol/error-codes';

export const OFFSETS_TOPIC = '__consumer_offsets';

export interface GroupRouterOptions {
  metadataCache: MetadataCache;
  replicaManager: ReplicaManager;
  topicAdmin: TopicAdmin;
  offsetsTopicNumPartitions: number;
  offsetsTopicReplicationFactor: number;
}

export class GroupRouter {
  private creating: Promise<void> | null = null;

  constructor(private readonly options: GroupRouterOptions) {}

  partitionFor(groupId: string): number {
    const known = this.options.metadataCache.partitions(OFFSETS_TOPIC).length;
    return partitionForGroup(groupId, known > 0 ? known : this.options.offsetsTopicNumPartitions);
  }

  /** The coordinator's broker id, or null while __consumer_offsets has no leader for the slot. */
  async coordinatorFor(groupId: string): Promise<number | null> {
    const cache = this.options.metadataCache;
    if (!cache.hasTopic(OFFSETS_TOPIC)) await this.createOffsetsTopic();
    const leader = cache.partition(OFFSETS_TOPIC, this.partitionFor(groupId))?.leader ?? -1;
    return leader >= 0 ? leader : null;
  }

  /** Throws NOT_COORDINATOR unless this broker leads the group's slot. */
  requireLocal(groupId: string): void {
    const code = this.coordinatorError(groupId);
    if (code === ErrorCode.INVALID_GROUP_ID) throw new KafkaError(code, 'the group id is empty');
    if (code !== ErrorCode.NONE) throw new KafkaError(code, `this broker does not coordinate ${groupId}`);
  }

  /** NONE when this broker coordinates the group; INVALID_GROUP_ID or NOT_COORDINATOR otherwise. */
  coordinatorError(groupId: string): number {
    if (groupId === '') return ErrorCode.INVALID_GROUP_ID;
    return this.coordinates(groupId) ? ErrorCode.NONE : ErrorCode.NOT_COORDINATOR;
  }

  /** Whether this broker leads the group's __consumer_offsets slot now. */
  coordinates(groupId: string): boolean {
    const slot = this.options.replicaManager.getPartition(OFFSETS_TOPIC, this.partitionFor(groupId));
    return slot?.isLeader ?? false;
  }

  private createOffsetsTopic(): Promise<void> {
    if (this.creating) return this.creating;
    const live = this.options.metadataCache.liveBrokers().length;
    const spec = {
      name: OFFSETS_TOPIC,
      numPartitions: this.options.offsetsTopicNumPartitions,
      replicationFactor: Math.max(1, Math.min(this.options.offsetsTopicReplicationFactor, live)),
      assignments: [],
      configs: {},
    };
    const admin = this.options.topicAdmin;
    this.creating = admin
      .create(spec, admin.plan(spec))
      .catch((err: unknown) => {
        if (!(err instanceof KafkaError && err.code === ErrorCode.TOPIC_ALREADY_EXISTS)) throw err;
      })
      .then(() => admin.waitForMetadata(() => admin.topicReady(OFFSETS_TOPIC), 10000))
      .then(() => undefined)
      .finally(() => {
        this.creating = null;
      });
    return this.creating;
  }
}
