// Proves request headers v0/v1/v2 and response headers v0/v1 against hand-built bytes, the
// header-version rules (ControlledShutdown v0, flexible versions, ApiVersions always v0), and
// that unknown api keys still yield their client id.
import { expect } from 'chai';
import { ApiKey } from '../../lib/protocol/api-keys';
import {
  decodeRequestHeader,
  decodeResponseHeader,
  encodeRequestHeader,
  encodeResponseHeader,
  requestHeaderVersion,
  responseHeaderVersion,
} from '../../lib/protocol/header';
import { ProtocolError } from '../../lib/protocol/protocol-error';

function hex(text: string): Buffer {
  return Buffer.from(text.replace(/\s+/g, ''), 'hex');
}

describe('headers', () => {
  describe('versions', () => {
    it('uses request header v0 only for ControlledShutdown v0', () => {
      expect(requestHeaderVersion(ApiKey.CONTROLLED_SHUTDOWN, 0)).to.equal(0);
      expect(requestHeaderVersion(ApiKey.CONTROLLED_SHUTDOWN, 1)).to.equal(1);
      expect(requestHeaderVersion(ApiKey.CONTROLLED_SHUTDOWN, 3)).to.equal(2);
    });

    it('uses request header v2 from the first flexible version of each API', () => {
      expect(requestHeaderVersion(ApiKey.METADATA, 8)).to.equal(1);
      expect(requestHeaderVersion(ApiKey.METADATA, 9)).to.equal(2);
      expect(requestHeaderVersion(ApiKey.FETCH, 11)).to.equal(1);
      expect(requestHeaderVersion(ApiKey.FETCH, 12)).to.equal(2);
      expect(requestHeaderVersion(ApiKey.PRODUCE, 9)).to.equal(2);
      expect(requestHeaderVersion(ApiKey.API_VERSIONS, 3)).to.equal(2);
      expect(requestHeaderVersion(ApiKey.SASL_HANDSHAKE, 1)).to.equal(1);
      expect(requestHeaderVersion(ApiKey.ALTER_ISR, 0)).to.equal(2);
      expect(requestHeaderVersion(999, 5)).to.equal(1);
    });

    it('uses response header v1 for flexible versions, but always v0 for ApiVersions', () => {
      expect(responseHeaderVersion(ApiKey.API_VERSIONS, 3)).to.equal(0);
      expect(responseHeaderVersion(ApiKey.API_VERSIONS, 4)).to.equal(0);
      expect(responseHeaderVersion(ApiKey.FETCH, 12)).to.equal(1);
      expect(responseHeaderVersion(ApiKey.FETCH, 11)).to.equal(0);
      expect(responseHeaderVersion(ApiKey.CREATE_TOPICS, 5)).to.equal(1);
    });
  });

  describe('request header', () => {
    it('decodes v0: key, version, correlation id, no client id', () => {
      const buf = hex('0007 0000 0000002a ff');
      const decoded = decodeRequestHeader(buf, 0, buf.length);
      expect(decoded.header).to.deep.equal({ apiKey: 7, apiVersion: 0, correlationId: 42, clientId: null });
      expect(decoded.headerVersion).to.equal(0);
      expect(decoded.bodyOffset).to.equal(8);
    });

    it('decodes v1 with a classic nullable client id', () => {
      const buf = hex('0003 0001 00000005 0003 616263' + '00000000');
      const decoded = decodeRequestHeader(buf, 0, buf.length);
      expect(decoded.header).to.deep.equal({ apiKey: 3, apiVersion: 1, correlationId: 5, clientId: 'abc' });
      expect(decoded.bodyOffset).to.equal(13);
      const nullId = hex('0003 0001 00000005 ffff');
      expect(decodeRequestHeader(nullId, 0, nullId.length).header.clientId).to.equal(null);
    });

    it('decodes v2: the client id stays a classic string, then tagged fields are skipped', () => {
      const buf = hex('0001 000c 00000006 0003 616263 01 00 02 aaaa' + '7f');
      const decoded = decodeRequestHeader(buf, 0, buf.length);
      expect(decoded.header).to.deep.equal({ apiKey: 1, apiVersion: 12, correlationId: 6, clientId: 'abc' });
      expect(decoded.headerVersion).to.equal(2);
      expect(buf[decoded.bodyOffset]).to.equal(0x7f);
    });

    it('decodes an unknown api key as v1 so the client id can be logged', () => {
      const buf = hex('03e7 0005 00000001 0004 6b636174');
      expect(decodeRequestHeader(buf, 0, buf.length).header).to.deep.equal({
        apiKey: 999,
        apiVersion: 5,
        correlationId: 1,
        clientId: 'kcat',
      });
    });

    it('decodes within [offset, end) of a larger buffer', () => {
      const buf = hex('aaaa 0003 0001 00000005 0003 616263 bbbb');
      const decoded = decodeRequestHeader(buf, 2, buf.length - 2);
      expect(decoded.header.clientId).to.equal('abc');
      expect(decoded.bodyOffset).to.equal(buf.length - 2);
    });

    it('encodes every header version to the bytes it decodes from', () => {
      const header = { apiKey: 3, apiVersion: 9, correlationId: 77, clientId: 'samsa' };
      expect(encodeRequestHeader(header, 0).toString('hex')).to.equal('00030009' + '0000004d');
      expect(encodeRequestHeader(header, 1).toString('hex')).to.equal('00030009' + '0000004d' + '0005' + '73616d7361');
      const v2 = encodeRequestHeader(header, 2);
      expect(v2.toString('hex')).to.equal('00030009' + '0000004d' + '0005' + '73616d7361' + '00');
      expect(decodeRequestHeader(v2, 0, v2.length).header).to.deep.equal(header);
    });

    it('reports a truncated header as a ProtocolError at every cut', () => {
      const buf = hex('0001 000c 00000006 0003 616263 00');
      for (let cut = 0; cut < buf.length; cut++) {
        expect(() => decodeRequestHeader(buf, 0, cut), `cut at ${cut}`).to.throw(ProtocolError);
      }
    });
  });

  describe('response header', () => {
    it('encodes v0 as the correlation id and v1 with an empty tag section', () => {
      expect(encodeResponseHeader(258, 0).toString('hex')).to.equal('00000102');
      expect(encodeResponseHeader(258, 1).toString('hex')).to.equal('0000010200');
    });

    it('decodes v0 and v1, skipping tagged fields', () => {
      expect(decodeResponseHeader(hex('00000102 ff'), 0, 5, 0)).to.deep.equal({ correlationId: 258, bodyOffset: 4 });
      expect(decodeResponseHeader(hex('00000102 01 00 01 aa ff'), 0, 9, 1)).to.deep.equal({
        correlationId: 258,
        bodyOffset: 8,
      });
    });
  });
});
