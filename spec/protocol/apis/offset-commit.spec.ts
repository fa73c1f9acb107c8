// Proves the OffsetCommit codec round-trips every version (commit timestamp only in v1,
// retention in v2-4, leader epoch from v6, flexible v8) and pins the v2 request layout.
import { expect } from 'chai';
import { offsetCommitApi } from '../../../lib/protocol/apis/offset-commit';
import { checkFixture } from './fixture';
import { checkAllVersions } from './round-trip';

describe('OffsetCommit codec', () => {
  it('serves 0-8, flexible from 8', () => {
    expect(offsetCommitApi.apiKey).to.equal(8);
    expect(offsetCommitApi.servedVersions).to.deep.equal({ min: 0, max: 8 });
    expect(offsetCommitApi.isFlexible(7)).to.equal(false);
    expect(offsetCommitApi.isFlexible(8)).to.equal(true);
  });

  it('round-trips requests of every version', () => {
    checkAllVersions(offsetCommitApi, 'request', (v) => ({
      groupId: 'payments-consumers',
      generationId: 7,
      memberId: 'rdkafka-5f1c0b8e-2d0f-4d4c-9d53-3f0e5b0f6a11',
      groupInstanceId: v >= 7 ? 'instance-1' : undefined,
      retentionTimeMs: 86400000,
      topics: [
        {
          name: 'payments',
          partitions: [
            {
              partitionIndex: 0,
              committedOffset: 1042,
              committedLeaderEpoch: 3,
              commitTimestamp: 1700000000000,
              committedMetadata: '',
            },
            {
              partitionIndex: 5,
              committedOffset: 2 ** 40,
              committedLeaderEpoch: -1,
              commitTimestamp: -1,
              committedMetadata: null,
            },
          ],
        },
        { name: 'audit', partitions: [{ partitionIndex: 1, committedOffset: 0, committedMetadata: 'host-a' }] },
      ],
    }));
    checkAllVersions(offsetCommitApi, 'request', () => ({ groupId: '', topics: [] }));
  });

  it('round-trips responses of every version', () => {
    checkAllVersions(offsetCommitApi, 'response', () => ({
      throttleTimeMs: 12,
      topics: [
        {
          name: 'payments',
          partitions: [
            { partitionIndex: 0, errorCode: 0 },
            { partitionIndex: 5, errorCode: 12 },
          ],
        },
        { name: 'ghost', partitions: [{ partitionIndex: 0, errorCode: 3 }] },
      ],
    }));
  });

  it('matches a hand-built v2 request', () => {
    checkFixture(
      offsetCommitApi,
      'request',
      2,
      '0001 67 00000003 0001 6d ffffffffffffffff 00000001 0001 74 00000001 00000000 000000000000002a 0000',
      {
        groupId: 'g',
        generationId: 3,
        memberId: 'm',
        groupInstanceId: null,
        retentionTimeMs: -1,
        topics: [
          {
            name: 't',
            partitions: [
              {
                partitionIndex: 0,
                committedOffset: 42,
                committedLeaderEpoch: -1,
                commitTimestamp: -1,
                committedMetadata: '',
              },
            ],
          },
        ],
      },
    );
  });
});
