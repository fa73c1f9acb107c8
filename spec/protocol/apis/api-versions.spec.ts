// Proves the ApiVersions codec round-trips every version and matches hand-built bytes for the
// v0 and v3 requests (v3: compact client software strings) and the v0 and v3 responses.
import { expect } from 'chai';
import { apiVersionsApi, ApiVersionsResponse } from '../../../lib/protocol/apis/api-versions';
import { decodeRequestHeader } from '../../../lib/protocol/header';
import { bytesFromHex, checkAllVersions } from './round-trip';

const response: ApiVersionsResponse = {
  errorCode: 0,
  apiKeys: [
    { apiKey: 0, minVersion: 0, maxVersion: 7 },
    { apiKey: 18, minVersion: 0, maxVersion: 3 },
  ],
  throttleTimeMs: 5,
  supportedFeatures: [{ name: 'feature.a', minVersion: 1, maxVersion: 2 }],
  finalizedFeaturesEpoch: 3,
  finalizedFeatures: [{ name: 'feature.a', maxVersionLevel: 2, minVersionLevel: 1 }],
};

describe('ApiVersions codec', () => {
  it('round-trips requests of every version', () => {
    checkAllVersions(apiVersionsApi, 'request', () => ({
      clientSoftwareName: 'librdkafka',
      clientSoftwareVersion: '2.0.2',
    }));
  });

  it('round-trips responses of every version, with and without tagged features', () => {
    checkAllVersions(apiVersionsApi, 'response', () => ({ ...response }));
    checkAllVersions(apiVersionsApi, 'response', () => ({ errorCode: 35, apiKeys: [], throttleTimeMs: 0 }));
  });

  it('decodes a hand-built v0 request frame (header v1, empty body)', () => {
    const frame = bytesFromHex('0012 0000 00000001 0004 6b636174');
    const { header, headerVersion, bodyOffset } = decodeRequestHeader(frame, 0, frame.length);
    expect(header).to.deep.equal({ apiKey: 18, apiVersion: 0, correlationId: 1, clientId: 'kcat' });
    expect(headerVersion).to.equal(1);
    expect(bodyOffset).to.equal(frame.length);
    expect(apiVersionsApi.decodeRequest(frame, bodyOffset, frame.length, 0)).to.deep.equal({
      clientSoftwareName: '',
      clientSoftwareVersion: '',
    });
  });

  it('decodes a hand-built v3 request frame (header v2, compact strings, tagged fields)', () => {
    const frame = bytesFromHex(
      '0012 0003 00000007 0007 72646b61666b61 00' + // header: key, version, correlation id, client id, no tags
        '0b 6c696272646b61666b61 06 322e302e32 00', // body: "librdkafka", "2.0.2", no tags
    );
    const { header, headerVersion, bodyOffset } = decodeRequestHeader(frame, 0, frame.length);
    expect(header).to.deep.equal({ apiKey: 18, apiVersion: 3, correlationId: 7, clientId: 'rdkafka' });
    expect(headerVersion).to.equal(2);
    const body = apiVersionsApi.decodeRequest(frame, bodyOffset, frame.length, 3);
    expect(body).to.deep.equal({ clientSoftwareName: 'librdkafka', clientSoftwareVersion: '2.0.2' });
    expect(Buffer.concat(apiVersionsApi.encodeRequest(body, 3))).to.deep.equal(frame.subarray(bodyOffset));
  });

  it('encodes a v0 response as error code and classic array only', () => {
    const bytes = Buffer.concat(apiVersionsApi.encodeResponse(response, 0));
    expect(bytes.toString('hex')).to.equal('0000' + '00000002' + '000000000007' + '001200000003');
  });

  it('encodes a v3 response with compact arrays and tagged features only when set', () => {
    const plain = Buffer.concat(
      apiVersionsApi.encodeResponse({ errorCode: 0, apiKeys: [response.apiKeys[1]], throttleTimeMs: 0 }, 3),
    );
    expect(plain.toString('hex')).to.equal('0000' + '02' + '001200000003' + '00' + '00000000' + '00');
    const withEpoch = Buffer.concat(
      apiVersionsApi.encodeResponse({ errorCode: 0, apiKeys: [], throttleTimeMs: 0, finalizedFeaturesEpoch: 2 }, 3),
    );
    expect(withEpoch.toString('hex')).to.equal('0000' + '01' + '00000000' + '01' + '01' + '08' + '0000000000000002');
  });
});
