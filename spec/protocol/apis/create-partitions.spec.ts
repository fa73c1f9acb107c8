// Proves the CreatePartitions codec round-trips every version (flexible from v2), including a
// null assignment list, and pins the v0 and v2 request layouts and the v2 response.
import { expect } from 'chai';
import { createPartitionsApi } from '../../../lib/protocol/apis/create-partitions';
import { apiSpecFor } from '../../../lib/protocol/apis';
import { checkFixture } from './fixture';
import { checkAllVersions } from './round-trip';

describe('CreatePartitions codec', () => {
  it('serves 0-3, flexible from 2, and is listed by api key', () => {
    expect(createPartitionsApi.apiKey).to.equal(37);
    expect(createPartitionsApi.servedVersions).to.deep.equal({ min: 0, max: 3 });
    expect(createPartitionsApi.isFlexible(1)).to.equal(false);
    expect(createPartitionsApi.isFlexible(2)).to.equal(true);
    expect(apiSpecFor(37)).to.equal(createPartitionsApi);
  });

  it('round-trips requests and responses of every version', () => {
    checkAllVersions(createPartitionsApi, 'request', () => ({
      topics: [
        { name: 'orders', count: 4, assignments: [{ brokerIds: [1, 2] }, { brokerIds: [2, 3] }] },
        { name: 'payments', count: 6, assignments: null },
      ],
      timeoutMs: 30000,
      validateOnly: true,
    }));
    checkAllVersions(createPartitionsApi, 'response', () => ({
      throttleTimeMs: 0,
      results: [
        { name: 'orders', errorCode: 0, errorMessage: null },
        {
          name: 'payments',
          errorCode: 37,
          errorMessage: 'Topic currently has 8 partitions, which is higher than the requested 6.',
        },
      ],
    }));
  });

  it('matches hand-built v0 and v2 requests and a v2 response', () => {
    checkFixture(createPartitionsApi, 'request', 0, '00000001 0001 74 00000003 ffffffff 000003e8 00', {
      topics: [{ name: 't', count: 3, assignments: null }],
      timeoutMs: 1000,
      validateOnly: false,
    });
    checkFixture(createPartitionsApi, 'request', 2, '02 0274 00000003 02 03 00000001 00000002 00 00 000003e8 01 00', {
      topics: [{ name: 't', count: 3, assignments: [{ brokerIds: [1, 2] }] }],
      timeoutMs: 1000,
      validateOnly: true,
    });
    checkFixture(createPartitionsApi, 'response', 2, '00000000 02 0274 0025 00 00 00', {
      throttleTimeMs: 0,
      results: [{ name: 't', errorCode: 37, errorMessage: null }],
    });
  });
});
