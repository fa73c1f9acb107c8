// Proves the OffsetFetch codec round-trips every version (nullable topics from v2, top-level
// error from v2, leader epoch from v5, flexible v6, the v8 groups form) and pins the v1
// response and v8 request layouts.
import { expect } from 'chai';
import { offsetFetchApi } from '../../../lib/protocol/apis/offset-fetch';
import { checkFixture } from './fixture';
import { checkAllVersions } from './round-trip';

const partitions = [
  { partitionIndex: 0, committedOffset: 1042, committedLeaderEpoch: 3, metadata: '', errorCode: 0 },
  { partitionIndex: 1, committedOffset: -1, committedLeaderEpoch: -1, metadata: null, errorCode: 0 },
];

describe('OffsetFetch codec', () => {
  it('serves 0-8, flexible from 6', () => {
    expect(offsetFetchApi.apiKey).to.equal(9);
    expect(offsetFetchApi.servedVersions).to.deep.equal({ min: 0, max: 8 });
    expect(offsetFetchApi.validVersions).to.deep.equal({ min: 0, max: 8 });
    expect(offsetFetchApi.isFlexible(5)).to.equal(false);
    expect(offsetFetchApi.isFlexible(6)).to.equal(true);
  });

  it('round-trips requests of every version', () => {
    checkAllVersions(offsetFetchApi, 'request', () => ({
      groupId: 'payments-consumers',
      topics: [
        { name: 'payments', partitionIndexes: [0, 1, 2] },
        { name: 'audit', partitionIndexes: [] },
      ],
      groups: [
        { groupId: 'payments-consumers', topics: [{ name: 'payments', partitionIndexes: [0, 1, 2] }] },
        { groupId: 'audit-consumers', topics: null },
      ],
      requireStable: true,
    }));
    checkAllVersions(offsetFetchApi, 'request', (v) => ({
      groupId: 'g',
      topics: v >= 2 ? null : [],
      groups: [],
      requireStable: false,
    }));
  });

  it('round-trips responses of every version', () => {
    checkAllVersions(offsetFetchApi, 'response', () => ({
      throttleTimeMs: 1,
      topics: [{ name: 'payments', partitions }],
      errorCode: 0,
      groups: [
        { groupId: 'payments-consumers', topics: [{ name: 'payments', partitions }], errorCode: 0 },
        { groupId: 'loading', topics: [], errorCode: 14 },
      ],
    }));
    checkAllVersions(offsetFetchApi, 'response', () => ({ throttleTimeMs: 0, topics: [], errorCode: 16, groups: [] }));
  });

  it('matches a hand-built v1 response and v8 request', () => {
    checkFixture(offsetFetchApi, 'response', 1, '00000001 0001 74 00000001 00000000 000000000000002a 0000 0000', {
      throttleTimeMs: 0,
      topics: [
        {
          name: 't',
          partitions: [
            { partitionIndex: 0, committedOffset: 42, committedLeaderEpoch: -1, metadata: '', errorCode: 0 },
          ],
        },
      ],
      errorCode: 0,
      groups: [],
    });
    checkFixture(offsetFetchApi, 'request', 8, '02 0267 00 00 00 00', {
      groupId: '',
      topics: [],
      groups: [{ groupId: 'g', topics: null }],
      requireStable: false,
    });
  });
});
