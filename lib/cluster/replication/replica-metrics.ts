// ReplicaManager's gauges, computed from the hosted partitions when Prometheus scrapes (Kafka
// computes them on read too), so no state change has to remember to update a counter.
import type { BrokerMetrics, GaugeId } from '../../metrics/broker-metrics';
import type { Partition } from './partition';

export interface ReplicaCounts {
  underReplicatedPartitions: number;
  underMinIsrPartitionCount: number;
  atMinIsrPartitionCount: number;
  offlineReplicaCount: number;
  partitionCount: number;
  leaderCount: number;
}

/** Kafka's definitions: the ISR counts are over partitions led here, against their committed ISR. */
export function replicaCounts(
  partitions: readonly Partition[],
  minInsyncReplicasFor: (topic: string) => number,
): ReplicaCounts {
  const counts: ReplicaCounts = {
    underReplicatedPartitions: 0,
    underMinIsrPartitionCount: 0,
    atMinIsrPartitionCount: 0,
    offlineReplicaCount: 0,
    partitionCount: partitions.length,
    leaderCount: 0,
  };
  for (const p of partitions) {
    if (p.isOffline) counts.offlineReplicaCount++;
    if (!p.isLeader || p.isOffline) continue;
    counts.leaderCount++;
    const isrSize = p.isr.length;
    const minIsr = minInsyncReplicasFor(p.topic);
    if (isrSize < p.replicas.length) counts.underReplicatedPartitions++;
    if (isrSize < minIsr) counts.underMinIsrPartitionCount++;
    else if (isrSize === minIsr) counts.atMinIsrPartitionCount++;
  }
  return counts;
}

export function registerReplicaGauges(
  metrics: BrokerMetrics,
  replicas: { allPartitions(): Partition[] },
  minInsyncReplicasFor: (topic: string) => number,
): void {
  const ids: Array<GaugeId & keyof ReplicaCounts> = [
    'underReplicatedPartitions',
    'underMinIsrPartitionCount',
    'atMinIsrPartitionCount',
    'offlineReplicaCount',
    'partitionCount',
    'leaderCount',
  ];
  // Each gauge walks the partitions once per scrape: a few thousand objects, cheaper than keeping counters right.
  for (const id of ids) {
    metrics.gaugeOnScrape(id, (gauge) => gauge.set(replicaCounts(replicas.allPartitions(), minInsyncReplicasFor)[id]));
  }
}
