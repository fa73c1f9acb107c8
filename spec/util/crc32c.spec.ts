// Proves crc32c computes CRC-32C (Castagnoli) — not plain CRC-32 — over whole buffers and
// sub-ranges, at every memory alignment, including lengths that exercise the 16-byte word loop,
// the alignment prefix and the byte tail.
import { expect } from 'chai';
import { crc32c } from '../../lib/util/crc32c';

/** Bit-at-a-time reference, independent of the table-driven implementation. */
function referenceCrc32c(buf: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of buf) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

describe('crc32c', () => {
  it('matches the standard check value for "123456789"', () => {
    expect(crc32c(Buffer.from('123456789', 'ascii'))).to.equal(0xe3069283);
  });

  it('is 0 for an empty buffer', () => {
    expect(crc32c(Buffer.alloc(0))).to.equal(0);
  });

  it('matches published vectors (RFC 3720 iSCSI test patterns)', () => {
    expect(crc32c(Buffer.alloc(32, 0x00))).to.equal(0x8a9136aa);
    expect(crc32c(Buffer.alloc(32, 0xff))).to.equal(0x62a8ab43);
    const ascending = Buffer.from(Array.from({ length: 32 }, (_, i) => i));
    expect(crc32c(ascending)).to.equal(0x46dd794e);
  });

  it('returns an unsigned value', () => {
    const value = crc32c(Buffer.alloc(32, 0xff));
    expect(value).to.be.greaterThan(0);
    expect(value).to.equal(value >>> 0);
  });

  it('agrees with a bit-at-a-time reference for every length 0..40', () => {
    const data = Buffer.from(Array.from({ length: 40 }, (_, i) => (i * 37 + 11) & 0xff));
    for (let length = 0; length <= 40; length++) {
      expect(crc32c(data, 0, length), `length ${length}`).to.equal(referenceCrc32c(data.subarray(0, length)));
    }
  });

  it('agrees with the reference at every alignment, in buffers that are views into larger memory', () => {
    const memory = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 131 + 7) & 0xff));
    for (let viewStart = 0; viewStart < 4; viewStart++) {
      const view = memory.subarray(viewStart);
      for (const [start, end] of [
        [0, 0],
        [1, 17],
        [2, 35],
        [3, 64],
        [0, 255],
        [5, 296 - viewStart],
      ]) {
        expect(crc32c(view, start, end), `view +${viewStart} [${start}, ${end})`).to.equal(
          referenceCrc32c(view.subarray(start, end)),
        );
      }
    }
  });

  it('covers only the [start, end) range', () => {
    const data = Buffer.from('xx123456789yy', 'ascii');
    expect(crc32c(data, 2, 11)).to.equal(0xe3069283);
  });

  it('handles a large buffer like the reference', () => {
    const big = Buffer.alloc(1024 * 1024 + 3);
    for (let i = 0; i < big.length; i++) big[i] = (i * 2654435761) >>> 24;
    expect(crc32c(big)).to.equal(referenceCrc32c(big));
  });

  it('rejects a range outside the buffer', () => {
    expect(() => crc32c(Buffer.alloc(4), 0, 5)).to.throw(RangeError);
  });
});
