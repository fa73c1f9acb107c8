// Whether an OffsetCommit (v1+) may be stored for a group, by the group's membership state
// (GROUPS.md §5.7). Pure over the group so OffsetCoordinator can decide before writing to
// ZooKeeper; a valid commit from a member also counts as its heartbeat (OffsetCoordinator
// calls GroupCoordinator.handleHeartbeat with the same ids).
import { ErrorCode } from '../protocol/error-codes';
import type { GroupMetadata } from './group-metadata';

/** ErrorCode.NONE when the commit may be stored. `group` is undefined for a group never joined. */
export function offsetCommitError(
  group: GroupMetadata | undefined,
  generationId: number,
  memberId: string,
  groupInstanceId: string | null = null,
): number {
  // Generation -1 means the client does not use group management (a "simple" consumer).
  if (!group) return generationId < 0 ? ErrorCode.NONE : ErrorCode.ILLEGAL_GENERATION;
  if (group.is('Dead')) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
  if (group.isStaticMemberFenced(memberId, groupInstanceId)) return ErrorCode.FENCED_INSTANCE_ID;
  if (generationId < 0 && group.is('Empty')) return ErrorCode.NONE;
  if (group.is('CompletingRebalance')) return ErrorCode.REBALANCE_IN_PROGRESS;
  if (!group.has(memberId)) return ErrorCode.UNKNOWN_MEMBER_ID;
  if (generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION;
  return ErrorCode.NONE;
}
