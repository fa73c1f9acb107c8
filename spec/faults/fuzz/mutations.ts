// Turns a well-formed request into a hostile one, deterministically from a seed: the same
// (seed, index) always gives the same bytes, so any request the broker mishandles can be replayed
// byte for byte (the sender reports the index of every surprise).
import type { LengthPrefix, SeedRequest } from './seed-requests';

export const MUTATION_KINDS = [
  'bit-flip',
  'byte-boundary',
  'truncate',
  'extend',
  'oversized-length',
  'negative-count',
  'huge-array',
  'frame-size-lie',
  'header',
  'garbage',
] as const;

export type MutationKind = (typeof MUTATION_KINDS)[number];

export interface MutatedRequest {
  kind: MutationKind;
  seed: SeedRequest;
  /** The bytes to put on the wire, frame size included (it may lie). */
  frame: Buffer;
  /** True when the frame size promises more bytes than follow: the broker must wait for them. */
  promisesMoreBytes: boolean;
}

/** mulberry32: small, fast, and good enough to spread mutations; not for anything secret. */
export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)];
  }

  bytes(n: number): Buffer {
    const out = Buffer.allocUnsafe(n);
    for (let i = 0; i < n; i++) out[i] = this.below(256);
    return out;
  }
}

/** The index-th mutated request of a run: its own PRNG, so requests can be made in any order. */
export function mutateRequest(seeds: readonly SeedRequest[], runSeed: number, index: number): MutatedRequest {
  const rng = new Prng((Math.imul(runSeed, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0);
  const seed = seeds[index % seeds.length];
  const kind = MUTATION_KINDS[rng.below(MUTATION_KINDS.length)];
  const payload = Buffer.from(seed.payload);
  if (kind === 'frame-size-lie') return frameSizeLie(seed, payload, rng);
  return { kind, seed, frame: withSize(MUTATORS[kind](payload, seed, rng)), promisesMoreBytes: false };
}

type Mutator = (payload: Buffer, seed: SeedRequest, rng: Prng) => Buffer;

const BOUNDARY_BYTES = [0x00, 0xff, 0x7f, 0x80, 0x01, 0xfe];

const MUTATORS: Record<Exclude<MutationKind, 'frame-size-lie'>, Mutator> = {
  'bit-flip': (payload, _seed, rng) => {
    const flips = 1 + rng.below(4);
    for (let i = 0; i < flips; i++) payload[rng.below(payload.length)] ^= 1 << rng.below(8);
    return payload;
  },
  'byte-boundary': (payload, _seed, rng) => {
    const count = 1 + rng.below(3);
    for (let i = 0; i < count; i++) payload[rng.below(payload.length)] = rng.pick(BOUNDARY_BYTES);
    return payload;
  },
  truncate: (payload, _seed, rng) => payload.subarray(0, rng.below(payload.length)),
  extend: (payload, _seed, rng) => Buffer.concat([payload, rng.bytes(1 + rng.below(64))]),
  'oversized-length': (payload, seed, rng) => {
    const prefix = pickPrefix(seed, rng);
    const huge = { int16: 0x7fff, int32: rng.pick([0x7fffffff, 0x10000000, payload.length + 1]), uvarint: 0xffffffff };
    return writeLength(payload, prefix, huge[prefix.encoding]);
  },
  'negative-count': (payload, seed, rng) => {
    const prefix = pickPrefix(seed, rng);
    // Compact encodings cannot be negative: 0 is their null, which non-nullable fields refuse.
    return writeLength(payload, prefix, prefix.encoding === 'uvarint' ? 0 : rng.pick([-2, -1000, -0x80000000]));
  },
  'huge-array': (payload, seed, rng) => {
    const arrays = seed.lengths.filter((l) => l.kind === 'array');
    const prefix = arrays.length > 0 ? rng.pick(arrays) : pickPrefix(seed, rng);
    const huge = prefix.encoding === 'int16' ? 0x7fff : rng.pick([1000000, 0x7ffffff0, 268435455]);
    return writeLength(payload, prefix, huge);
  },
  header: (payload, seed, rng) => {
    const choice = rng.below(3);
    if (choice === 0) payload.writeInt16BE(rng.pick([-1, 0x7fff, seed.apiVersion + 1 + rng.below(20)]), 2);
    else if (choice === 1) payload.writeInt16BE(rng.pick([-1, 17, 21, 100, 0x7fff]), 0);
    else payload.writeInt16BE(rng.pick([0x7fff, -2, payload.length]), 8);
    return payload;
  },
  garbage: (payload, _seed, rng) => {
    // Keep a plausible api key and version so the garbage reaches a body decoder.
    const out = rng.bytes(8 + rng.below(256));
    payload.copy(out, 0, 0, 4);
    return out;
  },
};

function frameSizeLie(seed: SeedRequest, payload: Buffer, rng: Prng): MutatedRequest {
  const n = payload.length;
  const size = rng.pick([n + 1, n + 7, n + 1000, n + 0x100000, n - 1, n - 4, 0, -1, 0x7fffffff]);
  const frame = Buffer.allocUnsafe(4 + payload.length);
  frame.writeInt32BE(size, 0);
  payload.copy(frame, 4);
  return { kind: 'frame-size-lie', seed, frame, promisesMoreBytes: size > payload.length };
}

function pickPrefix(seed: SeedRequest, rng: Prng): LengthPrefix {
  return rng.pick(seed.lengths);
}

/** Rewrites a length prefix in place (uvarints are re-spliced, since their width may change). */
function writeLength(payload: Buffer, prefix: LengthPrefix, value: number): Buffer {
  if (prefix.encoding === 'int16') {
    payload.writeInt16BE(Math.max(-0x8000, Math.min(0x7fff, value)), prefix.at);
    return payload;
  }
  if (prefix.encoding === 'int32') {
    payload.writeInt32BE(value | 0, prefix.at);
    return payload;
  }
  const oldWidth = uvarintWidth(payload, prefix.at);
  return Buffer.concat([
    payload.subarray(0, prefix.at),
    encodeUvarint(value >>> 0),
    payload.subarray(prefix.at + oldWidth),
  ]);
}

function uvarintWidth(buf: Buffer, at: number): number {
  let i = at;
  while (i < buf.length && (buf[i] & 0x80) !== 0) i++;
  return Math.min(i + 1, buf.length) - at;
}

function encodeUvarint(value: number): Buffer {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return Buffer.from(out);
}

function withSize(payload: Buffer): Buffer {
  const frame = Buffer.allocUnsafe(4 + payload.length);
  frame.writeInt32BE(payload.length, 0);
  payload.copy(frame, 4);
  return frame;
}
