// Proves the DescribeLogDirs codec round-trips every version (flexible from v2, the top-level
// errorCode from v3) with a null and a listed topic filter, and pins a v0 request, a v2 request
// and a v3 response byte for byte.
import { expect } from 'chai';
import { describeLogDirsApi } from '../../../lib/protocol/apis/describe-log-dirs';
import { apiSpecFor } from '../../../lib/protocol/apis';
import { checkFixture } from './fixture';
import { checkAllVersions } from './round-trip';

describe('DescribeLogDirs codec', () => {
  it('serves 0-3, flexible from 2, and is listed by api key', () => {
    expect(describeLogDirsApi.apiKey).to.equal(35);
    expect(describeLogDirsApi.servedVersions).to.deep.equal({ min: 0, max: 3 });
    expect(describeLogDirsApi.isFlexible(1)).to.equal(false);
    expect(describeLogDirsApi.isFlexible(2)).to.equal(true);
    expect(apiSpecFor(35)).to.equal(describeLogDirsApi);
  });

  it('round-trips requests and responses of every version', () => {
    checkAllVersions(describeLogDirsApi, 'request', () => ({ topics: null }));
    checkAllVersions(describeLogDirsApi, 'request', () => ({
      topics: [
        { topic: 'orders', partitions: [0, 2] },
        { topic: 'empty', partitions: [] },
      ],
    }));
    checkAllVersions(describeLogDirsApi, 'response', () => ({
      throttleTimeMs: 3,
      errorCode: 0,
      results: [
        {
          errorCode: 0,
          logDir: '/var/lib/samsa/a',
          topics: [
            {
              name: 'orders',
              partitions: [
                { partitionIndex: 0, partitionSize: 5_000_000_000, offsetLag: 0, isFutureKey: false },
                { partitionIndex: 2, partitionSize: 0, offsetLag: -1, isFutureKey: false },
              ],
            },
          ],
        },
        { errorCode: 56, logDir: '/var/lib/samsa/b', topics: [] },
      ],
    }));
  });

  it('matches hand-built v0 and v2 requests and a v3 response', () => {
    checkFixture(describeLogDirsApi, 'request', 0, 'ffffffff', { topics: null });
    checkFixture(describeLogDirsApi, 'request', 0, '00000001 0001 74 00000002 00000000 00000001', {
      topics: [{ topic: 't', partitions: [0, 1] }],
    });
    // Compact array of one topic: compact string "t", compact [0], struct and request tag buffers.
    checkFixture(describeLogDirsApi, 'request', 2, '02 02 74 02 00000000 00 00', {
      topics: [{ topic: 't', partitions: [0] }],
    });
    // throttle 0, error 0, one dir "/d" holding t-0: 100 bytes, lag 0, not a future log.
    checkFixture(
      describeLogDirsApi,
      'response',
      3,
      '00000000 0000 02 0000 03 2f64 02 02 74 02 00000000 0000000000000064 0000000000000000 00 00 00 00 00',
      {
        throttleTimeMs: 0,
        errorCode: 0,
        results: [
          {
            errorCode: 0,
            logDir: '/d',
            topics: [
              { name: 't', partitions: [{ partitionIndex: 0, partitionSize: 100, offsetLag: 0, isFutureKey: false }] },
            ],
          },
        ],
      },
    );
  });
});
