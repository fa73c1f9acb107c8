// One consumer's membership in a group: finding the coordinator, JoinGroup (with the
// MEMBER_ID_REQUIRED round trip of v4+), computing the assignment when elected leader, SyncGroup,
// heartbeats on their own timer (independent of how long the user's handler runs), and
// LeaveGroup. It owns a dedicated coordinator connection, because the broker answers requests
// of one connection in order and a parked JoinGroup must not stall fetches (Kafka's clients do
// the same). It never fetches or tracks positions; it tells the Consumer when to rejoin.
import { BrokerConnection } from './broker-connection';
import type { Cluster } from './cluster';
import { ClientError, toClientError } from './errors';
import { delay, backoffMs } from './retry';
import { AssignorMember, PartitionAssignor } from './assignors';
import { joinGroupApi, JoinGroupResponse } from '../protocol/apis/join-group';
import { syncGroupApi } from '../protocol/apis/sync-group';
import { heartbeatApi } from '../protocol/apis/heartbeat';
import { leaveGroupApi } from '../protocol/apis/leave-group';
import {
  decodeConsumerAssignment,
  decodeConsumerSubscription,
  encodeConsumerAssignment,
  encodeConsumerSubscription,
} from '../protocol/consumer-protocol';
import { ErrorCode } from '../protocol/error-codes';
import { sortTopicPartitions, TopicPartition } from './consumer-types';
import type { Logger } from '../util/logger';

export interface MembershipSettings {
  groupId: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  heartbeatIntervalMs: number;
  requestTimeoutMs: number;
  connectTimeoutMs: number;
  assignors: PartitionAssignor[];
}

/** Errors after which the coordinator must be looked up again. */
const COORDINATOR_ERRORS = new Set<number>([
  ErrorCode.NOT_COORDINATOR,
  ErrorCode.COORDINATOR_NOT_AVAILABLE,
  ErrorCode.COORDINATOR_LOAD_IN_PROGRESS,
]);
/** Bounds a join that keeps failing retriably (coordinator moving, group rebalancing). */
const JOIN_ATTEMPTS_MAX = 100;
const LEAVE_TIMEOUT_MS = 5000;

export class GroupMembership {
  memberId = '';
  generationId = -1;
  leaderId = '';
  protocolName: string | null = null;
  /** Set when the group needs this member to join again; the Consumer polls it. */
  rejoinNeeded = true;
  private coordinator: Promise<BrokerConnection> | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private lastHeartbeatOkMs = 0;
  private closed = false;

  constructor(
    private readonly cluster: Cluster,
    private readonly settings: MembershipSettings,
    private readonly logger: Logger,
    /** Called when a heartbeat learns that a rebalance is needed. */
    private readonly onRejoinNeeded: () => void,
  ) {}

  get groupId(): string {
    return this.settings.groupId;
  }

  /** The coordinator connection, found (again) when unknown. */
  async coordinatorConnection(): Promise<BrokerConnection> {
    if (this.closed) throw new ClientError('CLOSED', 'the consumer is closed');
    if (this.coordinator) {
      const existing = await this.coordinator.catch(() => null);
      if (existing && !existing.isClosed) return existing;
      this.coordinator = null;
    }
    const opening = this.openCoordinator();
    this.coordinator = opening;
    opening.catch(() => {
      if (this.coordinator === opening) this.coordinator = null;
    });
    return opening;
  }

  private async openCoordinator(): Promise<BrokerConnection> {
    const nodeId = await this.cluster.findCoordinator(this.settings.groupId);
    const address = this.cluster.knownBrokers().find((b) => b.nodeId === nodeId);
    if (!address)
      throw new ClientError('COORDINATOR_NOT_AVAILABLE', `coordinator ${nodeId} has no known address`, {
        retriable: true,
      });
    this.logger.debug(`group ${this.groupId}: coordinator is broker ${nodeId}`);
    return BrokerConnection.open(
      {
        host: address.host,
        port: address.port,
        clientId: this.cluster.clientId,
        security: this.cluster.security,
        connectTimeoutMs: this.settings.connectTimeoutMs,
        requestTimeoutMs: this.settings.requestTimeoutMs,
      },
      nodeId,
    );
  }

  /** Forgets the coordinator (after NOT_COORDINATOR or a lost connection). */
  coordinatorLost(): void {
    const old = this.coordinator;
    this.coordinator = null;
    if (old)
      void old.then(
        (c) => c.close(),
        () => undefined,
      );
  }

  /**
   * A full rebalance round: JoinGroup until accepted, the assignment if leader, SyncGroup.
   * Resolves with this member's partitions; heartbeats run from then on.
   */
  async join(topics: string[]): Promise<TopicPartition[]> {
    this.stopHeartbeat();
    for (let attempt = 1; attempt <= JOIN_ATTEMPTS_MAX; attempt++) {
      try {
        const assigned = await this.joinOnce(topics);
        if (assigned) {
          this.rejoinNeeded = false;
          this.startHeartbeat();
          return assigned;
        }
      } catch (error) {
        const clientError = toClientError(error, `joining group ${this.groupId}`);
        if (!clientError.retriable) throw clientError;
        this.logger.info(`group ${this.groupId}: join attempt ${attempt} failed: ${clientError.message}`);
        if (clientError.errorCode === null || COORDINATOR_ERRORS.has(clientError.errorCode)) this.coordinatorLost();
        await delay(backoffMs(Math.min(attempt, 5)));
      }
    }
    throw new ClientError(
      'REBALANCE_FAILED',
      `group ${this.groupId}: no stable membership after ${JOIN_ATTEMPTS_MAX} attempts`,
    );
  }

  /** One JoinGroup + SyncGroup; null means "go round again at once". */
  private async joinOnce(topics: string[]): Promise<TopicPartition[] | null> {
    const connection = await this.coordinatorConnection();
    const joined = await this.sendJoinGroup(connection, topics);
    if (!joined) return null;
    const assignments = joined.leader === joined.memberId ? await this.assign(joined) : [];
    const { response } = await connection.request(
      syncGroupApi,
      {
        groupId: this.groupId,
        generationId: this.generationId,
        memberId: this.memberId,
        groupInstanceId: null,
        protocolType: 'consumer',
        protocolName: this.protocolName,
        assignments,
      },
      { max: 5 },
    );
    if (response.errorCode === ErrorCode.REBALANCE_IN_PROGRESS || response.errorCode === ErrorCode.ILLEGAL_GENERATION)
      return null;
    if (response.errorCode === ErrorCode.UNKNOWN_MEMBER_ID) {
      this.memberId = '';
      return null;
    }
    if (response.errorCode !== ErrorCode.NONE)
      throw ClientError.fromErrorCode(response.errorCode, `SyncGroup for ${this.groupId}`);
    if (response.assignment.length === 0) return [];
    const decoded = decodeConsumerAssignment(response.assignment);
    return sortTopicPartitions(
      decoded.assignedPartitions.flatMap((t) => t.partitions.map((partition) => ({ topic: t.topic, partition }))),
    );
  }

  private async sendJoinGroup(connection: BrokerConnection, topics: string[]): Promise<JoinGroupResponse | null> {
    const metadata = encodeConsumerSubscription({ topics: [...topics].sort(), userData: null, ownedPartitions: [] });
    const { response } = await connection.request(
      joinGroupApi,
      {
        groupId: this.groupId,
        sessionTimeoutMs: this.settings.sessionTimeoutMs,
        rebalanceTimeoutMs: this.settings.rebalanceTimeoutMs,
        memberId: this.memberId,
        groupInstanceId: null,
        protocolType: 'consumer',
        protocols: this.settings.assignors.map((a) => ({ name: a.name, metadata })),
      },
      { max: 7 },
    );
    switch (response.errorCode) {
      case ErrorCode.NONE:
        this.memberId = response.memberId;
        this.generationId = response.generationId;
        this.leaderId = response.leader;
        this.protocolName = response.protocolName;
        this.logger.info(
          `group ${this.groupId}: joined generation ${this.generationId} as ${this.memberId}${response.leader === response.memberId ? ' (leader)' : ''}`,
        );
        return response;
      case ErrorCode.MEMBER_ID_REQUIRED:
        this.memberId = response.memberId;
        return null;
      case ErrorCode.UNKNOWN_MEMBER_ID:
        this.memberId = '';
        return null;
      case ErrorCode.REBALANCE_IN_PROGRESS:
        return null;
      default:
        throw ClientError.fromErrorCode(response.errorCode, `JoinGroup for ${this.groupId}`);
    }
  }

  /** The leader's duty: every member's partitions, by the protocol the group chose. */
  private async assign(joined: JoinGroupResponse) {
    const assignor = this.settings.assignors.find((a) => a.name === joined.protocolName);
    if (!assignor)
      throw new ClientError(
        'INCONSISTENT_GROUP_PROTOCOL',
        `the group chose assignor '${String(joined.protocolName)}', which this member does not have`,
      );
    const members: AssignorMember[] = joined.members.map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      topics: decodeConsumerSubscription(m.metadata).topics,
    }));
    const topics = [...new Set(members.flatMap((m) => m.topics))];
    const metadata = await this.cluster.refreshMetadata(topics, true);
    const counts = new Map(
      metadata.filter((t) => t.errorCode === ErrorCode.NONE).map((t) => [t.name, t.partitions.length]),
    );
    const result = assignor.assign(members, counts);
    return members.map((m) => ({
      memberId: m.memberId,
      assignment: encodeConsumerAssignment({
        assignedPartitions: [...(result.get(m.memberId) ?? new Map<string, number[]>())].map(([topic, partitions]) => ({
          topic,
          partitions,
        })),
        userData: null,
      }),
    }));
  }

  private startHeartbeat(): void {
    this.stopHeartbeat();
    this.lastHeartbeatOkMs = Date.now();
    this.scheduleHeartbeat(this.settings.heartbeatIntervalMs);
  }

  stopHeartbeat(): void {
    if (this.heartbeatTimer) clearTimeout(this.heartbeatTimer);
    this.heartbeatTimer = null;
  }

  private scheduleHeartbeat(afterMs: number): void {
    const timer = setTimeout(() => {
      void this.heartbeat().then((nextMs) => {
        if (this.heartbeatTimer === timer) this.scheduleHeartbeat(nextMs);
      });
    }, afterMs);
    timer.unref();
    this.heartbeatTimer = timer;
  }

  /** One heartbeat; returns when to send the next. Never throws. */
  private async heartbeat(): Promise<number> {
    try {
      const connection = await this.coordinatorConnection();
      const { response } = await connection.request(heartbeatApi, {
        groupId: this.groupId,
        generationId: this.generationId,
        memberId: this.memberId,
        groupInstanceId: null,
      });
      const code = response.errorCode;
      if (code === ErrorCode.NONE) {
        this.lastHeartbeatOkMs = Date.now();
        return this.settings.heartbeatIntervalMs;
      }
      if (COORDINATOR_ERRORS.has(code)) {
        this.coordinatorLost();
        return this.retryHeartbeatMs();
      }
      if (code === ErrorCode.UNKNOWN_MEMBER_ID) this.memberId = '';
      this.logger.info(
        `group ${this.groupId}: heartbeat answered ${ClientError.fromErrorCode(code, '').code}; rejoining`,
      );
      this.requestRejoin();
      // Keep heartbeating while the Consumer finishes its current work, so that the
      // coordinator does not time this member out before it rejoins.
      return this.settings.heartbeatIntervalMs;
    } catch (error) {
      this.logger.warn(`group ${this.groupId}: heartbeat failed: ${(error as Error).message}`);
      this.coordinatorLost();
      return this.retryHeartbeatMs();
    }
  }

  private retryHeartbeatMs(): number {
    if (Date.now() - this.lastHeartbeatOkMs > this.settings.sessionTimeoutMs) this.requestRejoin();
    return Math.min(this.settings.heartbeatIntervalMs, 500);
  }

  requestRejoin(): void {
    if (this.rejoinNeeded) return;
    this.rejoinNeeded = true;
    this.onRejoinNeeded();
  }

  /** LeaveGroup (bounded wait), then closes the coordinator connection. */
  async leave(): Promise<void> {
    this.stopHeartbeat();
    this.closed = true;
    const memberId = this.memberId;
    const pending = this.coordinator;
    this.coordinator = null;
    if (!pending) return;
    const connection = await pending.catch(() => null);
    if (!connection) return;
    try {
      if (memberId !== '' && !connection.isClosed) {
        const leaving = connection.request(
          leaveGroupApi,
          { groupId: this.groupId, memberId, members: [{ memberId, groupInstanceId: null }] },
          { max: 4 },
        );
        const response = await withDeadline(leaving, LEAVE_TIMEOUT_MS);
        if (response.errorCode !== ErrorCode.NONE)
          this.logger.info(`group ${this.groupId}: LeaveGroup answered ${response.errorCode}`);
      }
    } catch (error) {
      this.logger.warn(`group ${this.groupId}: LeaveGroup failed: ${(error as Error).message}`);
    } finally {
      connection.close();
      this.memberId = '';
      this.generationId = -1;
    }
  }
}

/** The response of `request`, or an error after `timeoutMs` (the timer never outlives it). */
async function withDeadline<T>(request: Promise<{ response: T }>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return (await Promise.race([request, timeout])).response;
  } finally {
    clearTimeout(timer);
  }
}
