// Pipes mutated requests at one broker over many short connections (bounded concurrency) and
// classifies what happened to each: after every mutated request the sender writes a well-formed
// ApiVersions "sentinel" on the same connection, so an answer to the sentinel means the broker
// kept the connection and is still reading it in order, a close means the broker dropped it,
// and neither within replyTimeoutMs is a stall. A connection the broker keeps is reused for the
// next request (up to requestsPerConnectionMax), which also keeps the client's port churn low.
import * as net from 'node:net';
import { FrameDecoder } from '../../../lib/network/frame-decoder';
import { apiSpecFor } from '../../../lib/protocol/apis';
import { decodeRequestHeader } from '../../../lib/protocol/header';
import { CLUSTER_ACTION_API_KEYS, SeedRequest } from './seed-requests';
import { MUTATION_KINDS, MutatedRequest, MutationKind, mutateRequest } from './mutations';

export interface FuzzOptions {
  host: string;
  port: number;
  seeds: readonly SeedRequest[];
  runSeed: number;
  /** Mutated requests to send (withheld ones do not count). */
  count: number;
  /** Connections open at once. */
  concurrency: number;
  requestsPerConnectionMax: number;
  replyTimeoutMs: number;
  /** Absolute time (Date.now()) after which no new request starts. */
  deadline: number;
  /** Polled between requests; true stops the run early (the scenario's own stop). */
  shouldStop?: () => boolean;
}

export type Outcome = 'answered' | 'closed' | 'timeout';

export interface OutcomeCounts {
  sent: number;
  answered: number;
  closed: number;
  timeout: number;
}

export interface TimeoutSample {
  index: number;
  api: string;
  version: number;
  kind: MutationKind;
}

export interface FuzzStats extends OutcomeCounts {
  connections: number;
  connectErrors: number;
  /** Decodable forged controller requests that could pass the epoch fencing: never sent. */
  withheld: number;
  /** Stalls after a frame size that promised more bytes: the broker is right to wait for them. */
  expectedStalls: number;
  byKind: Record<MutationKind, OutcomeCounts>;
  /** Stalls of requests the broker may rightly park (a long-poll Fetch, a join awaiting a rebalance). */
  parked: number;
  /** The first stalls the broker owed an answer or a close for (replay them by index). */
  unexpectedStalls: TimeoutSample[];
  elapsedMs: number;
  stoppedEarly: boolean;
}

const SENTINEL_CORRELATION_BASE = 0x7ff00000;
const RESPONSE_BYTES_MAX = 64 * 1024 * 1024;
const UNEXPECTED_STALL_SAMPLES_MAX = 20;
const PROMISED_BYTES_WAIT_MS = 300;
/** Fetch (max wait), JoinGroup and SyncGroup (rebalance): a mutated wait field may park them for long. */
const PARKING_API_KEYS: ReadonlySet<number> = new Set([1, 11, 14]);

export async function fuzzBroker(options: FuzzOptions): Promise<FuzzStats> {
  const stats = emptyStats();
  const started = Date.now();
  let nextIndex = 0;
  const claim = (): MutatedRequest | null => {
    for (;;) {
      if (stats.sent >= options.count || Date.now() >= options.deadline || options.shouldStop?.()) return null;
      const index = nextIndex++;
      const mutated = mutateRequest(options.seeds, options.runSeed, index);
      if (couldPassFencing(mutated.frame)) {
        stats.withheld++;
        continue;
      }
      stats.sent++;
      return Object.assign(mutated, { index });
    }
  };
  const workers = Array.from({ length: options.concurrency }, () => connectionWorker(options, stats, claim));
  await Promise.all(workers);
  stats.elapsedMs = Date.now() - started;
  stats.stoppedEarly = stats.sent < options.count;
  return stats;
}

type Claimed = MutatedRequest & { index?: number };

async function connectionWorker(options: FuzzOptions, stats: FuzzStats, claim: () => Claimed | null): Promise<void> {
  let pending = claim();
  while (pending !== null) {
    const socket = await openSocket(options.host, options.port, options.replyTimeoutMs).catch(() => null);
    if (socket === null) {
      stats.connectErrors++;
      await new Promise((r) => setTimeout(r, 50));
      continue;
    }
    stats.connections++;
    const session = new SentinelSession(socket);
    for (let used = 0; pending !== null && used < options.requestsPerConnectionMax; used++) {
      // A frame that promises more bytes should stall: waiting the full deadline proves nothing more.
      const timeoutMs = pending.promisesMoreBytes
        ? Math.min(PROMISED_BYTES_WAIT_MS, options.replyTimeoutMs)
        : options.replyTimeoutMs;
      const outcome = await session.exchange(pending.frame, timeoutMs);
      record(stats, pending, outcome);
      pending = claim();
      if (outcome !== 'answered') break;
    }
    session.close();
  }
}

function record(stats: FuzzStats, request: Claimed, outcome: Outcome): void {
  stats[outcome]++;
  const perKind = stats.byKind[request.kind];
  perKind.sent++;
  perKind[outcome]++;
  if (outcome !== 'timeout') return;
  if (request.promisesMoreBytes) {
    stats.expectedStalls++;
  } else if (PARKING_API_KEYS.has(request.frame.length >= 6 ? request.frame.readInt16BE(4) : -1)) {
    stats.parked++;
  } else if (stats.unexpectedStalls.length < UNEXPECTED_STALL_SAMPLES_MAX) {
    stats.unexpectedStalls.push({
      index: request.index ?? -1,
      api: request.seed.name,
      version: request.seed.apiVersion,
      kind: request.kind,
    });
  }
}

/** One connection: write a request plus a sentinel, await the sentinel's answer or the close. */
class SentinelSession {
  private readonly decoder = new FrameDecoder(RESPONSE_BYTES_MAX);
  private closed = false;
  private waiting: { correlationId: number; settle: (o: Outcome) => void } | null = null;
  private nextCorrelationId = SENTINEL_CORRELATION_BASE;

  constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk) => this.onData(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.closed = true;
      this.waiting?.settle('closed');
    });
  }

  exchange(frame: Buffer, timeoutMs: number): Promise<Outcome> {
    if (this.closed) return Promise.resolve('closed');
    const correlationId = this.nextCorrelationId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => settle('timeout'), timeoutMs);
      const settle = (outcome: Outcome): void => {
        clearTimeout(timer);
        this.waiting = null;
        resolve(outcome);
      };
      this.waiting = { correlationId, settle };
      this.socket.write(Buffer.concat([frame, sentinelFrame(correlationId)]));
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    let frames: Buffer[];
    try {
      frames = this.decoder.push(chunk);
    } catch {
      this.socket.destroy(); // a response beyond our cap: treat as the broker dropping us
      return;
    }
    for (const frame of frames) {
      if (frame.length >= 4 && this.waiting && frame.readInt32BE(0) === this.waiting.correlationId) {
        this.waiting.settle('answered');
      }
    }
  }
}

/** ApiVersions v0, header v1: the smallest request every broker must answer. */
function sentinelFrame(correlationId: number): Buffer {
  const clientId = 'fuzz-sentinel';
  const frame = Buffer.alloc(4 + 10 + clientId.length);
  frame.writeInt32BE(frame.length - 4, 0);
  frame.writeInt16BE(18, 4);
  frame.writeInt16BE(0, 6);
  frame.writeInt32BE(correlationId, 8);
  frame.writeInt16BE(clientId.length, 12);
  frame.write(clientId, 14, 'latin1');
  return frame;
}

function openSocket(host: string, port: number, timeoutMs: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    socket.setNoDelay(true);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`connecting to ${host}:${port} timed out`));
    }, timeoutMs);
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
  });
}

/**
 * True for a frame that decodes as a controller request whose epochs or broker id are no longer
 * the seed's harmless ones. Samsa, like Kafka without ACLs, obeys a well-formed LeaderAndIsr,
 * StopReplica or UpdateMetadata with a current controller epoch: that is authorization, not input
 * handling, and such a request would wreck the cluster the workloads measure.
 */
export function couldPassFencing(frame: Buffer): boolean {
  if (frame.length < 4 || frame.readInt32BE(0) !== frame.length - 4) return false;
  try {
    const { header, bodyOffset } = decodeRequestHeader(frame, 4, frame.length);
    if (!CLUSTER_ACTION_API_KEYS.has(header.apiKey)) return false;
    const spec = apiSpecFor(header.apiKey);
    if (!spec || header.apiVersion < spec.servedVersions.min || header.apiVersion > spec.servedVersions.max)
      return false;
    const body = spec.decodeRequest(frame, bodyOffset, frame.length, header.apiVersion) as Record<string, unknown>;
    const epochStale = body.controllerEpoch === undefined || body.controllerEpoch === 0;
    const brokerAbsent = body.brokerId === undefined || body.brokerId === 999;
    return !(epochStale && brokerAbsent);
  } catch {
    return false;
  }
}

function emptyStats(): FuzzStats {
  const byKind = Object.fromEntries(MUTATION_KINDS.map((k) => [k, { sent: 0, answered: 0, closed: 0, timeout: 0 }]));
  return {
    sent: 0,
    answered: 0,
    closed: 0,
    timeout: 0,
    connections: 0,
    connectErrors: 0,
    withheld: 0,
    expectedStalls: 0,
    parked: 0,
    byKind: byKind as Record<MutationKind, OutcomeCounts>,
    unexpectedStalls: [],
    elapsedMs: 0,
    stoppedEarly: false,
  };
}

/** One line for ctx.note and spec logs. */
export function summarize(stats: FuzzStats): string {
  const kinds = MUTATION_KINDS.map((k) => `${k} ${stats.byKind[k].closed}/${stats.byKind[k].sent}`).join(', ');
  return (
    `${stats.sent} mutated requests in ${(stats.elapsedMs / 1000).toFixed(1)} s over ${stats.connections} connections: ` +
    `${stats.answered} answered, ${stats.closed} closed by the broker, ${stats.timeout} stalls ` +
    `(${stats.expectedStalls} after a frame size promising more bytes, ${stats.parked} parked fetches or joins), ${stats.withheld} forged controller requests withheld, ` +
    `${stats.connectErrors} connect errors; closed/sent by kind: ${kinds}` +
    (stats.unexpectedStalls.length === 0 ? '' : `; unexpected stalls: ${JSON.stringify(stats.unexpectedStalls)}`)
  );
}
