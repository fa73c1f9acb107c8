// Proves the Writer produces Kafka's byte layouts, round-trips with the Reader, and passes large
// payloads through as their own chunks (no copy) while small values share a scratch buffer.
import { expect } from 'chai';
import { ProtocolError } from '../../lib/protocol/protocol-error';
import { Reader } from '../../lib/protocol/reader';
import { Writer, ZERO_COPY_MIN_BYTES } from '../../lib/protocol/writer';

function bytesOf(write: (w: Writer) => void): string {
  const w = new Writer(4);
  write(w);
  return w.toBuffer().toString('hex');
}

describe('Writer', () => {
  it('writes fixed-width integers big-endian', () => {
    expect(bytesOf((w) => (w.int8(-1), w.int16(-32768), w.int32(1), w.uint32(0x80000000)))).to.equal(
      'ff' + '8000' + '00000001' + '80000000',
    );
    expect(bytesOf((w) => w.int64(-2))).to.equal('fffffffffffffffe');
    expect(bytesOf((w) => w.int64(4294967296))).to.equal('0000000100000000');
    expect(bytesOf((w) => w.int64(Number.MIN_SAFE_INTEGER))).to.equal('ffe0000000000001');
  });

  it('refuses int64 values that are not safe integers', () => {
    expect(() => bytesOf((w) => w.int64(2 ** 53))).to.throw(ProtocolError);
    expect(() => bytesOf((w) => w.int64(1.5))).to.throw(ProtocolError);
  });

  it('writes varints with zigzag encoding', () => {
    expect(bytesOf((w) => [0, -1, 1, -2, 63, -64, 64].forEach((v) => w.varint(v)))).to.equal('00010203' + '7e7f8001');
    expect(bytesOf((w) => w.uvarint(300))).to.equal('ac02');
    expect(bytesOf((w) => w.varlong(4294967296))).to.equal('8080808020');
    expect(bytesOf((w) => w.varlong(Number.MAX_SAFE_INTEGER))).to.equal('feffffffffffff1f');
  });

  it('round-trips varlongs across the safe range with the Reader', () => {
    const values = [0, 1, -1, 2 ** 31, -(2 ** 31) - 1, 2 ** 48, -(2 ** 48), 2 ** 52 + 7, Number.MIN_SAFE_INTEGER];
    const w = new Writer();
    values.forEach((v) => w.varlong(v));
    const r = new Reader(w.toBuffer());
    expect(values.map(() => r.varlong())).to.deep.equal(values);
  });

  it('writes classic and compact strings, bytes and nulls', () => {
    expect(bytesOf((w) => (w.string('abc'), w.string(null)))).to.equal('0003616263ffff');
    expect(bytesOf((w) => (w.compactString('xyz'), w.compactString(null), w.compactString('')))).to.equal(
      '0478797a0001',
    );
    expect(bytesOf((w) => (w.bytes(Buffer.from([1])), w.bytes(null)))).to.equal('0000000101ffffffff');
    expect(bytesOf((w) => (w.compactBytes(Buffer.from([1])), w.compactBytes(null)))).to.equal('020100');
  });

  it('writes multi-byte UTF-8 strings with their byte length', () => {
    expect(bytesOf((w) => w.string('é'))).to.equal('0002c3a9');
  });

  it('writes array lengths and the empty tagged-field section', () => {
    expect(bytesOf((w) => (w.arrayLength(2, false), w.arrayLength(null, false)))).to.equal('00000002ffffffff');
    expect(bytesOf((w) => (w.arrayLength(2, true), w.arrayLength(null, true), w.emptyTaggedFields()))).to.equal(
      '030000',
    );
  });

  it('writes a uuid from 32 hex digits and rejects anything else', () => {
    expect(bytesOf((w) => w.uuid('00112233445566778899aabbccddeeff'))).to.equal('00112233445566778899aabbccddeeff');
    expect(() => bytesOf((w) => w.uuid('xyz'))).to.throw(ProtocolError);
  });

  it('grows its scratch buffer across many small writes', () => {
    const w = new Writer(4);
    for (let i = 0; i < 10000; i++) w.int32(i);
    expect(w.byteLength).to.equal(40000);
    const r = new Reader(w.toBuffer());
    for (let i = 0; i < 10000; i++) expect(r.int32()).to.equal(i);
  });

  it('appends large payloads as separate chunks without copying', () => {
    const large = Buffer.alloc(ZERO_COPY_MIN_BYTES, 7);
    const w = new Writer();
    w.int32(large.length);
    w.raw(large);
    w.int16(5);
    const chunks = w.finish();
    expect(chunks).to.have.length(3);
    expect(chunks[1]).to.equal(large);
    expect(Buffer.concat(chunks).length).to.equal(4 + large.length + 2);
  });

  it('copies small payloads into the scratch buffer', () => {
    const small = Buffer.alloc(10, 1);
    const w = new Writer();
    w.int8(0);
    w.raw(small);
    const chunks = w.finish();
    expect(chunks).to.have.length(1);
    expect(chunks[0].toString('hex')).to.equal('00' + '01'.repeat(10));
  });

  it('writes a record set given as pieces with the total as its length, each piece uncopied', () => {
    const a = Buffer.alloc(ZERO_COPY_MIN_BYTES, 1);
    const b = Buffer.alloc(ZERO_COPY_MIN_BYTES * 2, 2);
    const w = new Writer();
    w.records([a, b], false);
    const chunks = w.finish();
    expect(chunks[0].readInt32BE(0)).to.equal(a.length + b.length);
    expect(chunks).to.include(a);
    expect(chunks).to.include(b);
    const w2 = new Writer();
    w2.records([a, b], true);
    const r = new Reader(Buffer.concat(w2.finish()));
    expect(r.compactBytes(false)).to.deep.equal(Buffer.concat([a, b]));
  });

  it('keeps earlier chunks intact when the scratch buffer is reused after a pass-through', () => {
    const large = Buffer.alloc(ZERO_COPY_MIN_BYTES, 9);
    const w = new Writer(64);
    w.int32(1);
    w.raw(large);
    w.int32(2);
    const joined = Buffer.concat(w.finish());
    expect(joined.readInt32BE(0)).to.equal(1);
    expect(joined.readInt32BE(4 + large.length)).to.equal(2);
  });
});
