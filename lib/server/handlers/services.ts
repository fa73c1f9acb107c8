// What handlers may use: the broker's subsystems, passed in by the composition root. Handlers
// reach ZooKeeper only through these services, never lib/zk directly.
import type { BrokerConfig } from '../config';
import type { MetadataCache } from '../../cluster/metadata/metadata-cache';
import type { ReplicaManager } from '../../cluster/replication/replica-manager';
import type { TopicAdmin } from '../topic-admin';
import type { Logger } from '../../util/logger';
import type { ControlRequests } from '../control-requests';
import type { Controller } from '../../cluster/controller/controller';
import type { GroupRouter } from '../group-router';
import type { GroupCoordinator } from '../../coordinator/group-coordinator';
import type { OffsetCoordinator } from '../../coordinator/offset-coordinator';
import type { ProducerIdSource } from '../producer-ids';
import type { SaslAuthenticator } from '../security/sasl-authenticator';
import type { ScramAdmin } from '../security/scram-admin';
import type { Authorizer } from '../security/authorizer';

export interface BrokerServices {
  config: BrokerConfig;
  metadataCache: MetadataCache;
  replicaManager: ReplicaManager;
  topicAdmin: TopicAdmin;
  /** A topic's config overrides as stored (/config/topics/<topic>), read fresh. */
  topicConfigs: { topicConfig(topic: string): Promise<Record<string, string>> };
  advertisedVersions(): Array<{ apiKey: number; minVersion: number; maxVersion: number }>;
  controlRequests: ControlRequests;
  /** The controller component of this broker (it answers only while it is the active one). */
  controller(): Controller;
  /** router: which broker coordinates a group; coordinator: membership; offsets: commits, fetches, deletion. */
  groups: { router: GroupRouter; coordinator: GroupCoordinator; offsets: OffsetCoordinator };
  producerIds: ProducerIdSource;
  /** Each SASL connection's authentication state. */
  sasl: SaslAuthenticator;
  /** Users' SCRAM credentials in ZooKeeper (KIP-554). */
  scramAdmin: ScramAdmin;
  /** authorizer.class.name's authorizer; null when none is configured (everything allowed). */
  authorizer: Authorizer | null;
  logger: Logger;
}
