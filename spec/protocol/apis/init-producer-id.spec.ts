// Proves the InitProducerId codec round-trips every version (flexible from v2; producer id and
// epoch in requests from v3) and pins the v0 and v4 request layouts and the v2 response.
import { expect } from 'chai';
import { initProducerIdApi } from '../../../lib/protocol/apis/init-producer-id';
import { apiSpecFor } from '../../../lib/protocol/apis';
import { checkFixture } from './fixture';
import { checkAllVersions } from './round-trip';

describe('InitProducerId codec', () => {
  it('serves 0-4, flexible from 2, and is listed by api key', () => {
    expect(initProducerIdApi.apiKey).to.equal(22);
    expect(initProducerIdApi.servedVersions).to.deep.equal({ min: 0, max: 4 });
    expect(initProducerIdApi.isFlexible(1)).to.equal(false);
    expect(initProducerIdApi.isFlexible(2)).to.equal(true);
    expect(apiSpecFor(22)).to.equal(initProducerIdApi);
  });

  it('round-trips requests and responses of every version', () => {
    checkAllVersions(initProducerIdApi, 'request', () => ({
      transactionalId: null,
      transactionTimeoutMs: 60000,
      producerId: 4001,
      producerEpoch: 3,
    }));
    checkAllVersions(initProducerIdApi, 'request', () => ({
      transactionalId: 'txn-1',
      transactionTimeoutMs: 1000,
      producerId: -1,
      producerEpoch: -1,
    }));
    checkAllVersions(initProducerIdApi, 'response', () => ({
      throttleTimeMs: 0,
      errorCode: 0,
      producerId: 2 ** 40 + 7,
      producerEpoch: 0,
    }));
  });

  it('matches hand-built v0 and v4 requests and a v2 response', () => {
    checkFixture(initProducerIdApi, 'request', 0, 'ffff 0000ea60', {
      transactionalId: null,
      transactionTimeoutMs: 60000,
      producerId: -1,
      producerEpoch: -1,
    });
    checkFixture(initProducerIdApi, 'request', 4, '00 0000ea60 00000000000003e9 0002 00', {
      transactionalId: null,
      transactionTimeoutMs: 60000,
      producerId: 1001,
      producerEpoch: 2,
    });
    checkFixture(initProducerIdApi, 'response', 2, '00000000 0000 00000000000003e8 0000 00', {
      throttleTimeMs: 0,
      errorCode: 0,
      producerId: 1000,
      producerEpoch: 0,
    });
  });
});
