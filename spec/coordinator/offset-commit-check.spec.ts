// Proves OffsetCommit validation follows GROUPS.md §5.7 for every group state: simple commits
// (generation -1) only without members, members only in their generation, none mid-sync, and
// none from a static member whose instance id another member id now holds (FENCED_INSTANCE_ID).
import { expect } from 'chai';
import { GroupMetadata, MemberMetadata } from '../../lib/coordinator/group-metadata';
import { offsetCommitError } from '../../lib/coordinator/offset-commit-check';
import { ErrorCode } from '../../lib/protocol/error-codes';

function memberA(): MemberMetadata {
  return {
    memberId: 'a',
    groupInstanceId: null,
    clientId: 'a',
    clientHost: '/127.0.0.1',
    sessionTimeoutMs: 10_000,
    rebalanceTimeoutMs: 10_000,
    protocolType: 'consumer',
    supportedProtocols: [{ name: 'range', metadata: Buffer.alloc(0) }],
    assignment: Buffer.alloc(0),
    isNew: false,
    awaitingJoin: null,
    awaitingSync: null,
  };
}

function groupWithA(): GroupMetadata {
  const group = new GroupMetadata('g');
  group.add(memberA());
  group.transitionTo('PreparingRebalance');
  group.initNextGeneration();
  return group;
}

describe('coordinator/offset-commit-check', () => {
  it('a group never joined takes simple commits only', () => {
    expect(offsetCommitError(undefined, -1, '')).to.equal(ErrorCode.NONE);
    expect(offsetCommitError(undefined, 1, 'a')).to.equal(ErrorCode.ILLEGAL_GENERATION);
  });

  it('an Empty group takes simple commits; a Dead one none', () => {
    const group = new GroupMetadata('g');
    expect(offsetCommitError(group, -1, '')).to.equal(ErrorCode.NONE);
    expect(offsetCommitError(group, 0, 'x')).to.equal(ErrorCode.UNKNOWN_MEMBER_ID);
    group.transitionTo('Dead');
    expect(offsetCommitError(group, -1, '')).to.equal(ErrorCode.COORDINATOR_NOT_AVAILABLE);
  });

  it('mid-sync commits wait; Stable and PreparingRebalance take the member in its generation', () => {
    const group = groupWithA();
    expect(offsetCommitError(group, 1, 'a')).to.equal(ErrorCode.REBALANCE_IN_PROGRESS);
    group.transitionTo('Stable');
    expect(offsetCommitError(group, 1, 'a')).to.equal(ErrorCode.NONE);
    expect(offsetCommitError(group, 0, 'a')).to.equal(ErrorCode.ILLEGAL_GENERATION);
    expect(offsetCommitError(group, 1, 'b')).to.equal(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(offsetCommitError(group, -1, '')).to.equal(ErrorCode.UNKNOWN_MEMBER_ID);
    group.transitionTo('PreparingRebalance');
    expect(offsetCommitError(group, 1, 'a')).to.equal(ErrorCode.NONE);
  });

  it('a replaced static member id is fenced; the current holder of the instance id commits', () => {
    const group = new GroupMetadata('g');
    group.add({ ...memberA(), groupInstanceId: 'instance-1' });
    group.transitionTo('PreparingRebalance');
    group.initNextGeneration();
    group.transitionTo('Stable');
    group.replaceStaticMember('instance-1', 'a2');
    expect(offsetCommitError(group, 1, 'a', 'instance-1')).to.equal(ErrorCode.FENCED_INSTANCE_ID);
    expect(offsetCommitError(group, 1, 'a2', 'instance-1')).to.equal(ErrorCode.NONE);
    expect(offsetCommitError(group, 1, 'a')).to.equal(ErrorCode.UNKNOWN_MEMBER_ID);
  });
});
