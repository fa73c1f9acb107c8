// Proves the compression codecs: gzip, snappy and lz4 round trips, snappy read in both the
// raw-block form and the xerial framing (built here by hand), lz4 written as a standard frame,
// and clear KafkaErrors for zstd and damaged input (CORRUPT_MESSAGE for every codec).
import { expect } from 'chai';
import snappy from 'snappy';
import { compress, CompressionCodec, decompress, isXerialFramed } from '../../lib/protocol/compression';
import { ErrorCode } from '../../lib/protocol/error-codes';
import { KafkaError } from '../../lib/protocol/kafka-error';
import { lz4FrameDecompress } from '../../lib/protocol/lz4';

/** Xerial framing: magic, version 1, compatible version 1, then int32-length-prefixed blocks. */
function xerialFrame(blocks: Buffer[]): Buffer {
  const header = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00, 0, 0, 0, 1, 0, 0, 0, 1]);
  const parts: Buffer[] = [header];
  for (const block of blocks) {
    const compressed = snappy.compressSync(block);
    const length = Buffer.alloc(4);
    length.writeInt32BE(compressed.length, 0);
    parts.push(length, compressed);
  }
  return Buffer.concat(parts);
}

async function expectKafkaError(promise: Promise<unknown>, code: number): Promise<void> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(KafkaError);
    expect((error as KafkaError).code).to.equal(code);
    return;
  }
  expect.fail(`expected KafkaError ${code}`);
}

describe('compression', () => {
  const data = Buffer.from('the quick brown fox jumps over the lazy dog '.repeat(200));

  it('round-trips gzip, snappy and lz4, and passes "none" through', async () => {
    for (const codec of [CompressionCodec.NONE, CompressionCodec.GZIP, CompressionCodec.SNAPPY, CompressionCodec.LZ4]) {
      const packed = await compress(codec, data);
      expect(await decompress(codec, packed), `codec ${codec}`).to.deep.equal(data);
    }
    expect(await compress(CompressionCodec.NONE, data)).to.equal(data);
  });

  it('writes raw snappy blocks, readable by the snappy package directly', async () => {
    const packed = await compress(CompressionCodec.SNAPPY, data);
    expect(isXerialFramed(packed)).to.equal(false);
    expect(snappy.uncompressSync(packed)).to.deep.equal(data);
  });

  it('reads raw snappy from another producer', async () => {
    expect(await decompress(CompressionCodec.SNAPPY, snappy.compressSync(data))).to.deep.equal(data);
  });

  it('reads xerial-framed snappy with one or many blocks', async () => {
    const single = xerialFrame([data]);
    expect(isXerialFramed(single)).to.equal(true);
    expect(await decompress(CompressionCodec.SNAPPY, single)).to.deep.equal(data);
    const many = xerialFrame([data.subarray(0, 1000), data.subarray(1000, 5000), data.subarray(5000)]);
    expect(await decompress(CompressionCodec.SNAPPY, many)).to.deep.equal(data);
    expect(await decompress(CompressionCodec.SNAPPY, xerialFrame([]))).to.deep.equal(Buffer.alloc(0));
  });

  it('reports a truncated xerial block or damaged input as CORRUPT_MESSAGE', async () => {
    const framed = xerialFrame([data]);
    await expectKafkaError(
      decompress(CompressionCodec.SNAPPY, framed.subarray(0, framed.length - 5)),
      ErrorCode.CORRUPT_MESSAGE,
    );
    await expectKafkaError(decompress(CompressionCodec.GZIP, Buffer.from('not gzip')), ErrorCode.CORRUPT_MESSAGE);
    await expectKafkaError(
      decompress(CompressionCodec.SNAPPY, Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f])),
      ErrorCode.CORRUPT_MESSAGE,
    );
  });

  it('writes lz4 as one standard frame and reads empty and multi-block payloads', async () => {
    const packed = await compress(CompressionCodec.LZ4, data);
    expect(packed.readUInt32LE(0)).to.equal(0x184d2204);
    expect(lz4FrameDecompress(packed)).to.deep.equal(data);
    const large = Buffer.from('offset leader epoch isr '.repeat(20000));
    expect(await decompress(CompressionCodec.LZ4, await compress(CompressionCodec.LZ4, large))).to.deep.equal(large);
    const empty = await compress(CompressionCodec.LZ4, Buffer.alloc(0));
    expect(await decompress(CompressionCodec.LZ4, empty)).to.deep.equal(Buffer.alloc(0));
  });

  it('reports truncated or damaged lz4 as CORRUPT_MESSAGE', async () => {
    const packed = await compress(CompressionCodec.LZ4, data);
    await expectKafkaError(
      decompress(CompressionCodec.LZ4, packed.subarray(0, packed.length - 1)),
      ErrorCode.CORRUPT_MESSAGE,
    );
    await expectKafkaError(
      decompress(CompressionCodec.LZ4, Buffer.from('not an lz4 frame')),
      ErrorCode.CORRUPT_MESSAGE,
    );
    await expectKafkaError(decompress(CompressionCodec.LZ4, Buffer.alloc(0)), ErrorCode.CORRUPT_MESSAGE);
  });

  it('refuses zstd with UNSUPPORTED_COMPRESSION_TYPE and says why', async () => {
    for (const attempt of [compress(CompressionCodec.ZSTD, data), decompress(CompressionCodec.ZSTD, data)]) {
      await expectKafkaError(attempt, ErrorCode.UNSUPPORTED_COMPRESSION_TYPE);
      await attempt.catch((error: Error) => expect(error.message).to.match(/zstd is not supported/));
    }
    await expectKafkaError(decompress(7, data), ErrorCode.UNSUPPORTED_COMPRESSION_TYPE);
  });
});
