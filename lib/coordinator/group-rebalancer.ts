// How a group moves through a rebalance, driven by timers and by the request handlers of
// GroupCoordinator (which extends this class): the delayed join, join completion, the wait for
// SyncGroup from every member, session expiry, and removing members. It owns the groups and
// their timers; it decides nothing about individual requests.
import { ErrorCode } from '../protocol/error-codes';
import type { Logger } from '../util/logger';
import {
  GroupCoordinatorConfig,
  GroupMembershipListener,
  realScheduler,
  Scheduler,
  SyncGroupRequest,
} from './coordinator-types';
import type { GroupMetadata, MemberMetadata } from './group-metadata';
import {
  completedRebalance,
  currentJoinResult,
  EMPTY_BYTES as EMPTY,
  joinError,
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

export class GroupRebalancer {
  protected readonly groups = new Map<string, GroupMetadata>();
  private readonly timers = new Map<string, GroupTimers>();
  protected readonly config: GroupCoordinatorConfig;
  protected readonly logger: Logger;
  private readonly scheduler: Scheduler;
  private readonly listener: GroupMembershipListener | null;
  private notifications: Promise<void> = Promise.resolve();

  constructor(options: GroupCoordinatorOptions) {
    this.config = options.config;
    this.logger = options.logger;
    this.scheduler = options.scheduler ?? realScheduler;
    this.listener = options.listener ?? null;
  }

  /** Resolves once every listener call queued so far has finished. */
  whenNotified(): Promise<void> {
    return this.notifications;
  }

  protected maybePrepareRebalance(group: GroupMetadata, reason: string): void {
    if (group.canRebalance()) this.prepareRebalance(group, reason);
  }

  protected prepareRebalance(group: GroupMetadata, reason: string): void {
    if (group.is('CompletingRebalance')) this.resetAndPropagateAssignmentError(group, ErrorCode.REBALANCE_IN_PROGRESS);
    const fromEmpty = group.is('Empty');
    group.transitionTo('PreparingRebalance');
    group.pendingSyncMembers.clear();
    this.logger.info(
      `Preparing to rebalance group ${group.groupId} with old generation ${group.generationId} (reason: ${reason})`,
    );
    const timers = this.timersOf(group);
    timers.cancelSync();
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

  protected tryCompleteJoin(group: GroupMetadata): void {
    const timers = this.timersOf(group);
    if (!group.is('PreparingRebalance') || timers.initialJoin || !group.hasAllMembersJoined()) return;
    this.completeJoin(group);
  }

  /** Static members that did not rejoin stay (their session timer decides); dynamic ones go. */
  private completeJoin(group: GroupMetadata): void {
    this.timersOf(group).cancelJoin();
    if (!group.is('PreparingRebalance')) return;
    for (const member of [...group.members.values()]) {
      if (member.awaitingJoin === null && member.groupInstanceId === null) {
        this.removeMember(group, member, 'it did not rejoin within the rebalance timeout');
      }
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
      group.pendingSyncMembers.add(member.memberId);
      this.scheduleHeartbeat(group, member, member.sessionTimeoutMs);
      respond(currentJoinResult(group, member));
    }
    this.schedulePendingSync(group);
  }

  /** Kafka 3.x: members that got their JoinGroup result must send SyncGroup within the rebalance timeout. */
  private schedulePendingSync(group: GroupMetadata): void {
    const generationId = group.generationId;
    this.timersOf(group).scheduleSync(group.maxRebalanceTimeoutMs(), () =>
      this.onPendingSyncExpired(group, generationId),
    );
  }

  protected markSyncReceived(group: GroupMetadata, memberId: string): void {
    group.pendingSyncMembers.delete(memberId);
    if (group.pendingSyncMembers.size === 0) this.timersOf(group).cancelSync();
  }

  private onPendingSyncExpired(group: GroupMetadata, generationId: number): void {
    if (group.generationId !== generationId || !(group.is('CompletingRebalance') || group.is('Stable'))) return;
    const missing = [...group.pendingSyncMembers].map((memberId) => group.members.get(memberId));
    if (missing.length === 0) return;
    const ids = missing.map((member) => member?.memberId).join(', ');
    for (const member of missing) {
      if (member)
        this.removeMember(
          group,
          member,
          `it did not send SyncGroup for generation ${generationId} within the rebalance timeout`,
        );
    }
    this.maybePrepareRebalance(group, `removing ${ids} on pending sync request expiration`);
  }

  /** The leader's assignment arrived: every member gets its part (empty when the leader left it out). */
  protected completeSync(group: GroupMetadata, assignments: SyncGroupRequest['assignments']): void {
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

  protected removeMemberAndUpdateGroup(group: GroupMetadata, member: MemberMetadata, reason: string): void {
    this.removeMember(group, member, reason);
    if (group.is('Stable') || group.is('CompletingRebalance')) this.maybePrepareRebalance(group, reason);
    else if (group.is('PreparingRebalance')) this.tryCompleteJoin(group);
  }

  /** Takes a member out; its parked requests get `errorCode` (UNKNOWN_MEMBER_ID unless fenced). */
  protected removeMember(
    group: GroupMetadata,
    member: MemberMetadata,
    reason: string,
    errorCode: number = ErrorCode.UNKNOWN_MEMBER_ID,
  ): void {
    group.remove(member.memberId);
    this.timersOf(group).cancelHeartbeat(member.memberId);
    if (group.pendingSyncMembers.size === 0) this.timersOf(group).cancelSync();
    this.answerParked(member, errorCode);
    this.logger.info(`Member ${member.memberId} removed from group ${group.groupId}: ${reason}`);
    this.notifyMemberRemoved(group, member, reason);
  }

  protected notifyMemberRemoved(group: GroupMetadata, member: MemberMetadata, reason: string): void {
    const listener = this.listener;
    if (listener) this.notify(() => listener.onMemberRemoved(group.groupId, member, reason));
  }

  protected answerParked(member: MemberMetadata, errorCode: number): void {
    member.awaitingJoin?.(joinError(member.memberId, errorCode));
    member.awaitingSync?.(syncError(errorCode));
    member.awaitingJoin = null;
    member.awaitingSync = null;
  }

  protected scheduleHeartbeat(group: GroupMetadata, member: MemberMetadata, timeoutMs: number): void {
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

  protected addPendingMember(group: GroupMetadata, memberId: string, sessionTimeoutMs: number): void {
    group.pendingMembers.add(memberId);
    this.timersOf(group).schedulePendingExpiry(memberId, sessionTimeoutMs, () =>
      this.expirePendingMember(group, memberId),
    );
  }

  private expirePendingMember(group: GroupMetadata, memberId: string): void {
    if (!group.pendingMembers.has(memberId)) return;
    this.dropPendingMember(group, memberId);
    this.logger.info(`Pending member ${memberId} of group ${group.groupId} never joined; dropped`);
    this.tryCompleteJoin(group);
  }

  protected dropPendingMember(group: GroupMetadata, memberId: string): void {
    group.pendingMembers.delete(memberId);
    this.timersOf(group).cancelPendingExpiry(memberId);
  }

  protected notifyRebalance(group: GroupMetadata): void {
    const listener = this.listener;
    if (!listener) return;
    const rebalance = completedRebalance(group);
    this.notify(() => listener.onRebalanceCompleted(rebalance));
  }

  private notify(call: () => void | Promise<void>): void {
    this.notifications = this.notifications.then(call).catch((error: unknown) => {
      this.logger.error('group membership listener failed', { error: String(error) });
    });
  }

  /** Forgets a group and its timers; the caller has answered or moved its members. */
  protected dropGroup(group: GroupMetadata): void {
    this.timersOf(group).cancelAll();
    this.groups.delete(group.groupId);
    this.timers.delete(group.groupId);
  }

  protected timersOf(group: GroupMetadata): GroupTimers {
    let timers = this.timers.get(group.groupId);
    if (!timers) {
      timers = new GroupTimers(this.scheduler);
      this.timers.set(group.groupId, timers);
    }
    return timers;
  }
}
