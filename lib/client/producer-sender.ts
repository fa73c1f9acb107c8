// The producer's sending side: takes sendable head batches from the accumulator, groups them by
// partition leader, and sends one Produce request per broker carrying every ready batch for it
// (at most `maxInFlight` requests per broker, at most one batch per partition in flight).
// Retriable failures leave the batch at the head of its queue with a backoff and trigger one
// coalesced metadata refresh; anything else fails exactly the sends in that batch.
//
// Concurrency: everything here runs on the event loop; `drain` is the only place batches leave a
// queue, and a queue's `inFlight` flag is set before a request goes out and cleared when its
// answer (or failure) has been applied, which is what keeps a partition's batches in order.
import { produceApi, ProduceRequest, ProduceResponse, TopicProduceData } from '../protocol/apis/produce';
import type { CompressionName } from '../protocol/compression';
import { ErrorCode } from '../protocol/error-codes';
import type { Logger } from '../util/logger';
import type { BrokerConnection } from './broker-connection';
import type { Cluster } from './cluster';
import { ClientError, toClientError } from './errors';
import { backoffMs } from './retry';
import type { ProducerBatch } from './producer-batch';
import type { PartitionQueue, RecordAccumulator } from './record-accumulator';

/** Produce v3 is the first with magic-2 batches; v9 the newest the codec speaks. */
export const PRODUCE_VERSIONS = { min: 3, max: 9 } as const;

export interface SenderOptions {
  /** 0, 1 or -1. */
  acks: number;
  requestTimeoutMs: number;
  retries: number;
  retryBackoffMs: number;
  retryBackoffMaxMs: number;
  maxInFlight: number;
  maxRequestBytes: number;
  compression: CompressionName;
  logger: Logger;
  /** Called after a batch left its queue for good (acknowledged or failed). */
  onBatchDone: (batch: ProducerBatch) => void;
}

export class ProducerSender {
  private readonly inFlightByBroker = new Map<number, number>();
  /** Brokers a request went to, for the acks=0 barrier on close. */
  private readonly usedBrokers = new Set<number>();
  private wakeScheduled = false;
  private timer: NodeJS.Timeout | null = null;
  private timerAtMs = Infinity;
  private refreshing: Promise<void> | null = null;

  constructor(private readonly cluster: Cluster, private readonly accumulator: RecordAccumulator, private readonly options: SenderOptions) {}

  /** Runs a drain soon (coalesced: many wake-ups in one tick cost one scan). */
  wake(): void {
    if (this.wakeScheduled) return;
    this.wakeScheduled = true;
    setImmediate(() => {
      this.wakeScheduled = false;
      this.drain();
    });
  }

  /** Runs a drain no later than `atMs`. */
  wakeAt(atMs: number): void {
    if (atMs >= this.timerAtMs) return;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timerAtMs = atMs;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.timerAtMs = Infinity;
      this.drain();
    }, Math.max(0, atMs - Date.now()));
  }

  stop(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.timerAtMs = Infinity;
  }

  /**
   * With acks=0 nothing tells the producer its requests arrived: a request that does get an
   * answer, sent behind them on the same connection, proves the broker has read them all.
   */
  async barrier(): Promise<void> {
    if (this.options.acks !== 0) return;
    await Promise.all([...this.usedBrokers].map(async (nodeId) => {
      const connection = await this.cluster.connectionTo(nodeId);
      await connection.request(produceApi, { transactionalId: null, acks: 1, timeoutMs: this.options.requestTimeoutMs, topicData: [] }, PRODUCE_VERSIONS);
    })).catch((error: unknown) => { this.options.logger.warn(`acks=0 barrier failed: ${(error as Error).message}`); });
  }

  private drain(): void {
    const now = Date.now();
    let nextMs = Infinity;
    const byLeader = new Map<number, PartitionQueue[]>();
    for (const queue of this.accumulator.allQueues()) {
      const head = queue.batches[0];
      if (head === undefined || queue.inFlight) continue;
      if (!this.accumulator.isSendable(head, now)) {
        nextMs = Math.min(nextMs, this.accumulator.readyAtMs(head));
      } else if (head.retryAtMs > now) {
        nextMs = Math.min(nextMs, head.retryAtMs);
      } else if (head.attempts > 0 && this.refreshing !== null) {
        continue; // a retry waits for the metadata refresh; its end wakes us
      } else {
        const leader = this.cluster.leaderOf(queue.topic, queue.partition);
        if (leader < 0) {
          this.failAttempt(queue, head, new ClientError('LEADER_NOT_AVAILABLE', 'no leader known', { retriable: true, errorCode: ErrorCode.LEADER_NOT_AVAILABLE }));
          if (queue.batches[0] === head) nextMs = Math.min(nextMs, head.retryAtMs);
          continue;
        }
        let list = byLeader.get(leader);
        if (list === undefined) byLeader.set(leader, list = []);
        list.push(queue);
      }
    }
    for (const [leader, queues] of byLeader) this.sendToLeader(leader, queues);
    if (nextMs < Infinity) this.wakeAt(nextMs);
  }

  /** Splits the leader's sendable queues into requests of at most maxRequestBytes, up to maxInFlight. */
  private sendToLeader(leader: number, queues: PartitionQueue[]): void {
    let i = 0;
    while (i < queues.length && (this.inFlightByBroker.get(leader) ?? 0) < this.options.maxInFlight) {
      const taken: PartitionQueue[] = [];
      let bytes = 0;
      while (i < queues.length && (taken.length === 0 || bytes + queues[i].batches[0].sizeBytes <= this.options.maxRequestBytes)) {
        const queue = queues[i++];
        queue.inFlight = true;
        queue.busy = true;
        queue.batches[0].closed = true;
        bytes += queue.batches[0].sizeBytes;
        taken.push(queue);
      }
      this.inFlightByBroker.set(leader, (this.inFlightByBroker.get(leader) ?? 0) + 1);
      this.usedBrokers.add(leader);
      void this.sendRequest(leader, taken).finally(() => {
        this.inFlightByBroker.set(leader, (this.inFlightByBroker.get(leader) ?? 1) - 1);
        for (const queue of taken) queue.inFlight = false;
        this.wake();
      });
    }
  }

  private async sendRequest(leader: number, queues: PartitionQueue[]): Promise<void> {
    const ready = await this.encodeHeads(queues);
    if (ready.length === 0) return;
    let connection: BrokerConnection;
    try {
      connection = await this.cluster.connectionTo(leader);
    } catch (error) {
      this.failAll(ready, toClientError(error, `connecting to broker ${leader}`));
      return;
    }
    const request = this.buildRequest(ready);
    if (this.options.acks === 0) {
      try {
        connection.requestNoResponse(produceApi, request, PRODUCE_VERSIONS);
      } catch (error) {
        this.failAll(ready, toClientError(error, `Produce to ${connection.address}`));
        return;
      }
      for (const queue of ready) this.completeHead(queue, -1, -1);
      return;
    }
    let response: ProduceResponse;
    try {
      ({ response } = await connection.request(produceApi, request, PRODUCE_VERSIONS));
    } catch (error) {
      const failure = toClientError(error, `Produce to ${connection.address}`);
      if (failure.code === 'CONNECTION') this.cluster.dropConnection(connection);
      this.failAll(ready, failure);
      return;
    }
    await this.applyResponse(ready, response);
  }

  /** Encodes each head batch once (kept for retries); a batch that cannot be encoded fails alone. */
  private async encodeHeads(queues: PartitionQueue[]): Promise<PartitionQueue[]> {
    const results = await Promise.all(queues.map(async (queue) => {
      const batch = queue.batches[0];
      if (batch.encoded !== null) return true;
      try {
        await batch.encode(this.options.compression);
        return true;
      } catch (error) {
        this.finishHead(queue, batch, toClientError(error, `encoding a batch for ${queue.topic}-${queue.partition}`));
        return false;
      }
    }));
    return queues.filter((_, i) => results[i]);
  }

  private buildRequest(queues: PartitionQueue[]): ProduceRequest {
    const byTopic = new Map<string, TopicProduceData>();
    for (const queue of queues) {
      let topic = byTopic.get(queue.topic);
      if (topic === undefined) byTopic.set(queue.topic, topic = { name: queue.topic, partitionData: [] });
      topic.partitionData.push({ index: queue.partition, records: queue.batches[0].encoded });
    }
    return { transactionalId: null, acks: this.options.acks, timeoutMs: this.options.requestTimeoutMs, topicData: [...byTopic.values()] };
  }

  private async applyResponse(queues: PartitionQueue[], response: ProduceResponse): Promise<void> {
    const splits: Array<Promise<void>> = [];
    const byTopic = new Map<string, Map<number, PartitionQueue>>();
    for (const queue of queues) {
      let partitions = byTopic.get(queue.topic);
      if (partitions === undefined) byTopic.set(queue.topic, partitions = new Map());
      partitions.set(queue.partition, queue);
    }
    for (const topic of response.responses) {
      const partitions = byTopic.get(topic.name);
      for (const answer of topic.partitionResponses) {
        const queue = partitions?.get(answer.index);
        if (queue === undefined) continue;
        partitions!.delete(answer.index);
        if (answer.errorCode === ErrorCode.NONE) this.completeHead(queue, answer.baseOffset, answer.logAppendTimeMs);
        else if (answer.errorCode === ErrorCode.MESSAGE_TOO_LARGE && queue.batches[0].recordCount > 1) splits.push(this.splitHead(queue, queue.batches[0]));
        else this.failAttempt(queue, queue.batches[0], ClientError.forPartition(topic.name, answer.index, answer.errorCode, answer.errorMessage));
      }
    }
    for (const partitions of byTopic.values()) {
      for (const queue of partitions.values()) {
        this.failAttempt(queue, queue.batches[0], new ClientError('UNKNOWN', 'the Produce response did not mention the partition', { retriable: true }));
      }
    }
    // The partition stays in flight until its halves are queued, so nothing overtakes them.
    await Promise.all(splits);
  }

  /** Kafka's answer to MESSAGE_TOO_LARGE for a batch of several records: send it as two halves. */
  private async splitHead(queue: PartitionQueue, batch: ProducerBatch): Promise<void> {
    try {
      const halves = await batch.split();
      this.accumulator.replaceHead(queue, batch, halves);
      this.options.logger.info(`${queue.topic}-${queue.partition}: the broker refused a batch of ${batch.recordCount} records as too large; sending it in two halves`);
    } catch (error) {
      this.finishHead(queue, batch, toClientError(error, `splitting a batch for ${queue.topic}-${queue.partition}`));
    }
  }

  private completeHead(queue: PartitionQueue, baseOffset: number, logAppendTimeMs: number): void {
    const batch = queue.batches[0];
    this.accumulator.removeHead(queue, batch);
    batch.complete(baseOffset, logAppendTimeMs);
    this.options.onBatchDone(batch);
  }

  private failAll(queues: PartitionQueue[], error: ClientError): void {
    for (const queue of queues) this.failAttempt(queue, queue.batches[0], error);
  }

  /** A retriable failure with attempts left keeps the batch at its queue's head; else it fails for good. */
  private failAttempt(queue: PartitionQueue, batch: ProducerBatch, error: ClientError): void {
    batch.attempts++;
    if (!error.retriable || batch.attempts > this.options.retries) {
      this.finishHead(queue, batch, error);
      return;
    }
    const backoff = backoffMs(batch.attempts, { initialBackoffMs: this.options.retryBackoffMs, maxBackoffMs: this.options.retryBackoffMaxMs });
    batch.retryAtMs = Date.now() + backoff;
    this.options.logger.debug(`retrying ${queue.topic}-${queue.partition} in ${backoff} ms (attempt ${batch.attempts}): ${error.message}`);
    this.refreshMetadata();
    this.wakeAt(batch.retryAtMs);
  }

  private finishHead(queue: PartitionQueue, batch: ProducerBatch, error: ClientError): void {
    this.accumulator.removeHead(queue, batch);
    batch.fail(withPartition(error, queue.topic, queue.partition));
    this.options.onBatchDone(batch);
  }

  /** One metadata refresh at a time, for every topic with batches; its end wakes the sender. */
  private refreshMetadata(): void {
    if (this.refreshing !== null) return;
    const topics = this.accumulator.activeTopics();
    this.refreshing = this.cluster.refreshMetadata(topics).then(
      () => undefined,
      (error: unknown) => { this.options.logger.debug(`metadata refresh failed: ${(error as Error).message}`); },
    ).finally(() => {
      this.refreshing = null;
      this.wake();
    });
  }
}

/** The error with the failing partition named, for errors that did not come from the broker per partition. */
export function withPartition(error: ClientError, topic: string, partition: number): ClientError {
  if (error.partitions.length > 0) return error;
  const detail = { topic, partition, code: error.code, errorCode: error.errorCode ?? -1, message: error.message };
  return new ClientError(error.code, `${topic}-${partition}: ${error.message}`, {
    errorCode: error.errorCode, retriable: error.retriable, partitions: [detail], cause: error,
  });
}
