// Group coordinator: owns consumer-group membership (Kafka's JoinGroup/SyncGroup/Heartbeat/
// LeaveGroup state machine, in memory, per coordinated group, including static members and the
// SyncGroup deadline), committed offsets under /consumers/<group>/offsets in ZooKeeper
// (OffsetCommit, OffsetFetch and DeleteGroups decided by OffsetCoordinator), their expiry
// (offset retention), and coordinator placement (partitionForGroup).
// It must not touch the network or codecs (handlers translate wire requests to the plain
// objects in coordinator-types.ts and offset-coordinator.ts), nor partition or topic znodes;
// mirroring membership into /consumers/<group>/ids and owners is done by the broker through
// GroupMembershipListener.
// Concurrency: group state changes only synchronously on the event loop (no await between read
// and write), so one handler or timer changes a group at a time; listener calls are serialized.
export * from './coordinator-types';
export { GroupCoordinator, GroupCoordinatorOptions, GroupDeletion } from './group-coordinator';
export {
  canTransition,
  GROUP_STATE_PREVIOUS,
  GroupMetadata,
  GroupProtocol,
  GroupState,
  JoinGroupMemberInfo,
  JoinGroupResult,
  MemberMetadata,
  SyncGroupResult,
} from './group-metadata';
export { offsetCommitError } from './offset-commit-check';
export {
  CommitOffsetsRequest,
  FetchOffsetsResult,
  GroupDeletionResult,
  OffsetCoordinator,
  OffsetCoordinatorOptions,
  OffsetToCommit,
  PartitionResult,
} from './offset-coordinator';
export { OffsetRetention, OffsetRetentionOptions, offsetsExpired } from './offset-retention';
export {
  commitOffsets,
  CommittedOffset,
  consumerOffsetMetadataPath,
  deleteGroupOffsets,
  deleteGroupOffsetsIfUnchanged,
  fetchOffsets,
  GroupOffsetsSnapshot,
  isStorableGroupId,
  readGroupOffsets,
  listGroupsWithOffsets,
  OffsetCommitEntry,
  TopicPartition,
} from './offset-store';
export { javaStringHashCode, kafkaAbs, partitionForGroup } from './partition-for-group';
