// Broker-only throughput, as `make bench` has measured it from the start (bench/raw-load.ts): one
// broker, one partition, 100 B and 1 KiB records produced with acks=1 and fetched back; then three
// brokers, one partition with three replicas, acks=1 against acks=all through the leader. Each
// figure is held against the baseline run when BENCH_BASELINE names one (no regression), and the
// produce figures are also given as a share of the disk's own sequential write speed.
import { Admin } from '../../lib/client/admin';
import { BenchContext, baselineTarget, createTopics, startCluster } from '../context';
import { encodeBatch, fetchAll, openConnections, produce } from '../raw-load';
import { Row } from '../report';

const GROUP = 'broker only (raw produce/fetch, 4 connections × 8 in flight)';
/** Broker-only figures may fall this far below the baseline before it counts as a regression. */
export const NO_REGRESSION_SHARE = 0.9;
const MIB = 1024 * 1024;

const SINGLE = [
  { recordBytes: 100, recordsPerBatch: 1000 },
  { recordBytes: 1024, recordsPerBatch: 200 },
];

function rate(ctx: BenchContext, id: string, label: string, records: number, seconds: number): Row {
  return {
    id,
    group: GROUP,
    label,
    value: records / seconds,
    unit: 'records/s',
    better: 'higher',
    target: baselineTarget(ctx, id, NO_REGRESSION_SHARE),
  };
}

function diskShare(ctx: BenchContext, id: string, label: string, bytes: number, seconds: number): Row[] {
  if (ctx.diskMBps === null) return [];
  const value = bytes / MIB / seconds / ctx.diskMBps;
  return [{ id, group: GROUP, label, value, unit: 'ratio', better: 'higher' }];
}

async function singleBroker(ctx: BenchContext): Promise<Row[]> {
  const cluster = await startCluster(ctx, 1);
  const rows: Row[] = [];
  try {
    for (const c of SINGLE) {
      const topic = `bench-${c.recordBytes}`;
      await createTopics(cluster.bootstrap, [{ topic, numPartitions: 1, replicationFactor: 1 }]);
      const batch = await encodeBatch(c.recordBytes, c.recordsPerBatch);
      const batches = Math.max(1, Math.floor(ctx.sizes.brokerOnlyBytes / batch.length));
      const records = batches * c.recordsPerBatch;
      const connections = await openConnections(cluster.brokers[0].port);
      try {
        const seconds = await produce(connections, topic, batch, batches);
        const size = `${c.recordBytes} B`;
        rows.push(rate(ctx, `broker.produce.${c.recordBytes}`, `produce ${size} records, acks=1`, records, seconds));
        rows.push(
          ...diskShare(
            ctx,
            `broker.produce.${c.recordBytes}.disk`,
            `  the same in MB/s ÷ the disk's write speed`,
            records * c.recordBytes,
            seconds,
          ),
        );
        const fetched = await fetchAll(connections[0], topic, records);
        rows.push(
          rate(ctx, `broker.fetch.${c.recordBytes}`, `fetch ${size} records`, fetched.records, fetched.seconds),
        );
      } finally {
        for (const conn of connections) conn.close();
      }
    }
  } finally {
    await cluster.stop();
  }
  return rows;
}

async function threeBrokers(ctx: BenchContext): Promise<Row[]> {
  const cluster = await startCluster(ctx, 3);
  try {
    await createTopics(cluster.bootstrap, [{ topic: 'replicated', numPartitions: 1, replicationFactor: 3 }]);
    const described = await describeLeaderPort(cluster.bootstrap);
    const batch = await encodeBatch(100, 1000);
    const batches = Math.max(1, Math.floor(ctx.sizes.brokerOnlyBytes / 4 / batch.length));
    const connections = await openConnections(described);
    const rows: Row[] = [];
    try {
      for (const acks of [1, -1]) {
        const seconds = await produce(connections, 'replicated', batch, batches, acks);
        const name = acks === -1 ? 'all' : '1';
        rows.push(
          rate(
            ctx,
            `broker.replicated.acks-${name}`,
            `3 brokers rf=3, produce 100 B, acks=${name}`,
            batches * 1000,
            seconds,
          ),
        );
      }
    } finally {
      for (const c of connections) c.close();
    }
    return rows;
  } finally {
    await cluster.stop();
  }
}

async function describeLeaderPort(bootstrap: string): Promise<number> {
  const admin = await Admin.connect(bootstrap);
  try {
    const described = await admin.describeTopics(['replicated']);
    const leader = described.topics[0].partitions[0].leader;
    return described.brokers.find((b) => b.nodeId === leader)?.port as number;
  } finally {
    await admin.close();
  }
}

export async function brokerOnlyCase(ctx: BenchContext): Promise<Row[]> {
  return [...(await singleBroker(ctx)), ...(await threeBrokers(ctx))];
}
