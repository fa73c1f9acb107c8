// Proves how the coordinator reacts to members going away: LeaveGroup and a session timeout
// each start a rebalance that the remaining member completes alone, a member that does not
// rejoin within the rebalance timeout is dropped, heartbeats answer with Kafka's error codes
// per state, and the same holds with real (short) timers.
import { expect } from 'chai';
import { realScheduler } from '../../lib/coordinator/coordinator-types';
import { GroupCoordinator } from '../../lib/coordinator/group-coordinator';
import { ErrorCode } from '../../lib/protocol/error-codes';
import { silentLogger } from '../../lib/util/logger';
import { waitUntil } from '../helpers/wait';
import {
  createFixture,
  Fixture,
  GROUP,
  joinRequest,
  REBALANCE_TIMEOUT_MS,
  SESSION_TIMEOUT_MS,
  settled,
  stableGroupOfTwo,
  TEST_CONFIG,
} from './coordinator-fixture';

describe('coordinator/group-coordinator: membership changes', () => {
  let fixture: Fixture;

  beforeEach(() => {
    fixture = createFixture();
  });

  afterEach(() => {
    fixture.coordinator.shutdown();
  });

  const heartbeat = (memberId: string, generationId: number, groupId = GROUP): number =>
    fixture.coordinator.handleHeartbeat({ groupId, generationId, memberId, groupInstanceId: null });

  it('a member leaving starts a rebalance that the other completes alone', async () => {
    const { coordinator } = fixture;
    const { leader, follower } = await stableGroupOfTwo(fixture);
    const left = coordinator.handleLeaveGroup({
      groupId: GROUP,
      members: [
        { memberId: follower.memberId, groupInstanceId: null },
        { memberId: 'made-up', groupInstanceId: null },
      ],
    });
    expect(left.members.map((m) => m.errorCode)).to.deep.equal([ErrorCode.NONE, ErrorCode.UNKNOWN_MEMBER_ID]);
    expect(coordinator.group(GROUP)?.state).to.equal('PreparingRebalance');
    expect(heartbeat(leader.memberId, 1)).to.equal(ErrorCode.REBALANCE_IN_PROGRESS);

    const rejoined = await coordinator.handleJoinGroup(joinRequest({ clientId: 'alpha', memberId: leader.memberId }));
    expect([rejoined.generationId, rejoined.leader, rejoined.members.length]).to.deep.equal([2, leader.memberId, 1]);
    await coordinator.whenNotified();
    expect(fixture.removals).to.deep.equal([
      { memberId: follower.memberId, reason: `member ${follower.memberId} left the group` },
    ]);
    expect(fixture.logLines.join('')).to.contain(`reason: member ${follower.memberId} left the group`);
  });

  it('the last member leaving empties the group at the next generation', async () => {
    const { coordinator } = fixture;
    const { leader, follower } = await stableGroupOfTwo(fixture);
    coordinator.handleLeaveGroup({
      groupId: GROUP,
      members: [leader, follower].map((m) => ({ memberId: m.memberId, groupInstanceId: null })),
    });
    const group = coordinator.group(GROUP);
    expect([group?.state, group?.generationId, group?.members.size]).to.deep.equal(['Empty', 2, 0]);
    await coordinator.whenNotified();
    expect(fixture.rebalances.map((r) => [r.generationId, r.members.length])).to.deep.equal([
      [1, 2],
      [2, 0],
    ]);
  });

  it('a member that stops heartbeating is removed after its session timeout and the group rebalances', async () => {
    const { coordinator, scheduler } = fixture;
    const { leader, follower } = await stableGroupOfTwo(fixture);
    const stepMs = 1000;
    for (let elapsedMs = 0; elapsedMs < SESSION_TIMEOUT_MS; elapsedMs += stepMs) {
      expect(heartbeat(leader.memberId, 1)).to.equal(ErrorCode.NONE);
      scheduler.advance(stepMs);
    }
    expect(coordinator.group(GROUP)?.has(follower.memberId)).to.equal(false);
    expect(heartbeat(leader.memberId, 1)).to.equal(ErrorCode.REBALANCE_IN_PROGRESS);
    expect(heartbeat(follower.memberId, 1)).to.equal(ErrorCode.UNKNOWN_MEMBER_ID);
    const rejoined = await coordinator.handleJoinGroup(joinRequest({ clientId: 'alpha', memberId: leader.memberId }));
    expect(rejoined.generationId).to.equal(2);
    await coordinator.whenNotified();
    expect(fixture.removals.map((r) => r.memberId)).to.deep.equal([follower.memberId]);
    expect(fixture.removals[0].reason).to.match(/timed out after 3000 ms/);
    expect(fixture.logLines.join('')).to.match(/Preparing to rebalance .*reason: member beta-.* timed out/);
  });

  it('a member that does not rejoin within the rebalance timeout is dropped', async () => {
    const { coordinator, scheduler } = fixture;
    const { leader, follower } = await stableGroupOfTwo(fixture);
    const rejoin = coordinator.handleJoinGroup(joinRequest({ clientId: 'alpha', memberId: leader.memberId }));
    expect(heartbeat(follower.memberId, 1)).to.equal(ErrorCode.REBALANCE_IN_PROGRESS);
    scheduler.advance(REBALANCE_TIMEOUT_MS - 1);
    expect(await settled(rejoin)).to.equal(false);
    scheduler.advance(1);
    const result = await rejoin;
    expect([result.errorCode, result.generationId, result.members.length]).to.deep.equal([ErrorCode.NONE, 2, 1]);
    expect(coordinator.group(GROUP)?.has(follower.memberId)).to.equal(false);
  });

  it('a member parked in JoinGroup is kept alive past its session timeout', async () => {
    const { coordinator, scheduler } = fixture;
    const { leader, follower } = await stableGroupOfTwo(fixture);
    const rejoin = coordinator.handleJoinGroup(
      joinRequest({ clientId: 'alpha', memberId: leader.memberId, rebalanceTimeoutMs: 8000 }),
    );
    for (let elapsedMs = 0; elapsedMs <= SESSION_TIMEOUT_MS; elapsedMs += 1000) {
      expect(heartbeat(follower.memberId, 1)).to.equal(ErrorCode.REBALANCE_IN_PROGRESS);
      scheduler.advance(1000);
    }
    expect(await settled(rejoin)).to.equal(false);
    expect(coordinator.group(GROUP)?.has(leader.memberId)).to.equal(true);
    const followerRejoin = coordinator.handleJoinGroup(joinRequest({ clientId: 'beta', memberId: follower.memberId }));
    const results = await Promise.all([rejoin, followerRejoin]);
    expect(results.map((r) => [r.errorCode, r.generationId])).to.deep.equal([
      [ErrorCode.NONE, 2],
      [ErrorCode.NONE, 2],
    ]);
  });

  it('heartbeats answer per state: unknown group/member, illegal generation, rebalance, OK', async () => {
    const { coordinator, scheduler } = fixture;
    expect(heartbeat('m', 0, 'no-such-group')).to.equal(ErrorCode.UNKNOWN_MEMBER_ID);
    const first = coordinator.handleJoinGroup(joinRequest({ clientId: 'alpha' }));
    scheduler.advance(1000);
    const joined = await first;
    expect(coordinator.group(GROUP)?.state).to.equal('CompletingRebalance');
    expect(heartbeat(joined.memberId, 1)).to.equal(ErrorCode.NONE);
    expect(heartbeat(joined.memberId, 0)).to.equal(ErrorCode.ILLEGAL_GENERATION);
    expect(heartbeat('made-up', 1)).to.equal(ErrorCode.UNKNOWN_MEMBER_ID);
    coordinator.handleJoinGroup(joinRequest({ clientId: 'beta' }));
    expect(heartbeat(joined.memberId, 1)).to.equal(ErrorCode.REBALANCE_IN_PROGRESS);
  });

  it('with real timers a silent member is removed within its session timeout', async () => {
    const removed: string[] = [];
    const coordinator = new GroupCoordinator({
      config: { ...TEST_CONFIG, groupMinSessionTimeoutMs: 50, groupInitialRebalanceDelayMs: 0 },
      logger: silentLogger(),
      scheduler: realScheduler,
      listener: {
        onRebalanceCompleted: () => undefined,
        onMemberRemoved: (_g, member) => void removed.push(member.memberId),
      },
    });
    try {
      const joined = await coordinator.handleJoinGroup(joinRequest({ clientId: 'solo', sessionTimeoutMs: 100 }));
      expect(joined.errorCode).to.equal(ErrorCode.NONE);
      await waitUntil(() => removed.includes(joined.memberId), { timeoutMs: 2000, message: 'session expiry of solo' });
      expect(coordinator.group(GROUP)?.state).to.equal('Empty');
    } finally {
      coordinator.shutdown();
    }
  });
});
