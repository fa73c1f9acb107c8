// CRC-32C (Castagnoli), the checksum of Kafka record batches (magic 2). Slicing-by-16: sixteen
// 256-entry tables let the loop consume 16 bytes per step, read as four 32-bit words where the
// machine is little-endian — this matters because the broker checks the CRC of every produced
// batch and the consumer of every fetched one.
import { endianness } from 'node:os';

const POLYNOMIAL_REFLECTED = 0x82f63b78;
const TABLE_COUNT = 16;
const LITTLE_ENDIAN = endianness() === 'LE';

let tables: Int32Array | null = null;

/** Built on first use so that importing the module costs nothing. */
function crcTables(): Int32Array {
  if (tables !== null) return tables;
  const t = new Int32Array(TABLE_COUNT * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLYNOMIAL_REFLECTED : c >>> 1;
    t[n] = c;
  }
  // Table k maps a byte to its CRC contribution when followed by k zero bytes.
  for (let k = 1; k < TABLE_COUNT; k++) {
    for (let n = 0; n < 256; n++) {
      const previous = t[(k - 1) * 256 + n];
      t[k * 256 + n] = (previous >>> 8) ^ t[previous & 0xff];
    }
  }
  tables = t;
  return t;
}

/** Unsigned CRC-32C of buf[start, end). */
export function crc32c(buf: Buffer, start = 0, end = buf.length): number {
  if (start < 0 || end > buf.length || start > end) {
    throw new RangeError(`crc32c range [${start}, ${end}) outside buffer of ${buf.length} bytes`);
  }
  const t = crcTables();
  let crc = -1;
  let i = start;
  // Bytes up to a 4-byte boundary of the underlying memory, so whole words can be read.
  while (i < end && ((buf.byteOffset + i) & 3) !== 0) crc = t[(crc ^ buf[i++]) & 0xff] ^ (crc >>> 8);
  const blocks = (end - i) >>> 4;
  if (blocks > 0) {
    crc = LITTLE_ENDIAN
      ? wordBlocks(t, crc, new Int32Array(buf.buffer, buf.byteOffset + i, blocks * 4))
      : byteBlocks(t, crc, buf, i, blocks);
    i += blocks * 16;
  }
  while (i < end) crc = t[(crc ^ buf[i++]) & 0xff] ^ (crc >>> 8);
  return ~crc >>> 0;
}

function wordBlocks(t: Int32Array, crc: number, words: Int32Array): number {
  for (let k = 0; k < words.length; k += 4) {
    const a = crc ^ words[k];
    const b = words[k + 1];
    const c = words[k + 2];
    const d = words[k + 3];
    crc =
      t[3840 + (a & 0xff)] ^
      t[3584 + ((a >>> 8) & 0xff)] ^
      t[3328 + ((a >>> 16) & 0xff)] ^
      t[3072 + (a >>> 24)] ^
      t[2816 + (b & 0xff)] ^
      t[2560 + ((b >>> 8) & 0xff)] ^
      t[2304 + ((b >>> 16) & 0xff)] ^
      t[2048 + (b >>> 24)] ^
      t[1792 + (c & 0xff)] ^
      t[1536 + ((c >>> 8) & 0xff)] ^
      t[1280 + ((c >>> 16) & 0xff)] ^
      t[1024 + (c >>> 24)] ^
      t[768 + (d & 0xff)] ^
      t[512 + ((d >>> 8) & 0xff)] ^
      t[256 + ((d >>> 16) & 0xff)] ^
      t[d >>> 24];
  }
  return crc;
}

/** The same sixteen-byte step assembled from bytes, for big-endian machines. */
function byteBlocks(t: Int32Array, crc: number, buf: Buffer, start: number, blocks: number): number {
  const end = start + blocks * 16;
  for (let i = start; i < end; i += 16) {
    const a = crc ^ (buf[i] | (buf[i + 1] << 8) | (buf[i + 2] << 16) | (buf[i + 3] << 24));
    crc =
      t[3840 + (a & 0xff)] ^
      t[3584 + ((a >>> 8) & 0xff)] ^
      t[3328 + ((a >>> 16) & 0xff)] ^
      t[3072 + (a >>> 24)] ^
      t[2816 + buf[i + 4]] ^
      t[2560 + buf[i + 5]] ^
      t[2304 + buf[i + 6]] ^
      t[2048 + buf[i + 7]] ^
      t[1792 + buf[i + 8]] ^
      t[1536 + buf[i + 9]] ^
      t[1280 + buf[i + 10]] ^
      t[1024 + buf[i + 11]] ^
      t[768 + buf[i + 12]] ^
      t[512 + buf[i + 13]] ^
      t[256 + buf[i + 14]] ^
      t[buf[i + 15]];
  }
  return crc;
}
