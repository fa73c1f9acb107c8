// Proves the LeaveGroup codec round-trips every version (one member up to v2, a members batch
// with per-member errors from v3, flexible v4) and pins the v0 and v3 request layouts.
import { expect } from 'chai';
import { leaveGroupApi } from '../../../lib/protocol/apis/leave-group';
import { checkFixture } from './fixture';
import { checkAllVersions } from './round-trip';

describe('LeaveGroup codec', () => {
  it('serves 0-4, flexible from 4', () => {
    expect(leaveGroupApi.apiKey).to.equal(13);
    expect(leaveGroupApi.servedVersions).to.deep.equal({ min: 0, max: 4 });
    expect(leaveGroupApi.isFlexible(3)).to.equal(false);
  });

  it('round-trips requests and responses of every version', () => {
    checkAllVersions(leaveGroupApi, 'request', () => ({
      groupId: 'payments-consumers',
      memberId: 'client-1-0b0e',
      members: [
        { memberId: 'client-1-0b0e', groupInstanceId: null },
        { memberId: '', groupInstanceId: 'instance-2' },
      ],
    }));
    checkAllVersions(leaveGroupApi, 'response', () => ({
      throttleTimeMs: 0,
      errorCode: 0,
      members: [
        { memberId: 'client-1-0b0e', groupInstanceId: null, errorCode: 0 },
        { memberId: 'gone', groupInstanceId: 'instance-2', errorCode: 25 },
      ],
    }));
  });

  it('matches hand-built v0 and v3 requests', () => {
    checkFixture(leaveGroupApi, 'request', 0, '0001 67 0001 6d', { groupId: 'g', memberId: 'm', members: [] });
    checkFixture(leaveGroupApi, 'request', 3, '0001 67 00000001 0001 6d ffff', {
      groupId: 'g',
      memberId: '',
      members: [{ memberId: 'm', groupInstanceId: null }],
    });
  });
});
