// One broker's metric registry. Brokers share a process in specs, so each has its own registry
// (never prom-client's global one); every metric in it is made from catalogue.ts.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { METRICS, type MetricId } from './catalogue';

type IdsOf<T extends string> = { [K in MetricId]: (typeof METRICS)[K]['type'] extends T ? K : never }[MetricId];
export type CounterId = IdsOf<'counter'>;
export type GaugeId = IdsOf<'gauge'>;
export type HistogramId = IdsOf<'histogram'>;

/** Milliseconds: from sub-millisecond local work up to a long-poll's 30 s. */
const MS_BUCKETS = [0.5, 1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000];

export class BrokerMetrics {
  readonly registry = new Registry();
  private readonly made = new Map<MetricId, Counter | Gauge | Histogram>();

  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics !== false) collectDefaultMetrics({ register: this.registry });
  }

  counter(id: CounterId): Counter {
    return this.metric(id) as Counter;
  }

  gauge(id: GaugeId): Gauge {
    return this.metric(id) as Gauge;
  }

  histogram(id: HistogramId): Histogram {
    return this.metric(id) as Histogram;
  }

  /**
   * A gauge read when Prometheus scrapes: `read` sets its values (it may be async, e.g. to ask
   * other brokers). Replaces any earlier reader of the same gauge.
   */
  gaugeOnScrape(id: GaugeId, read: (gauge: Gauge) => void | Promise<void>): void {
    const existing = this.made.get(id);
    if (existing !== undefined) this.registry.removeSingleMetric(METRICS[id].name);
    const m = METRICS[id];
    const gauge = new Gauge({
      name: m.name,
      help: m.help,
      labelNames: [...m.labels],
      registers: [this.registry],
      async collect() {
        this.reset();
        await read(this);
      },
    });
    this.made.set(id, gauge);
  }

  /** The text Prometheus scrapes. */
  expose(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private metric(id: MetricId): Counter | Gauge | Histogram {
    let made = this.made.get(id);
    if (made === undefined) {
      const m = METRICS[id];
      const common = { name: m.name, help: m.help, labelNames: [...m.labels], registers: [this.registry] };
      if (m.type === 'counter') made = new Counter(common);
      else if (m.type === 'gauge') made = new Gauge(common);
      else made = new Histogram({ ...common, buckets: MS_BUCKETS });
      this.made.set(id, made);
    }
    return made;
  }
}
