// Proves the JoinGroup codec round-trips every version Kafka 2.8 defines (rebalance timeout
// from v1, static membership from v5, flexible v6, protocol type in v7) and pins the v0
// request layout with hand-built bytes.
import { expect } from 'chai';
import { joinGroupApi } from '../../../lib/protocol/apis/join-group';
import { encodeConsumerSubscription } from '../../../lib/protocol/consumer-protocol';
import { checkFixture } from './fixture';
import { checkAllVersions } from './round-trip';

const subscription = encodeConsumerSubscription({ topics: ['audit', 'payments'], userData: null, ownedPartitions: [] });

describe('JoinGroup codec', () => {
  it('serves 0-6 of 0-7, flexible from 6', () => {
    expect(joinGroupApi.apiKey).to.equal(11);
    expect(joinGroupApi.servedVersions).to.deep.equal({ min: 0, max: 6 });
    expect(joinGroupApi.validVersions).to.deep.equal({ min: 0, max: 7 });
    expect(joinGroupApi.isFlexible(6)).to.equal(true);
  });

  it('round-trips requests of every version', () => {
    checkAllVersions(joinGroupApi, 'request', (v) => ({
      groupId: 'payments-consumers',
      sessionTimeoutMs: 10000,
      rebalanceTimeoutMs: 300000,
      memberId: '',
      groupInstanceId: v >= 5 ? 'instance-1' : undefined,
      protocolType: 'consumer',
      protocols: [
        { name: 'range', metadata: subscription },
        { name: 'roundrobin', metadata: Buffer.alloc(0) },
      ],
    }));
  });

  it('round-trips responses of every version', () => {
    checkAllVersions(joinGroupApi, 'response', (v) => ({
      throttleTimeMs: 0,
      errorCode: 0,
      generationId: 4,
      protocolType: 'consumer',
      protocolName: 'range',
      leader: 'client-1-0b0e',
      memberId: 'client-1-0b0e',
      members: [
        { memberId: 'client-1-0b0e', groupInstanceId: v >= 5 ? 'instance-1' : undefined, metadata: subscription },
        { memberId: 'client-2-77aa', groupInstanceId: null, metadata: subscription },
      ],
    }));
    checkAllVersions(joinGroupApi, 'response', (v) => ({
      throttleTimeMs: 0,
      errorCode: 79,
      generationId: -1,
      protocolType: null,
      protocolName: v >= 7 ? null : '',
      leader: '',
      memberId: 'client-3-9c1d',
      members: [],
    }));
  });

  it('matches a hand-built v0 request', () => {
    const metadata = '0000 00000001 0001 61 ffffffff';
    checkFixture(
      joinGroupApi,
      'request',
      0,
      `0001 67 00007530 0000 0008 636f6e73756d6572 00000001 0005 72616e6765 0000000d ${metadata}`,
      {
        groupId: 'g',
        sessionTimeoutMs: 30000,
        rebalanceTimeoutMs: -1,
        memberId: '',
        groupInstanceId: null,
        protocolType: 'consumer',
        protocols: [{ name: 'range', metadata: Buffer.from(metadata.replace(/\s+/g, ''), 'hex') }],
      },
    );
  });
});
