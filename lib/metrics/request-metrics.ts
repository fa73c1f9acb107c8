// Kafka's RequestMetrics, per API name (request label: Produce, FetchConsumer, FetchFollower,
// Metadata, ...). Each API's series are looked up once and cached, and so are its versions and
// error names: recording a request costs a few map lookups and histogram observations.
import type { Counter, Histogram } from 'prom-client';
import type { BrokerMetrics } from './broker-metrics';

/** One request's time split as Kafka splits it; the parts sum to totalMs. */
export interface RequestTimes {
  queueMs: number;
  localMs: number;
  remoteMs: number;
  sendMs: number;
  totalMs: number;
}

export class ApiRequestMetrics {
  private readonly byVersion = new Map<number, Counter.Internal>();
  private readonly byError = new Map<string, Counter.Internal>();
  private readonly total: Histogram.Internal<string>;
  private readonly queue: Histogram.Internal<string>;
  private readonly local: Histogram.Internal<string>;
  private readonly remote: Histogram.Internal<string>;
  private readonly send: Histogram.Internal<string>;

  constructor(
    private readonly metrics: BrokerMetrics,
    readonly name: string,
  ) {
    this.total = metrics.histogram('totalTimeMs').labels(name);
    this.queue = metrics.histogram('requestQueueTimeMs').labels(name);
    this.local = metrics.histogram('localTimeMs').labels(name);
    this.remote = metrics.histogram('remoteTimeMs').labels(name);
    this.send = metrics.histogram('responseSendTimeMs').labels(name);
  }

  received(version: number): void {
    let child = this.byVersion.get(version);
    if (child === undefined) {
      child = this.metrics.counter('requests').labels(this.name, String(version));
      this.byVersion.set(version, child);
    }
    child.inc();
  }

  /** `count` responses (or parts of one: partitions, topics) carried error `errorName` (NONE included). */
  errors(errorName: string, count: number): void {
    let child = this.byError.get(errorName);
    if (child === undefined) {
      child = this.metrics.counter('errors').labels(this.name, errorName);
      this.byError.set(errorName, child);
    }
    child.inc(count);
  }

  timed(times: RequestTimes): void {
    this.queue.observe(times.queueMs);
    this.local.observe(times.localMs);
    this.remote.observe(times.remoteMs);
    this.send.observe(times.sendMs);
    this.total.observe(times.totalMs);
  }
}

export class RequestMetrics {
  private readonly apis = new Map<string, ApiRequestMetrics>();

  constructor(private readonly metrics: BrokerMetrics) {}

  forApi(name: string): ApiRequestMetrics {
    let api = this.apis.get(name);
    if (api === undefined) {
      api = new ApiRequestMetrics(this.metrics, name);
      this.apis.set(name, api);
    }
    return api;
  }
}
