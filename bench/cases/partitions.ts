// One broker with a 1-partition topic against one with 1,000 partitions: kcat -P writes the same
// records into each (acks=1, random partitions), and the broker's peak resident memory (VmHWM in
// /proc/<pid>/status, which covers the whole load) is read after it. Each size gets a fresh
// broker so the peak belongs to that size alone. Issue 13: RSS ≤ 150 MB with 1,000 partitions.
import { BenchContext, createTopics, startCluster } from '../context';
import { kcatProduceFile, recordsFile } from '../kcat';
import { procStatusMB } from '../processes';
import { issueTarget, Row, rowsFor } from '../report';

export const RSS_MAX_MB = 150;

async function one(ctx: BenchContext, partitions: number): Promise<Row[]> {
  const group = `partitions: one broker, kcat -P ${ctx.sizes.clientRecords.toLocaleString('en-US')} × 100 B, acks=1`;
  const cluster = await startCluster(ctx, 1);
  try {
    await createTopics(cluster.bootstrap, [{ topic: 'spread', numPartitions: partitions, replicationFactor: 1 }]);
    const pid = cluster.brokers[0].pid;
    const idleMB = procStatusMB(pid, 'VmRSS');
    const file = recordsFile(ctx, ctx.sizes.clientRecords);
    const rate = await kcatProduceFile(ctx, cluster.bootstrap, 'spread', file, ctx.sizes.clientRecords, '1');
    const peakMB = procStatusMB(pid, 'VmHWM');
    const row = rowsFor(`partitions.${partitions}`, group);
    const label = (what: string) => `${partitions} partition(s): ${what}`;
    return [
      row('produce', { label: label('produce'), value: rate, unit: 'records/s', better: 'higher' }),
      row('rss-idle', { label: label('broker RSS before the load'), value: idleMB, unit: 'MB', better: 'lower' }),
      row('rss-peak', {
        label: label('broker peak RSS (VmHWM)'),
        value: peakMB,
        unit: 'MB',
        better: 'lower',
        target: partitions >= 1000 ? issueTarget('<=', RSS_MAX_MB) : undefined,
      }),
    ];
  } finally {
    await cluster.stop();
  }
}

export async function partitionsCase(ctx: BenchContext): Promise<Row[]> {
  return [...(await one(ctx, 1)), ...(await one(ctx, ctx.sizes.manyPartitions))];
}
