// Codecs for the record block of a compressed batch. Only clients and specs use them: the broker
// stores and serves batches without decompressing. Snappy is read in both forms Kafka clients
// write — raw blocks (librdkafka, kafkajs) and xerial framing (Java client, kafka-python).
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import snappy from 'snappy';
import { ErrorCode } from './error-codes';
import { KafkaError } from './kafka-error';
import { Lz4FormatError, lz4FrameCompress, lz4FrameDecompress } from './lz4';

/** Attribute bits 0-2 of a record batch. */
export const CompressionCodec = { NONE: 0, GZIP: 1, SNAPPY: 2, LZ4: 3, ZSTD: 4 } as const;

export type CompressionName = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';

const NAMES: readonly CompressionName[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];

/** The xerial snappy stream header: magic, then int32 version and int32 min-compatible version. */
const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
const XERIAL_HEADER_BYTES = 16;

const gzip = promisify(zlib.gzip);
const gunzip = promisify(zlib.gunzip);

export function compressionName(codec: number): CompressionName | undefined {
  return NAMES[codec];
}

export function compressionCodecOf(name: CompressionName): number {
  return NAMES.indexOf(name);
}

export async function compress(codec: number, data: Buffer): Promise<Buffer> {
  switch (codec) {
    case CompressionCodec.NONE:
      return data;
    case CompressionCodec.GZIP:
      return gzip(data);
    case CompressionCodec.SNAPPY:
      return snappy.compress(data);
    case CompressionCodec.LZ4:
      return lz4FrameCompress(data);
    default:
      throw unsupported(codec);
  }
}

export async function decompress(codec: number, data: Buffer): Promise<Buffer> {
  switch (codec) {
    case CompressionCodec.NONE:
      return data;
    case CompressionCodec.GZIP:
      return gunzip(data).catch((error: Error) => corrupt(`gzip: ${error.message}`));
    case CompressionCodec.SNAPPY:
      return isXerialFramed(data) ? decompressXerial(data) : uncompressSnappyBlock(data);
    case CompressionCodec.LZ4:
      return decompressLz4(data);
    default:
      throw unsupported(codec);
  }
}

export function isXerialFramed(data: Buffer): boolean {
  return data.length >= XERIAL_HEADER_BYTES && data.subarray(0, XERIAL_MAGIC.length).equals(XERIAL_MAGIC);
}

/** Xerial framing: the header, then int32-length-prefixed raw snappy blocks. */
async function decompressXerial(data: Buffer): Promise<Buffer> {
  const blocks: Buffer[] = [];
  let pos = XERIAL_HEADER_BYTES;
  while (pos < data.length) {
    if (pos + 4 > data.length) corrupt('xerial snappy block length is truncated');
    const length = data.readInt32BE(pos);
    pos += 4;
    if (length < 0 || pos + length > data.length) corrupt(`xerial snappy block of ${length} bytes is truncated`);
    blocks.push(await uncompressSnappyBlock(data.subarray(pos, pos + length)));
    pos += length;
  }
  return Buffer.concat(blocks);
}

async function uncompressSnappyBlock(block: Buffer): Promise<Buffer> {
  try {
    const out = await snappy.uncompress(block, { asBuffer: true });
    return Buffer.isBuffer(out) ? out : Buffer.from(out);
  } catch (error) {
    return corrupt(`snappy: ${(error as Error).message}`);
  }
}

function decompressLz4(data: Buffer): Buffer {
  try {
    return lz4FrameDecompress(data);
  } catch (error) {
    if (error instanceof Lz4FormatError) return corrupt(`lz4: ${error.message}`);
    throw error;
  }
}

function unsupported(codec: number): KafkaError {
  if (codec === CompressionCodec.ZSTD) {
    return new KafkaError(
      ErrorCode.UNSUPPORTED_COMPRESSION_TYPE,
      'compression zstd is not supported: Node 20 has no zstd codec and Samsa takes no package for it',
    );
  }
  const name = compressionName(codec) ?? `codec ${codec}`;
  return new KafkaError(ErrorCode.UNSUPPORTED_COMPRESSION_TYPE, `compression ${name} is not supported by this codec`);
}

function corrupt(message: string): never {
  throw new KafkaError(ErrorCode.CORRUPT_MESSAGE, message);
}
