// Builders of members and results, and read-only views of a group for responses and the
// membership listener, kept apart from the coordinator so its file stays about behaviour.
import { ErrorCode } from '../protocol/error-codes';
import type { CompletedRebalance, DescribedGroup, JoinGroupRequest, ListedGroup } from './coordinator-types';
import type { GroupMetadata, JoinGroupResult, MemberMetadata, SyncGroupResult } from './group-metadata';

export const EMPTY_BYTES = Buffer.alloc(0);

export function joinError(memberId: string, errorCode: number): JoinGroupResult {
  return { errorCode, generationId: -1, protocolType: null, protocolName: null, leader: '', memberId, members: [] };
}

export function syncError(errorCode: number): SyncGroupResult {
  return { errorCode, protocolType: null, protocolName: null, assignment: EMPTY_BYTES };
}

export function newMember(
  request: JoinGroupRequest,
  memberId: string,
  awaitingJoin: (result: JoinGroupResult) => void,
): MemberMetadata {
  return {
    memberId,
    groupInstanceId: request.groupInstanceId,
    clientId: request.clientId,
    clientHost: request.clientHost,
    sessionTimeoutMs: request.sessionTimeoutMs,
    rebalanceTimeoutMs: request.rebalanceTimeoutMs,
    protocolType: request.protocolType,
    supportedProtocols: request.protocols,
    assignment: EMPTY_BYTES,
    isNew: true,
    awaitingJoin,
    awaitingSync: null,
  };
}

/** The generation as it stands; the leader also gets every member's metadata. */
export function currentJoinResult(group: GroupMetadata, member: MemberMetadata): JoinGroupResult {
  return {
    errorCode: ErrorCode.NONE,
    generationId: group.generationId,
    protocolType: group.protocolType,
    protocolName: group.protocolName,
    leader: group.leaderId ?? '',
    memberId: member.memberId,
    members: group.isLeader(member.memberId) ? group.currentMemberMetadata() : [],
  };
}

export function syncResult(group: GroupMetadata, assignment: Buffer): SyncGroupResult {
  return { errorCode: ErrorCode.NONE, protocolType: group.protocolType, protocolName: group.protocolName, assignment };
}

export function listedGroup(group: GroupMetadata): ListedGroup {
  return { groupId: group.groupId, protocolType: group.protocolType ?? '', state: group.state };
}

/** Kafka's GroupSummary: metadata, assignment and protocol only while Stable. */
export function describeGroup(groupId: string, group: GroupMetadata | undefined): DescribedGroup {
  if (!group)
    return { errorCode: ErrorCode.NONE, groupId, state: 'Dead', protocolType: '', protocolName: '', members: [] };
  const protocolName = group.is('Stable') ? group.protocolName : null;
  const members = [...group.members.values()].map((member) => ({
    memberId: member.memberId,
    groupInstanceId: member.groupInstanceId,
    clientId: member.clientId,
    clientHost: member.clientHost,
    metadata: protocolName === null ? EMPTY_BYTES : group.metadataFor(member, protocolName),
    assignment: protocolName === null ? EMPTY_BYTES : member.assignment,
  }));
  return {
    errorCode: ErrorCode.NONE,
    groupId,
    state: group.state,
    protocolType: group.protocolType ?? '',
    protocolName: protocolName ?? '',
    members,
  };
}

export function completedRebalance(group: GroupMetadata): CompletedRebalance {
  const protocolName = group.protocolName;
  return {
    groupId: group.groupId,
    generationId: group.generationId,
    protocolType: group.protocolType,
    protocolName,
    leaderId: group.leaderId,
    members: [...group.members.values()].map((member) => ({
      memberId: member.memberId,
      clientId: member.clientId,
      clientHost: member.clientHost,
      metadata: protocolName === null ? EMPTY_BYTES : group.metadataFor(member, protocolName),
      assignment: member.assignment,
    })),
  };
}
