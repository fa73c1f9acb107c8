// Proves the DeleteGroups codec round-trips every version (flexible from v2) and pins the v0
// request and v2 response layouts.
import { expect } from 'chai';
import { deleteGroupsApi } from '../../../lib/protocol/apis/delete-groups';
import { checkFixture } from './fixture';
import { checkAllVersions } from './round-trip';

describe('DeleteGroups codec', () => {
  it('serves 0-2, flexible from 2', () => {
    expect(deleteGroupsApi.apiKey).to.equal(42);
    expect(deleteGroupsApi.servedVersions).to.deep.equal({ min: 0, max: 2 });
    expect(deleteGroupsApi.isFlexible(2)).to.equal(true);
  });

  it('round-trips requests and responses of every version', () => {
    checkAllVersions(deleteGroupsApi, 'request', () => ({ groupsNames: ['payments-consumers', 'old-group'] }));
    checkAllVersions(deleteGroupsApi, 'response', () => ({
      throttleTimeMs: 0,
      results: [
        { groupId: 'payments-consumers', errorCode: 68 },
        { groupId: 'old-group', errorCode: 0 },
      ],
    }));
  });

  it('matches hand-built v0 request and v2 response', () => {
    checkFixture(deleteGroupsApi, 'request', 0, '00000001 0001 67', { groupsNames: ['g'] });
    checkFixture(deleteGroupsApi, 'response', 2, '00000000 02 0267 0000 00 00', {
      throttleTimeMs: 0,
      results: [{ groupId: 'g', errorCode: 0 }],
    });
  });
});
