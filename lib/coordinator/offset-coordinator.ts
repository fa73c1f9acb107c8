// The group coordinator's offset side, as Kafka's GroupCoordinator.handleCommitOffsets,
// handleFetchOffsets and handleDeleteGroups: it decides what each partition of a commit or fetch
// and each group of a deletion answers, as Kafka error codes, and does the ZooKeeper work through
// offset-store. Membership is GroupCoordinator's (a commit is checked against the group and counts
// as the member's heartbeat); whether this broker coordinates a group, and whether a partition
// exists, are the broker's to say (injected). A commit is answered only after ZooKeeper has every
// offset of it; one group's commits and deletions run one at a time (PerGroupSerial, Kafka's
// group lock), so a request naming a group twice cannot race with itself.
import { ErrorCode } from '../protocol/error-codes';
import type { Logger } from '../util/logger';
import type { ZkSession } from '../zk/session';
import type { GroupCoordinator } from './group-coordinator';
import { PerGroupSerial } from './group-serial';
import { offsetCommitError } from './offset-commit-check';
import {
  commitOffsets,
  CommittedOffset,
  deleteGroupOffsets,
  fetchOffsets,
  isStorableGroupId,
  TopicPartition,
} from './offset-store';

export interface OffsetToCommit extends TopicPartition {
  /** The next offset to consume. */
  offset: number;
  metadata: string | null;
}

export interface CommitOffsetsRequest {
  groupId: string;
  generationId: number;
  memberId: string;
  groupInstanceId: string | null;
  /** False for OffsetCommit v0: ZooKeeper-era consumers commit outside any generation. */
  checkMembership: boolean;
  offsets: OffsetToCommit[];
}

/** One partition's answer to a commit; a commit answers its partitions in request order. */
export interface PartitionResult extends TopicPartition {
  errorCode: number;
}

export interface FetchOffsetsResult {
  /** The group's error; with one, every partition asked for comes back at offset -1. */
  errorCode: number;
  offsets: CommittedOffset[];
}

export interface GroupDeletionResult {
  groupId: string;
  errorCode: number;
}

export interface OffsetCoordinatorOptions {
  groups: GroupCoordinator;
  session(): ZkSession;
  logger: Logger;
  /** offset.metadata.max.bytes: longer commit metadata is refused per partition. */
  offsetMetadataMaxBytes: number;
  /** NONE when this broker coordinates the group, else why not (NOT_COORDINATOR, ...). */
  coordinatorError(groupId: string): number;
  /** Kafka refuses partitions its metadata does not have: ZooKeeper must not grow made-up topics. */
  partitionExists(topic: string, partition: number): boolean;
}

export class OffsetCoordinator {
  private readonly serial = new PerGroupSerial();

  constructor(private readonly options: OffsetCoordinatorOptions) {}

  async handleCommitOffsets(request: CommitOffsetsRequest): Promise<PartitionResult[]> {
    const refusal = this.commitRefusal(request);
    if (refusal !== ErrorCode.NONE) return this.answer(request, () => refusal);
    const stored = request.offsets.filter((o) => this.exists(o) && !this.tooLarge(o));
    const writeError = await this.store(request.groupId, stored);
    if (writeError !== ErrorCode.NONE) return this.answer(request, () => writeError);
    if (request.generationId >= 0) {
      const { groupId, generationId, memberId, groupInstanceId } = request;
      this.options.groups.handleHeartbeat({ groupId, generationId, memberId, groupInstanceId });
    }
    return this.answer(request, (o) => (this.tooLarge(o) ? ErrorCode.OFFSET_METADATA_TOO_LARGE : ErrorCode.NONE));
  }

  /** Every committed offset of the group (partitions is null), or the given ones (-1 when none). */
  async handleFetchOffsets(groupId: string, partitions: readonly TopicPartition[] | null): Promise<FetchOffsetsResult> {
    const errorCode = this.options.coordinatorError(groupId);
    if (errorCode !== ErrorCode.NONE) {
      const offsets = (partitions ?? []).map(({ topic, partition }) => ({
        topic,
        partition,
        offset: -1,
        metadata: '',
      }));
      return { errorCode, offsets };
    }
    return { errorCode, offsets: await fetchOffsets(this.options.session(), groupId, partitions) };
  }

  /**
   * Only a group without members (Empty, or not known here at all) may go, with its committed
   * offsets. A group with neither state here nor offsets in ZooKeeper is GROUP_ID_NOT_FOUND, as
   * Kafka answers. Groups go one at a time, in request order.
   */
  async handleDeleteGroups(groupIds: readonly string[]): Promise<GroupDeletionResult[]> {
    const results: GroupDeletionResult[] = [];
    for (const groupId of groupIds) results.push({ groupId, errorCode: await this.deleteGroup(groupId) });
    return results;
  }

  private commitRefusal(request: CommitOffsetsRequest): number {
    // The group id names a znode; one ZooKeeper cannot hold is no group at all.
    if (!isStorableGroupId(request.groupId)) return ErrorCode.INVALID_GROUP_ID;
    const placement = this.options.coordinatorError(request.groupId);
    if (placement !== ErrorCode.NONE || !request.checkMembership) return placement;
    const group = this.options.groups.group(request.groupId);
    return offsetCommitError(group, request.generationId, request.memberId, request.groupInstanceId);
  }

  /** Unknown partitions are refused whatever else went wrong, as Kafka filters them first. */
  private answer(request: CommitOffsetsRequest, code: (o: OffsetToCommit) => number): PartitionResult[] {
    return request.offsets.map((o) => ({
      topic: o.topic,
      partition: o.partition,
      errorCode: this.exists(o) ? code(o) : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
    }));
  }

  private exists(o: OffsetToCommit): boolean {
    return this.options.partitionExists(o.topic, o.partition);
  }

  private tooLarge(o: OffsetToCommit): boolean {
    return Buffer.byteLength(o.metadata ?? '') > this.options.offsetMetadataMaxBytes;
  }

  /** ZooKeeper trouble is transient for the client: COORDINATOR_NOT_AVAILABLE makes it retry. */
  private async store(groupId: string, offsets: OffsetToCommit[]): Promise<number> {
    if (offsets.length === 0) return ErrorCode.NONE;
    const entries = offsets.map(({ topic, partition, offset, metadata }) => ({
      topic,
      partition,
      offset,
      metadata: metadata ?? '',
    }));
    try {
      await this.serial.run(groupId, () => commitOffsets(this.options.session(), groupId, entries));
      return ErrorCode.NONE;
    } catch (err) {
      this.options.logger.error(`committing offsets of ${groupId} failed: ${(err as Error).message}`);
      return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    }
  }

  private async deleteGroup(groupId: string): Promise<number> {
    const placement = this.options.coordinatorError(groupId);
    if (placement !== ErrorCode.NONE) return placement;
    const deletion = this.options.groups.deleteGroup(groupId);
    if (deletion === 'non-empty') return ErrorCode.NON_EMPTY_GROUP;
    // A group id ZooKeeper cannot hold has no offsets there to delete.
    if (!isStorableGroupId(groupId)) return deletion === 'deleted' ? ErrorCode.NONE : ErrorCode.GROUP_ID_NOT_FOUND;
    let hadOffsets: boolean;
    try {
      hadOffsets = await this.serial.run(groupId, () => deleteGroupOffsets(this.options.session(), groupId));
    } catch (err) {
      this.options.logger.error(`deleting the offsets of group ${groupId} failed: ${(err as Error).message}`);
      return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    }
    if (deletion === 'absent' && !hadOffsets) return ErrorCode.GROUP_ID_NOT_FOUND;
    this.options.logger.info(`Deleted group ${groupId}${hadOffsets ? ' and its committed offsets' : ''}`);
    return ErrorCode.NONE;
  }
}
