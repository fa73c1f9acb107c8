// Shared setup for the coordinator specs: a coordinator on a manual clock with small timeouts,
// a listener that records its calls, a logger that keeps its lines, and request builders.
import { Writable } from 'stream';
import winston from 'winston';
import {
  CompletedRebalance,
  GroupCoordinatorConfig,
  GroupMembershipListener,
  JoinGroupRequest,
} from '../../lib/coordinator/coordinator-types';
import { GroupCoordinator } from '../../lib/coordinator/group-coordinator';
import type { JoinGroupResult, SyncGroupResult } from '../../lib/coordinator/group-metadata';
import { ErrorCode } from '../../lib/protocol/error-codes';
import { ManualScheduler } from './manual-scheduler';

export const GROUP = 'spec-group';
export const SESSION_TIMEOUT_MS = 3000;
export const REBALANCE_TIMEOUT_MS = 1000;
export const INITIAL_DELAY_MS = 100;

export const TEST_CONFIG: GroupCoordinatorConfig = {
  groupMinSessionTimeoutMs: 1000,
  groupMaxSessionTimeoutMs: 10_000,
  groupInitialRebalanceDelayMs: INITIAL_DELAY_MS,
  groupMaxSize: 10,
  newMemberJoinTimeoutMs: 5000,
};

export interface Fixture {
  coordinator: GroupCoordinator;
  scheduler: ManualScheduler;
  rebalances: CompletedRebalance[];
  removals: Array<{ memberId: string; reason: string }>;
  logLines: string[];
}

export function createFixture(config: Partial<GroupCoordinatorConfig> = {}): Fixture {
  const scheduler = new ManualScheduler();
  const rebalances: CompletedRebalance[] = [];
  const removals: Array<{ memberId: string; reason: string }> = [];
  const logLines: string[] = [];
  const listener: GroupMembershipListener = {
    onRebalanceCompleted: (rebalance) => {
      rebalances.push(rebalance);
    },
    onMemberRemoved: (_groupId, member, reason) => {
      removals.push({ memberId: member.memberId, reason });
    },
  };
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString('utf8'));
      done();
    },
  });
  const logger = winston.createLogger({
    format: winston.format.printf((info) => String(info.message)),
    transports: [new winston.transports.Stream({ stream })],
  });
  const coordinator = new GroupCoordinator({ config: { ...TEST_CONFIG, ...config }, logger, scheduler, listener });
  return { coordinator, scheduler, rebalances, removals, logLines };
}

export function joinRequest(overrides: Partial<JoinGroupRequest> & { clientId: string }): JoinGroupRequest {
  return {
    groupId: GROUP,
    memberId: '',
    groupInstanceId: null,
    clientHost: '/127.0.0.1',
    sessionTimeoutMs: SESSION_TIMEOUT_MS,
    rebalanceTimeoutMs: REBALANCE_TIMEOUT_MS,
    protocolType: 'consumer',
    protocols: [{ name: 'range', metadata: Buffer.from(`subscription-of-${overrides.clientId}`) }],
    requireKnownMemberId: false,
    ...overrides,
  };
}

/** Whether a promise has settled, without waiting for it. */
export async function settled<T>(promise: Promise<T>): Promise<boolean> {
  const marker = Symbol('pending');
  const value = await Promise.race([promise, Promise.resolve(marker)]);
  return value !== marker;
}

export interface StableGroup {
  leader: JoinGroupResult;
  follower: JoinGroupResult;
  leaderSync: SyncGroupResult;
  followerSync: SyncGroupResult;
}

/** Two members join through the initial delay, the first leads, both sync: a Stable generation 1. */
export async function stableGroupOfTwo(fixture: Fixture): Promise<StableGroup> {
  const { coordinator, scheduler } = fixture;
  const first = coordinator.handleJoinGroup(joinRequest({ clientId: 'alpha' }));
  const second = coordinator.handleJoinGroup(joinRequest({ clientId: 'beta' }));
  scheduler.advance(INITIAL_DELAY_MS * 2);
  const [leader, follower] = await Promise.all([first, second]);
  if (leader.errorCode !== ErrorCode.NONE || follower.errorCode !== ErrorCode.NONE) throw new Error('join failed');
  const followerSyncPromise = coordinator.handleSyncGroup({
    groupId: GROUP,
    generationId: follower.generationId,
    memberId: follower.memberId,
    groupInstanceId: null,
    protocolType: 'consumer',
    protocolName: 'range',
    assignments: [],
  });
  const leaderSync = await coordinator.handleSyncGroup({
    groupId: GROUP,
    generationId: leader.generationId,
    memberId: leader.memberId,
    groupInstanceId: null,
    protocolType: null,
    protocolName: null,
    assignments: [
      { memberId: leader.memberId, assignment: Buffer.from('for-alpha') },
      { memberId: follower.memberId, assignment: Buffer.from('for-beta') },
    ],
  });
  return { leader, follower, leaderSync, followerSync: await followerSyncPromise };
}
