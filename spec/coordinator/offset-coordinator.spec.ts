// Proves the offset coordinator against the real ZooKeeper: a commit answers every partition in
// request order (unknown partitions UNKNOWN_TOPIC_OR_PARTITION whatever else happens, oversized
// metadata OFFSET_METADATA_TOO_LARGE and not stored), refuses a group id that cannot name a znode,
// a group coordinated elsewhere and a stale member (v0 commits skip that check), counts as the
// member's heartbeat, and turns ZooKeeper trouble into COORDINATOR_NOT_AVAILABLE; a fetch returns
// stored offsets or the group's error with -1 offsets; DeleteGroups removes an empty group and
// its offsets, refuses one with members, and answers GROUP_ID_NOT_FOUND for a group with neither
// state nor offsets (also the second time a request names it).
import { expect } from 'chai';
import {
  OffsetCoordinator,
  type CommitOffsetsRequest,
  type OffsetToCommit,
} from '../../lib/coordinator/offset-coordinator';
import { commitOffsets, fetchOffsets } from '../../lib/coordinator/offset-store';
import { ErrorCode } from '../../lib/protocol/error-codes';
import { silentLogger } from '../../lib/util/logger';
import type { ZkSession } from '../../lib/zk/session';
import { openZkSession, zkChroot } from '../helpers/zookeeper';
import {
  createFixture,
  Fixture,
  GROUP,
  INITIAL_DELAY_MS,
  joinRequest,
  SESSION_TIMEOUT_MS,
  stableGroupOfTwo,
} from './coordinator-fixture';

const METADATA_MAX_BYTES = 8;
const TOPIC = 'orders';
const PARTITIONS = 2;

describe('coordinator/offset-coordinator', () => {
  let session: ZkSession;
  let fixture: Fixture;
  let notCoordinated: Set<string>;
  let offsets: OffsetCoordinator;

  function build(sessionOf: () => ZkSession): OffsetCoordinator {
    return new OffsetCoordinator({
      groups: fixture.coordinator,
      session: sessionOf,
      logger: silentLogger(),
      offsetMetadataMaxBytes: METADATA_MAX_BYTES,
      coordinatorError: (groupId) => (notCoordinated.has(groupId) ? ErrorCode.NOT_COORDINATOR : ErrorCode.NONE),
      partitionExists: (topic, partition) => topic === TOPIC && partition >= 0 && partition < PARTITIONS,
    });
  }

  beforeEach(async () => {
    session = await openZkSession(zkChroot('offset-coordinator'));
    fixture = createFixture();
    notCoordinated = new Set();
    offsets = build(() => session);
  });

  afterEach(async () => {
    fixture.coordinator.shutdown();
    await session.close();
  });

  const simpleCommit = (groupId: string, entries: OffsetToCommit[]): CommitOffsetsRequest => ({
    groupId,
    generationId: -1,
    memberId: '',
    groupInstanceId: null,
    checkMembership: true,
    offsets: entries,
  });
  const codes = (results: Array<{ errorCode: number }>): number[] => results.map((r) => r.errorCode);

  describe('handleCommitOffsets', () => {
    it('stores known partitions and answers each partition in request order', async () => {
      const results = await offsets.handleCommitOffsets(
        simpleCommit('g1', [
          { topic: TOPIC, partition: 1, offset: 7, metadata: 'm' },
          { topic: 'made-up', partition: 0, offset: 1, metadata: null },
          { topic: TOPIC, partition: 0, offset: 3, metadata: 'far-too-long' },
        ]),
      );
      expect(results).to.deep.equal([
        { topic: TOPIC, partition: 1, errorCode: ErrorCode.NONE },
        { topic: 'made-up', partition: 0, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION },
        { topic: TOPIC, partition: 0, errorCode: ErrorCode.OFFSET_METADATA_TOO_LARGE },
      ]);
      expect(await fetchOffsets(session, 'g1', null)).to.deep.equal([
        { topic: TOPIC, partition: 1, offset: 7, metadata: 'm' },
      ]);
      expect(await session.exists('/consumers/g1/offsets/made-up')).to.equal(null);
    });

    it('refuses a group id that cannot name a znode, and a group coordinated elsewhere, writing nothing', async () => {
      const entries = [
        { topic: TOPIC, partition: 0, offset: 1, metadata: null },
        { topic: 'made-up', partition: 0, offset: 1, metadata: null },
      ];
      expect(codes(await offsets.handleCommitOffsets(simpleCommit('a/b', entries)))).to.deep.equal([
        ErrorCode.INVALID_GROUP_ID,
        ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
      ]);
      expect(codes(await offsets.handleCommitOffsets(simpleCommit('', entries)))).to.deep.equal([
        ErrorCode.INVALID_GROUP_ID,
        ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
      ]);
      notCoordinated.add('elsewhere');
      expect(codes(await offsets.handleCommitOffsets(simpleCommit('elsewhere', entries)))).to.deep.equal([
        ErrorCode.NOT_COORDINATOR,
        ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
      ]);
      expect(await session.exists('/consumers/elsewhere')).to.equal(null);
    });

    it('checks the member against the group (not for v0), and a member commit counts as its heartbeat', async () => {
      const { leader } = await stableGroupOfTwo(fixture);
      const entries = [{ topic: TOPIC, partition: 0, offset: 5, metadata: null }];
      const asMember = {
        ...simpleCommit(GROUP, entries),
        generationId: leader.generationId,
        memberId: leader.memberId,
      };
      expect(
        codes(await offsets.handleCommitOffsets({ ...asMember, generationId: leader.generationId + 1 })),
      ).to.deep.equal([ErrorCode.ILLEGAL_GENERATION]);
      expect(codes(await offsets.handleCommitOffsets({ ...asMember, memberId: 'stranger' }))).to.deep.equal([
        ErrorCode.UNKNOWN_MEMBER_ID,
      ]);
      expect(await fetchOffsets(session, GROUP, null)).to.deep.equal([]);
      expect(
        codes(await offsets.handleCommitOffsets({ ...asMember, memberId: 'stranger', checkMembership: false })),
      ).to.deep.equal([ErrorCode.NONE]);
      // Both members' sessions end together; the leader's commit just before renews only its own.
      fixture.scheduler.advance(SESSION_TIMEOUT_MS - 100);
      expect(codes(await offsets.handleCommitOffsets(asMember))).to.deep.equal([ErrorCode.NONE]);
      fixture.scheduler.advance(200);
      const members = fixture.coordinator.group(GROUP)?.members;
      expect([...(members?.keys() ?? [])]).to.deep.equal([leader.memberId]);
      expect(await fetchOffsets(session, GROUP, null)).to.deep.equal([
        { topic: TOPIC, partition: 0, offset: 5, metadata: '' },
      ]);
    });

    it('answers COORDINATOR_NOT_AVAILABLE when ZooKeeper fails the write', async () => {
      const closed = await openZkSession(zkChroot('offset-coordinator-closed'));
      await closed.close();
      const broken = build(() => closed);
      expect(
        codes(
          await broken.handleCommitOffsets(
            simpleCommit('g1', [{ topic: TOPIC, partition: 0, offset: 1, metadata: null }]),
          ),
        ),
      ).to.deep.equal([ErrorCode.COORDINATOR_NOT_AVAILABLE]);
    });
  });

  describe('handleFetchOffsets', () => {
    it('returns stored offsets, -1 for partitions never committed, or the group error with -1 offsets', async () => {
      await commitOffsets(session, 'g1', [{ topic: TOPIC, partition: 0, offset: 11, metadata: 'x' }]);
      expect(
        await offsets.handleFetchOffsets('g1', [
          { topic: TOPIC, partition: 0 },
          { topic: TOPIC, partition: 1 },
        ]),
      ).to.deep.equal({
        errorCode: ErrorCode.NONE,
        offsets: [
          { topic: TOPIC, partition: 0, offset: 11, metadata: 'x' },
          { topic: TOPIC, partition: 1, offset: -1, metadata: '' },
        ],
      });
      notCoordinated.add('g1');
      expect(await offsets.handleFetchOffsets('g1', [{ topic: TOPIC, partition: 0 }])).to.deep.equal({
        errorCode: ErrorCode.NOT_COORDINATOR,
        offsets: [{ topic: TOPIC, partition: 0, offset: -1, metadata: '' }],
      });
      expect(await offsets.handleFetchOffsets('g1', null)).to.deep.equal({
        errorCode: ErrorCode.NOT_COORDINATOR,
        offsets: [],
      });
    });
  });

  describe('handleDeleteGroups', () => {
    it('deletes an empty group with its offsets; a second mention, or a group never seen, is GROUP_ID_NOT_FOUND', async () => {
      await commitOffsets(session, 'g1', [{ topic: TOPIC, partition: 0, offset: 1, metadata: '' }]);
      expect(await offsets.handleDeleteGroups(['g1', 'g1', 'never'])).to.deep.equal([
        { groupId: 'g1', errorCode: ErrorCode.NONE },
        { groupId: 'g1', errorCode: ErrorCode.GROUP_ID_NOT_FOUND },
        { groupId: 'never', errorCode: ErrorCode.GROUP_ID_NOT_FOUND },
      ]);
      expect(await session.exists('/consumers/g1')).to.equal(null);
    });

    it('refuses a group with members and one coordinated elsewhere, keeping their offsets', async () => {
      await stableGroupOfTwo(fixture);
      await commitOffsets(session, GROUP, [{ topic: TOPIC, partition: 0, offset: 1, metadata: '' }]);
      await commitOffsets(session, 'elsewhere', [{ topic: TOPIC, partition: 0, offset: 2, metadata: '' }]);
      notCoordinated.add('elsewhere');
      expect(codes(await offsets.handleDeleteGroups([GROUP, 'elsewhere']))).to.deep.equal([
        ErrorCode.NON_EMPTY_GROUP,
        ErrorCode.NOT_COORDINATOR,
      ]);
      expect(await fetchOffsets(session, GROUP, null)).to.have.length(1);
      expect(await fetchOffsets(session, 'elsewhere', null)).to.have.length(1);
    });

    it('forgets an empty in-memory group without offsets, even one whose id cannot name a znode', async () => {
      for (const groupId of ['empty', 'not/a/znode']) {
        const joined = fixture.coordinator.handleJoinGroup(joinRequest({ groupId, clientId: 'solo' }));
        fixture.scheduler.advance(INITIAL_DELAY_MS * 2);
        expect((await joined).errorCode).to.equal(ErrorCode.NONE);
        // The member never syncs: its session ends and the group is left Empty.
        fixture.scheduler.advance(SESSION_TIMEOUT_MS * 2);
        expect(fixture.coordinator.group(groupId)?.state, groupId).to.equal('Empty');
      }
      expect(codes(await offsets.handleDeleteGroups(['empty', 'not/a/znode', 'other/id']))).to.deep.equal([
        ErrorCode.NONE,
        ErrorCode.NONE,
        ErrorCode.GROUP_ID_NOT_FOUND,
      ]);
      expect(fixture.coordinator.group('empty')).to.equal(undefined);
    });
  });
});
