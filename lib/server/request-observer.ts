// Kafka's request metrics for the dispatcher: names each request as Kafka does (a Fetch is
// FetchConsumer or FetchFollower by its replica id), counts it and the error codes of its
// response, and splits its time into Kafka's parts:
//   queue    read off the socket -> its handler starts (request gate, decoding)
//   local    handler starts -> parked in a purgatory, or answered when it never parks
//   remote   parked -> answered (acks=all waiting for followers, a long-poll fetch)
//   send     answered -> the response written to the socket
// The dispatcher is the one place every request passes, so this is its only caller.
import { performance } from 'node:perf_hooks';
import { ApiKey } from '../protocol/api-keys';
import { errorInfo, ErrorCode } from '../protocol/error-codes';
import type { ApiRequestMetrics, RequestMetrics } from '../metrics/request-metrics';

/** Deep enough for every response schema (topics > partitions > records' errors); bounds the walk. */
const ERROR_WALK_DEPTH_MAX = 6;

export class RequestObserver {
  constructor(private readonly metrics: RequestMetrics) {}

  /** A decoded request about to be handled; `receivedMs` is when its frame was read. */
  begin(apiKey: number, apiName: string, version: number, request: unknown, receivedMs: number): RequestTiming {
    const api = this.metrics.forApi(apiKey === ApiKey.FETCH ? fetchName(request) : apiName);
    api.received(version);
    return new RequestTiming(api, receivedMs);
  }
}

/** One request's clock; a handler that parks the request in a purgatory calls parked(). */
export class RequestTiming {
  private readonly startedMs = performance.now();
  private parkedMs = -1;

  constructor(
    private readonly api: ApiRequestMetrics,
    private readonly receivedMs: number,
  ) {}

  parked(): void {
    if (this.parkedMs < 0) this.parkedMs = performance.now();
  }

  /** The response is built: its error codes are counted; the returned callback runs once it is written. */
  responded(body: unknown): () => void {
    countErrors(this.api, body);
    const respondedMs = performance.now();
    return () => this.record(respondedMs, performance.now());
  }

  /** Answered with no response (acks=0): nothing is sent, so the send part is 0. */
  unanswered(): void {
    const nowMs = performance.now();
    this.record(nowMs, nowMs);
  }

  private record(respondedMs: number, writtenMs: number): void {
    const localEndMs = this.parkedMs >= 0 ? this.parkedMs : respondedMs;
    this.api.timed({
      queueMs: this.startedMs - this.receivedMs,
      localMs: localEndMs - this.startedMs,
      remoteMs: respondedMs - localEndMs,
      sendMs: writtenMs - respondedMs,
      totalMs: writtenMs - this.receivedMs,
    });
  }
}

function fetchName(request: unknown): string {
  return ((request as { replicaId?: number }).replicaId ?? -1) >= 0 ? 'FetchFollower' : 'FetchConsumer';
}

/** Kafka's response errorCounts: every errorCode field in the body (NONE included); NONE once when it has none. */
function countErrors(api: ApiRequestMetrics, body: unknown): void {
  const counts = new Map<number, number>();
  walk(body, counts, 0);
  if (counts.size === 0) counts.set(ErrorCode.NONE, 1);
  for (const [code, count] of counts) api.errors(errorInfo(code).name, count);
}

function walk(value: unknown, counts: Map<number, number>, depth: number): void {
  if (depth > ERROR_WALK_DEPTH_MAX || value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return;
  if (Array.isArray(value)) {
    for (const item of value) walk(item, counts, depth + 1);
    return;
  }
  for (const key in value) {
    const field = (value as Record<string, unknown>)[key];
    if (key === 'errorCode' && typeof field === 'number') counts.set(field, (counts.get(field) ?? 0) + 1);
    else if (typeof field === 'object') walk(field, counts, depth + 1);
  }
}
