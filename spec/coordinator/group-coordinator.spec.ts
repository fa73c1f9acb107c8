// Proves the join/sync flow of Kafka's group coordinator on a manual clock: two members join
// through the initial rebalance delay, the leader alone receives every member's metadata, the
// leader's SyncGroup hands each member its assignment, JoinGroup v4+ asks a new member to come
// back with its id (MEMBER_ID_REQUIRED), and bad requests get Kafka's error codes.
import { expect } from 'chai';
import { ErrorCode } from '../../lib/protocol/error-codes';
import {
  createFixture,
  Fixture,
  GROUP,
  INITIAL_DELAY_MS,
  joinRequest,
  settled,
  stableGroupOfTwo,
} from './coordinator-fixture';

describe('coordinator/group-coordinator: join and sync', () => {
  let fixture: Fixture;

  beforeEach(() => {
    fixture = createFixture();
  });

  afterEach(() => {
    fixture.coordinator.shutdown();
  });

  it('two members: the leader gets all metadata, both get their assignments, the group is Stable', async () => {
    const { leader, follower, leaderSync, followerSync } = await stableGroupOfTwo(fixture);
    expect(leader.memberId).to.match(/^alpha-[0-9a-f-]{36}$/);
    expect(follower.memberId).to.match(/^beta-[0-9a-f-]{36}$/);
    expect([leader.generationId, follower.generationId]).to.deep.equal([1, 1]);
    expect(leader.leader).to.equal(leader.memberId);
    expect(follower.leader).to.equal(leader.memberId);
    expect(leader.protocolName).to.equal('range');
    expect(leader.members.map((m) => [m.memberId, m.metadata.toString()])).to.have.deep.members([
      [leader.memberId, 'subscription-of-alpha'],
      [follower.memberId, 'subscription-of-beta'],
    ]);
    expect(follower.members).to.deep.equal([]);
    expect(leaderSync.errorCode).to.equal(ErrorCode.NONE);
    expect(leaderSync.assignment.toString()).to.equal('for-alpha');
    expect(followerSync.errorCode).to.equal(ErrorCode.NONE);
    expect(followerSync.assignment.toString()).to.equal('for-beta');
    expect(fixture.coordinator.group(GROUP)?.state).to.equal('Stable');

    await fixture.coordinator.whenNotified();
    expect(fixture.rebalances).to.have.length(1);
    const [rebalance] = fixture.rebalances;
    expect(rebalance.generationId).to.equal(1);
    expect(rebalance.members.map((m) => [m.memberId, m.assignment.toString()])).to.have.deep.members([
      [leader.memberId, 'for-alpha'],
      [follower.memberId, 'for-beta'],
    ]);
  });

  it('the initial delay holds the first rebalance while members keep arriving', async () => {
    const first = fixture.coordinator.handleJoinGroup(joinRequest({ clientId: 'alpha' }));
    fixture.scheduler.advance(INITIAL_DELAY_MS - 1);
    const second = fixture.coordinator.handleJoinGroup(joinRequest({ clientId: 'beta' }));
    fixture.scheduler.advance(1);
    expect(await settled(first)).to.equal(false);
    fixture.scheduler.advance(INITIAL_DELAY_MS);
    const results = await Promise.all([first, second]);
    expect(results.map((r) => r.errorCode)).to.deep.equal([ErrorCode.NONE, ErrorCode.NONE]);
    expect(fixture.logLines.join('')).to.match(
      /Preparing to rebalance group spec-group .*reason: member alpha-.* joined/,
    );
  });

  it('describes and lists the Stable group with metadata and assignment bytes', async () => {
    const { leader } = await stableGroupOfTwo(fixture);
    expect(fixture.coordinator.handleListGroups()).to.deep.equal([
      { groupId: GROUP, protocolType: 'consumer', state: 'Stable' },
    ]);
    expect(fixture.coordinator.handleListGroups(['Empty'])).to.deep.equal([]);
    const [described, unknown] = fixture.coordinator.handleDescribeGroups([GROUP, 'nobody']);
    expect([described.state, described.protocolType, described.protocolName]).to.deep.equal([
      'Stable',
      'consumer',
      'range',
    ]);
    const alpha = described.members.find((m) => m.memberId === leader.memberId);
    expect(alpha?.metadata.toString()).to.equal('subscription-of-alpha');
    expect(alpha?.assignment.toString()).to.equal('for-alpha');
    expect(alpha?.clientId).to.equal('alpha');
    expect([unknown.state, unknown.members]).to.deep.equal(['Dead', []]);
  });

  it('MEMBER_ID_REQUIRED hands out an id; joining again with it enters the group', async () => {
    const { coordinator, scheduler } = fixture;
    const first = await coordinator.handleJoinGroup(joinRequest({ clientId: 'gamma', requireKnownMemberId: true }));
    expect(first.errorCode).to.equal(ErrorCode.MEMBER_ID_REQUIRED);
    expect(first.memberId).to.match(/^gamma-[0-9a-f-]{36}$/);
    expect(coordinator.group(GROUP)?.members.size).to.equal(0);

    const again = coordinator.handleJoinGroup(
      joinRequest({ clientId: 'gamma', memberId: first.memberId, requireKnownMemberId: true }),
    );
    scheduler.advance(INITIAL_DELAY_MS);
    const joined = await again;
    expect([joined.errorCode, joined.memberId, joined.leader, joined.generationId]).to.deep.equal([
      ErrorCode.NONE,
      first.memberId,
      first.memberId,
      1,
    ]);
  });

  it('a pending member id expires after the session timeout', async () => {
    const { coordinator, scheduler } = fixture;
    const first = await coordinator.handleJoinGroup(joinRequest({ clientId: 'gamma', requireKnownMemberId: true }));
    scheduler.advance(3000);
    const late = await coordinator.handleJoinGroup(joinRequest({ clientId: 'gamma', memberId: first.memberId }));
    expect(late.errorCode).to.equal(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('refuses bad joins with Kafka error codes', async () => {
    const { coordinator } = fixture;
    const codeOf = async (overrides: Parameters<typeof joinRequest>[0]) =>
      (await coordinator.handleJoinGroup(joinRequest(overrides))).errorCode;
    expect(await codeOf({ clientId: 'x', sessionTimeoutMs: 999 })).to.equal(ErrorCode.INVALID_SESSION_TIMEOUT);
    expect(await codeOf({ clientId: 'x', sessionTimeoutMs: 10_001 })).to.equal(ErrorCode.INVALID_SESSION_TIMEOUT);
    expect(await codeOf({ clientId: 'x', groupId: '' })).to.equal(ErrorCode.INVALID_GROUP_ID);
    expect(await codeOf({ clientId: 'x', memberId: 'made-up' })).to.equal(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(await codeOf({ clientId: 'x', protocols: [] })).to.equal(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    await stableGroupOfTwo(fixture);
    const other = [{ name: 'roundrobin', metadata: Buffer.alloc(0) }];
    expect(await codeOf({ clientId: 'x', protocols: other })).to.equal(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    expect(await codeOf({ clientId: 'x', protocolType: 'connect' })).to.equal(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
  });

  it('refuses bad syncs: unknown member, wrong generation, rebalance in progress', async () => {
    const { coordinator } = fixture;
    const { leader, follower } = await stableGroupOfTwo(fixture);
    const sync = (memberId: string, generationId: number) =>
      coordinator.handleSyncGroup({
        groupId: GROUP,
        generationId,
        memberId,
        groupInstanceId: null,
        protocolType: null,
        protocolName: null,
        assignments: [],
      });
    expect((await sync('made-up', 1)).errorCode).to.equal(ErrorCode.UNKNOWN_MEMBER_ID);
    expect((await sync(follower.memberId, 7)).errorCode).to.equal(ErrorCode.ILLEGAL_GENERATION);
    expect((await sync(follower.memberId, 1)).assignment.toString()).to.equal('for-beta');
    const rejoin = coordinator.handleJoinGroup(joinRequest({ clientId: 'alpha', memberId: leader.memberId }));
    expect((await sync(follower.memberId, 1)).errorCode).to.equal(ErrorCode.REBALANCE_IN_PROGRESS);
    expect(await settled(rejoin)).to.equal(false);
  });

  it('a follower parked in SyncGroup gets REBALANCE_IN_PROGRESS when a new rebalance starts', async () => {
    const { coordinator, scheduler } = fixture;
    const first = coordinator.handleJoinGroup(joinRequest({ clientId: 'alpha' }));
    const second = coordinator.handleJoinGroup(joinRequest({ clientId: 'beta' }));
    scheduler.advance(INITIAL_DELAY_MS * 2);
    const [, follower] = await Promise.all([first, second]);
    const parked = coordinator.handleSyncGroup({
      groupId: GROUP,
      generationId: follower.generationId,
      memberId: follower.memberId,
      groupInstanceId: null,
      protocolType: null,
      protocolName: null,
      assignments: [],
    });
    expect(await settled(parked)).to.equal(false);
    const newcomer = coordinator.handleJoinGroup(joinRequest({ clientId: 'gamma' }));
    expect((await parked).errorCode).to.equal(ErrorCode.REBALANCE_IN_PROGRESS);
    expect(coordinator.group(GROUP)?.state).to.equal('PreparingRebalance');
    coordinator.shutdown();
    expect((await newcomer).errorCode).to.equal(ErrorCode.NOT_COORDINATOR);
  });
});
