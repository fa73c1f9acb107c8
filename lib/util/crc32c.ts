// CRC-32C (Castagnoli), the checksum of Kafka record batches (magic 2): the broker checks it on
// every produced batch and the consumer on every fetched one. @node-rs/crc32 computes it with the
// CPU's CRC32 instruction; measured against the slicing-by-16 JS loop it replaced, 1.2× faster
// on a 170-byte batch and 4-5× on 16 KiB to 1 MiB (README, Dependencies).
import { crc32c as nativeCrc32c } from '@node-rs/crc32';

/** Unsigned CRC-32C of buf[start, end). */
export function crc32c(buf: Buffer, start = 0, end = buf.length): number {
  if (start < 0 || end > buf.length || start > end) {
    throw new RangeError(`crc32c range [${start}, ${end}) outside buffer of ${buf.length} bytes`);
  }
  const range = start === 0 && end === buf.length ? buf : buf.subarray(start, end);
  return nativeCrc32c(range) >>> 0;
}
