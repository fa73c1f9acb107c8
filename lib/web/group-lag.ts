// kafka_consumergroup_* (kafka_exporter's names) on the coordinator: at scrape time, the lag,
// committed offsets and member counts of the groups THIS broker coordinates, computed as
// bin/consumer-groups --describe computes them (lib/client/group-offsets.ts). A broker learns
// which groups it coordinates the way a client does: ListGroups, then FindCoordinator per group.
// The four gauges share one computation per scrape (prom-client collects them together).
import type { Gauge } from 'prom-client';
import type { Admin } from '../client/admin';
import { describeGroupLag, lagByTopic, type GroupLag } from '../client/group-offsets';
import type { ConsoleContext } from './console-context';

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
    try {
      set(gauge, await this.lags());
    } catch (error) {
      this.context.logger.warn(`consumer group lag metrics: ${(error as Error).message}`);
    }
  }

  private async compute(): Promise<GroupLag[]> {
    const admin = await this.context.admin();
    const groups = await coordinatedGroups(admin, this.context.broker.brokerId);
    return Promise.all(groups.map((group) => describeGroupLag(admin, group)));
  }
}

async function coordinatedGroups(admin: Admin, brokerId: number): Promise<string[]> {
  const groups = (await admin.listGroups()).map((g) => g.groupId);
  const coordinators = await Promise.all(groups.map((g) => admin.cluster.findCoordinator(g)));
  return groups.filter((_, i) => coordinators[i] === brokerId);
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
