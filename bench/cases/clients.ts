// Client throughput, Samsa's own client against kcat (librdkafka) in the same run, on one broker
// (acks=1) and three (rf=3, acks=all): bin/producer-perf against kcat -P producing the same number
// of 100 B records into a 6-partition topic, then bin/consumer-perf against kcat -C reading them
// back. Runs alternate between the tools and the best of each counts, so a noisy moment on the
// shared machine does not land on one tool alone. Samsa's figures are its tools' own (timed from
// the first send / after the group's assignment); kcat's are timed from spawn to exit.
import * as path from 'node:path';
import { BenchContext, Cluster, createTopics, startCluster } from '../context';
import { kcatConsume, kcatProduceFile, RECORD_BYTES, recordsFile } from '../kcat';
import { ROOT, runToExit } from '../processes';
import { issueTarget, Row, rowsFor, Target } from '../report';

/** Issue 13's targets for Samsa's client, as shares of kcat's figures in the same run. */
export const PRODUCER_SHARE_MIN = 0.95;
export const CONSUMER_SHARE_MIN = 0.9;
export const PRODUCER_P99_SHARE_MAX = 2;
const PARTITIONS = 6;
const RUN_TIMEOUT_MS = 10 * 60_000;

interface Setup {
  brokers: number;
  acks: '1' | 'all';
}
const SETUPS: Setup[] = [
  { brokers: 1, acks: '1' },
  { brokers: 3, acks: 'all' },
];

interface ProducerPerf {
  recordsPerSec: number;
  p99Ms: number;
}

async function samsaProduce(ctx: BenchContext, c: Cluster, topic: string, acks: string): Promise<ProducerPerf> {
  const args = [
    ...['--topic', topic, '--num-records', String(ctx.sizes.clientRecords), '--record-size', String(RECORD_BYTES)],
    ...['--throughput', '-1', '--producer-props', `bootstrap.servers=${c.bootstrap}`, `acks=${acks}`],
  ];
  const exit = await runToExit(ctx.procs, path.join(ROOT, 'bin', 'producer-perf'), args, { timeoutMs: RUN_TIMEOUT_MS });
  const summary = /([\d.]+) records\/sec .* ([\d.]+) ms 99th/.exec(exit.stdout);
  if (exit.code !== 0 || !summary) throw new Error(`producer-perf exited ${String(exit.code)}: ${exit.stderr}`);
  return { recordsPerSec: Number(summary[1]), p99Ms: Number(summary[2]) };
}

let groups = 0;

/** consumer-perf's fetch.nMsg.sec: the rate after the group's assignment, as kcat -C joins no group. */
async function samsaConsume(ctx: BenchContext, c: Cluster, topic: string): Promise<number> {
  const args = [
    ...['--bootstrap-server', c.bootstrap, '--topic', topic, '--messages', String(ctx.sizes.clientRecords)],
    ...['--group', `bench-perf-${++groups}`, '--hide-header'],
  ];
  const exit = await runToExit(ctx.procs, path.join(ROOT, 'bin', 'consumer-perf'), args, { timeoutMs: RUN_TIMEOUT_MS });
  const columns = exit.stdout.trim().split('\n').pop()?.split(', ') ?? [];
  if (exit.code !== 0 || columns.length < 10 || Number(columns[4]) < ctx.sizes.clientRecords)
    throw new Error(`consumer-perf exited ${String(exit.code)}: ${exit.stdout} ${exit.stderr}`);
  return Number(columns[9]);
}

interface Best {
  samsaProduce: number;
  samsaP99Ms: number;
  kcatProduce: number;
  samsaConsume: number;
  kcatConsume: number;
}

async function measure(ctx: BenchContext, setup: Setup, c: Cluster): Promise<Best> {
  const rf = setup.brokers;
  await createTopics(c.bootstrap, [
    { topic: 'samsa-client', numPartitions: PARTITIONS, replicationFactor: rf },
    { topic: 'kcat-client', numPartitions: PARTITIONS, replicationFactor: rf },
  ]);
  const file = recordsFile(ctx, ctx.sizes.clientRecords);
  const best: Best = { samsaProduce: 0, samsaP99Ms: Infinity, kcatProduce: 0, samsaConsume: 0, kcatConsume: 0 };
  for (let round = 0; round < ctx.sizes.clientRounds; round++) {
    const samsa = await samsaProduce(ctx, c, 'samsa-client', setup.acks);
    if (samsa.recordsPerSec > best.samsaProduce)
      [best.samsaProduce, best.samsaP99Ms] = [samsa.recordsPerSec, samsa.p99Ms];
    const kcat = await kcatProduceFile(ctx, c.bootstrap, 'kcat-client', file, ctx.sizes.clientRecords, setup.acks);
    best.kcatProduce = Math.max(best.kcatProduce, kcat);
  }
  // Both consumers read the records kcat wrote, so they read identical batches.
  for (let round = 0; round < ctx.sizes.clientRounds; round++) {
    best.samsaConsume = Math.max(best.samsaConsume, await samsaConsume(ctx, c, 'kcat-client'));
    best.kcatConsume = Math.max(
      best.kcatConsume,
      await kcatConsume(ctx, c.bootstrap, 'kcat-client', ctx.sizes.clientRecords),
    );
  }
  return best;
}

function rowsOf(setup: Setup, best: Best, rounds: number): Row[] {
  const group = `clients: ${setup.brokers} broker${setup.brokers > 1 ? 's rf=3' : ''}, acks=${setup.acks}, ${PARTITIONS} partitions, ${RECORD_BYTES} B records (best of ${rounds})`;
  const row = rowsFor(`clients.${setup.brokers}b.acks-${setup.acks}`, group);
  const rate = (value: number) => ({ value, unit: 'records/s' as const, better: 'higher' as const });
  const share = (value: number | null, op: Target['op'], limit: number) => ({
    value,
    unit: 'ratio' as const,
    better: op === '>=' ? ('higher' as const) : ('lower' as const),
    target: issueTarget(op, limit),
  });
  return [
    row('produce.samsa', { label: 'Samsa producer-perf', ...rate(best.samsaProduce) }),
    row('produce.kcat', { label: 'kcat -P', ...rate(best.kcatProduce) }),
    row('produce.ratio', {
      label: 'Samsa ÷ kcat, produce',
      ...share(best.samsaProduce / best.kcatProduce, '>=', PRODUCER_SHARE_MIN),
    }),
    row('produce.samsa-p99', {
      label: 'Samsa producer p99 latency',
      value: best.samsaP99Ms,
      unit: 'ms',
      better: 'lower',
    }),
    row('produce.p99-ratio', {
      label: 'Samsa ÷ kcat, producer p99',
      ...share(null, '<=', PRODUCER_P99_SHARE_MAX),
      note: 'kcat prints no per-record latency',
    }),
    row('consume.samsa', { label: 'Samsa consumer-perf (fetch.nMsg.sec)', ...rate(best.samsaConsume) }),
    row('consume.kcat', { label: 'kcat -C', ...rate(best.kcatConsume) }),
    row('consume.ratio', {
      label: 'Samsa ÷ kcat, consume',
      ...share(best.samsaConsume / best.kcatConsume, '>=', CONSUMER_SHARE_MIN),
    }),
  ];
}

export async function clientsCase(ctx: BenchContext): Promise<Row[]> {
  const rows: Row[] = [];
  for (const setup of SETUPS) {
    const cluster = await startCluster(ctx, setup.brokers);
    try {
      rows.push(...rowsOf(setup, await measure(ctx, setup, cluster), ctx.sizes.clientRounds));
    } finally {
      await cluster.stop();
    }
  }
  return rows;
}
