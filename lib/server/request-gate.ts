// Holds requests until this broker can answer them truthfully. Kafka binds its listeners early
// but processes no request until start-up completes; a broker restarted right after a crash
// waits here for its previous registration to expire, and answering Metadata meanwhile from an
// empty metadata cache would tell clients that existing topics do not exist.
//
// Phases, in order (never backwards):
//   starting   - listeners bound, not registered: only ApiVersions is answered (it says
//                nothing about the cluster, and clients send it first on every connection)
//   registered - in /brokers/ids with a broker epoch: control-plane requests from the
//                controller and other brokers are served too (stale ones are then fenced by
//                broker epoch), since the first UpdateMetadata arrives among them
//   ready      - the controller's first UpdateMetadata is applied: everything is served
// A held request waits at most `holdMsMax`; then the dispatcher closes its connection, which
// every Kafka client treats as retriable (reconnect, refresh metadata, retry).
// Ordering: waiters are released in arrival order, so a connection's held requests still start
// in the order they came (the socket server's per-connection rule).
import { ApiKey } from '../protocol/api-keys';

// Kafka clients' default request.timeout.ms: a client has given up on an answer held longer.
const REQUEST_HOLD_MS_MAX = 30000;
const HELD_REQUESTS_MAX = 10000;

export type ReadinessPhase = 'starting' | 'registered' | 'ready';

const PHASE_ORDER: Record<ReadinessPhase, number> = { starting: 0, registered: 1, ready: 2 };

/** Requests other brokers send; served once registered, before the metadata cache is filled. */
const CONTROL_PLANE_KEYS: ReadonlySet<number> = new Set([
  ApiKey.LEADER_AND_ISR,
  ApiKey.STOP_REPLICA,
  ApiKey.UPDATE_METADATA,
  ApiKey.CONTROLLED_SHUTDOWN,
  ApiKey.ALTER_ISR,
]);

/** The phase a request with this api key needs before it is handled. */
export function phaseNeeded(apiKey: number): ReadinessPhase {
  // A SASL login comes before any request on a SASL listener, other brokers' control requests included.
  if (apiKey === ApiKey.API_VERSIONS || apiKey === ApiKey.SASL_HANDSHAKE || apiKey === ApiKey.SASL_AUTHENTICATE) {
    return 'starting';
  }
  return CONTROL_PLANE_KEYS.has(apiKey) ? 'registered' : 'ready';
}

interface Waiter {
  needed: ReadinessPhase;
  release: (admitted: boolean) => void;
}

export class RequestGate {
  private phase: ReadinessPhase = 'starting';
  private closed = false;
  private readonly waiters: Waiter[] = [];

  constructor(
    private readonly holdMsMax = REQUEST_HOLD_MS_MAX,
    private readonly waitersMax = HELD_REQUESTS_MAX,
  ) {}

  get currentPhase(): ReadinessPhase {
    return this.phase;
  }

  /** True when a request with this api key may be handled now, without waiting. */
  admitsNow(apiKey: number): boolean {
    return PHASE_ORDER[this.phase] >= PHASE_ORDER[phaseNeeded(apiKey)];
  }

  /**
   * Resolves true once the request may be handled, false when it waited `holdMsMax`, the
   * gate was closed (broker stopping), or too many requests are already held.
   */
  admit(apiKey: number): Promise<boolean> {
    if (this.admitsNow(apiKey)) return Promise.resolve(true);
    if (this.closed || this.waiters.length >= this.waitersMax) return Promise.resolve(false);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        needed: phaseNeeded(apiKey),
        release: (admitted) => {
          clearTimeout(timer);
          resolve(admitted);
        },
      };
      const timer = setTimeout(() => {
        this.remove(waiter);
        resolve(false);
      }, this.holdMsMax);
      timer.unref();
      this.waiters.push(waiter);
    });
  }

  /**
   * The broker is registered: control-plane requests pass now, and everything once the
   * metadata cache applies its first update (every update applied from here on passed the
   * broker-epoch fence of this registration).
   */
  registered(metadata: { onUpdate(listener: () => void): () => void }, onReady: () => void): void {
    const unsubscribe = metadata.onUpdate(() => {
      unsubscribe();
      this.advance('ready');
      onReady();
    });
    this.advance('registered');
  }

  /** Moves to `phase` (a later one only) and releases, in arrival order, whatever it admits. */
  advance(phase: ReadinessPhase): void {
    if (PHASE_ORDER[phase] <= PHASE_ORDER[this.phase]) return;
    this.phase = phase;
    const admitted = this.waiters.filter((w) => PHASE_ORDER[phase] >= PHASE_ORDER[w.needed]);
    for (const waiter of admitted) this.remove(waiter);
    for (const waiter of admitted) waiter.release(true);
  }

  /** The broker is stopping: held requests are refused and no new one is held (admitted ones still run). */
  close(): void {
    this.closed = true;
    for (const waiter of this.waiters.splice(0)) waiter.release(false);
  }

  private remove(waiter: Waiter): void {
    const index = this.waiters.indexOf(waiter);
    if (index >= 0) this.waiters.splice(index, 1);
  }
}
