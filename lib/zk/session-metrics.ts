// The ZooKeeper client's metrics (Kafka's SessionExpireListener and ZooKeeperClientMetrics): the
// session state as a gauge per state, and counters of disconnects and expiries. The broker's
// session is replaced after an expiry, so the gauge reads whichever session is current, and
// each new session is subscribed in turn. Request latency is timed inside ZkSession itself.
import type { BrokerMetrics } from '../metrics/broker-metrics';
import type { ZkSession, ZkSessionState } from './session';

const STATES: readonly ZkSessionState[] = ['connecting', 'connected', 'disconnected', 'expired', 'closed'];

export function registerZkSessionGauge(metrics: BrokerMetrics, current: () => ZkSession | null): void {
  metrics.counter('zkDisconnects').inc(0);
  metrics.counter('zkExpires').inc(0);
  metrics.gaugeOnScrape('zkSessionState', (gauge) => {
    const state = current()?.state;
    for (const s of STATES) gauge.set({ state: s.toUpperCase() }, s === state ? 1 : 0);
  });
}

/** Counts `session`'s disconnects and its expiry; call once per session. */
export function countSessionEvents(session: ZkSession, metrics: BrokerMetrics): void {
  const disconnects = metrics.counter('zkDisconnects');
  const expires = metrics.counter('zkExpires');
  session.on('disconnected', () => disconnects.inc());
  session.on('expired', () => expires.inc());
}
