// Shared check for hand-built byte fixtures: the bytes decode to the given body and the body
// encodes back to exactly those bytes, so a fixture pins the layout in both directions.
import { expect } from 'chai';
import { ApiSpec } from '../../../lib/protocol/api-spec';
import { bytesFromHex, Side } from './round-trip';

export function checkFixture(api: ApiSpec, side: Side, version: number, hex: string, body: object): void {
  const bytes = bytesFromHex(hex);
  const label = `${api.name} ${side} v${version} fixture`;
  const decode = side === 'request' ? api.decodeRequest : api.decodeResponse;
  const encode = side === 'request' ? api.encodeRequest : api.encodeResponse;
  expect(decode(bytes, 0, bytes.length, version), label).to.deep.equal(body);
  expect(Buffer.concat(encode(body, version)).toString('hex'), `${label} re-encoded`).to.equal(bytes.toString('hex'));
}
