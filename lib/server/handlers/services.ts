// What handlers may use: the broker's subsystems, passed in by the composition root.
import type { BrokerConfig } from '../config';
import type { TopicConfigSource } from '../config-view';
import type { MetadataCache } from '../../cluster/metadata/metadata-cache';
import type { ReplicaManager } from '../../cluster/replication/replica-manager';
import type { TopicAdmin } from '../topic-admin';
import type { Logger } from '../../util/logger';
import type { ControlRequests } from '../control-requests';
import type { Controller } from '../../cluster/controller/controller';
import type { GroupRouter } from '../group-router';
import type { GroupCoordinator } from '../../coordinator/group-coordinator';
import type { ZkSession } from '../../zk/session';
import type { PerGroupSerial } from '../../coordinator/group-serial';

export interface BrokerServices {
  config: BrokerConfig;
  metadataCache: MetadataCache;
  replicaManager: ReplicaManager;
  topicAdmin: TopicAdmin;
  /** Topics' config overrides (DescribeConfigs). */
  topicConfigs: TopicConfigSource;
  advertisedVersions(): Array<{ apiKey: number; minVersion: number; maxVersion: number }>;
  controlRequests: ControlRequests;
  /** The controller component of this broker (it answers only while it is the active one). */
  controller(): Controller;
  /** serial: one group's offset writes in ZooKeeper, one at a time (Kafka's group lock). */
  groups: { router: GroupRouter; coordinator: GroupCoordinator; session(): ZkSession; serial: PerGroupSerial };
  logger: Logger;
}
