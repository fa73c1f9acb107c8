// Proves the SyncGroup codec round-trips every version Kafka 2.8 defines (static membership
// from v3, flexible v4, protocol type and name in v5) and pins the v0 response layout.
import { expect } from 'chai';
import { syncGroupApi } from '../../../lib/protocol/apis/sync-group';
import { encodeConsumerAssignment } from '../../../lib/protocol/consumer-protocol';
import { checkFixture } from './fixture';
import { checkAllVersions } from './round-trip';

const assignment = encodeConsumerAssignment({
  assignedPartitions: [{ topic: 'payments', partitions: [0, 2] }],
  userData: null,
});

describe('SyncGroup codec', () => {
  it('serves 0-4 of 0-5, flexible from 4', () => {
    expect(syncGroupApi.apiKey).to.equal(14);
    expect(syncGroupApi.servedVersions).to.deep.equal({ min: 0, max: 4 });
    expect(syncGroupApi.validVersions).to.deep.equal({ min: 0, max: 5 });
    expect(syncGroupApi.isFlexible(4)).to.equal(true);
  });

  it('round-trips requests and responses of every version', () => {
    checkAllVersions(syncGroupApi, 'request', (v) => ({
      groupId: 'payments-consumers',
      generationId: 4,
      memberId: 'client-1-0b0e',
      groupInstanceId: v >= 3 ? 'instance-1' : undefined,
      protocolType: 'consumer',
      protocolName: 'range',
      assignments: [
        { memberId: 'client-1-0b0e', assignment },
        { memberId: 'client-2-77aa', assignment: Buffer.alloc(0) },
      ],
    }));
    checkAllVersions(syncGroupApi, 'request', () => ({
      groupId: 'g',
      generationId: 4,
      memberId: 'follower',
      assignments: [],
    }));
    checkAllVersions(syncGroupApi, 'response', () => ({
      throttleTimeMs: 0,
      errorCode: 0,
      protocolType: 'consumer',
      protocolName: 'range',
      assignment,
    }));
  });

  it('matches a hand-built v0 response', () => {
    checkFixture(syncGroupApi, 'response', 0, '001b 00000000', {
      throttleTimeMs: 0,
      errorCode: 27,
      protocolType: null,
      protocolName: null,
      assignment: Buffer.alloc(0),
    });
  });
});
