// Proves the AlterIsr codec (version 0, flexible) round-trips realistic bodies and pins its
// request and response layout with hand-built bytes.
import { expect } from 'chai';
import { alterIsrApi } from '../../../lib/protocol/apis/alter-isr';
import { checkAllVersions } from './round-trip';
import { checkFixture } from './fixture';

describe('AlterIsr codec', () => {
  it('serves version 0 only, flexible', () => {
    expect(alterIsrApi.apiKey).to.equal(56);
    expect(alterIsrApi.servedVersions).to.deep.equal({ min: 0, max: 0 });
    expect(alterIsrApi.isFlexible(0)).to.equal(true);
  });

  it('round-trips requests', () => {
    checkAllVersions(alterIsrApi, 'request', () => ({
      brokerId: 2,
      brokerEpoch: 4294967402,
      topics: [
        {
          name: 'orders',
          partitions: [
            { partitionIndex: 0, leaderEpoch: 5, newIsr: [2, 3], currentIsrVersion: 11 },
            { partitionIndex: 4, leaderEpoch: 1, newIsr: [2, 1, 3], currentIsrVersion: 2 },
          ],
        },
      ],
    }));
  });

  it('round-trips responses', () => {
    checkAllVersions(alterIsrApi, 'response', () => ({
      throttleTimeMs: 0,
      errorCode: 0,
      topics: [
        {
          name: 'orders',
          partitions: [
            { partitionIndex: 0, errorCode: 0, leaderId: 2, leaderEpoch: 5, isr: [2, 3], currentIsrVersion: 12 },
            { partitionIndex: 4, errorCode: 52, leaderId: 2, leaderEpoch: 1, isr: [2, 1], currentIsrVersion: 2 },
          ],
        },
      ],
    }));
  });

  it('matches hand-built v0 request and response', () => {
    checkFixture(
      alterIsrApi,
      'request',
      0,
      '00000001 0000000000000009 02 0274 02 00000000 00000003 03 00000001 00000002 00000007 00 00 00',
      {
        brokerId: 1,
        brokerEpoch: 9,
        topics: [
          { name: 't', partitions: [{ partitionIndex: 0, leaderEpoch: 3, newIsr: [1, 2], currentIsrVersion: 7 }] },
        ],
      },
    );
    checkFixture(
      alterIsrApi,
      'response',
      0,
      '00000000 0000 02 0274 02 00000000 0000 00000001 00000004 03 00000001 00000002 00000008 00 00 00',
      {
        throttleTimeMs: 0,
        errorCode: 0,
        topics: [
          {
            name: 't',
            partitions: [
              { partitionIndex: 0, errorCode: 0, leaderId: 1, leaderEpoch: 4, isr: [1, 2], currentIsrVersion: 8 },
            ],
          },
        ],
      },
    );
  });
});
