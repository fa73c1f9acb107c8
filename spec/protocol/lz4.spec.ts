// Proves the LZ4 frame codec: round trips from empty to multi-MiB input in the frame Kafka's Java
// client writes, the block format's end-of-block rules in what we write, decoding of every frame
// variant other producers write (hand-built here, and from the system lz4 tool when installed),
// and that truncated or damaged frames throw Lz4FormatError instead of returning garbage.
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { Lz4FormatError, lz4FrameCompress, lz4FrameDecompress } from '../../lib/protocol/lz4';
import { xxhash32 } from '../../lib/protocol/xxhash32';

const LZ4_TOOL = '/usr/bin/lz4';
const MAGIC = Buffer.from([0x04, 0x22, 0x4d, 0x18]);

/** A seeded generator, so a failing damage case can be replayed. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function textOf(bytes: number): Buffer {
  const words = ['offset', 'partition', 'leader', 'epoch', 'replica', 'isr', 'segment', 'batch', 'record', 'fetch'];
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; length < bytes; i++) {
    const part = `${words[(i * 7) % words.length]}=${(i * 2654435761) % 10007} `;
    parts.push(part);
    length += part.length;
  }
  return Buffer.from(parts.join('')).subarray(0, bytes);
}

/** Frame header bytes (magic, FLG, BD, optional content size, checksum) for a hand-built frame. */
function frameHeader(flg: number, bd: number, contentSize?: number): Buffer {
  const descriptor = Buffer.alloc(contentSize === undefined ? 2 : 10);
  descriptor[0] = flg;
  descriptor[1] = bd;
  if (contentSize !== undefined) descriptor.writeBigUInt64LE(BigInt(contentSize), 2);
  const checksum = Buffer.from([(xxhash32(descriptor) >>> 8) & 0xff]);
  return Buffer.concat([MAGIC, descriptor, checksum]);
}

function u32(value: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(value >>> 0, 0);
  return b;
}

/** A block entry: length word (high bit for stored blocks), data, optional checksum. */
function block(data: Buffer, options: { stored?: boolean; checksum?: boolean } = {}): Buffer {
  const word = options.stored ? (data.length | 0x80000000) >>> 0 : data.length;
  return Buffer.concat([u32(word), data, options.checksum ? u32(xxhash32(data)) : Buffer.alloc(0)]);
}

/** Re-labels one of our frames as carrying a content checksum and appends it. */
function withContentChecksum(frame: Buffer, content: Buffer): Buffer {
  const header = frameHeader(frame[4] | 0x04, frame[5]);
  return Buffer.concat([header, frame.subarray(7), u32(xxhash32(content))]);
}

function expectFormatError(frame: Buffer, pattern?: RegExp): void {
  let thrown: unknown;
  try {
    lz4FrameDecompress(frame);
  } catch (error) {
    thrown = error;
  }
  expect(thrown, 'expected Lz4FormatError').to.be.instanceOf(Lz4FormatError);
  if (pattern) expect((thrown as Error).message).to.match(pattern);
}

interface BlockShape {
  lastMatchStart: number;
  lastLiterals: number;
  decodedBytes: number;
}

/** Walks the sequences of one compressed block, as the format defines them. */
function blockShape(data: Buffer): BlockShape {
  let p = 0;
  let out = 0;
  let lastMatchStart = -1;
  const readLength = (base: number): number => {
    let length = base;
    if (base === 15) for (let b = 255; b === 255; length += b) b = data[p++];
    return length;
  };
  for (;;) {
    const token = data[p++];
    const literals = readLength(token >>> 4);
    p += literals;
    out += literals;
    if (p >= data.length) return { lastMatchStart, lastLiterals: literals, decodedBytes: out };
    p += 2;
    lastMatchStart = out;
    out += readLength(token & 15) + 4;
  }
}

function blocksOf(frame: Buffer): Array<{ stored: boolean; data: Buffer }> {
  const blocks = [];
  for (let p = 7; frame.readUInt32LE(p) !== 0;) {
    const word = frame.readUInt32LE(p);
    const size = word & 0x7fffffff;
    blocks.push({ stored: word >= 0x80000000, data: frame.subarray(p + 4, p + 4 + size) });
    p += 4 + size;
  }
  return blocks;
}

describe('lz4 frame codec', () => {
  describe('round trips', () => {
    const cases: Array<[string, Buffer]> = [
      ['empty', Buffer.alloc(0)],
      ['one byte', Buffer.from('x')],
      ['12 bytes (too short for any match)', Buffer.from('abababababab')],
      ['13 bytes (the shortest block with a match)', Buffer.from('aaaaaaaaaaaaa')],
      ['tiny text', Buffer.from('the quick brown fox jumps over the lazy dog')],
      ['one repeated byte, 1 MiB', Buffer.alloc(1 << 20, 0x61)],
      ['a repeated phrase', Buffer.from('kafka-record '.repeat(5000))],
      ['random, 100 KiB', randomBytes(100 * 1024)],
      ['text just over 64 KiB', textOf(64 * 1024 + 1)],
      ['text of exactly two blocks', textOf(128 * 1024)],
      ['mixed text and random, 5 MiB', Buffer.concat([textOf(2 << 20), randomBytes(1 << 20), textOf(2 << 20)])],
    ];
    for (const [name, data] of cases) {
      it(name, () => {
        const frame = lz4FrameCompress(data);
        expect(lz4FrameDecompress(frame).equals(data)).to.equal(true);
      });
    }

    it("writes the frame Kafka's Java client writes: independent 64 KiB blocks, no checksums", () => {
      const frame = lz4FrameCompress(textOf(1000));
      expect([...frame.subarray(0, 7)]).to.deep.equal([0x04, 0x22, 0x4d, 0x18, 0x60, 0x40, 0x82]);
      expect(frame.readUInt32LE(frame.length - 4)).to.equal(0);
      expect([...lz4FrameCompress(Buffer.alloc(0))]).to.deep.equal([
        0x04, 0x22, 0x4d, 0x18, 0x60, 0x40, 0x82, 0, 0, 0, 0,
      ]);
    });

    it('compresses repetitive data hard and stores incompressible blocks raw', () => {
      expect(lz4FrameCompress(Buffer.alloc(1 << 20)).length).to.be.below(5000);
      const random = randomBytes(3 * 64 * 1024 + 10);
      const blocks = blocksOf(lz4FrameCompress(random));
      expect(blocks.map((b) => b.stored)).to.deep.equal([true, true, true, true]);
      expect(blocks.map((b) => b.data.length)).to.deep.equal([65536, 65536, 65536, 10]);
    });

    it('keeps the end-of-block rules: last 5 bytes literal, last match starts ≥ 12 before the end', () => {
      const data = Buffer.concat([textOf(200 * 1024), Buffer.alloc(70000, 0x7a), Buffer.from('abcdabcdabcdabcdabcd')]);
      const blocks = blocksOf(lz4FrameCompress(data));
      expect(blocks).to.have.length(5);
      for (const [index, { stored, data: bytes }] of blocks.entries()) {
        expect(stored, `block ${index} stored`).to.equal(false);
        const shape = blockShape(bytes);
        expect(shape.lastLiterals, `block ${index}`).to.be.at.least(5);
        expect(shape.decodedBytes - shape.lastMatchStart, `block ${index}`).to.be.at.least(12);
      }
    });
  });

  describe('frames other producers write', () => {
    const content = textOf(3000);

    it('reads the empty frame the lz4 tool writes (captured bytes)', () => {
      const captured = Buffer.from('04224d186440a70000000005 5dcc02'.replace(/ /g, ''), 'hex');
      expect(lz4FrameDecompress(captured)).to.deep.equal(Buffer.alloc(0));
    });

    it('reads stored blocks with block checksums, content size and content checksum', () => {
      const frame = Buffer.concat([
        frameHeader(0x40 | 0x20 | 0x10 | 0x08 | 0x04, 0x70, content.length),
        block(content.subarray(0, 1000), { stored: true, checksum: true }),
        block(content.subarray(1000), { stored: true, checksum: true }),
        u32(0),
        u32(xxhash32(content)),
      ]);
      expect(lz4FrameDecompress(frame).equals(content)).to.equal(true);
    });

    it('reads linked blocks whose matches reach into the previous block', () => {
      const first = Buffer.from('0123456789abcdef');
      // 16 literals; then a block of one 12-byte match 16 bytes back and 5 final literals.
      const linked = Buffer.from([0x08, 16, 0, 0x50, ...Buffer.from('vwxyz')]);
      const frame = Buffer.concat([frameHeader(0x40, 0x40), block(first, { stored: true }), block(linked), u32(0)]);
      expect(lz4FrameDecompress(frame).toString()).to.equal('0123456789abcdef0123456789abvwxyz');
      const independent = Buffer.concat([
        frameHeader(0x60, 0x40),
        block(first, { stored: true }),
        block(linked),
        u32(0),
      ]);
      expectFormatError(independent, /outside the window/);
    });

    it('reads concatenated frames and skips skippable frames', () => {
      const skippable = Buffer.concat([Buffer.from([0x5a, 0x2a, 0x4d, 0x18]), u32(3), Buffer.from('xyz')]);
      const joined = Buffer.concat([lz4FrameCompress(content), skippable, lz4FrameCompress(Buffer.from('tail'))]);
      expect(lz4FrameDecompress(joined).toString()).to.equal(`${content.toString()}tail`);
    });

    it('reads overlapping matches (run-length style, offset 1)', () => {
      const rle = Buffer.from([0x1f, 0x61, 1, 0, 200, 0x50, ...Buffer.from('bbbbb')]);
      const frame = Buffer.concat([frameHeader(0x60, 0x40), block(rle), u32(0)]);
      expect(lz4FrameDecompress(frame).toString()).to.equal('a'.repeat(1 + 15 + 4 + 200) + 'bbbbb');
    });
  });

  describe('damaged frames', () => {
    const content = textOf(20000);
    const frame = lz4FrameCompress(content);

    it('rejects every truncation of a frame', () => {
      for (let length = 0; length < frame.length; length++) expectFormatError(frame.subarray(0, length));
    });

    it('rejects bad magic, version, reserved bits, header checksum, block size and dictionaries', () => {
      const patch = (at: number, value: number) => {
        const f = Buffer.from(frame);
        f[at] = value;
        return f;
      };
      expectFormatError(patch(0, 0x05), /magic/);
      expectFormatError(Buffer.concat([frameHeader(0x80 | 0x20, 0x40), u32(0)]), /version/);
      expectFormatError(Buffer.concat([frameHeader(0x62, 0x40), u32(0)]), /reserved/);
      expectFormatError(Buffer.concat([frameHeader(0x60, 0x41), u32(0)]), /reserved/);
      expectFormatError(Buffer.concat([frameHeader(0x60, 0x30), u32(0)]), /block maximum/);
      expectFormatError(Buffer.concat([frameHeader(0x61, 0x40), u32(0)]), /dictionary/);
      expectFormatError(patch(6, frame[6] ^ 1), /header checksum/);
      expectFormatError(
        Buffer.concat([frameHeader(0x60, 0x40), block(Buffer.alloc(65537), { stored: true }), u32(0)]),
        /exceeds/,
      );
    });

    it('rejects bad offsets, overlong lengths, a trailing match and trailing garbage', () => {
      const blockFrame = (bytes: number[]) =>
        Buffer.concat([frameHeader(0x60, 0x40), block(Buffer.from(bytes)), u32(0)]);
      expectFormatError(blockFrame([0x10, 0x61, 0, 0, 0x50, 1, 2, 3, 4, 5]), /offset 0/);
      expectFormatError(blockFrame([0x10, 0x61, 2, 0, 0x50, 1, 2, 3, 4, 5]), /outside the window/);
      expectFormatError(blockFrame([0x50, 0x61, 0x62]), /literals run past/);
      expectFormatError(blockFrame([0xf0, 255, 255]), /literal length runs past/);
      expectFormatError(blockFrame([0x10, 0x61, 1, 0]), /ends with a match/);
      expectFormatError(blockFrame([0x1f, 0x61, 1, 0, 255, 255, 255]), /match length runs past/);
      expectFormatError(blockFrame([0x1f, 0x61, 1, 0, ...new Array(300).fill(255), 0, 0x00]), /overflows/);
      expectFormatError(Buffer.concat([frame, Buffer.from([1, 2])]), /stray/);
      expectFormatError(Buffer.concat([frame, Buffer.from([1, 2, 3, 4, 5])]), /magic/);
    });

    it('rejects bad block and content checksums and a wrong content size', () => {
      const data = Buffer.from('stored block');
      const badBlock = Buffer.concat([
        frameHeader(0x70, 0x40),
        u32((data.length | 0x80000000) >>> 0),
        data,
        u32(1),
        u32(0),
      ]);
      expectFormatError(badBlock, /block checksum/);
      const checked = withContentChecksum(frame, content);
      expect(lz4FrameDecompress(checked).equals(content)).to.equal(true);
      const badContent = Buffer.from(checked);
      badContent[badContent.length - 1] ^= 0x80;
      expectFormatError(badContent, /content checksum/);
      for (const declared of [data.length - 1, data.length + 1]) {
        const sized = Buffer.concat([frameHeader(0x68, 0x40, declared), block(data, { stored: true }), u32(0)]);
        expectFormatError(sized, /declare/);
      }
    });

    it('never returns garbage for a checksummed frame with a flipped bit', () => {
      const checked = withContentChecksum(frame, content);
      const random = seededRandom(1);
      for (let i = 0; i < 300; i++) {
        const damaged = Buffer.from(checked);
        const at = 4 + Math.floor(random() * (damaged.length - 4));
        damaged[at] ^= 1 << Math.floor(random() * 8);
        expectFormatError(damaged);
      }
    });

    it('only ever throws Lz4FormatError on random damage to an unchecked frame', () => {
      const random = seededRandom(2);
      for (let i = 0; i < 300; i++) {
        const damaged = Buffer.from(frame);
        for (let flips = 0; flips < 3; flips++)
          damaged[7 + Math.floor(random() * (damaged.length - 7))] = Math.floor(random() * 256);
        try {
          lz4FrameDecompress(damaged);
        } catch (error) {
          expect(error).to.be.instanceOf(Lz4FormatError);
        }
      }
    });

    it('refuses output beyond the limit, whether declared or discovered', () => {
      expect(() => lz4FrameDecompress(lz4FrameCompress(Buffer.alloc(100000)), 50000)).to.throw(
        Lz4FormatError,
        /overflow/,
      );
      expect(lz4FrameDecompress(lz4FrameCompress(Buffer.alloc(40000)), 50000)).to.deep.equal(Buffer.alloc(40000));
      const declared = Buffer.concat([frameHeader(0x68, 0x40, 2 ** 40), u32(0)]);
      expectFormatError(declared, /exceeds/);
    });
  });

  // Registered only where the tool is installed: the captured and hand-built frames above stand
  // in for it elsewhere.
  if (!fs.existsSync(LZ4_TOOL)) return;

  describe('against the system lz4 tool', () => {
    const data = Buffer.concat([textOf(600 * 1024), randomBytes(100 * 1024), Buffer.alloc(300 * 1024, 1)]);
    const variants = [
      [],
      ['-B4'],
      ['-B5'],
      ['-B6'],
      ['-B7'],
      ['-B4', '-BD'],
      ['-BX'],
      ['--content-size'],
      ['--no-frame-crc'],
      ['-9', '-B4', '-BD', '-BX', '--content-size'],
    ];
    for (const options of variants) {
      it(`reads frames written by lz4 ${options.join(' ') || '(defaults)'}`, () => {
        const frame = execFileSync(LZ4_TOOL, ['-c', '-q', ...options], { input: data, maxBuffer: 64 << 20 });
        expect(lz4FrameDecompress(frame).equals(data)).to.equal(true);
      });
    }

    it('writes frames the lz4 tool reads', () => {
      for (const input of [Buffer.alloc(0), Buffer.from('x'), data]) {
        const out = execFileSync(LZ4_TOOL, ['-d', '-c', '-q'], { input: lz4FrameCompress(input), maxBuffer: 64 << 20 });
        expect(out.equals(input)).to.equal(true);
      }
    });
  });
});
