// Keeps one ReplicaFetcher per source broker (Kafka's ReplicaFetcherManager with
// num.replica.fetchers=1): routes each followed partition to the fetcher of its leader, removes
// partitions when this broker stops following them, and stops fetchers left without partitions.
import type { Clock } from '../../util/clock';
import type { Logger } from '../../util/logger';
import {
  ReplicaFetcher,
  type ConnectToBroker,
  type FetchPhase,
  type FollowerLogs,
  type ReplicaFetcherConfig,
} from './replica-fetcher';

export interface ReplicaFetcherManagerOptions {
  brokerId: number;
  connect: ConnectToBroker;
  config: ReplicaFetcherConfig;
  logs: FollowerLogs;
  clock: Clock;
  logger: Logger;
}

export interface FollowedPartition {
  topic: string;
  partition: number;
  leaderId: number;
  leaderEpoch: number;
}

export class ReplicaFetcherManager {
  private readonly fetchers = new Map<number, ReplicaFetcher>();
  private stopped = false;

  constructor(private readonly options: ReplicaFetcherManagerOptions) {}

  addPartitions(partitions: FollowedPartition[]): void {
    if (this.stopped) return;
    for (const p of partitions) this.fetcherFor(p.leaderId).addPartition(p.topic, p.partition, p.leaderEpoch);
  }

  removePartitions(partitions: Array<{ topic: string; partition: number }>): void {
    for (const p of partitions) {
      for (const fetcher of this.fetchers.values()) fetcher.removePartition(p.topic, p.partition);
    }
  }

  /** Stops the fetchers that no longer have partitions (after a batch of transitions). */
  async shutdownIdleFetchers(): Promise<void> {
    const idle = [...this.fetchers.values()].filter((f) => f.partitionCount === 0);
    for (const fetcher of idle) this.fetchers.delete(fetcher.sourceBrokerId);
    await Promise.all(idle.map((f) => f.stop()));
  }

  /** Stops every fetcher; resolves once their loops have ended. */
  async shutdown(): Promise<void> {
    this.stopped = true;
    const all = [...this.fetchers.values()];
    this.fetchers.clear();
    await Promise.all(all.map((f) => f.stop()));
  }

  /** For specs and diagnostics: which broker a partition is fetched from, and in which phase. */
  fetchState(
    topic: string,
    partition: number,
  ): { sourceBrokerId: number; phase: FetchPhase; leaderEpoch: number } | undefined {
    for (const fetcher of this.fetchers.values()) {
      const state = fetcher.fetchState(topic, partition);
      if (state) return { sourceBrokerId: fetcher.sourceBrokerId, ...state };
    }
    return undefined;
  }

  get fetcherCount(): number {
    return this.fetchers.size;
  }

  private fetcherFor(sourceBrokerId: number): ReplicaFetcher {
    let fetcher = this.fetchers.get(sourceBrokerId);
    if (!fetcher) {
      fetcher = new ReplicaFetcher({ ...this.options, sourceBrokerId });
      this.fetchers.set(sourceBrokerId, fetcher);
      this.options.logger.info(`started replica fetcher ${this.options.brokerId}<-${sourceBrokerId}`);
    }
    return fetcher;
  }
}
