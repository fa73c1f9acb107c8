// Where a produced record goes: keyed records by Kafka's Java-client rule (murmur2 of the key
// bytes, made positive, modulo the partition count) so a key lands on the same partition
// whichever client wrote it; unkeyed records round-robin.

const SEED = 0x9747b28c;
const M = 0x5bd1e995;
const R = 24;

/** 32-bit MurmurHash2 as Kafka's Utils.murmur2 computes it (signed result). */
export function murmur2(data: Buffer): number {
  const length = data.length;
  let h = (SEED ^ length) | 0;
  const blocks = length & ~3;
  for (let i = 0; i < blocks; i += 4) {
    let k = data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24);
    k = Math.imul(k, M);
    k ^= k >>> R;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  const tail = length - blocks;
  if (tail === 3) h ^= data[blocks + 2] << 16;
  if (tail >= 2) h ^= data[blocks + 1] << 8;
  if (tail >= 1) {
    h ^= data[blocks];
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/** Kafka's Utils.toPositive: clears the sign bit (not Math.abs). */
export function toPositive(n: number): number {
  return n & 0x7fffffff;
}

export function partitionForKey(key: Buffer, numPartitions: number): number {
  return toPositive(murmur2(key)) % numPartitions;
}

/** Unkeyed records: a rotating counter per topic, as the pre-sticky Java client did. */
export class RoundRobinPartitioner {
  private readonly counters = new Map<string, number>();

  next(topic: string, numPartitions: number): number {
    const n = this.counters.get(topic) ?? Math.floor(Math.random() * numPartitions);
    this.counters.set(topic, (n + 1) % 0x7fffffff);
    return n % numPartitions;
  }
}
