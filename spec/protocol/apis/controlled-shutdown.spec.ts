// Proves the ControlledShutdown codec round-trips every version, that a v0 request arrives under
// request header v0 (no client id) and its body still decodes, and pins v0/v2/v3 bytes by hand.
import { expect } from 'chai';
import { controlledShutdownApi } from '../../../lib/protocol/apis/controlled-shutdown';
import { decodeRequestHeader, encodeRequestHeader, requestHeaderVersion } from '../../../lib/protocol/header';
import { bytesFromHex, checkAllVersions } from './round-trip';
import { checkFixture } from './fixture';

describe('ControlledShutdown codec', () => {
  it('serves versions 0-3, flexible from 3', () => {
    expect(controlledShutdownApi.apiKey).to.equal(7);
    expect(controlledShutdownApi.servedVersions).to.deep.equal({ min: 0, max: 3 });
    expect(controlledShutdownApi.isFlexible(2)).to.equal(false);
    expect(controlledShutdownApi.isFlexible(3)).to.equal(true);
  });

  it('round-trips requests of every version', () => {
    checkAllVersions(controlledShutdownApi, 'request', () => ({ brokerId: 2, brokerEpoch: 4294967402 }));
  });

  it('round-trips responses of every version', () => {
    checkAllVersions(controlledShutdownApi, 'response', () => ({
      errorCode: 0,
      remainingPartitions: [
        { topicName: 'orders', partitionIndex: 0 },
        { topicName: 'orders', partitionIndex: 3 },
        { topicName: '__consumer_offsets', partitionIndex: 17 },
      ],
    }));
  });

  it('reads a whole v0 request frame: header v0 without client id, then the broker id', () => {
    const frame = bytesFromHex('0007 0000 0000002a 00000003');
    const { header, headerVersion, bodyOffset } = decodeRequestHeader(frame, 0, frame.length);
    expect(headerVersion).to.equal(0);
    expect(header).to.deep.equal({ apiKey: 7, apiVersion: 0, correlationId: 42, clientId: null });
    const body = controlledShutdownApi.decodeRequest(frame, bodyOffset, frame.length, header.apiVersion);
    expect(body).to.deep.equal({ brokerId: 3, brokerEpoch: -1 });
    const encodedHeader = encodeRequestHeader(header, requestHeaderVersion(7, 0));
    const reencoded = Buffer.concat([encodedHeader, ...controlledShutdownApi.encodeRequest(body, 0)]);
    expect(reencoded.toString('hex')).to.equal(frame.toString('hex'));
  });

  it('matches hand-built requests: v0 broker id only, v2 broker epoch, v3 tagged fields', () => {
    checkFixture(controlledShutdownApi, 'request', 0, '00000003', { brokerId: 3, brokerEpoch: -1 });
    checkFixture(controlledShutdownApi, 'request', 2, '00000003 000000010000006a', {
      brokerId: 3,
      brokerEpoch: 4294967402,
    });
    checkFixture(controlledShutdownApi, 'request', 3, '00000003 000000010000006a 00', {
      brokerId: 3,
      brokerEpoch: 4294967402,
    });
  });

  it('matches hand-built responses: v1 classic array, v3 compact', () => {
    const body = { errorCode: 0, remainingPartitions: [{ topicName: 't', partitionIndex: 2 }] };
    checkFixture(controlledShutdownApi, 'response', 1, '0000 00000001 0001 74 00000002', body);
    checkFixture(controlledShutdownApi, 'response', 3, '0000 02 0274 00000002 00 00', body);
  });
});
