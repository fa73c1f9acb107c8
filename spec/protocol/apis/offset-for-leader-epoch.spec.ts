// Proves the OffsetForLeaderEpoch codec round-trips every version and pins its layout with
// hand-built bytes: v0 without replica id, current leader epoch or response epoch (those decode
// as -2, -1, -1), v3 with all of them, and flexible v4.
import { expect } from 'chai';
import { offsetForLeaderEpochApi } from '../../../lib/protocol/apis/offset-for-leader-epoch';
import { checkAllVersions } from './round-trip';
import { checkFixture } from './fixture';

describe('OffsetForLeaderEpoch codec', () => {
  it('serves versions 0-4, flexible from 4', () => {
    expect(offsetForLeaderEpochApi.apiKey).to.equal(23);
    expect(offsetForLeaderEpochApi.servedVersions).to.deep.equal({ min: 0, max: 4 });
    expect(offsetForLeaderEpochApi.isFlexible(3)).to.equal(false);
    expect(offsetForLeaderEpochApi.isFlexible(4)).to.equal(true);
  });

  it('round-trips requests of every version', () => {
    checkAllVersions(offsetForLeaderEpochApi, 'request', () => ({
      replicaId: 2,
      topics: [
        {
          topic: 'orders',
          partitions: [
            { partition: 0, currentLeaderEpoch: 9, leaderEpoch: 7 },
            { partition: 1, currentLeaderEpoch: -1, leaderEpoch: 9 },
          ],
        },
        { topic: 'audit', partitions: [{ partition: 4, currentLeaderEpoch: 2, leaderEpoch: 0 }] },
      ],
    }));
  });

  it('round-trips responses of every version', () => {
    checkAllVersions(offsetForLeaderEpochApi, 'response', () => ({
      throttleTimeMs: 0,
      topics: [
        {
          topic: 'orders',
          partitions: [
            { errorCode: 0, partition: 0, leaderEpoch: 7, endOffset: 1234567890123 },
            { errorCode: 74, partition: 1, leaderEpoch: -1, endOffset: -1 },
          ],
        },
      ],
    }));
  });

  it('matches hand-built v0 request and response', () => {
    checkFixture(offsetForLeaderEpochApi, 'request', 0, '00000001 0001 74 00000001 00000000 00000005', {
      replicaId: -2,
      topics: [{ topic: 't', partitions: [{ partition: 0, currentLeaderEpoch: -1, leaderEpoch: 5 }] }],
    });
    checkFixture(offsetForLeaderEpochApi, 'response', 0, '00000001 0001 74 00000001 0000 00000000 000000000000002a', {
      throttleTimeMs: 0,
      topics: [{ topic: 't', partitions: [{ errorCode: 0, partition: 0, leaderEpoch: -1, endOffset: 42 }] }],
    });
  });

  it('matches hand-built v3 request and response: replica id, current epoch, throttle, epoch', () => {
    checkFixture(
      offsetForLeaderEpochApi,
      'request',
      3,
      '00000002 00000001 0001 74 00000001 00000000 00000006 00000005',
      {
        replicaId: 2,
        topics: [{ topic: 't', partitions: [{ partition: 0, currentLeaderEpoch: 6, leaderEpoch: 5 }] }],
      },
    );
    checkFixture(
      offsetForLeaderEpochApi,
      'response',
      3,
      '00000000 00000001 0001 74 00000001 0000 00000000 00000005 000000000000002a',
      {
        throttleTimeMs: 0,
        topics: [{ topic: 't', partitions: [{ errorCode: 0, partition: 0, leaderEpoch: 5, endOffset: 42 }] }],
      },
    );
  });

  it('matches a hand-built v4 request with compact arrays and tagged sections', () => {
    checkFixture(offsetForLeaderEpochApi, 'request', 4, '00000002 02 0274 02 00000000 00000006 00000005 00 00 00', {
      replicaId: 2,
      topics: [{ topic: 't', partitions: [{ partition: 0, currentLeaderEpoch: 6, leaderEpoch: 5 }] }],
    });
  });
});
