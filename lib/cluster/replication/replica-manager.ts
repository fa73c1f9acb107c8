// Hosts this broker's partitions (Kafka's ReplicaManager): creates their logs when the
// controller makes this broker a replica (LeaderAndIsr), makes each one leader or follower —
// followers are handed to the replica fetcher of their leader, leaders track their followers'
// fetches — stops them on StopReplica, runs the produce and fetch paths, answers
// OffsetForLeaderEpoch, and runs the periodic ISR-expiration check. Records stay bytes here.
// When a log dir fails, its partitions go offline here (KAFKA_STORAGE_ERROR to every request
// for them, including the controller's LeaderAndIsr, which is how the controller learns which
// replicas to move away from) while partitions in other dirs carry on.
// It never writes ZooKeeper: ISR changes leave through the injected `alterIsr`, connections to
// leaders through the injected `connect`.
//
// Concurrency: everything runs on the event loop; a transition (applyState + fetcher move) is
// synchronous, so a fetch response or request never observes half of one.
import type { LogManager, LogConfig, PartitionLog } from '../../storage';
import { validateProducedBatches } from '../../protocol/records';
import { KafkaError, errorOf } from '../../protocol/kafka-error';
import { ErrorCode } from '../../protocol/error-codes';
import { systemClock, type Clock } from '../../util/clock';
import type { Logger } from '../../util/logger';
import { Partition, PartitionContext, PartitionState, type AlterIsr, type Transition } from './partition';
import { DelayedOperations, partitionKey, type ParkListener } from './delayed-operations';
import { DelayedProduce, ProducePartitionResult } from './delayed-produce';
import { DelayedFetch, FetchParams, FetchPartitionResult, readPartition } from './delayed-fetch';
import type { ConnectToBroker, ReplicaFetcherConfig } from './replica-fetcher';
import { ReplicaFetcherManager, type FollowedPartition } from './replica-fetcher-manager';
import { describeLogDirs, type LogDirDescription, type LogDirFilter } from './log-dirs';
import type { BrokerMetrics } from '../../metrics/broker-metrics';
import { TopicMetrics } from '../../metrics/topic-metrics';
import { registerReplicaGauges } from './replica-metrics';

/** Kafka's replica.* settings; names match BrokerConfig so the broker can pass its config. */
export interface ReplicationConfig extends ReplicaFetcherConfig {
  replicaLagTimeMaxMs: number;
}

export const DEFAULT_REPLICATION_CONFIG: ReplicationConfig = {
  replicaLagTimeMaxMs: 30000,
  replicaFetchWaitMaxMs: 500,
  replicaFetchMinBytes: 1,
  replicaFetchMaxBytes: 1048576,
  replicaFetchResponseMaxBytes: 10485760,
  replicaFetchBackoffMs: 1000,
};

export interface ReplicaManagerOptions {
  brokerId: number;
  logManager: LogManager;
  logConfigFor(topic: string): Promise<LogConfig>;
  minInsyncReplicasFor(topic: string): number;
  delayedOperationsMax: number;
  logger: Logger;
  clock?: Clock;
  /** Defaults to Kafka's defaults for any setting left out. */
  replication?: Partial<ReplicationConfig>;
  /** Connects to a leader's inter-broker listener. Without it followers do not fetch. */
  connect?: ConnectToBroker;
  /** Sends AlterIsr to the controller. Without it leaders never change their ISR. */
  alterIsr?: AlterIsr;
  /** Wait before re-sending an AlterIsr that failed for a transient reason (default 500). */
  alterIsrRetryBackoffMs?: number;
  /** A log dir failed and its partitions are offline here: the broker tells the controller. */
  onLogDirFailure?: (logDir: string) => void;
  /** The broker's registry: BrokerTopicMetrics and ReplicaManager's metrics go there. */
  metrics?: BrokerMetrics;
}

export interface LeaderAndIsrPartition extends PartitionState {
  topic: string;
  partition: number;
}

export interface ProduceEntry {
  topic: string;
  partition: number;
  records: Buffer | null;
}

export interface PartitionError {
  topic: string;
  partition: number;
  errorCode: number;
}

/** StopReplica sentinels: no epoch given (old versions) and topic deletion. */
const NO_EPOCH = -1;
const EPOCH_DURING_DELETE = -2;
const TIMER_INTERVAL_MAX_MS = 0x7fffffff;

export class ReplicaManager {
  private readonly partitions = new Map<string, Partition>();
  private readonly topicConfigs = new Map<string, LogConfig>();
  readonly producePurgatory: DelayedOperations;
  readonly fetchPurgatory: DelayedOperations;
  private readonly clock: Clock;
  private readonly replication: ReplicationConfig;
  private readonly partitionContext: PartitionContext;
  private readonly fetcherManager: ReplicaFetcherManager | null;
  private readonly isrExpirationTimer: NodeJS.Timeout;
  private zkSessionHealthy = true;
  private shuttingDown = false;
  private readonly topicMetrics: TopicMetrics | null;

  constructor(private readonly options: ReplicaManagerOptions) {
    this.producePurgatory = new DelayedOperations('produce', options.delayedOperationsMax);
    this.fetchPurgatory = new DelayedOperations('fetch', options.delayedOperationsMax);
    this.clock = options.clock ?? systemClock;
    this.replication = { ...DEFAULT_REPLICATION_CONFIG, ...options.replication };
    const metrics = options.metrics;
    this.topicMetrics = metrics ? new TopicMetrics(metrics) : null;
    const isrShrinks = metrics?.counter('isrShrinks');
    const isrExpands = metrics?.counter('isrExpands');
    isrShrinks?.inc(0);
    isrExpands?.inc(0);
    this.partitionContext = {
      clock: this.clock,
      replicaLagTimeMaxMs: this.replication.replicaLagTimeMaxMs,
      alterIsr: options.alterIsr ?? null,
      alterIsrRetryBackoffMs: options.alterIsrRetryBackoffMs ?? 500,
      onHighWatermarkAdvanced: (p) => this.completeDelayedRequests(partitionKey(p.topic, p.partition)),
      onIsrChanged: (kind) => (kind === 'shrink' ? isrShrinks : isrExpands)?.inc(),
      logger: options.logger,
    };
    this.fetcherManager = options.connect
      ? new ReplicaFetcherManager({
          brokerId: options.brokerId,
          connect: options.connect,
          config: this.replication,
          clock: this.clock,
          logger: options.logger,
          logs: {
            followerLog: (topic, partition) => this.followerLog(topic, partition),
            appended: (bytes) => this.topicMetrics?.replicated(bytes),
          },
        })
      : null;
    // Kafka's isr-expiration task: a follower may thus lag up to 1.5 x replica.lag.time.max.ms.
    const intervalMs = Math.min(
      TIMER_INTERVAL_MAX_MS,
      Math.max(1, Math.floor(this.replication.replicaLagTimeMaxMs / 2)),
    );
    this.isrExpirationTimer = setInterval(() => this.maybeShrinkIsr(), intervalMs).unref();
    options.logManager.failureChannel.onFailure((logDir) => this.handleLogDirFailure(logDir));
    if (metrics) registerReplicaGauges(metrics, this, (topic) => options.minInsyncReplicasFor(topic));
  }

  getPartition(topic: string, partition: number): Partition | undefined {
    return this.partitions.get(partitionKey(topic, partition));
  }

  /** Partition this broker leads, or the error a client should see. */
  leaderPartition(topic: string, partition: number): Partition {
    const hosted = this.getPartition(topic, partition);
    if (!hosted) {
      throw new KafkaError(ErrorCode.NOT_LEADER_OR_FOLLOWER, `${topic}-${partition} is not hosted on this broker`);
    }
    hosted.requireLeader();
    return hosted;
  }

  /**
   * Applies LeaderAndIsr partition states (Kafka's becomeLeaderOrFollower): older leader epochs
   * are refused, an equal one only refreshes ISR/zkVersion, a newer one makes this broker
   * leader (its fetching stops) or follower (fetching moves to the new leader, starting with
   * truncation by leader epoch).
   */
  async becomeLeaderOrFollower(states: LeaderAndIsrPartition[]): Promise<PartitionError[]> {
    const results: PartitionError[] = [];
    const followed: FollowedPartition[] = [];
    for (const state of states) {
      const errorCode = await this.applyLeaderAndIsr(state, followed);
      results.push({ topic: state.topic, partition: state.partition, errorCode });
    }
    if (followed.length > 0 && !this.shuttingDown) {
      if (this.fetcherManager) this.fetcherManager.addPartitions(followed);
      else
        this.options.logger.warn(`no inter-broker connector: ${followed.length} followed partition(s) will not fetch`);
    }
    this.shutdownIdleFetchers();
    return results;
  }

  /**
   * Stops hosting partitions (StopReplica): their fetching stops first; with `deletePartition`
   * the partition and its log are removed, otherwise it stays hosted, idle (Kafka 2.8). A leader
   * epoch older than the partition's is refused with FENCED_LEADER_EPOCH.
   */
  stopReplicas(
    partitions: Array<{ topic: string; partition: number; leaderEpoch?: number }>,
    deletePartition: boolean,
  ): PartitionError[] {
    const results: PartitionError[] = [];
    const stopped: Array<{ topic: string; partition: number }> = [];
    for (const p of partitions) {
      const hosted = this.getPartition(p.topic, p.partition);
      if (hosted?.isOffline) {
        results.push({ topic: p.topic, partition: p.partition, errorCode: ErrorCode.KAFKA_STORAGE_ERROR });
        continue;
      }
      const epoch = p.leaderEpoch ?? NO_EPOCH;
      const fenced = hosted && epoch !== NO_EPOCH && epoch !== EPOCH_DURING_DELETE && epoch < hosted.leaderEpoch;
      results.push({
        topic: p.topic,
        partition: p.partition,
        errorCode: fenced ? ErrorCode.FENCED_LEADER_EPOCH : ErrorCode.NONE,
      });
      if (!fenced) stopped.push(p);
    }
    this.fetcherManager?.removePartitions(stopped);
    for (const { topic, partition } of stopped) {
      const key = partitionKey(topic, partition);
      if (deletePartition) {
        this.partitions.get(key)?.close();
        this.partitions.delete(key);
      }
      this.completeDelayedRequests(key);
      if (deletePartition) this.options.logManager.deleteLog(topic, partition);
    }
    if (deletePartition) this.forgetDeletedTopics(stopped);
    this.shutdownIdleFetchers();
    return results;
  }

  /**
   * While false (ZooKeeper session lost, not yet re-registered and told its state again), this
   * broker must not acknowledge acks=all writes: new ones and waiting ones answer
   * NOT_LEADER_OR_FOLLOWER, which clients retry after refreshing metadata.
   */
  setZkSessionHealthy(healthy: boolean): void {
    if (this.zkSessionHealthy === healthy) return;
    this.zkSessionHealthy = healthy;
    this.options.logger.info(
      `acks=all writes ${healthy ? 'resumed' : 'suspended'} (ZooKeeper session ${healthy ? 'healthy' : 'lost'})`,
    );
    if (!healthy) this.producePurgatory.checkAndCompleteAll();
  }

  /**
   * Appends each partition's batches synchronously (so pipelined requests keep their order),
   * then, for acks=all, waits until the high watermark covers them or the timeout passes.
   */
  appendRecords(
    entries: ProduceEntry[],
    requiredAcks: number,
    timeoutMs: number,
    timing?: ParkListener,
  ): Promise<ProducePartitionResult[]> {
    const results = entries.map((entry) => this.appendOne(entry, requiredAcks));
    if (requiredAcks !== -1 || results.every((r) => r.errorCode !== ErrorCode.NONE)) {
      return Promise.resolve(results);
    }
    return new Promise((resolve) => {
      const op = new DelayedProduce(
        results,
        {
          lookup: (t, p) => this.getPartition(t, p),
          minInsyncReplicasFor: (topic) => this.options.minInsyncReplicasFor(topic),
          canAcknowledge: () => this.zkSessionHealthy,
        },
        resolve,
      );
      const keys = results.filter((r) => r.errorCode === ErrorCode.NONE).map((r) => partitionKey(r.topic, r.partition));
      if (this.producePurgatory.tryCompleteElseWatch(op, keys, timeoutMs)) timing?.parked();
    });
  }

  /**
   * Reads what is available now; if it is less than minBytes, waits (long poll) for appends.
   * A follower's fetch (replicaId >= 0) first records its position, which may move the ISR and
   * the high watermark.
   */
  fetchMessages(params: FetchParams, timing?: ParkListener): Promise<FetchPartitionResult[]> {
    const emptyPartitions = params.replicaId >= 0 ? this.recordFollowerFetch(params) : new Set<string>();
    return new Promise((resolve) => {
      const answer = (results: FetchPartitionResult[]): void => {
        this.countFetched(params.replicaId >= 0, results);
        resolve(results);
      };
      const op = new DelayedFetch(params, (t, p) => this.getPartition(t, p), answer, emptyPartitions);
      const keys = params.partitions.map((p) => partitionKey(p.topic, p.partition));
      const immediate = params.maxWaitMs <= 0 || params.minBytes <= 0;
      if (immediate) op.expire();
      else if (this.fetchPurgatory.tryCompleteElseWatch(op, keys, params.maxWaitMs)) timing?.parked();
    });
  }

  /** BrokerTopicMetrics of a fetch, per partition as Kafka counts them. */
  private countFetched(fromFollower: boolean, results: FetchPartitionResult[]): void {
    const topicMetrics = this.topicMetrics;
    if (topicMetrics === null) return;
    for (const r of results) {
      topicMetrics.fetched(r.topic, r.records?.length ?? 0, fromFollower, r.errorCode !== ErrorCode.NONE);
    }
  }

  /** Reads without waiting (used by ListOffsets-like callers). */
  readNow(params: FetchParams): FetchPartitionResult[] {
    let remaining = params.maxBytes;
    return params.partitions.map((p) => {
      const r = readPartition(params, p, this.getPartition(p.topic, p.partition), remaining);
      remaining -= r.records?.length ?? 0;
      return r;
    });
  }

  /** OffsetForLeaderEpoch for one partition; null when it is not hosted here. */
  lastOffsetForLeaderEpoch(
    topic: string,
    partition: number,
    currentLeaderEpoch: number,
    leaderEpoch: number,
  ): { errorCode: number; leaderEpoch: number; endOffset: number } | null {
    const hosted = this.getPartition(topic, partition);
    return hosted ? hosted.lastOffsetForLeaderEpoch(currentLeaderEpoch, leaderEpoch) : null;
  }

  allPartitions(): Partition[] {
    return [...this.partitions.values()];
  }

  /** DescribeLogDirs: each log dir with its partition logs' sizes and offset lags. */
  describeLogDirs(wanted: LogDirFilter): LogDirDescription[] {
    return describeLogDirs(
      this.options.logManager,
      (topic, partition) => !!this.getPartition(topic, partition),
      wanted,
    );
  }

  /** For specs and diagnostics: the fetcher a followed partition is in, and its phase. */
  replicaFetchState(topic: string, partition: number): ReturnType<ReplicaFetcherManager['fetchState']> {
    return this.fetcherManager?.fetchState(topic, partition);
  }

  /**
   * Answers every waiting request at once (so the socket server can drain), then stops the
   * fetchers; resolves when their loops have ended.
   */
  async shutdown(): Promise<void> {
    this.shuttingDown = true;
    clearInterval(this.isrExpirationTimer);
    for (const partition of this.partitions.values()) partition.close();
    this.fetchPurgatory.expireAll();
    this.producePurgatory.expireAll();
    await this.fetcherManager?.shutdown();
  }

  /**
   * Kafka's handleLogDirFailure: the partitions whose log is in `logDir` go offline: their
   * fetching stops, requests waiting on them answer KAFKA_STORAGE_ERROR, and the broker reports
   * the failure so the controller moves their leadership. Partitions in other dirs carry on.
   */
  private handleLogDirFailure(logDir: string): void {
    const failed = [...this.partitions.values()].filter((p) => p.log.logDir === logDir && !p.isOffline);
    this.fetcherManager?.removePartitions(failed);
    for (const p of failed) {
      p.markOffline();
      this.completeDelayedRequests(partitionKey(p.topic, p.partition));
    }
    this.shutdownIdleFetchers();
    this.options.logger.error(
      `log dir ${logDir} failed: ${failed.length} partition(s) offline on broker ` +
        `${this.options.brokerId}${failed.length > 0 ? `: ${failed.map((p) => `${p.topic}-${p.partition}`).join(', ')}` : ''}`,
    );
    if (!this.shuttingDown) this.options.onLogDirFailure?.(logDir);
  }

  private async applyLeaderAndIsr(state: LeaderAndIsrPartition, followed: FollowedPartition[]): Promise<number> {
    const { topic, partition } = state;
    if (this.getPartition(topic, partition)?.isOffline) return ErrorCode.KAFKA_STORAGE_ERROR;
    if (!state.replicas.includes(this.options.brokerId)) {
      this.options.logger.warn(
        `LeaderAndIsr for ${topic}-${partition} does not list broker ${this.options.brokerId} as a replica`,
      );
      return ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
    }
    let hosted: Partition;
    try {
      hosted = await this.getOrCreatePartition(topic, partition);
    } catch (err) {
      this.options.logger.error(`cannot host ${topic}-${partition}: ${(err as Error).message}`);
      return ErrorCode.KAFKA_STORAGE_ERROR;
    }
    let transition: Transition;
    try {
      transition = hosted.applyState(state);
    } catch (err) {
      // Becoming leader writes leader-epoch-checkpoint; a failed write is a storage error here.
      this.options.logger.error(`cannot apply LeaderAndIsr to ${topic}-${partition}: ${(err as Error).message}`);
      return ErrorCode.KAFKA_STORAGE_ERROR;
    }
    if (transition === 'stale') return ErrorCode.STALE_CONTROLLER_EPOCH;
    if (transition === 'became-leader' || transition === 'became-follower') {
      this.fetcherManager?.removePartitions([{ topic, partition }]);
      // A partition without a leader (-1) stays idle until the controller names one.
      if (transition === 'became-follower' && state.leader >= 0) {
        followed.push({ topic, partition, leaderId: state.leader, leaderEpoch: state.leaderEpoch });
      }
    }
    // Requests parked on a partition that changed hands answer now (NOT_LEADER_OR_FOLLOWER).
    this.completeDelayedRequests(partitionKey(topic, partition));
    return ErrorCode.NONE;
  }

  /**
   * Kafka's updateFollowerFetchState: records each valid partition's fetch offset as the
   * follower's log end offset. Returns the partitions the fetching broker is not assigned to,
   * which Kafka 2.8 answers with no records and no error.
   */
  private recordFollowerFetch(params: FetchParams): Set<string> {
    const nowMs = this.clock.nowMs();
    const unassigned = new Set<string>();
    for (const p of params.partitions) {
      const partition = this.getPartition(p.topic, p.partition);
      if (!partition || !partition.isLeader) continue;
      // A read that will fail (fenced epoch, offset out of range) says nothing about the follower.
      if (p.currentLeaderEpoch >= 0 && p.currentLeaderEpoch !== partition.leaderEpoch) continue;
      if (p.fetchOffset < partition.logStartOffset || p.fetchOffset > partition.logEndOffset) continue;
      if (!partition.updateFollowerFetchState(params.replicaId, p.fetchOffset, p.logStartOffset ?? -1, nowMs)) {
        this.options.logger.warn(
          `broker ${params.replicaId} fetched ${p.topic}-${p.partition} but is not one of its ` +
            `replicas ${partition.replicas}; answering with no records`,
        );
        unassigned.add(partitionKey(p.topic, p.partition));
      }
    }
    return unassigned;
  }

  /** A topic no longer hosted here after a deletion loses its per-topic series (Kafka removes its MBeans). */
  private forgetDeletedTopics(stopped: Array<{ topic: string }>): void {
    for (const topic of new Set(stopped.map((p) => p.topic))) {
      if (![...this.partitions.values()].some((p) => p.topic === topic)) this.topicMetrics?.removeTopic(topic);
    }
  }

  private completeDelayedRequests(key: string): void {
    this.producePurgatory.checkAndComplete(key);
    this.fetchPurgatory.checkAndComplete(key);
  }

  private followerLog(topic: string, partition: number): PartitionLog | undefined {
    const hosted = this.getPartition(topic, partition);
    return hosted && !hosted.isOffline && !hosted.isLeader && hosted.leaderId >= 0 ? hosted.log : undefined;
  }

  private maybeShrinkIsr(): void {
    const nowMs = this.clock.nowMs();
    for (const partition of this.partitions.values()) {
      try {
        partition.maybeShrinkIsr(nowMs);
      } catch (err) {
        this.options.logger.error(
          `ISR check of ${partition.topic}-${partition.partition} failed: ${(err as Error).message}`,
        );
      }
    }
  }

  private shutdownIdleFetchers(): void {
    this.fetcherManager?.shutdownIdleFetchers().catch((err: Error) => {
      this.options.logger.error(`stopping idle replica fetchers failed: ${err.message}`);
    });
  }

  private appendOne(entry: ProduceEntry, requiredAcks: number): ProducePartitionResult {
    const base = {
      topic: entry.topic,
      partition: entry.partition,
      baseOffset: -1,
      logAppendTimeMs: -1,
      logStartOffset: -1,
    };
    try {
      const partition = this.leaderPartition(entry.topic, entry.partition);
      if (requiredAcks === -1 && !this.zkSessionHealthy) {
        throw new KafkaError(
          ErrorCode.NOT_LEADER_OR_FOLLOWER,
          `broker ${this.options.brokerId} lost its ZooKeeper session and does not acknowledge acks=all writes`,
        );
      }
      const config = this.topicConfigs.get(entry.topic);
      if (!entry.records || entry.records.length === 0) {
        throw new KafkaError(ErrorCode.CORRUPT_MESSAGE, 'produce request carried no record batch');
      }
      // The one scan of the set: validation's summary is what the append consumes.
      const batches = validateProducedBatches(entry.records, config?.maxMessageBytes ?? Number.MAX_SAFE_INTEGER);
      const info = partition.appendAsLeader(
        entry.records,
        requiredAcks,
        this.options.minInsyncReplicasFor(entry.topic),
        batches,
      );
      this.fetchPurgatory.checkAndComplete(partitionKey(entry.topic, entry.partition));
      this.topicMetrics?.produced(entry.topic, batches.recordCount, entry.records.length);
      return {
        ...base,
        errorCode: ErrorCode.NONE,
        errorMessage: null,
        baseOffset: info.firstOffset,
        logAppendTimeMs: info.logAppendTimeMs,
        logStartOffset: info.logStartOffset,
        lastOffset: info.lastOffset,
      };
    } catch (err) {
      this.topicMetrics?.produceFailed(entry.topic, entry.records?.length ?? 0);
      return { ...base, ...errorOf(err, this.options.logger) };
    }
  }

  private async getOrCreatePartition(topic: string, partition: number): Promise<Partition> {
    const key = partitionKey(topic, partition);
    const existing = this.partitions.get(key);
    if (existing) return existing;
    const config = await this.options.logConfigFor(topic);
    this.topicConfigs.set(topic, config);
    const raced = this.partitions.get(key);
    if (raced) return raced;
    const log = this.options.logManager.getOrCreateLog(topic, partition, config);
    const created = new Partition(topic, partition, this.options.brokerId, log, this.partitionContext);
    this.partitions.set(key, created);
    return created;
  }
}
