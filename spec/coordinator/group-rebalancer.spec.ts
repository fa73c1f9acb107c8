// Proves the SyncGroup-phase timeout (Kafka 3.x's pending-sync members) on a manual clock: a
// member that got its JoinGroup result but sends no SyncGroup within the rebalance timeout is
// removed and a new rebalance starts (heartbeats do not save it), whether it is a follower or
// the leader; members that all synced are left alone.
import { expect } from 'chai';
import { ErrorCode } from '../../lib/protocol/error-codes';
import type { JoinGroupResult } from '../../lib/coordinator/group-metadata';
import {
  createFixture,
  Fixture,
  GROUP,
  INITIAL_DELAY_MS,
  joinRequest,
  REBALANCE_TIMEOUT_MS,
  settled,
  stableGroupOfTwo,
} from './coordinator-fixture';

describe('coordinator/group-rebalancer: SyncGroup-phase timeout', () => {
  let fixture: Fixture;

  beforeEach(() => {
    fixture = createFixture();
  });

  afterEach(() => {
    fixture.coordinator.shutdown();
  });

  const sync = (member: JoinGroupResult, assignments: Array<{ memberId: string; assignment: Buffer }> = []) =>
    fixture.coordinator.handleSyncGroup({
      groupId: GROUP,
      generationId: member.generationId,
      memberId: member.memberId,
      groupInstanceId: null,
      protocolType: null,
      protocolName: null,
      assignments,
    });
  const heartbeat = (member: JoinGroupResult) =>
    fixture.coordinator.handleHeartbeat({
      groupId: GROUP,
      generationId: member.generationId,
      memberId: member.memberId,
      groupInstanceId: null,
    });

  /** Two members through the initial delay: generation 1, CompletingRebalance, nobody synced yet. */
  async function joinedPair(): Promise<[JoinGroupResult, JoinGroupResult]> {
    const first = fixture.coordinator.handleJoinGroup(joinRequest({ clientId: 'alpha' }));
    const second = fixture.coordinator.handleJoinGroup(joinRequest({ clientId: 'beta' }));
    fixture.scheduler.advance(INITIAL_DELAY_MS * 2);
    const [leader, follower] = await Promise.all([first, second]);
    expect(fixture.coordinator.group(GROUP)?.state).to.equal('CompletingRebalance');
    return [leader, follower];
  }

  it('a follower that never syncs is removed after the rebalance timeout, even while heartbeating', async () => {
    const { coordinator, scheduler } = fixture;
    const [leader, follower] = await joinedPair();
    const leaderSync = await sync(leader, [{ memberId: leader.memberId, assignment: Buffer.from('a') }]);
    expect(leaderSync.errorCode).to.equal(ErrorCode.NONE);
    expect(coordinator.group(GROUP)?.state).to.equal('Stable');
    scheduler.advance(REBALANCE_TIMEOUT_MS / 2);
    expect(heartbeat(follower)).to.equal(ErrorCode.NONE);
    scheduler.advance(REBALANCE_TIMEOUT_MS / 2 - 1);
    expect(coordinator.group(GROUP)?.has(follower.memberId)).to.equal(true);
    scheduler.advance(1);
    expect(coordinator.group(GROUP)?.has(follower.memberId)).to.equal(false);
    expect(coordinator.group(GROUP)?.state).to.equal('PreparingRebalance');
    expect(heartbeat(follower)).to.equal(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(heartbeat(leader)).to.equal(ErrorCode.REBALANCE_IN_PROGRESS);
    const rejoined = await coordinator.handleJoinGroup(joinRequest({ clientId: 'alpha', memberId: leader.memberId }));
    expect([rejoined.generationId, rejoined.members.map((m) => m.memberId)]).to.deep.equal([2, [leader.memberId]]);
    await coordinator.whenNotified();
    expect(fixture.removals.map((r) => r.memberId)).to.deep.equal([follower.memberId]);
    expect(fixture.removals[0].reason).to.match(/did not send SyncGroup for generation 1/);
    expect(fixture.logLines.join('')).to.match(/reason: removing beta-.* on pending sync request expiration/);
  });

  it('a leader that never syncs is removed; the parked follower is told to rejoin and leads next', async () => {
    const { coordinator, scheduler } = fixture;
    const [leader, follower] = await joinedPair();
    const parked = sync(follower);
    scheduler.advance(REBALANCE_TIMEOUT_MS - 1);
    expect(await settled(parked)).to.equal(false);
    scheduler.advance(1);
    expect((await parked).errorCode).to.equal(ErrorCode.REBALANCE_IN_PROGRESS);
    expect(coordinator.group(GROUP)?.has(leader.memberId)).to.equal(false);
    const rejoined = await coordinator.handleJoinGroup(joinRequest({ clientId: 'beta', memberId: follower.memberId }));
    expect([rejoined.errorCode, rejoined.generationId, rejoined.leader]).to.deep.equal([
      ErrorCode.NONE,
      2,
      follower.memberId,
    ]);
  });

  it('once every member synced, the timeout removes nobody', async () => {
    const { coordinator, scheduler } = fixture;
    const { leader, follower } = await stableGroupOfTwo(fixture);
    for (let elapsedMs = 0; elapsedMs < REBALANCE_TIMEOUT_MS * 3; elapsedMs += 500) {
      expect([heartbeat(leader), heartbeat(follower)]).to.deep.equal([ErrorCode.NONE, ErrorCode.NONE]);
      scheduler.advance(500);
    }
    expect([coordinator.group(GROUP)?.state, coordinator.group(GROUP)?.members.size]).to.deep.equal(['Stable', 2]);
    expect(fixture.removals).to.deep.equal([]);
  });

  it('a sync deadline of an older generation does not touch the next one', async () => {
    const { coordinator, scheduler } = fixture;
    const [leader, follower] = await joinedPair();
    scheduler.advance(REBALANCE_TIMEOUT_MS / 2);
    // Both rejoin before syncing: generation 2 starts, with a fresh deadline.
    const rejoins = [leader, follower].map((m, i) =>
      coordinator.handleJoinGroup(
        joinRequest({
          clientId: i === 0 ? 'alpha' : 'beta',
          memberId: m.memberId,
          protocols: [{ name: 'range', metadata: Buffer.from(`v2-${i}`) }],
        }),
      ),
    );
    const [leader2, follower2] = await Promise.all(rejoins);
    expect([leader2.generationId, follower2.generationId]).to.deep.equal([2, 2]);
    scheduler.advance(REBALANCE_TIMEOUT_MS / 2);
    expect(coordinator.group(GROUP)?.members.size).to.equal(2);
    await Promise.all([sync(follower2), sync(leader2, [])]);
    scheduler.advance(REBALANCE_TIMEOUT_MS * 2);
    expect([coordinator.group(GROUP)?.state, coordinator.group(GROUP)?.generationId]).to.deep.equal(['Stable', 2]);
  });
});
