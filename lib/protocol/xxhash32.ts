// xxHash32, the checksum of the LZ4 frame format (header, block and content checksums). Only
// lz4.ts uses it. Multiplications go through Math.imul and every sum is truncated with `| 0`,
// so all arithmetic stays in exact 32-bit integers rather than doubles.

const PRIME32_1 = 0x9e3779b1 | 0;
const PRIME32_2 = 0x85ebca77 | 0;
const PRIME32_3 = 0xc2b2ae3d | 0;
const PRIME32_4 = 0x27d4eb2f | 0;
const PRIME32_5 = 0x165667b1 | 0;

const STRIPE_BYTES = 16;

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

function readLane(data: Uint8Array, p: number): number {
  return data[p] | (data[p + 1] << 8) | (data[p + 2] << 16) | (data[p + 3] << 24);
}

function round(acc: number, lane: number): number {
  return Math.imul(rotl((acc + Math.imul(lane, PRIME32_2)) | 0, 13), PRIME32_1);
}

/** xxHash32 of `data` with `seed` (an unsigned 32-bit value), returned unsigned. */
export function xxhash32(data: Uint8Array, seed = 0): number {
  const length = data.length;
  let p = 0;
  let h: number;
  if (length >= STRIPE_BYTES) {
    let v1 = (seed + PRIME32_1 + PRIME32_2) | 0;
    let v2 = (seed + PRIME32_2) | 0;
    let v3 = seed | 0;
    let v4 = (seed - PRIME32_1) | 0;
    const stripesEnd = length - STRIPE_BYTES;
    for (; p <= stripesEnd; p += STRIPE_BYTES) {
      v1 = round(v1, readLane(data, p));
      v2 = round(v2, readLane(data, p + 4));
      v3 = round(v3, readLane(data, p + 8));
      v4 = round(v4, readLane(data, p + 12));
    }
    h = (rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18)) | 0;
  } else {
    h = (seed + PRIME32_5) | 0;
  }
  // The length enters modulo 2^32, as the reference does.
  h = (h + length) | 0;
  for (; p + 4 <= length; p += 4) {
    h = Math.imul(rotl((h + Math.imul(readLane(data, p), PRIME32_3)) | 0, 17), PRIME32_4);
  }
  for (; p < length; p++) {
    h = Math.imul(rotl((h + Math.imul(data[p], PRIME32_5)) | 0, 11), PRIME32_1);
  }
  h ^= h >>> 15;
  h = Math.imul(h, PRIME32_2);
  h ^= h >>> 13;
  h = Math.imul(h, PRIME32_3);
  h ^= h >>> 16;
  return h >>> 0;
}
