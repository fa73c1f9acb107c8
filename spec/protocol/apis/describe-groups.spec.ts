// Proves the DescribeGroups codec round-trips every version (authorized operations from v3,
// group instance ids from v4, flexible v5) and pins the v0 request and response layouts.
import { expect } from 'chai';
import { describeGroupsApi } from '../../../lib/protocol/apis/describe-groups';
import { encodeConsumerAssignment, encodeConsumerSubscription } from '../../../lib/protocol/consumer-protocol';
import { checkFixture } from './fixture';
import { checkAllVersions } from './round-trip';

const memberMetadata = encodeConsumerSubscription({ topics: ['payments'], userData: null, ownedPartitions: [] });
const memberAssignment = encodeConsumerAssignment({
  assignedPartitions: [{ topic: 'payments', partitions: [0, 1, 2] }],
  userData: null,
});

describe('DescribeGroups codec', () => {
  it('serves 0-5, flexible from 5', () => {
    expect(describeGroupsApi.apiKey).to.equal(15);
    expect(describeGroupsApi.servedVersions).to.deep.equal({ min: 0, max: 5 });
    expect(describeGroupsApi.isFlexible(5)).to.equal(true);
  });

  it('round-trips requests and responses of every version', () => {
    checkAllVersions(describeGroupsApi, 'request', () => ({
      groups: ['payments-consumers', 'audit-consumers'],
      includeAuthorizedOperations: true,
    }));
    checkAllVersions(describeGroupsApi, 'response', (v) => ({
      throttleTimeMs: 0,
      groups: [
        {
          errorCode: 0,
          groupId: 'payments-consumers',
          groupState: 'Stable',
          protocolType: 'consumer',
          protocolData: 'range',
          members: [
            {
              memberId: 'client-1-0b0e',
              groupInstanceId: v >= 4 ? 'instance-1' : undefined,
              clientId: 'client-1',
              clientHost: '/10.0.0.7',
              memberMetadata,
              memberAssignment,
            },
          ],
          authorizedOperations: -2147483648,
        },
        {
          errorCode: 16,
          groupId: 'elsewhere',
          groupState: '',
          protocolType: '',
          protocolData: '',
          members: [],
          authorizedOperations: 0,
        },
      ],
    }));
  });

  it('matches hand-built v0 request and response', () => {
    checkFixture(describeGroupsApi, 'request', 0, '00000001 0001 67', {
      groups: ['g'],
      includeAuthorizedOperations: false,
    });
    checkFixture(describeGroupsApi, 'response', 0, '00000001 0000 0001 67 0005 456d707479 0000 0000 00000000', {
      throttleTimeMs: 0,
      groups: [
        {
          errorCode: 0,
          groupId: 'g',
          groupState: 'Empty',
          protocolType: '',
          protocolData: '',
          members: [],
          authorizedOperations: -2147483648,
        },
      ],
    });
  });
});
