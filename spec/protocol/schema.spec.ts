// Proves the generic schema walker against hand-computed bytes: fields come and go with their
// versions (defaults on decode, skipped on encode), flexible versions switch to compact forms
// with tagged-field sections, unknown tags are skipped, and misuse gives ProtocolError.
import { expect } from 'chai';
import { ProtocolError } from '../../lib/protocol/protocol-error';
import { Reader } from '../../lib/protocol/reader';
import { decodeMessage, encodeMessage, MessageSchema, parseVersions, MAX_API_VERSION } from '../../lib/protocol/schema';
import { Writer } from '../../lib/protocol/writer';

const testSchema: MessageSchema = {
  name: 'TestRequest',
  apiKey: 1000,
  validVersions: '0-3',
  flexibleVersions: '2+',
  fields: [
    { name: 'id', type: 'int32', versions: '0+' },
    { name: 'label', type: 'string', versions: '1+', nullableVersions: '1+' },
    { name: 'count', type: 'int64', versions: '1+', default: -1 },
    { name: 'flags', type: '[]int16', versions: '0+' },
    {
      name: 'items',
      type: '[]struct',
      versions: '0+',
      nullableVersions: '1+',
      fields: [
        { name: 'name', type: 'string', versions: '0+' },
        { name: 'weight', type: 'float64', versions: '3+' },
      ],
    },
    { name: 'gone', type: 'bool', versions: '0-1' },
    { name: 'note', type: 'string', versions: '2+', nullableVersions: '2+', tag: 0, taggedVersions: '2+' },
    {
      name: 'extra',
      type: 'struct',
      versions: '3+',
      tag: 1,
      taggedVersions: '3+',
      fields: [{ name: 'a', type: 'int32', versions: '3+', default: -1 }],
    },
  ],
};

const fullBody = {
  id: 7,
  label: 'hi',
  count: 5,
  flags: [1, -1],
  items: [{ name: 'x', weight: 0.5 }],
  gone: true,
  note: 'n',
  extra: { a: 9 },
};

function encodeHex(body: unknown, version: number): string {
  const w = new Writer();
  encodeMessage(testSchema, w, body, version);
  return Buffer.concat(w.finish()).toString('hex');
}

function decodeHex(hex: string, version: number): unknown {
  const buf = Buffer.from(hex.replace(/\s+/g, ''), 'hex');
  const reader = new Reader(buf);
  const body = decodeMessage(testSchema, reader, version);
  expect(reader.offset, 'whole message consumed').to.equal(buf.length);
  return body;
}

function expectProtocolError(fn: () => unknown, kind: ProtocolError['kind']): void {
  expect(fn).to.throw(ProtocolError).with.property('kind', kind);
}

describe('schema walker', () => {
  it('parses Kafka version ranges', () => {
    expect(parseVersions('3+')).to.deep.equal({ min: 3, max: MAX_API_VERSION });
    expect(parseVersions('0-4')).to.deep.equal({ min: 0, max: 4 });
    expect(parseVersions('7')).to.deep.equal({ min: 7, max: 7 });
    expect(parseVersions('none')).to.equal(null);
    expect(() => parseVersions('x')).to.throw();
  });

  it('encodes a non-flexible version with only the fields it has', () => {
    expect(encodeHex(fullBody, 0)).to.equal(
      '00000007' + '00000002 0001 ffff'.replace(/ /g, '') + '00000001 0001 78'.replace(/ /g, '') + '01',
    );
  });

  it('decodes absent fields to their defaults', () => {
    expect(decodeHex('00000007 00000002 0001 ffff 00000001 0001 78 01', 0)).to.deep.equal({
      id: 7,
      label: null,
      count: -1,
      flags: [1, -1],
      items: [{ name: 'x', weight: 0 }],
      gone: true,
      note: null,
      extra: { a: -1 },
    });
  });

  it('encodes a flexible version with compact forms and tagged fields', () => {
    const expected = '00000007 036869 0000000000000005 03 0001 ffff 02 02 78 00 01 00 02 026e';
    expect(encodeHex(fullBody, 2)).to.equal(expected.replace(/ /g, ''));
    expect(decodeHex(expected, 2)).to.deep.equal({
      ...fullBody,
      gone: false,
      items: [{ name: 'x', weight: 0 }],
      extra: { a: -1 },
    });
  });

  it('writes tagged fields in tag order, structs with their own tag section', () => {
    const expected =
      '00000007 036869 0000000000000005 03 0001 ffff 02 02 78 3fe0000000000000 00' + '02 00 02 026e 01 05 00000009 00';
    expect(encodeHex(fullBody, 3)).to.equal(expected.replace(/ /g, ''));
    expect(decodeHex(expected, 3)).to.deep.equal({ ...fullBody, gone: false });
  });

  it('omits tagged fields that hold their default', () => {
    const hex = encodeHex({ ...fullBody, note: null, extra: { a: -1 } }, 3);
    expect(hex.endsWith('3fe0000000000000' + '00' + '00')).to.equal(true);
  });

  it('skips unknown tags on decode', () => {
    const decoded = decodeHex(
      '00000007 036869 0000000000000005 03 0001 ffff 02 02 78 00' + '02 00 02 026e 05 03 aabbcc',
      2,
    );
    expect(decoded).to.have.property('note', 'n');
  });

  it('fills in missing body fields with defaults on encode', () => {
    expect(encodeHex({ id: 1 }, 1)).to.equal('00000001' + 'ffff' + 'ffffffffffffffff' + '00000000' + '00000000' + '00');
  });

  it('encodes and decodes null where the version allows it', () => {
    const hex = encodeHex({ ...fullBody, items: null, label: null }, 1);
    expect(hex).to.equal('00000007' + 'ffff' + '0000000000000005' + '00000002' + '0001ffff' + 'ffffffff' + '01');
    expect(decodeHex(hex, 1)).to.include({ items: null, label: null });
    expect(encodeHex({ ...fullBody, items: null }, 2)).to.contain('00000000000000050300' + '01ffff' + '00');
  });

  it('refuses null where the version does not allow it', () => {
    expectProtocolError(() => encodeHex({ ...fullBody, items: null }, 0), 'malformed');
    expectProtocolError(() => encodeHex({ ...fullBody, items: [{ name: null }] }, 2), 'malformed');
    expectProtocolError(() => decodeHex('00000007 00000000 ffffffff 01', 0), 'bad-length');
  });

  it('refuses versions outside the schema', () => {
    expectProtocolError(() => encodeHex(fullBody, 4), 'unsupported-version');
    expectProtocolError(() => decodeHex('00', -1), 'unsupported-version');
  });

  it('never shares default arrays or structs between decoded messages', () => {
    const a = decodeHex('00000007 00000000 00000000 01', 0) as typeof fullBody;
    const b = decodeHex('00000007 00000000 00000000 01', 0) as typeof fullBody;
    a.extra.a = 99;
    expect(b.extra.a).to.equal(-1);
    expect(a.flags).to.not.equal(b.flags);
  });

  it('reports a tagged field that claims more bytes than remain as truncated', () => {
    expectProtocolError(() => decodeHex('00000007 036869 0000000000000005 01 01' + '01 00 09 026e', 2), 'truncated');
  });

  it('reports a decode cut at any byte as a ProtocolError', () => {
    const full = Buffer.from(encodeHex(fullBody, 3), 'hex');
    for (let cut = 0; cut < full.length; cut++) {
      expect(() => decodeMessage(testSchema, new Reader(full, 0, cut), 3), `cut at ${cut}`).to.throw(ProtocolError);
    }
  });
});
