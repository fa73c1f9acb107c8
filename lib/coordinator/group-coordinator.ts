// Kafka's group membership protocol (JoinGroup, SyncGroup, Heartbeat, LeaveGroup, ListGroups,
// DescribeGroups) for the groups this broker coordinates, on plain objects. Everything here runs
// on the event loop without awaits between reading and changing a group, so each group is
// changed by one handler or timer at a time; parked JoinGroup/SyncGroup requests are promises
// that a later request or timer settles. Deciding whether this broker coordinates a group
// (NOT_COORDINATOR, COORDINATOR_LOAD_IN_PROGRESS) is the caller's job.
import { randomUUID } from 'crypto';
import { ErrorCode } from '../protocol/error-codes';
import {
  DescribedGroup,
  HeartbeatRequest,
  JoinGroupRequest,
  LeaveGroupRequest,
  LeaveGroupResult,
  ListedGroup,
  SyncGroupRequest,
} from './coordinator-types';
import { GroupMetadata, JoinGroupResult, sameProtocols, SyncGroupResult } from './group-metadata';
import { GroupCoordinatorOptions, GroupRebalancer } from './group-rebalancer';
import {
  currentJoinResult,
  describeGroup,
  joinError,
  listedGroup,
  newMember,
  syncError,
  syncResult,
} from './group-results';

export { GroupCoordinatorOptions };

/** What DeleteGroups found: forgotten, not known here, or refused because members remain. */
export type GroupDeletion = 'deleted' | 'absent' | 'non-empty';

export class GroupCoordinator extends GroupRebalancer {
  constructor(options: GroupCoordinatorOptions) {
    super(options);
  }

  group(groupId: string): GroupMetadata | undefined {
    return this.groups.get(groupId);
  }

  handleJoinGroup(request: JoinGroupRequest): Promise<JoinGroupResult> {
    const { groupId, memberId } = request;
    if (groupId === '') return Promise.resolve(joinError(memberId, ErrorCode.INVALID_GROUP_ID));
    if (
      request.sessionTimeoutMs < this.config.groupMinSessionTimeoutMs ||
      request.sessionTimeoutMs > this.config.groupMaxSessionTimeoutMs
    ) {
      return Promise.resolve(joinError(memberId, ErrorCode.INVALID_SESSION_TIMEOUT));
    }
    let group = this.groups.get(groupId);
    if (!group) {
      if (memberId !== '') return Promise.resolve(joinError(memberId, ErrorCode.UNKNOWN_MEMBER_ID));
      group = new GroupMetadata(groupId);
      this.groups.set(groupId, group);
    }
    if (group.is('Dead')) return Promise.resolve(joinError(memberId, ErrorCode.COORDINATOR_NOT_AVAILABLE));
    const returningStatic =
      request.groupInstanceId !== null && group.staticMemberId(request.groupInstanceId) !== undefined;
    const joining = !group.has(memberId) && !returningStatic;
    if (joining && !group.is('Empty') && group.members.size >= this.config.groupMaxSize) {
      return Promise.resolve(joinError(memberId, ErrorCode.GROUP_MAX_SIZE_REACHED));
    }
    if (!group.supportsProtocols(request.protocolType, request.protocols)) {
      return Promise.resolve(joinError(memberId, ErrorCode.INCONSISTENT_GROUP_PROTOCOL));
    }
    const target = group;
    return new Promise((resolve) => {
      if (memberId === '') this.joinUnknownMember(target, request, resolve);
      else this.joinKnownMember(target, request, resolve);
    });
  }

  private joinUnknownMember(
    group: GroupMetadata,
    request: JoinGroupRequest,
    resolve: (r: JoinGroupResult) => void,
  ): void {
    const instanceId = request.groupInstanceId;
    const memberId = `${instanceId ?? request.clientId}-${randomUUID()}`;
    if (instanceId !== null && group.staticMemberId(instanceId) !== undefined) {
      this.rejoinStaticMember(group, request, instanceId, memberId, resolve);
      return;
    }
    if (request.requireKnownMemberId && instanceId === null) {
      this.addPendingMember(group, memberId, request.sessionTimeoutMs);
      resolve(joinError(memberId, ErrorCode.MEMBER_ID_REQUIRED));
      return;
    }
    this.addMemberAndRebalance(group, request, memberId, resolve);
  }

  private joinKnownMember(
    group: GroupMetadata,
    request: JoinGroupRequest,
    resolve: (r: JoinGroupResult) => void,
  ): void {
    const { memberId } = request;
    if (group.isStaticMemberFenced(memberId, request.groupInstanceId)) {
      resolve(joinError(memberId, ErrorCode.FENCED_INSTANCE_ID));
      return;
    }
    if (group.pendingMembers.has(memberId)) {
      this.dropPendingMember(group, memberId);
      this.addMemberAndRebalance(group, request, memberId, resolve);
      return;
    }
    const member = group.members.get(memberId);
    if (!member || group.is('Empty') || group.is('Dead')) {
      resolve(joinError(memberId, ErrorCode.UNKNOWN_MEMBER_ID));
      return;
    }
    const unchanged = sameProtocols(member.supportedProtocols, request.protocols);
    const rebalance = group.is('PreparingRebalance') || !unchanged || (group.is('Stable') && group.isLeader(memberId));
    if (!rebalance) {
      this.scheduleHeartbeat(group, member, member.sessionTimeoutMs);
      resolve(currentJoinResult(group, member));
      return;
    }
    // A member has one JoinGroup in flight; an older parked one belongs to a dead connection.
    member.awaitingJoin?.(joinError(memberId, ErrorCode.REBALANCE_IN_PROGRESS));
    member.supportedProtocols = request.protocols;
    member.sessionTimeoutMs = request.sessionTimeoutMs;
    member.rebalanceTimeoutMs = request.rebalanceTimeoutMs;
    member.awaitingJoin = resolve;
    this.maybePrepareRebalance(group, `member ${memberId} rejoined with ${unchanged ? 'unchanged' : 'new'} metadata`);
    this.tryCompleteJoin(group);
  }

  /**
   * KIP-345: a static member restarting with the same group.instance.id takes its old member id's
   * place (the old id is fenced). In a Stable group with its subscription unchanged it keeps its
   * assignment and nobody rebalances; otherwise (new metadata, or an assignment under way that
   * names the old id) a rebalance starts.
   */
  private rejoinStaticMember(
    group: GroupMetadata,
    request: JoinGroupRequest,
    instanceId: string,
    memberId: string,
    resolve: (r: JoinGroupResult) => void,
  ): void {
    const { previous, replacement } = group.replaceStaticMember(instanceId, memberId);
    this.answerParked(previous, ErrorCode.FENCED_INSTANCE_ID);
    this.timersOf(group).cancelHeartbeat(previous.memberId);
    const unchanged = sameProtocols(previous.supportedProtocols, request.protocols);
    replacement.supportedProtocols = request.protocols;
    replacement.sessionTimeoutMs = request.sessionTimeoutMs;
    replacement.rebalanceTimeoutMs = request.rebalanceTimeoutMs;
    this.scheduleHeartbeat(group, replacement, replacement.sessionTimeoutMs);
    const reason = `static member ${instanceId} rejoined as ${memberId} (replacing ${previous.memberId})`;
    this.logger.info(
      `Group ${group.groupId}: ${reason} with ${unchanged ? 'unchanged' : 'new'} metadata in state ${group.state}`,
    );
    this.notifyMemberRemoved(group, previous, reason);
    if (group.is('Stable') && unchanged) {
      this.notifyRebalance(group);
      // As Kafka: no member list, so a rejoining leader does not compute a new assignment.
      resolve({ ...currentJoinResult(group, replacement), members: [] });
      return;
    }
    replacement.awaitingJoin = resolve;
    this.maybePrepareRebalance(group, reason);
    this.tryCompleteJoin(group);
  }

  private addMemberAndRebalance(
    group: GroupMetadata,
    request: JoinGroupRequest,
    memberId: string,
    resolve: (r: JoinGroupResult) => void,
  ): void {
    const member = newMember(request, memberId, resolve);
    if (group.is('PreparingRebalance') && group.generationId === 0) group.newMemberAdded = true;
    group.add(member);
    this.scheduleHeartbeat(group, member, this.config.newMemberJoinTimeoutMs);
    this.maybePrepareRebalance(
      group,
      `member ${memberId} joined (client ${request.clientId} at ${request.clientHost})`,
    );
    this.tryCompleteJoin(group);
  }

  handleSyncGroup(request: SyncGroupRequest): Promise<SyncGroupResult> {
    const group = this.groups.get(request.groupId);
    if (!group) return Promise.resolve(syncError(ErrorCode.UNKNOWN_MEMBER_ID));
    if (group.is('Dead')) return Promise.resolve(syncError(ErrorCode.COORDINATOR_NOT_AVAILABLE));
    if (group.isStaticMemberFenced(request.memberId, request.groupInstanceId))
      return Promise.resolve(syncError(ErrorCode.FENCED_INSTANCE_ID));
    const member = group.members.get(request.memberId);
    if (!member || group.is('Empty')) return Promise.resolve(syncError(ErrorCode.UNKNOWN_MEMBER_ID));
    if (request.generationId !== group.generationId) return Promise.resolve(syncError(ErrorCode.ILLEGAL_GENERATION));
    if (
      (request.protocolType !== null && request.protocolType !== group.protocolType) ||
      (request.protocolName !== null && request.protocolName !== group.protocolName)
    ) {
      return Promise.resolve(syncError(ErrorCode.INCONSISTENT_GROUP_PROTOCOL));
    }
    if (group.is('PreparingRebalance')) return Promise.resolve(syncError(ErrorCode.REBALANCE_IN_PROGRESS));
    this.scheduleHeartbeat(group, member, member.sessionTimeoutMs);
    this.markSyncReceived(group, member.memberId);
    if (group.is('Stable')) return Promise.resolve(syncResult(group, member.assignment));
    return new Promise((resolve) => {
      member.awaitingSync?.(syncError(ErrorCode.REBALANCE_IN_PROGRESS));
      member.awaitingSync = resolve;
      if (group.isLeader(member.memberId)) this.completeSync(group, request.assignments);
    });
  }

  handleHeartbeat(request: HeartbeatRequest): number {
    const group = this.groups.get(request.groupId);
    if (!group) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (group.is('Dead')) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    if (group.isStaticMemberFenced(request.memberId, request.groupInstanceId)) return ErrorCode.FENCED_INSTANCE_ID;
    const member = group.members.get(request.memberId);
    if (!member || group.is('Empty')) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (request.generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION;
    this.scheduleHeartbeat(group, member, member.sessionTimeoutMs);
    return group.is('PreparingRebalance') ? ErrorCode.REBALANCE_IN_PROGRESS : ErrorCode.NONE;
  }

  handleLeaveGroup(request: LeaveGroupRequest): LeaveGroupResult {
    const group = this.groups.get(request.groupId);
    if (group?.is('Dead')) return { errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, members: [] };
    const members = request.members.map(({ memberId, groupInstanceId }) => {
      if (groupInstanceId !== null)
        return { memberId, groupInstanceId, errorCode: this.leaveStaticMember(group, memberId, groupInstanceId) };
      let errorCode: number = ErrorCode.UNKNOWN_MEMBER_ID;
      const member = group?.members.get(memberId);
      if (group && group.pendingMembers.has(memberId)) {
        this.dropPendingMember(group, memberId);
        this.tryCompleteJoin(group);
        errorCode = ErrorCode.NONE;
      } else if (group && member) {
        this.removeMemberAndUpdateGroup(group, member, `member ${memberId} left the group`);
        errorCode = ErrorCode.NONE;
      }
      return { memberId, groupInstanceId, errorCode };
    });
    return { errorCode: ErrorCode.NONE, members };
  }

  /** LeaveGroup v3+ by group.instance.id (an admin removing static members); '' matches any member id. */
  private leaveStaticMember(group: GroupMetadata | undefined, memberId: string, instanceId: string): number {
    const currentId = group?.staticMemberId(instanceId);
    const member = currentId === undefined ? undefined : group?.members.get(currentId);
    if (!group || !member) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (memberId !== '' && memberId !== member.memberId) return ErrorCode.FENCED_INSTANCE_ID;
    this.removeMemberAndUpdateGroup(group, member, `static member ${instanceId} (${member.memberId}) left the group`);
    return ErrorCode.NONE;
  }

  handleListGroups(statesFilter: readonly string[] = []): ListedGroup[] {
    return [...this.groups.values()]
      .filter((group) => !group.is('Dead') && (statesFilter.length === 0 || statesFilter.includes(group.state)))
      .map(listedGroup);
  }

  handleDescribeGroups(groupIds: readonly string[]): DescribedGroup[] {
    return groupIds.map((groupId) => describeGroup(groupId, this.groups.get(groupId)));
  }

  /** Stops coordinating a group (lost its offsets partition): parked requests get NOT_COORDINATOR. */
  unloadGroup(groupId: string): void {
    const group = this.groups.get(groupId);
    if (!group) return;
    group.transitionTo('Dead');
    for (const member of group.members.values()) this.answerParked(member, ErrorCode.NOT_COORDINATOR);
    this.dropGroup(group);
  }

  /** DeleteGroups (Kafka: only Empty or Dead groups): the group is forgotten; offsets are the caller's. */
  deleteGroup(groupId: string): GroupDeletion {
    const group = this.groups.get(groupId);
    if (!group) return 'absent';
    if (!group.is('Empty') && !group.is('Dead')) return 'non-empty';
    group.transitionTo('Dead');
    this.dropGroup(group);
    return 'deleted';
  }

  /** Whether the group has members (or members being admitted) here: its offsets are in use. */
  hasActiveMembers(groupId: string): boolean {
    const group = this.groups.get(groupId);
    return group !== undefined && (group.members.size > 0 || group.pendingMembers.size > 0);
  }

  shutdown(): void {
    for (const groupId of [...this.groups.keys()]) this.unloadGroup(groupId);
  }
}
