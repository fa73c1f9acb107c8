// After a run: what a fresh consumer reads from each partition's leader (every batch below the
// high watermark), and whether every ISR member holds byte-identical batches up to that high
// watermark — (offset, CRC) per batch, read from the brokers' segment files on disk.
import { Cluster } from '../../lib/client/cluster';
import { readBatches } from '../client/read-back';
import { batchCrcs } from '../helpers/disk-batches';
import { waitUntil } from '../helpers/wait';
import type { FaultCluster } from './fault-cluster';
import type { FinalLog } from './oracle';
import { seqOf } from './workload';

export interface PartitionRead {
  final: FinalLog;
  /** Partition → high watermark seen by the read. */
  highWatermarks: Map<number, number>;
}

const READ_TIMEOUT_MS = 60_000;

/** Reads every partition of `topic` from offset 0 to its high watermark through a new client. */
export async function readTopicAfresh(bootstrap: string, topic: string, partitions: number): Promise<PartitionRead> {
  const cluster = new Cluster({ brokers: bootstrap.split(','), clientId: 'fault-oracle', requestTimeoutMs: 15_000 });
  const final: FinalLog = new Map();
  const highWatermarks = new Map<number, number>();
  try {
    await cluster.connect();
    for (let p = 0; p < partitions; p++) {
      const batches = await waitUntil(() => readBatches(cluster, topic, p), {
        timeoutMs: READ_TIMEOUT_MS,
        intervalMs: 500,
        message: `a full read of ${topic}-${p}`,
      });
      const entries: Array<{ offset: number; seq: number }> = [];
      let end = 0;
      for (const batch of batches) {
        for (const record of batch.records) entries.push({ offset: record.offset, seq: seqOf(record.value) });
        end = batch.header.baseOffset + batch.header.lastOffsetDelta + 1;
      }
      final.set(p, entries);
      highWatermarks.set(p, end);
    }
  } finally {
    await cluster.close();
  }
  return { final, highWatermarks };
}

/** Partitions whose ISR members disagree on any batch below the high watermark, each with a reason. */
export async function divergentReplicas(
  cluster: FaultCluster,
  topic: string,
  highWatermarks: Map<number, number>,
): Promise<string[]> {
  const found: string[] = [];
  for (const [partition, hw] of highWatermarks) {
    const state = await cluster.state(topic, partition);
    const views = state.isr.map((id) => ({
      id,
      batches: batchCrcs(cluster.logDirsOf(id), topic, partition).filter(([offset]) => offset < hw),
    }));
    const reference = views.find((v) => v.id === state.leader) ?? views[0];
    if (!reference) continue;
    for (const view of views) {
      const same =
        view.batches.length === reference.batches.length &&
        view.batches.every(([o, crc], i) => o === reference.batches[i][0] && crc === reference.batches[i][1]);
      if (!same)
        found.push(
          `${topic}-${partition}: broker ${view.id} holds ${view.batches.length} batches below HW ${hw}, leader ${reference.id} ${reference.batches.length}, first difference at ${firstDifference(view.batches, reference.batches)}`,
        );
    }
  }
  return found;
}

function firstDifference(a: Array<[number, number]>, b: Array<[number, number]>): string {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i]?.[0] !== b[i]?.[0] || a[i]?.[1] !== b[i]?.[1])
      return `batch #${i} (offset ${a[i]?.[0] ?? '-'} vs ${b[i]?.[0] ?? '-'})`;
  }
  return 'none';
}
