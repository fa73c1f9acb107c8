// Plain request/response shapes and knobs of the group coordinator. The wire handlers map
// JoinGroup/SyncGroup/... of any version onto these; nothing here knows about bytes on the wire.
import type { GroupProtocol, GroupState, MemberMetadata } from './group-metadata';

export interface GroupCoordinatorConfig {
  /** group.min.session.timeout.ms (Kafka default 6000). */
  groupMinSessionTimeoutMs: number;
  /** group.max.session.timeout.ms (Kafka default 1800000). */
  groupMaxSessionTimeoutMs: number;
  /** group.initial.rebalance.delay.ms (Kafka default 3000; server.properties sets 0). */
  groupInitialRebalanceDelayMs: number;
  /** group.max.size (Kafka default Int.MaxValue). */
  groupMaxSize: number;
  /** How long a member that joined may stay silent until its first join completes (Kafka: 5 min). */
  newMemberJoinTimeoutMs: number;
}

export const DEFAULT_GROUP_COORDINATOR_CONFIG: Readonly<GroupCoordinatorConfig> = Object.freeze({
  groupMinSessionTimeoutMs: 6000,
  groupMaxSessionTimeoutMs: 1_800_000,
  groupInitialRebalanceDelayMs: 3000,
  groupMaxSize: 2_147_483_647,
  newMemberJoinTimeoutMs: 300_000,
});

/** Timers are injected so specs and the broker decide how time passes. */
export interface Scheduler {
  schedule(delayMs: number, task: () => void): () => void;
}

export const realScheduler: Scheduler = {
  schedule(delayMs, task) {
    const timer = setTimeout(task, delayMs);
    timer.unref();
    return () => clearTimeout(timer);
  },
};

export interface JoinGroupRequest {
  groupId: string;
  /** '' for a member the group does not know yet. */
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  sessionTimeoutMs: number;
  /** For JoinGroup v0 pass the session timeout. */
  rebalanceTimeoutMs: number;
  protocolType: string;
  protocols: GroupProtocol[];
  /** JoinGroup v4+: a new member first gets MEMBER_ID_REQUIRED with its id. */
  requireKnownMemberId: boolean;
}

export interface SyncGroupRequest {
  groupId: string;
  generationId: number;
  memberId: string;
  groupInstanceId: string | null;
  /** v5+; null when the request version does not carry them. */
  protocolType: string | null;
  protocolName: string | null;
  /** Filled by the leader only. */
  assignments: Array<{ memberId: string; assignment: Buffer }>;
}

export interface HeartbeatRequest {
  groupId: string;
  generationId: number;
  memberId: string;
  groupInstanceId: string | null;
}

export interface LeaveGroupRequest {
  groupId: string;
  members: Array<{ memberId: string; groupInstanceId: string | null }>;
}

export interface LeaveGroupResult {
  errorCode: number;
  members: Array<{ memberId: string; groupInstanceId: string | null; errorCode: number }>;
}

export interface ListedGroup {
  groupId: string;
  protocolType: string;
  state: GroupState;
}

export interface DescribedMember {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  /** Empty unless the group is Stable (as Kafka's summaryNoMetadata). */
  metadata: Buffer;
  assignment: Buffer;
}

export interface DescribedGroup {
  errorCode: number;
  groupId: string;
  state: GroupState;
  protocolType: string;
  protocolName: string;
  members: DescribedMember[];
}

export interface RebalanceMember {
  memberId: string;
  clientId: string;
  clientHost: string;
  /** The member's metadata for the chosen protocol (a consumer subscription for "consumer"). */
  metadata: Buffer;
  assignment: Buffer;
}

export interface CompletedRebalance {
  groupId: string;
  generationId: number;
  protocolType: string | null;
  protocolName: string | null;
  leaderId: string | null;
  /** Empty when the rebalance left the group Empty. */
  members: RebalanceMember[];
}

/**
 * Told about membership so the broker can mirror /consumers/<group>/ids and owners into
 * ZooKeeper. Calls are delivered one at a time per coordinator, in order; a rejected promise
 * is logged and does not affect the group.
 */
export interface GroupMembershipListener {
  onRebalanceCompleted(rebalance: CompletedRebalance): void | Promise<void>;
  onMemberRemoved(groupId: string, member: MemberMetadata, reason: string): void | Promise<void>;
}
