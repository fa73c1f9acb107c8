// Kafka's BrokerTopicMetrics: every event counts twice, under its topic and in the all-topics
// series (the same metric without labels), as Kafka keeps one MBean per topic and one for all.
// Per-topic children are made once and cached, so the produce and fetch paths pay a map lookup
// per partition and pass no label values (prom-client still keys the child's series on each
// increment: about 0.25 µs each, measured).
import type { Counter } from 'prom-client';
import type { BrokerMetrics } from './broker-metrics';

const TOPIC_COUNTERS = [
  'messagesIn',
  'bytesIn',
  'bytesOut',
  'bytesRejected',
  'totalProduceRequests',
  'failedProduceRequests',
  'totalFetchRequests',
  'failedFetchRequests',
] as const;

type TopicCounterId = (typeof TOPIC_COUNTERS)[number];

type Children = Record<TopicCounterId, Counter.Internal>;

export class TopicMetrics {
  private readonly counters: Record<TopicCounterId, Counter>;
  private readonly byTopic = new Map<string, Children>();
  private readonly replicationIn: Counter;
  private readonly replicationOut: Counter;

  constructor(metrics: BrokerMetrics) {
    this.counters = Object.fromEntries(TOPIC_COUNTERS.map((id) => [id, metrics.counter(id)])) as Record<
      TopicCounterId,
      Counter
    >;
    // Present at 0 before the first event, so rate() has a starting point.
    for (const counter of Object.values(this.counters)) counter.inc(0);
    this.replicationIn = metrics.counter('replicationBytesIn');
    this.replicationOut = metrics.counter('replicationBytesOut');
    this.replicationIn.inc(0);
    this.replicationOut.inc(0);
  }

  /** A produce request's partition of `topic`: appended as leader, or refused. */
  produced(topic: string, records: number, bytes: number): void {
    const t = this.children(topic);
    this.both('totalProduceRequests', t, 1);
    this.both('messagesIn', t, records);
    this.both('bytesIn', t, bytes);
  }

  produceFailed(topic: string, bytes: number): void {
    const t = this.children(topic);
    this.both('totalProduceRequests', t, 1);
    this.both('failedProduceRequests', t, 1);
    if (bytes > 0) this.both('bytesRejected', t, bytes);
  }

  /**
   * A fetch request's partition of `topic`. As in Kafka, a consumer's bytes count as BytesOut and
   * a follower's as ReplicationBytesOut (Kafka's BrokerTopicStats.updateBytesOut).
   */
  fetched(topic: string, bytes: number, fromFollower: boolean, failed: boolean): void {
    const t = this.children(topic);
    this.both('totalFetchRequests', t, 1);
    if (failed) this.both('failedFetchRequests', t, 1);
    if (bytes === 0) return;
    if (fromFollower) this.replicationOut.inc(bytes);
    else this.both('bytesOut', t, bytes);
  }

  /** Bytes this broker appended as a follower. */
  replicated(bytes: number): void {
    if (bytes > 0) this.replicationIn.inc(bytes);
  }

  /** A deleted topic's series go, as Kafka removes its topic MBeans. */
  removeTopic(topic: string): void {
    if (!this.byTopic.delete(topic)) return;
    for (const id of TOPIC_COUNTERS) this.counters[id].remove(topic);
  }

  private both(id: TopicCounterId, t: Children, n: number): void {
    if (n <= 0) return;
    t[id].inc(n);
    this.counters[id].inc(n);
  }

  private children(topic: string): Children {
    let t = this.byTopic.get(topic);
    if (t === undefined) {
      t = Object.fromEntries(TOPIC_COUNTERS.map((id) => [id, this.counters[id].labels(topic)])) as Children;
      this.byTopic.set(topic, t);
    }
    return t;
  }
}
