// Proves the ListGroups codec round-trips every version (flexible from v3, states filter and
// group state in v4) and pins the v0 response and v4 request layouts.
import { expect } from 'chai';
import { listGroupsApi } from '../../../lib/protocol/apis/list-groups';
import { checkFixture } from './fixture';
import { checkAllVersions } from './round-trip';

describe('ListGroups codec', () => {
  it('serves 0-4, flexible from 3', () => {
    expect(listGroupsApi.apiKey).to.equal(16);
    expect(listGroupsApi.servedVersions).to.deep.equal({ min: 0, max: 4 });
    expect(listGroupsApi.isFlexible(3)).to.equal(true);
  });

  it('round-trips requests and responses of every version', () => {
    checkAllVersions(listGroupsApi, 'request', () => ({ statesFilter: ['Stable', 'Empty'] }));
    checkAllVersions(listGroupsApi, 'request', () => ({ statesFilter: [] }));
    checkAllVersions(listGroupsApi, 'response', () => ({
      throttleTimeMs: 0,
      errorCode: 0,
      groups: [
        { groupId: 'payments-consumers', protocolType: 'consumer', groupState: 'Stable' },
        { groupId: 'standalone', protocolType: '', groupState: 'Empty' },
      ],
    }));
  });

  it('matches hand-built v0 response and v4 request', () => {
    checkFixture(listGroupsApi, 'response', 0, '0000 00000001 0001 67 0008 636f6e73756d6572', {
      throttleTimeMs: 0,
      errorCode: 0,
      groups: [{ groupId: 'g', protocolType: 'consumer', groupState: '' }],
    });
    checkFixture(listGroupsApi, 'request', 4, '02 07 537461626c65 00', { statesFilter: ['Stable'] });
  });
});
