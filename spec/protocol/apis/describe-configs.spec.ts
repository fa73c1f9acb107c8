// Proves the DescribeConfigs codec round-trips every version (flexible from v4) with null and
// listed configuration keys, v0's isDefault, v1+ sources and synonyms and v3+ types, and pins
// the v0 and v1 request layouts and a v1 response byte for byte.
import { expect } from 'chai';
import { describeConfigsApi } from '../../../lib/protocol/apis/describe-configs';
import { apiSpecFor } from '../../../lib/protocol/apis';
import { checkFixture } from './fixture';
import { checkAllVersions } from './round-trip';

describe('DescribeConfigs codec', () => {
  it('serves 0-2 of 0-4, flexible from 4, and is listed by api key', () => {
    expect(describeConfigsApi.apiKey).to.equal(32);
    expect(describeConfigsApi.servedVersions).to.deep.equal({ min: 0, max: 2 });
    expect(describeConfigsApi.validVersions).to.deep.equal({ min: 0, max: 4 });
    expect(describeConfigsApi.isFlexible(3)).to.equal(false);
    expect(describeConfigsApi.isFlexible(4)).to.equal(true);
    expect(apiSpecFor(32)).to.equal(describeConfigsApi);
  });

  it('round-trips requests and responses of every version', () => {
    checkAllVersions(describeConfigsApi, 'request', () => ({
      resources: [
        { resourceType: 2, resourceName: 'orders', configurationKeys: null },
        { resourceType: 4, resourceName: '1', configurationKeys: ['log.retention.ms', 'message.max.bytes'] },
        { resourceType: 4, resourceName: '', configurationKeys: [] },
      ],
      includeSynonyms: true,
      includeDocumentation: true,
    }));
    checkAllVersions(describeConfigsApi, 'response', () => ({
      throttleTimeMs: 7,
      results: [
        {
          errorCode: 0,
          errorMessage: null,
          resourceType: 2,
          resourceName: 'orders',
          configs: [
            {
              name: 'retention.ms',
              value: '86400000',
              readOnly: false,
              isDefault: false,
              configSource: 1,
              isSensitive: false,
              synonyms: [
                { name: 'retention.ms', value: '86400000', source: 1 },
                { name: 'log.retention.hours', value: '168', source: 5 },
              ],
              configType: 5,
              documentation: 'How long to keep a segment.',
            },
            {
              name: 'secret',
              value: null,
              readOnly: true,
              isDefault: true,
              configSource: 5,
              isSensitive: true,
              synonyms: [],
              configType: 0,
              documentation: null,
            },
          ],
        },
        {
          errorCode: 3,
          errorMessage: "Topic 'gone' does not exist.",
          resourceType: 2,
          resourceName: 'gone',
          configs: [],
        },
      ],
    }));
  });

  it('matches hand-built v0 and v1 requests and a v1 response', () => {
    checkFixture(describeConfigsApi, 'request', 0, '00000001 02 0001 74 ffffffff', {
      resources: [{ resourceType: 2, resourceName: 't', configurationKeys: null }],
      includeSynonyms: false,
      includeDocumentation: false,
    });
    checkFixture(describeConfigsApi, 'request', 1, '00000001 04 0001 30 00000001 0001 61 01', {
      resources: [{ resourceType: 4, resourceName: '0', configurationKeys: ['a'] }],
      includeSynonyms: true,
      includeDocumentation: false,
    });
    // results[0]: error 0, null message, TOPIC "t", one config a=1 (not read-only, source 1,
    // not sensitive) with one synonym a=1 source 1.
    checkFixture(
      describeConfigsApi,
      'response',
      1,
      '00000000 00000001 0000 ffff 02 0001 74 00000001 0001 61 0001 31 00 01 00 00000001 0001 61 0001 31 01',
      {
        throttleTimeMs: 0,
        results: [
          {
            errorCode: 0,
            errorMessage: null,
            resourceType: 2,
            resourceName: 't',
            configs: [
              {
                name: 'a',
                value: '1',
                readOnly: false,
                isDefault: false,
                configSource: 1,
                isSensitive: false,
                synonyms: [{ name: 'a', value: '1', source: 1 }],
                configType: 0,
                documentation: null,
              },
            ],
          },
        ],
      },
    );
  });
});
