// Proves the Reader decodes each Kafka primitive from known bytes, and that every read past the
// frame end or with an impossible length is a typed ProtocolError, never a RangeError.
import { expect } from 'chai';
import { ProtocolError, ProtocolErrorKind } from '../../lib/protocol/protocol-error';
import { Reader } from '../../lib/protocol/reader';

function hex(text: string): Reader {
  return new Reader(Buffer.from(text.replace(/\s+/g, ''), 'hex'));
}

function expectProtocolError(fn: () => unknown, kind: ProtocolErrorKind): void {
  try {
    fn();
  } catch (error) {
    expect(error).to.be.instanceOf(ProtocolError);
    expect((error as ProtocolError).kind).to.equal(kind);
    return;
  }
  expect.fail(`expected a ProtocolError (${kind})`);
}

describe('Reader', () => {
  it('reads fixed-width big-endian integers, booleans and doubles', () => {
    const r = hex('ff 8000 ffffffff 80000000 fffffffffffffffe 01 00 3ff8000000000000');
    expect(r.int8()).to.equal(-1);
    expect(r.int16()).to.equal(-32768);
    expect(r.int32()).to.equal(-1);
    expect(r.uint32()).to.equal(0x80000000);
    expect(r.int64()).to.equal(-2);
    expect(r.bool()).to.equal(true);
    expect(r.bool()).to.equal(false);
    expect(r.float64()).to.equal(1.5);
    expect(r.remaining).to.equal(0);
  });

  it('reads int64 values up to the safe-integer limits', () => {
    expect(hex('001fffffffffffff').int64()).to.equal(Number.MAX_SAFE_INTEGER);
    expect(hex('ffe0000000000001').int64()).to.equal(Number.MIN_SAFE_INTEGER);
    expect(hex('0000000100000000').int64()).to.equal(4294967296);
  });

  it('rejects int64 values outside the safe-integer range', () => {
    expectProtocolError(() => hex('0020000000000000').int64(), 'malformed');
    expectProtocolError(() => hex('ffe0000000000000').int64(), 'malformed');
    expectProtocolError(() => hex('7fffffffffffffff').int64(), 'malformed');
  });

  it('reads unsigned and zigzag varints', () => {
    expect(hex('00').uvarint()).to.equal(0);
    expect(hex('ac02').uvarint()).to.equal(300);
    expect(hex('ffffffff0f').uvarint()).to.equal(0xffffffff);
    const zigzag = hex('00 01 02 03 7e 7f 8001 feffffff0f ffffffff0f');
    expect([0, 0, 0, 0, 0, 0, 0, 0, 0].map(() => zigzag.varint())).to.deep.equal([
      0, -1, 1, -2, 63, -64, 64, 2147483647, -2147483648,
    ]);
  });

  it('rejects varints longer than their width', () => {
    expectProtocolError(() => hex('ffffffffff01').uvarint(), 'malformed');
    expectProtocolError(() => hex('ffffffff1f').uvarint(), 'malformed');
  });

  it('reads varlongs, including ones beyond 32 bits', () => {
    expect(hex('01').varlong()).to.equal(-1);
    expect(hex('8080808020').varlong()).to.equal(4294967296);
    expect(hex('ffffffff1f').varlong()).to.equal(-4294967296);
    expect(hex('feffffffffffff1f').varlong()).to.equal(Number.MAX_SAFE_INTEGER);
  });

  it('rejects varlongs outside the safe-integer range or longer than 10 bytes', () => {
    expectProtocolError(() => hex('8080808080808020').varlong(), 'malformed');
    expectProtocolError(() => hex('ffffffffffffffffff7f').varlong(), 'malformed');
    expectProtocolError(() => hex('ffffffffffffffffffff01').varlong(), 'malformed');
  });

  it('reads strings, nullable strings and compact strings', () => {
    const r = hex('0003 616263 ffff 04 78797a 00 01');
    expect(r.string(false)).to.equal('abc');
    expect(r.string(true)).to.equal(null);
    expect(r.compactString(false)).to.equal('xyz');
    expect(r.compactString(true)).to.equal(null);
    expect(r.compactString(false)).to.equal('');
  });

  it('returns bytes as a slice of the input, not a copy', () => {
    const buf = Buffer.from('00000003010203', 'hex');
    const bytes = new Reader(buf).bytes(false) as Buffer;
    expect([...bytes]).to.deep.equal([1, 2, 3]);
    expect(bytes.buffer).to.equal(buf.buffer);
    expect(bytes.byteOffset).to.equal(buf.byteOffset + 4);
  });

  it('reads a uuid as 32 hex digits', () => {
    expect(hex('00112233445566778899aabbccddeeff').uuid()).to.equal('00112233445566778899aabbccddeeff');
  });

  it('reads array lengths, classic and compact, with null only where allowed', () => {
    expect(hex('00000002 0000').arrayLength(false)).to.equal(2);
    expect(hex('ffffffff').arrayLength(true)).to.equal(-1);
    expect(hex('03 0000').compactArrayLength(false)).to.equal(2);
    expect(hex('00').compactArrayLength(true)).to.equal(-1);
  });

  it('skips every tagged field it is given', () => {
    const r = hex('02 00 02 aaaa 05 01 bb 7f');
    r.skipTaggedFields();
    expect(r.int8()).to.equal(0x7f);
  });

  describe('errors', () => {
    it('a read past the end is truncated', () => {
      expectProtocolError(() => hex('000000').int32(), 'truncated');
      expectProtocolError(() => hex('00').int16(), 'truncated');
      expectProtocolError(() => hex('').int8(), 'truncated');
      expectProtocolError(() => hex('80').uvarint(), 'truncated');
    });

    it('respects an end before the buffer end', () => {
      const r = new Reader(Buffer.from('0000000100000002', 'hex'), 0, 6);
      expect(r.int32()).to.equal(1);
      expectProtocolError(() => r.int32(), 'truncated');
    });

    it('a string longer than what is left is truncated', () => {
      expectProtocolError(() => hex('0005 6162').string(false), 'truncated');
      expectProtocolError(() => hex('06 6162').compactString(false), 'truncated');
      expectProtocolError(() => hex('00000005 01').bytes(false), 'truncated');
    });

    it('a negative length is a bad length', () => {
      expectProtocolError(() => hex('ffff').string(false), 'bad-length');
      expectProtocolError(() => hex('fffe').string(true), 'bad-length');
      expectProtocolError(() => hex('fffffffe').bytes(true), 'bad-length');
      expectProtocolError(() => hex('00').compactString(false), 'bad-length');
      expectProtocolError(() => hex('ffffffff').arrayLength(false), 'bad-length');
      expectProtocolError(() => hex('80000000').arrayLength(true), 'bad-length');
      expectProtocolError(() => hex('00').compactArrayLength(false), 'bad-length');
    });

    it('an array count that cannot fit the bytes left is a bad length', () => {
      expectProtocolError(() => hex('7fffffff 00').arrayLength(false), 'bad-length');
    });

    it('a bad range for the reader itself is a bad length', () => {
      expectProtocolError(() => new Reader(Buffer.alloc(2), 0, 3), 'bad-length');
      expectProtocolError(() => hex('00').raw(-1), 'bad-length');
    });
  });
});
