// Proves the Heartbeat codec round-trips every version (static membership from v3, flexible v4)
// and pins the v0 request and v4 response layouts.
import { expect } from 'chai';
import { heartbeatApi } from '../../../lib/protocol/apis/heartbeat';
import { checkFixture } from './fixture';
import { checkAllVersions } from './round-trip';

describe('Heartbeat codec', () => {
  it('serves 0-4, flexible from 4', () => {
    expect(heartbeatApi.apiKey).to.equal(12);
    expect(heartbeatApi.servedVersions).to.deep.equal({ min: 0, max: 4 });
    expect(heartbeatApi.isFlexible(4)).to.equal(true);
  });

  it('round-trips requests and responses of every version', () => {
    checkAllVersions(heartbeatApi, 'request', (v) => ({
      groupId: 'payments-consumers',
      generationId: 4,
      memberId: 'client-1-0b0e',
      groupInstanceId: v >= 3 ? 'instance-1' : undefined,
    }));
    checkAllVersions(heartbeatApi, 'request', () => ({
      groupId: 'g',
      generationId: -1,
      memberId: '',
      groupInstanceId: null,
    }));
    checkAllVersions(heartbeatApi, 'response', () => ({ throttleTimeMs: 3, errorCode: 27 }));
  });

  it('matches hand-built v0 request and v4 response', () => {
    checkFixture(heartbeatApi, 'request', 0, '0001 67 00000002 0001 6d', {
      groupId: 'g',
      generationId: 2,
      memberId: 'm',
      groupInstanceId: null,
    });
    checkFixture(heartbeatApi, 'response', 4, '00000000 001b 00', { throttleTimeMs: 0, errorCode: 27 });
  });
});
