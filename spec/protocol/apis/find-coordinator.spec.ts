// Proves the FindCoordinator codec round-trips every version (one key up to v3, batched keys in
// v4) and pins the v0 response and v4 request layouts with hand-built bytes.
import { expect } from 'chai';
import { findCoordinatorApi } from '../../../lib/protocol/apis/find-coordinator';
import { checkFixture } from './fixture';
import { checkAllVersions } from './round-trip';

describe('FindCoordinator codec', () => {
  it('serves 0-4, flexible from 3', () => {
    expect(findCoordinatorApi.apiKey).to.equal(10);
    expect(findCoordinatorApi.servedVersions).to.deep.equal({ min: 0, max: 4 });
    expect(findCoordinatorApi.isFlexible(2)).to.equal(false);
    expect(findCoordinatorApi.isFlexible(3)).to.equal(true);
  });

  it('round-trips requests of every version', () => {
    checkAllVersions(findCoordinatorApi, 'request', () => ({
      key: 'payments-consumers',
      keyType: 0,
      coordinatorKeys: ['payments-consumers', 'audit'],
    }));
    checkAllVersions(findCoordinatorApi, 'request', () => ({ key: '', keyType: 1, coordinatorKeys: [] }));
  });

  it('round-trips responses of every version', () => {
    checkAllVersions(findCoordinatorApi, 'response', (v) => ({
      throttleTimeMs: 5,
      errorCode: 0,
      errorMessage: v >= 1 ? null : undefined,
      nodeId: 2,
      host: 'broker-2.internal',
      port: 9093,
      coordinators: [
        {
          key: 'payments-consumers',
          nodeId: 2,
          host: 'broker-2.internal',
          port: 9093,
          errorCode: 0,
          errorMessage: null,
        },
        {
          key: 'audit',
          nodeId: -1,
          host: '',
          port: -1,
          errorCode: 15,
          errorMessage: 'The coordinator is not available.',
        },
      ],
    }));
    checkAllVersions(findCoordinatorApi, 'response', () => ({
      throttleTimeMs: 0,
      errorCode: 15,
      errorMessage: 'The coordinator is not available.',
      nodeId: -1,
      host: '',
      port: -1,
      coordinators: [],
    }));
  });

  it('matches a hand-built v0 response and v4 request', () => {
    checkFixture(findCoordinatorApi, 'response', 0, '0000 00000001 0009 6c6f63616c686f7374 00002384', {
      throttleTimeMs: 0,
      errorCode: 0,
      errorMessage: null,
      nodeId: 1,
      host: 'localhost',
      port: 9092,
      coordinators: [],
    });
    checkFixture(findCoordinatorApi, 'request', 0, '0001 67', { key: 'g', keyType: 0, coordinatorKeys: [] });
    checkFixture(findCoordinatorApi, 'request', 4, '00 02 0267 00', { key: '', keyType: 0, coordinatorKeys: ['g'] });
  });
});
