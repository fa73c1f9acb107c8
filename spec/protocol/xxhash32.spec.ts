// Proves xxHash32 matches the reference: xxHash's own sanity vectors (every length branch, seed 0
// and seed PRIME32_1), short strings, content checksums taken from frames the lz4 tool wrote,
// and the LZ4 header checksum bytes seen in real frames.
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { xxhash32 } from '../../lib/protocol/xxhash32';

const PRIME32 = 0x9e3779b1;
const LZ4_TOOL = '/usr/bin/lz4';

/** xxHash's sanity buffer: the top byte of a 64-bit multiplicative generator. */
function sanityBuffer(length: number): Buffer {
  const buf = Buffer.alloc(length);
  const mask = (1n << 64n) - 1n;
  let generator = 2654435761n;
  for (let i = 0; i < length; i++) {
    buf[i] = Number(generator >> 56n);
    generator = (generator * 11400714785074694797n) & mask;
  }
  return buf;
}

describe('xxhash32', () => {
  it('matches the reference sanity vectors', () => {
    const vectors: Array<[number, number, number]> = [
      [0, 0, 0x02cc5d05],
      [0, PRIME32, 0x36b78ae7],
      [1, 0, 0xcf65b03e],
      [1, PRIME32, 0xb4545aa4],
      [4, 0, 0xa9de7ce9],
      [4, PRIME32, 0x2baafe83],
      [14, 0, 0x1208e7e2],
      [14, PRIME32, 0x6af1d1fe],
      [16, 0, 0x93ba3759],
      [16, PRIME32, 0xa94fc1e1],
      [17, 0, 0x89fdc23e],
      [17, PRIME32, 0xc9910739],
      [32, 0, 0xd89829ec],
      [32, PRIME32, 0xa5c44467],
      [222, 0, 0x5bd11dbd],
      [222, PRIME32, 0x58803c5f],
      [2367, 0, 0x4c8a9773],
      [2367, PRIME32, 0x6d5366f6],
    ];
    const buf = sanityBuffer(2367);
    for (const [length, seed, expected] of vectors) {
      expect(xxhash32(buf.subarray(0, length), seed), `length ${length} seed ${seed}`).to.equal(expected);
    }
  });

  it('hashes short strings with seed 0', () => {
    expect(xxhash32(Buffer.alloc(0))).to.equal(0x02cc5d05);
    expect(xxhash32(Buffer.from('a'))).to.equal(0x550d7456);
    expect(xxhash32(Buffer.from('abc'))).to.equal(0x32d153ff);
  });

  it('equals the content checksums the lz4 tool wrote (captured fixtures)', () => {
    const bytes = Buffer.alloc(1024);
    for (let i = 0; i < bytes.length; i++) bytes[i] = i & 0xff;
    expect(xxhash32(Buffer.from('hello world'))).to.equal(0xcebb6622);
    expect(xxhash32(Buffer.from('The quick brown fox jumps over the lazy dog'))).to.equal(0xe85ea4de);
    expect(xxhash32(Buffer.from('0123456789abcdef0123456789abcdef!'))).to.equal(0x0c66a739);
    expect(xxhash32(bytes)).to.equal(0x58654d5a);
  });

  it('gives the header checksum bytes of real LZ4 frames', () => {
    const headerChecksum = (flg: number, bd: number) => (xxhash32(Buffer.from([flg, bd])) >>> 8) & 0xff;
    expect(headerChecksum(0x60, 0x40)).to.equal(0x82); // Kafka's Java client
    expect(headerChecksum(0x64, 0x40)).to.equal(0xa7); // lz4 tool, 64 KiB blocks
    expect(headerChecksum(0x64, 0x70)).to.equal(0xb9); // lz4 tool, 4 MiB blocks
    expect(headerChecksum(0x44, 0x40)).to.equal(0x5e); // linked blocks
  });

  // Registered only where the tool is installed: the fixtures above stand in for it elsewhere.
  if (!fs.existsSync(LZ4_TOOL)) return;

  it('equals the content checksum of a frame the system lz4 tool writes now', () => {
    for (const length of [0, 3, 100, 70000]) {
      const data = randomBytes(length);
      const frame = execFileSync(LZ4_TOOL, ['-c', '-q'], { input: data });
      expect(xxhash32(data), `length ${length}`).to.equal(frame.readUInt32LE(frame.length - 4));
    }
  });
});
