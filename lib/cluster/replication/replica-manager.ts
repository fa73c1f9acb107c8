// Hosts this broker's partitions: creates their logs when the controller makes this broker a
// replica (LeaderAndIsr), removes them on StopReplica, and runs the produce and fetch paths
// against them. Records stay bytes here: produce validates batch headers and appends, fetch
// hands stored bytes to the response.
import type { LogManager, LogConfig } from '../../storage';
import { validateProducedBatches } from '../../protocol/records';
import { KafkaError } from '../../protocol/kafka-error';
import { ErrorCode } from '../../protocol/error-codes';
import type { Logger } from '../../util/logger';
import { Partition, PartitionState } from './partition';
import { DelayedOperations, partitionKey } from './delayed-operations';
import { DelayedProduce, ProducePartitionResult } from './delayed-produce';
import { DelayedFetch, FetchParams, FetchPartitionResult, readPartition } from './delayed-fetch';

export interface ReplicaManagerOptions {
  brokerId: number;
  logManager: LogManager;
  logConfigFor(topic: string): Promise<LogConfig>;
  minInsyncReplicasFor(topic: string): number;
  delayedOperationsMax: number;
  logger: Logger;
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

export class ReplicaManager {
  private readonly partitions = new Map<string, Partition>();
  private readonly topicConfigs = new Map<string, LogConfig>();
  readonly producePurgatory: DelayedOperations;
  readonly fetchPurgatory: DelayedOperations;

  constructor(private readonly options: ReplicaManagerOptions) {
    this.producePurgatory = new DelayedOperations('produce', options.delayedOperationsMax);
    this.fetchPurgatory = new DelayedOperations('fetch', options.delayedOperationsMax);
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

  /** Applies LeaderAndIsr partition states; returns an error code per partition. */
  async becomeLeaderOrFollower(states: LeaderAndIsrPartition[]): Promise<Array<{ topic: string; partition: number; errorCode: number }>> {
    const results = [];
    for (const state of states) {
      let errorCode: number = ErrorCode.NONE;
      try {
        const partition = await this.getOrCreatePartition(state.topic, state.partition);
        if (!partition.applyState(state)) errorCode = ErrorCode.STALE_CONTROLLER_EPOCH;
        this.fetchPurgatory.checkAndComplete(partitionKey(state.topic, state.partition));
      } catch (err) {
        this.options.logger.error(`cannot host ${state.topic}-${state.partition}: ${(err as Error).message}`);
        errorCode = ErrorCode.KAFKA_STORAGE_ERROR;
      }
      results.push({ topic: state.topic, partition: state.partition, errorCode });
    }
    return results;
  }

  /** Stops hosting partitions (StopReplica); with `deletePartition` their logs are removed. */
  stopReplicas(partitions: Array<{ topic: string; partition: number }>, deletePartition: boolean): void {
    for (const { topic, partition } of partitions) {
      const key = partitionKey(topic, partition);
      if (!this.partitions.delete(key)) continue;
      this.fetchPurgatory.checkAndComplete(key);
      this.producePurgatory.checkAndComplete(key);
      if (deletePartition) this.options.logManager.deleteLog(topic, partition);
    }
  }

  /**
   * Appends each partition's batches synchronously (so pipelined requests keep their order),
   * then, for acks=all, waits until the high watermark covers them or the timeout passes.
   */
  appendRecords(entries: ProduceEntry[], requiredAcks: number, timeoutMs: number): Promise<ProducePartitionResult[]> {
    const results = entries.map((entry) => this.appendOne(entry, requiredAcks));
    if (requiredAcks !== -1 || results.every((r) => r.errorCode !== ErrorCode.NONE)) {
      return Promise.resolve(results);
    }
    return new Promise((resolve) => {
      const op = new DelayedProduce(results, (t, p) => this.getPartition(t, p), resolve);
      const keys = results.filter((r) => r.errorCode === ErrorCode.NONE).map((r) => partitionKey(r.topic, r.partition));
      this.producePurgatory.tryCompleteElseWatch(op, keys, timeoutMs);
    });
  }

  /** Reads what is available now; if it is less than minBytes, waits (long poll) for appends. */
  fetchMessages(params: FetchParams): Promise<FetchPartitionResult[]> {
    return new Promise((resolve) => {
      const op = new DelayedFetch(params, (t, p) => this.getPartition(t, p), resolve);
      const keys = params.partitions.map((p) => partitionKey(p.topic, p.partition));
      const immediate = params.maxWaitMs <= 0 || params.minBytes <= 0;
      if (immediate) op.expire();
      else this.fetchPurgatory.tryCompleteElseWatch(op, keys, params.maxWaitMs);
    });
  }

  /** Reads without waiting (used by ListOffsets-like callers and followers' first pass). */
  readNow(params: FetchParams): FetchPartitionResult[] {
    let remaining = params.maxBytes;
    return params.partitions.map((p) => {
      const r = readPartition(params, p, this.getPartition(p.topic, p.partition), remaining);
      remaining -= r.records?.length ?? 0;
      return r;
    });
  }

  allPartitions(): Partition[] {
    return [...this.partitions.values()];
  }

  shutdown(): void {
    this.fetchPurgatory.expireAll();
    this.producePurgatory.expireAll();
  }

  private appendOne(entry: ProduceEntry, requiredAcks: number): ProducePartitionResult {
    const base = { topic: entry.topic, partition: entry.partition, baseOffset: -1, logAppendTimeMs: -1, logStartOffset: -1 };
    try {
      const partition = this.leaderPartition(entry.topic, entry.partition);
      const config = this.topicConfigs.get(entry.topic);
      if (!entry.records || entry.records.length === 0) {
        throw new KafkaError(ErrorCode.CORRUPT_MESSAGE, 'produce request carried no record batch');
      }
      validateProducedBatches(entry.records, config?.maxMessageBytes ?? Number.MAX_SAFE_INTEGER);
      const info = partition.appendAsLeader(entry.records, requiredAcks, this.options.minInsyncReplicasFor(entry.topic));
      this.fetchPurgatory.checkAndComplete(partitionKey(entry.topic, entry.partition));
      return { ...base, errorCode: ErrorCode.NONE, errorMessage: null, baseOffset: info.firstOffset,
        logAppendTimeMs: info.logAppendTimeMs, logStartOffset: info.logStartOffset, lastOffset: info.lastOffset };
    } catch (err) {
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
    const created = new Partition(topic, partition, this.options.brokerId, log);
    this.partitions.set(key, created);
    return created;
  }
}

export function errorOf(err: unknown, logger: Logger): { errorCode: number; errorMessage: string | null } {
  if (err instanceof KafkaError) return { errorCode: err.code, errorMessage: err.message };
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'number') return { errorCode: code, errorMessage: (err as Error).message };
  logger.error(`unexpected error: ${(err as Error).stack ?? String(err)}`);
  return { errorCode: ErrorCode.UNKNOWN_SERVER_ERROR, errorMessage: null };
}
