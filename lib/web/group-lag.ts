// kafka_consumergroup_* (kafka_exporter's names) on the coordinator: at scrape time, the lag,
// committed offsets and member counts of the groups THIS broker coordinates, computed as
// bin/consumer-groups --describe computes them (lib/client/group-offsets.ts). The groups are those
// this broker's ListGroups answers: a coordinator lists exactly the groups it holds. The four
// gauges share one computation per scrape (prom-client collects them together), and a scrape
// waits for it at most SCRAPE_BUDGET_MS (a partition leader that just died must not stall
// Prometheus): past that the gauges are left empty for that scrape.
import type { Gauge } from 'prom-client';
import { describeGroupLag, lagByTopic, type GroupLag } from '../client/group-offsets';
import type { ConsoleContext } from './console-context';

const SCRAPE_BUDGET_MS = 5000;

export class CoordinatedGroupLag {
  private inFlight: Promise<GroupLag[]> | null = null;

  constructor(private readonly context: ConsoleContext) {}

  /** Registers the four gauges on the broker's registry. */
  register(): void {
    const metrics = this.context.broker.metrics;
    metrics.gaugeOnScrape('groupLag', (gauge) => this.fill(gauge, setPartitionLags));
    metrics.gaugeOnScrape('groupLagSum', (gauge) => this.fill(gauge, setTopicLags));
    metrics.gaugeOnScrape('groupCurrentOffset', (gauge) => this.fill(gauge, setCurrentOffsets));
    metrics.gaugeOnScrape('groupMembers', (gauge) => this.fill(gauge, setMembers));
  }

  /** The lag of each group this broker coordinates now; callers while it is computed share it. */
  lags(): Promise<GroupLag[]> {
    if (this.inFlight === null) {
      this.inFlight = this.compute().finally(() => {
        this.inFlight = null;
      });
    }
    return this.inFlight;
  }

  /** A failed computation leaves the gauge empty for this scrape rather than failing /metrics. */
  private async fill(gauge: Gauge, set: (gauge: Gauge, lags: GroupLag[]) => void): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const budget = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`not computed within ${SCRAPE_BUDGET_MS} ms`)), SCRAPE_BUDGET_MS);
    });
    try {
      set(gauge, await Promise.race([this.lags(), budget]));
    } catch (error) {
      this.context.logger.warn(`consumer group lag metrics: ${(error as Error).message}`);
    } finally {
      clearTimeout(timer);
    }
  }

  private async compute(): Promise<GroupLag[]> {
    const admin = await this.context.brokerAdmin();
    const groups = await admin.listGroups([this.context.broker.brokerId]);
    return Promise.all(groups.map((g) => describeGroupLag(admin, g.groupId)));
  }
}

function setPartitionLags(gauge: Gauge, lags: GroupLag[]): void {
  for (const { group, partitions } of lags)
    for (const p of partitions)
      if (p.lag !== null) gauge.set({ consumergroup: group.groupId, topic: p.topic, partition: p.partition }, p.lag);
}

function setTopicLags(gauge: Gauge, lags: GroupLag[]): void {
  for (const { group, partitions } of lags)
    for (const [topic, sum] of lagByTopic(partitions)) gauge.set({ consumergroup: group.groupId, topic }, sum);
}

function setCurrentOffsets(gauge: Gauge, lags: GroupLag[]): void {
  for (const { group, partitions } of lags)
    for (const p of partitions)
      if (p.currentOffset !== null)
        gauge.set({ consumergroup: group.groupId, topic: p.topic, partition: p.partition }, p.currentOffset);
}

function setMembers(gauge: Gauge, lags: GroupLag[]): void {
  for (const { group } of lags) gauge.set({ consumergroup: group.groupId }, group.members.length);
}
