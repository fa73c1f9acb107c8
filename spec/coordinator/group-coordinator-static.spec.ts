// Proves static membership (KIP-345, JoinGroup v5+) on a manual clock: a static member joins
// without MEMBER_ID_REQUIRED under an id prefixed by its instance id; restarting with the same
// instance id and subscription replaces its member id in a Stable group without a rebalance and
// keeps its assignment, while the old id is answered FENCED_INSTANCE_ID; a changed subscription
// rebalances; a static member that does not rejoin survives the join phase but not its session;
// LeaveGroup v3+ removes static members in a batch by instance id.
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
  SESSION_TIMEOUT_MS,
  settled,
} from './coordinator-fixture';

describe('coordinator/group-coordinator: static membership', () => {
  let fixture: Fixture;

  beforeEach(() => {
    fixture = createFixture();
  });

  afterEach(() => {
    fixture.coordinator.shutdown();
  });

  const join = (clientId: string, instanceId: string | null, memberId = '', metadata = `subscription-of-${clientId}`) =>
    fixture.coordinator.handleJoinGroup(
      joinRequest({
        clientId,
        memberId,
        groupInstanceId: instanceId,
        requireKnownMemberId: true,
        protocols: [{ name: 'range', metadata: Buffer.from(metadata) }],
      }),
    );
  const sync = (
    member: JoinGroupResult,
    instanceId: string | null,
    assignments: Array<{ memberId: string; assignment: Buffer }> = [],
  ) =>
    fixture.coordinator.handleSyncGroup({
      groupId: GROUP,
      generationId: member.generationId,
      memberId: member.memberId,
      groupInstanceId: instanceId,
      protocolType: null,
      protocolName: null,
      assignments,
    });
  const heartbeat = (member: JoinGroupResult, instanceId: string | null) =>
    fixture.coordinator.handleHeartbeat({
      groupId: GROUP,
      generationId: member.generationId,
      memberId: member.memberId,
      groupInstanceId: instanceId,
    });

  /** Static members "a-1" (leader) and "b-1", Stable at generation 1 with assignments "for-a"/"for-b". */
  async function stableStaticPair(): Promise<[JoinGroupResult, JoinGroupResult]> {
    const first = join('alpha', 'a-1');
    const second = join('beta', 'b-1');
    fixture.scheduler.advance(INITIAL_DELAY_MS * 2);
    const [a, b] = await Promise.all([first, second]);
    const bSync = sync(b, 'b-1');
    await sync(a, 'a-1', [
      { memberId: a.memberId, assignment: Buffer.from('for-a') },
      { memberId: b.memberId, assignment: Buffer.from('for-b') },
    ]);
    expect((await bSync).assignment.toString()).to.equal('for-b');
    expect(fixture.coordinator.group(GROUP)?.state).to.equal('Stable');
    return [a, b];
  }

  it('a static member joins at once (no MEMBER_ID_REQUIRED) under an id prefixed by its instance id', async () => {
    const [a, b] = await stableStaticPair();
    expect(a.memberId).to.match(/^a-1-[0-9a-f-]{36}$/);
    expect(b.memberId).to.match(/^b-1-[0-9a-f-]{36}$/);
    expect(a.members.map((m) => m.groupInstanceId).sort()).to.deep.equal(['a-1', 'b-1']);
  });

  it('a restart with the same instance id and subscription replaces the member id without a rebalance', async () => {
    const { coordinator } = fixture;
    const [a, b] = await stableStaticPair();
    await coordinator.whenNotified();
    const rebalancesBefore = fixture.rebalances.length;
    const restarted = await join('beta', 'b-1');
    expect(restarted.errorCode).to.equal(ErrorCode.NONE);
    expect(restarted.memberId).to.match(/^b-1-/).and.not.equal(b.memberId);
    expect([restarted.generationId, restarted.leader, restarted.members]).to.deep.equal([1, a.memberId, []]);
    const group = coordinator.group(GROUP);
    expect([group?.state, group?.generationId, group?.has(b.memberId)]).to.deep.equal(['Stable', 1, false]);
    expect((await sync(restarted, 'b-1')).assignment.toString()).to.equal('for-b');
    expect([heartbeat(a, 'a-1'), heartbeat(restarted, 'b-1')]).to.deep.equal([ErrorCode.NONE, ErrorCode.NONE]);

    expect(heartbeat(b, 'b-1')).to.equal(ErrorCode.FENCED_INSTANCE_ID);
    expect((await sync(b, 'b-1')).errorCode).to.equal(ErrorCode.FENCED_INSTANCE_ID);
    expect((await join('beta', 'b-1', b.memberId)).errorCode).to.equal(ErrorCode.FENCED_INSTANCE_ID);
    await coordinator.whenNotified();
    expect(fixture.removals.map((r) => r.memberId)).to.deep.equal([b.memberId]);
    const mirrored = fixture.rebalances.slice(rebalancesBefore);
    expect(mirrored.map((r) => [r.generationId, r.members.map((m) => m.memberId).sort()])).to.deep.equal([
      [1, [a.memberId, restarted.memberId].sort()],
    ]);
  });

  it('a restarted leader takes over leadership; a changed subscription starts a rebalance', async () => {
    const { coordinator } = fixture;
    const [a, b] = await stableStaticPair();
    const leader = await join('alpha', 'a-1');
    expect([leader.leader, coordinator.group(GROUP)?.state]).to.deep.equal([leader.memberId, 'Stable']);
    const changed = join('beta', 'b-1', '', 'new-subscription');
    expect(coordinator.group(GROUP)?.state).to.equal('PreparingRebalance');
    expect(heartbeat(b, 'b-1')).to.equal(ErrorCode.FENCED_INSTANCE_ID);
    const rejoinedLeader = join('alpha', 'a-1', leader.memberId);
    const [bNext, aNext] = await Promise.all([changed, rejoinedLeader]);
    expect([bNext.errorCode, bNext.generationId, aNext.generationId, aNext.leader]).to.deep.equal([
      ErrorCode.NONE,
      2,
      2,
      leader.memberId,
    ]);
    expect(aNext.members.find((m) => m.memberId === bNext.memberId)?.metadata.toString()).to.equal('new-subscription');
    expect(a.memberId).to.not.equal(leader.memberId);
  });

  it('a parked JoinGroup of the replaced member id is answered FENCED_INSTANCE_ID', async () => {
    const [a, b] = await stableStaticPair();
    const parked = join('beta', 'b-1', b.memberId, 'other');
    expect(await settled(parked)).to.equal(false);
    const restarted = join('beta', 'b-1', '', 'other');
    expect((await parked).errorCode).to.equal(ErrorCode.FENCED_INSTANCE_ID);
    await join('alpha', 'a-1', a.memberId);
    expect((await restarted).generationId).to.equal(2);
  });

  it('a static member that does not rejoin stays through the join phase, then expires with its session', async () => {
    const { coordinator, scheduler } = fixture;
    const [a, b] = await stableStaticPair();
    const rejoin = join('alpha', 'a-1', a.memberId, 'changed');
    scheduler.advance(REBALANCE_TIMEOUT_MS);
    const next = await rejoin;
    expect([next.generationId, next.members.map((m) => m.memberId).sort()]).to.deep.equal([
      2,
      [a.memberId, b.memberId].sort(),
    ]);
    expect(coordinator.group(GROUP)?.has(b.memberId)).to.equal(true);
    expect(heartbeat(b, 'b-1')).to.equal(ErrorCode.ILLEGAL_GENERATION);
    await sync(next, 'a-1', []);
    // b's session was last reset by its SyncGroup a rebalance timeout ago; a's just now.
    scheduler.advance(SESSION_TIMEOUT_MS - REBALANCE_TIMEOUT_MS / 2);
    expect(coordinator.group(GROUP)?.has(b.memberId)).to.equal(false);
    expect(coordinator.group(GROUP)?.state).to.equal('PreparingRebalance');
  });

  it('LeaveGroup v3+ removes static members in a batch by instance id', async () => {
    const { coordinator } = fixture;
    const [a, b] = await stableStaticPair();
    const left = coordinator.handleLeaveGroup({
      groupId: GROUP,
      members: [
        { memberId: 'wrong-id', groupInstanceId: 'a-1' },
        { memberId: '', groupInstanceId: 'b-1' },
        { memberId: a.memberId, groupInstanceId: 'a-1' },
        { memberId: '', groupInstanceId: 'nobody' },
      ],
    });
    expect(left.members.map((m) => m.errorCode)).to.deep.equal([
      ErrorCode.FENCED_INSTANCE_ID,
      ErrorCode.NONE,
      ErrorCode.NONE,
      ErrorCode.UNKNOWN_MEMBER_ID,
    ]);
    const group = coordinator.group(GROUP);
    expect([group?.state, group?.members.size, group?.staticMembers.size]).to.deep.equal(['Empty', 0, 0]);
    expect(heartbeat(b, 'b-1')).to.equal(ErrorCode.UNKNOWN_MEMBER_ID);
  });
});
