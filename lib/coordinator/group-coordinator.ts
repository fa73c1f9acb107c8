// Kafka's group membership protocol (JoinGroup, SyncGroup, Heartbeat, LeaveGroup, ListGroups,
// DescribeGroups) for the groups this broker coordinates, on plain objects. Everything here runs
// on the event loop without awaits between reading and changing a group, so each group is
// changed by one handler or timer at a time; parked JoinGroup/SyncGroup requests are promises
// that a later request or timer settles. Deciding whether this broker coordinates a group
// (NOT_COORDINATOR, COORDINATOR_LOAD_IN_PROGRESS) is the caller's job.
import { randomUUID } from 'crypto';
import { ErrorCode } from '../protocol/error-codes';
import type { Logger } from '../util/logger';
import {
  DescribedGroup,
  GroupCoordinatorConfig,
  GroupMembershipListener,
  HeartbeatRequest,
  JoinGroupRequest,
  LeaveGroupRequest,
  LeaveGroupResult,
  ListedGroup,
  realScheduler,
  Scheduler,
  SyncGroupRequest,
} from './coordinator-types';
import { GroupMetadata, JoinGroupResult, MemberMetadata, sameProtocols, SyncGroupResult } from './group-metadata';
import {
  completedRebalance,
  currentJoinResult,
  describeGroup,
  EMPTY_BYTES as EMPTY,
  joinError,
  listedGroup,
  newMember,
  syncError,
  syncResult,
} from './group-results';
import { GroupTimers } from './group-timers';

export interface GroupCoordinatorOptions {
  config: GroupCoordinatorConfig;
  logger: Logger;
  scheduler?: Scheduler;
  listener?: GroupMembershipListener;
}

export class GroupCoordinator {
  private readonly groups = new Map<string, GroupMetadata>();
  private readonly timers = new Map<string, GroupTimers>();
  private readonly config: GroupCoordinatorConfig;
  private readonly logger: Logger;
  private readonly scheduler: Scheduler;
  private readonly listener: GroupMembershipListener | null;
  private notifications: Promise<void> = Promise.resolve();

  constructor(options: GroupCoordinatorOptions) {
    this.config = options.config;
    this.logger = options.logger;
    this.scheduler = options.scheduler ?? realScheduler;
    this.listener = options.listener ?? null;
  }

  group(groupId: string): GroupMetadata | undefined {
    return this.groups.get(groupId);
  }

  /** Resolves once every listener call queued so far has finished. */
  whenNotified(): Promise<void> {
    return this.notifications;
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
    const joining = !group.has(memberId);
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

  private joinUnknownMember(group: GroupMetadata, request: JoinGroupRequest, resolve: (r: JoinGroupResult) => void): void {
    const memberId = `${request.clientId}-${randomUUID()}`;
    if (request.requireKnownMemberId && request.groupInstanceId === null) {
      group.pendingMembers.add(memberId);
      this.timersOf(group).schedulePendingExpiry(memberId, request.sessionTimeoutMs, () =>
        this.expirePendingMember(group, memberId),
      );
      resolve(joinError(memberId, ErrorCode.MEMBER_ID_REQUIRED));
      return;
    }
    this.addMemberAndRebalance(group, request, memberId, resolve);
  }

  private joinKnownMember(group: GroupMetadata, request: JoinGroupRequest, resolve: (r: JoinGroupResult) => void): void {
    const { memberId } = request;
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
    const rebalance =
      group.is('PreparingRebalance') || !unchanged || (group.is('Stable') && group.isLeader(memberId));
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
    this.maybePrepareRebalance(group, `member ${memberId} joined (client ${request.clientId} at ${request.clientHost})`);
    this.tryCompleteJoin(group);
  }

  private maybePrepareRebalance(group: GroupMetadata, reason: string): void {
    if (group.canRebalance()) this.prepareRebalance(group, reason);
  }

  private prepareRebalance(group: GroupMetadata, reason: string): void {
    if (group.is('CompletingRebalance')) this.resetAndPropagateAssignmentError(group, ErrorCode.REBALANCE_IN_PROGRESS);
    const fromEmpty = group.is('Empty');
    group.transitionTo('PreparingRebalance');
    this.logger.info(
      `Preparing to rebalance group ${group.groupId} with old generation ${group.generationId} (reason: ${reason})`,
    );
    const timers = this.timersOf(group);
    timers.initialJoin = fromEmpty;
    if (fromEmpty) {
      const delayMs = this.config.groupInitialRebalanceDelayMs;
      const remainingMs = Math.max(group.maxRebalanceTimeoutMs() - delayMs, 0);
      group.newMemberAdded = false;
      timers.scheduleJoin(delayMs, () => this.onInitialJoinExpired(group, remainingMs));
    } else {
      timers.scheduleJoin(group.maxRebalanceTimeoutMs(), () => this.completeJoin(group));
      this.tryCompleteJoin(group);
    }
  }

  /** Kafka's InitialDelayedJoin: while members keep arriving, wait again within the rebalance timeout. */
  private onInitialJoinExpired(group: GroupMetadata, remainingMs: number): void {
    if (group.newMemberAdded && remainingMs > 0) {
      group.newMemberAdded = false;
      const delayMs = Math.min(this.config.groupInitialRebalanceDelayMs, remainingMs);
      const next = Math.max(remainingMs - delayMs, 0);
      this.timersOf(group).scheduleJoin(delayMs, () => this.onInitialJoinExpired(group, next));
      return;
    }
    this.completeJoin(group);
  }

  private tryCompleteJoin(group: GroupMetadata): void {
    const timers = this.timersOf(group);
    if (!group.is('PreparingRebalance') || timers.initialJoin || !group.hasAllMembersJoined()) return;
    this.completeJoin(group);
  }

  private completeJoin(group: GroupMetadata): void {
    this.timersOf(group).cancelJoin();
    if (!group.is('PreparingRebalance')) return;
    for (const member of [...group.members.values()]) {
      if (member.awaitingJoin === null) this.removeMember(group, member, 'it did not rejoin within the rebalance timeout');
    }
    group.electJoinedLeaderIfNeeded();
    group.initNextGeneration();
    this.logger.info(
      `Group ${group.groupId} entered ${group.state} at generation ${group.generationId} with ` +
        `${group.members.size} member(s), protocol ${group.protocolName ?? '-'}, leader ${group.leaderId ?? '-'}`,
    );
    if (group.is('Empty')) {
      this.notifyRebalance(group);
      return;
    }
    for (const member of group.members.values()) {
      const respond = member.awaitingJoin;
      if (respond === null) continue;
      member.awaitingJoin = null;
      member.isNew = false;
      this.scheduleHeartbeat(group, member, member.sessionTimeoutMs);
      respond(currentJoinResult(group, member));
    }
  }

  handleSyncGroup(request: SyncGroupRequest): Promise<SyncGroupResult> {
    const group = this.groups.get(request.groupId);
    if (!group) return Promise.resolve(syncError(ErrorCode.UNKNOWN_MEMBER_ID));
    if (group.is('Dead')) return Promise.resolve(syncError(ErrorCode.COORDINATOR_NOT_AVAILABLE));
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
    if (group.is('Stable')) return Promise.resolve(syncResult(group, member.assignment));
    return new Promise((resolve) => {
      member.awaitingSync?.(syncError(ErrorCode.REBALANCE_IN_PROGRESS));
      member.awaitingSync = resolve;
      if (group.isLeader(member.memberId)) this.completeSync(group, request.assignments);
    });
  }

  /** The leader's assignment arrived: every member gets its part (empty when the leader left it out). */
  private completeSync(group: GroupMetadata, assignments: SyncGroupRequest['assignments']): void {
    const byMember = new Map(assignments.map((entry) => [entry.memberId, entry.assignment]));
    for (const member of group.members.values()) member.assignment = byMember.get(member.memberId) ?? EMPTY;
    group.transitionTo('Stable');
    this.logger.info(`Assignment received from leader for group ${group.groupId} for generation ${group.generationId}`);
    for (const member of group.members.values()) {
      const respond = member.awaitingSync;
      if (respond === null) continue;
      member.awaitingSync = null;
      respond(syncResult(group, member.assignment));
    }
    this.notifyRebalance(group);
  }

  private resetAndPropagateAssignmentError(group: GroupMetadata, errorCode: number): void {
    for (const member of group.members.values()) {
      member.assignment = EMPTY;
      const respond = member.awaitingSync;
      member.awaitingSync = null;
      respond?.(syncError(errorCode));
    }
  }

  handleHeartbeat(request: HeartbeatRequest): number {
    const group = this.groups.get(request.groupId);
    if (!group) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (group.is('Dead')) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
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
    this.timersOf(group).cancelAll();
    group.transitionTo('Dead');
    for (const member of group.members.values()) {
      member.awaitingJoin?.(joinError(member.memberId, ErrorCode.NOT_COORDINATOR));
      member.awaitingSync?.(syncError(ErrorCode.NOT_COORDINATOR));
      member.awaitingJoin = null;
      member.awaitingSync = null;
    }
    this.groups.delete(groupId);
    this.timers.delete(groupId);
  }

  shutdown(): void {
    for (const groupId of [...this.groups.keys()]) this.unloadGroup(groupId);
  }

  private removeMemberAndUpdateGroup(group: GroupMetadata, member: MemberMetadata, reason: string): void {
    this.removeMember(group, member, reason);
    if (group.is('Stable') || group.is('CompletingRebalance')) this.maybePrepareRebalance(group, reason);
    else if (group.is('PreparingRebalance')) this.tryCompleteJoin(group);
  }

  private removeMember(group: GroupMetadata, member: MemberMetadata, reason: string): void {
    group.remove(member.memberId);
    this.timersOf(group).cancelHeartbeat(member.memberId);
    member.awaitingJoin?.(joinError(member.memberId, ErrorCode.UNKNOWN_MEMBER_ID));
    member.awaitingSync?.(syncError(ErrorCode.UNKNOWN_MEMBER_ID));
    member.awaitingJoin = null;
    member.awaitingSync = null;
    this.logger.info(`Member ${member.memberId} removed from group ${group.groupId}: ${reason}`);
    const listener = this.listener;
    if (listener) this.notify(() => listener.onMemberRemoved(group.groupId, member, reason));
  }

  private scheduleHeartbeat(group: GroupMetadata, member: MemberMetadata, timeoutMs: number): void {
    this.timersOf(group).scheduleHeartbeat(member.memberId, timeoutMs, () =>
      this.onHeartbeatExpired(group, member, timeoutMs),
    );
  }

  /** Members blocked in a parked JoinGroup/SyncGroup cannot heartbeat, so they count as alive. */
  private onHeartbeatExpired(group: GroupMetadata, member: MemberMetadata, timeoutMs: number): void {
    if (group.members.get(member.memberId) !== member) return;
    if (member.awaitingSync !== null || (member.awaitingJoin !== null && !member.isNew)) {
      this.scheduleHeartbeat(group, member, member.sessionTimeoutMs);
      return;
    }
    this.removeMemberAndUpdateGroup(group, member, `member ${member.memberId} timed out after ${timeoutMs} ms`);
  }

  private expirePendingMember(group: GroupMetadata, memberId: string): void {
    if (!group.pendingMembers.has(memberId)) return;
    this.dropPendingMember(group, memberId);
    this.logger.info(`Pending member ${memberId} of group ${group.groupId} never joined; dropped`);
    this.tryCompleteJoin(group);
  }

  private dropPendingMember(group: GroupMetadata, memberId: string): void {
    group.pendingMembers.delete(memberId);
    this.timersOf(group).cancelPendingExpiry(memberId);
  }

  private notifyRebalance(group: GroupMetadata): void {
    const listener = this.listener;
    if (!listener) return;
    const rebalance = completedRebalance(group);
    this.notify(() => listener.onRebalanceCompleted(rebalance));
  }

  private notify(call: () => void | Promise<void>): void {
    this.notifications = this.notifications
      .then(call)
      .catch((error: unknown) => {
        this.logger.error('group membership listener failed', { error: String(error) });
      });
  }

  private timersOf(group: GroupMetadata): GroupTimers {
    let timers = this.timers.get(group.groupId);
    if (!timers) {
      timers = new GroupTimers(this.scheduler);
      this.timers.set(group.groupId, timers);
    }
    return timers;
  }
}
