// Kafka's per-log gauges (kafka.log:type=Log,name=Size|LogStartOffset|LogEndOffset|NumLogSegments),
// one series per partition replica on this broker, read from the LogManager when Prometheus
// scrapes: a log deleted since the last scrape simply disappears from the next one.
import type { BrokerMetrics, GaugeId } from '../metrics/broker-metrics';
import type { PartitionLog } from './partition-log';

const READERS: ReadonlyArray<[GaugeId, (log: PartitionLog) => number]> = [
  ['logSize', (log) => log.sizeInBytes],
  ['logStartOffset', (log) => log.logStartOffset],
  ['logEndOffset', (log) => log.logEndOffset],
  ['numLogSegments', (log) => log.numberOfSegments],
];

export function registerLogGauges(metrics: BrokerMetrics, logs: { allLogs(): PartitionLog[] }): void {
  for (const [id, read] of READERS) {
    metrics.gaugeOnScrape(id, (gauge) => {
      for (const log of logs.allLogs()) gauge.set({ topic: log.topic, partition: String(log.partition) }, read(log));
    });
  }
}
