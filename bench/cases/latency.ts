// End-to-end latency at a fixed rate (bench/latency-probe.ts): one broker with acks=1, and three
// brokers (rf=3) with acks=all, 6 partitions, 100 B records, linger.ms=0, kcat on both ends. The
// percentiles come from a log-bucketed histogram (bench/histogram.ts) and sit beside issue 13's
// targets: p99 ≤ 5 ms and p99.9 ≤ 15 ms on one broker, p99 ≤ 10 ms on three.
import { BenchContext, createTopics, startCluster } from '../context';
import { measureLatency, LatencyResult } from '../latency-probe';
import { issueTarget, Row, rowsFor } from '../report';

const PARTITIONS = 6;
/** The pacer must deliver at least this share of the rate asked, or the latency is of another load. */
const RATE_SHARE_MIN = 0.98;

interface Setup {
  brokers: number;
  acks: '1' | 'all';
  p99MaxMs: number;
  p999MaxMs?: number;
}
export const LATENCY_SETUPS: Setup[] = [
  { brokers: 1, acks: '1', p99MaxMs: 5, p999MaxMs: 15 },
  { brokers: 3, acks: 'all', p99MaxMs: 10 },
];

function rowsOf(ctx: BenchContext, setup: Setup, r: LatencyResult): Row[] {
  const s = r.histogramUs.summary();
  const { latencyRatePerSec: rate, latencySeconds } = ctx.sizes;
  const group = `end-to-end latency: ${setup.brokers} broker${setup.brokers > 1 ? 's rf=3' : ''}, acks=${setup.acks}, ${rate.toLocaleString('en-US')} records/s for ${latencySeconds} s, ${PARTITIONS} partitions, kcat → kcat`;
  const row = rowsFor(`latency.${setup.brokers}b.acks-${setup.acks}`, group);
  const ms = (suffix: string, us: number, maxMs?: number) =>
    row(suffix, {
      label: suffix === 'p999' ? 'p99.9' : suffix,
      value: us / 1000,
      unit: 'ms',
      better: 'lower',
      target: maxMs === undefined ? undefined : issueTarget('<=', maxMs),
    });
  return [
    row('rate', {
      label: 'records/s achieved',
      value: r.achievedPerSec,
      unit: 'records/s',
      better: 'higher',
      target: { op: '>=', value: rate * RATE_SHARE_MIN, source: 'the rate asked' },
      note: `${s.count.toLocaleString('en-US')} records measured after the warm-up`,
    }),
    ms('p50', s.p50),
    ms('p95', s.p95),
    ms('p99', s.p99, setup.p99MaxMs),
    ms('p999', s.p999, setup.p999MaxMs),
    ms('max', s.max),
  ];
}

export async function latencyCase(ctx: BenchContext): Promise<Row[]> {
  const rows: Row[] = [];
  for (const setup of LATENCY_SETUPS) {
    const cluster = await startCluster(ctx, setup.brokers);
    try {
      await createTopics(cluster.bootstrap, [
        { topic: 'latency', numPartitions: PARTITIONS, replicationFactor: setup.brokers },
      ]);
      rows.push(...rowsOf(ctx, setup, await measureLatency(ctx, cluster.bootstrap, 'latency', PARTITIONS, setup.acks)));
    } finally {
      await cluster.stop();
    }
  }
  return rows;
}
