// The Samsa client library's public surface: Producer, Consumer and Admin over the Kafka
// protocol, usable against Samsa or any Kafka broker. Everything a caller needs is exported here;
// the modules behind it are internal.
export { Producer } from './producer';
export type {
  Acks,
  ProducerOptions,
  ProducerMessage,
  ProducerRecord,
  RecordMetadata,
  PartitionerFn,
  PartitionerInput,
  PartitionerChoice,
  SendCallback,
} from './producer';
export type { ProducerIdentity } from './producer-idempotence';
export { Consumer } from './consumer';
export type {
  ConsumerOptions,
  OffsetResetPolicy,
  TopicPartition,
  TopicPartitionOffset,
  AssignedPartition,
  ConsumerMessage,
  EachMessagePayload,
  EachBatchPayload,
  IteratedMessage,
  RunOptions,
  PauseSpec,
  ConsumerEvent,
} from './consumer';
export { rangeAssignor, roundRobinAssignor } from './assignors';
export type { PartitionAssignor, AssignorMember, GroupAssignment } from './assignors';
export { Admin } from './admin';
export type {
  AdminOptions,
  NewTopic,
  NewPartitions,
  GroupOffset,
  TopicDescription,
  PartitionDescription,
  TopicsDescription,
  ClusterDescription,
  GroupListing,
  GroupDescription,
  MemberDescription,
  OffsetSpec,
  PartitionOffset,
  CommittedOffset,
} from './admin';
export type {
  ConfigResourceKind,
  ConfigResourceRequest,
  ConfigSourceName,
  ConfigEntryDescription,
  ConfigResourceDescription,
  ConfigSynonymDescription,
} from './admin-configs';
export { securityFromProperties } from './security-config';
export type { ConnectionSecurity } from '../network/connection';
export type { SaslClientConfig, SaslMechanism } from '../network/sasl-client';
export type { ScramAlteration, ScramCredentialInfo } from './admin-scram';
export { Cluster } from './cluster';
export type { ClusterOptions, BrokerAddress, PartitionMetadata, TopicMetadata } from './cluster';
export { ClientError } from './errors';
export type { LocalErrorCode, PartitionFailure } from './errors';
export { murmur2, partitionForKey } from './partitioner';
export type { CompressionName } from '../protocol/compression';
