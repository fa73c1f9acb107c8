// The producer's sending side: takes sendable head batches from the accumulator, groups them by
// partition leader, and sends one Produce request per broker carrying every ready batch for it
// (at most `maxInFlight` requests per broker, at most one batch per partition in flight).
// Retriable failures leave the batch at the head of its queue with a backoff and trigger one
// coalesced metadata refresh; anything else fails exactly the sends in that batch.
//
// Concurrency: everything here runs on the event loop; `drain` is the only place batches leave a
// queue, and a queue's `inFlight` flag is set before a request goes out and cleared when its
// answer (or failure) has been applied, which is what keeps a partition's batches in order.
// An idempotent sender (options.idempotence set) instead keeps up to maxInFlightPerPartition
// batches of a partition in flight, each stamped with a sequence; producer-idempotence.ts holds
// the rules that keep them in order across retries.
import { produceApi, ProduceRequest, ProduceResponse, TopicProduceData } from '../protocol/apis/produce';
import type { CompressionName } from '../protocol/compression';
import { ErrorCode } from '../protocol/error-codes';
import type { Logger } from '../util/logger';
import type { BrokerConnection } from './broker-connection';
import type { Cluster } from './cluster';
import { ClientError, toClientError } from './errors';
import { backoffMs } from './retry';
import type { ProducerBatch } from './producer-batch';
import {
  assignNextSequence,
  isGapEcho,
  laterSequencedBatches,
  nextIdempotentBatch,
  ProducerIdManager,
} from './producer-idempotence';
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
  /** Set for an idempotent producer (acks must be -1). */
  idempotence?: { ids: ProducerIdManager; maxInFlightPerPartition: number };
}

interface WriteTurn {
  previous: Promise<void>;
  release: () => void;
}

/** One batch in one request: the head of its queue, or any in-flight batch when idempotent. */
interface Slot {
  queue: PartitionQueue;
  batch: ProducerBatch;
}

export class ProducerSender {
  private readonly inFlightByBroker = new Map<number, number>();
  /** Brokers a request went to, for the acks=0 barrier on close. */
  private readonly usedBrokers = new Set<number>();
  private wakeScheduled = false;
  private timer: NodeJS.Timeout | null = null;
  private timerAtMs = Infinity;
  private refreshing: Promise<void> | null = null;
  /** Idempotent: per leader, resolves once the request made last has been written. */
  private readonly writeTurns = new Map<number, Promise<void>>();
  /** Most batches of one partition seen in flight at once (specs observe pipelining with it). */
  maxPartitionInFlightSeen = 0;

  constructor(
    private readonly cluster: Cluster,
    private readonly accumulator: RecordAccumulator,
    private readonly options: SenderOptions,
  ) {}

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
    this.timer = setTimeout(
      () => {
        this.timer = null;
        this.timerAtMs = Infinity;
        this.drain();
      },
      Math.max(0, atMs - Date.now()),
    );
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
    await Promise.all(
      [...this.usedBrokers].map(async (nodeId) => {
        const connection = await this.cluster.connectionTo(nodeId);
        await connection.request(
          produceApi,
          { transactionalId: null, acks: 1, timeoutMs: this.options.requestTimeoutMs, topicData: [] },
          PRODUCE_VERSIONS,
        );
      }),
    ).catch((error: unknown) => {
      this.options.logger.warn(`acks=0 barrier failed: ${(error as Error).message}`);
    });
  }

  /** Called when the producer id is held, or could not be had: then the batches waiting for one fail. */
  onProducerIdSettled(error: ClientError | null): void {
    if (error !== null) {
      for (const queue of this.accumulator.allQueues()) {
        for (const batch of queue.batches.filter((b) => !b.inFlight && b.baseSequence < 0))
          this.finishHead(queue, batch, error);
      }
    }
    this.wake();
  }

  private drain(): void {
    if (this.options.idempotence !== undefined) {
      // Each round takes at most one more batch per partition; a partition pipelines over rounds.
      while (this.drainRound(this.options.idempotence.maxInFlightPerPartition) > 0);
      return;
    }
    this.drainRound(1);
  }

  /** One scan of the queues; returns how many batches it sent. */
  private drainRound(maxPerPartition: number): number {
    const now = Date.now();
    let nextMs = Infinity;
    const byLeader = new Map<number, Slot[]>();
    const ids = this.options.idempotence?.ids;
    for (const queue of this.accumulator.allQueues()) {
      const head = ids === undefined ? queue.batches[0] : nextIdempotentBatch(queue, maxPerPartition);
      if (head === undefined || queue.inFlight) continue;
      if (!this.accumulator.isSendable(head, now)) {
        nextMs = Math.min(nextMs, this.accumulator.readyAtMs(head));
      } else if (head.retryAtMs > now) {
        nextMs = Math.min(nextMs, head.retryAtMs);
      } else if (head.attempts > 0 && this.refreshing !== null) {
        continue; // a retry waits for the metadata refresh; its end wakes us
      } else if (ids !== undefined && head.baseSequence < 0 && ids.current === null) {
        void ids.ensure().catch(() => undefined); // its end wakes us
      } else {
        const leader = this.cluster.leaderOf(queue.topic, queue.partition);
        if (leader < 0) {
          this.failAttempt(
            queue,
            head,
            new ClientError('LEADER_NOT_AVAILABLE', 'no leader known', {
              retriable: true,
              errorCode: ErrorCode.LEADER_NOT_AVAILABLE,
            }),
          );
          if (!head.isDone) nextMs = Math.min(nextMs, head.retryAtMs);
          continue;
        }
        let list = byLeader.get(leader);
        if (list === undefined) byLeader.set(leader, (list = []));
        list.push({ queue, batch: head });
      }
    }
    let sent = 0;
    for (const [leader, slots] of byLeader) sent += this.sendToLeader(leader, slots);
    if (nextMs < Infinity) this.wakeAt(nextMs);
    return sent;
  }

  /** Splits the leader's sendable queues into requests of at most maxRequestBytes, up to maxInFlight. */
  private sendToLeader(leader: number, slots: Slot[]): number {
    let i = 0;
    while (i < slots.length && (this.inFlightByBroker.get(leader) ?? 0) < this.options.maxInFlight) {
      const taken: Slot[] = [];
      let bytes = 0;
      while (
        i < slots.length &&
        (taken.length === 0 || bytes + slots[i].batch.sizeBytes <= this.options.maxRequestBytes)
      ) {
        const slot = slots[i++];
        this.markInFlight(slot);
        bytes += slot.batch.sizeBytes;
        taken.push(slot);
      }
      this.inFlightByBroker.set(leader, (this.inFlightByBroker.get(leader) ?? 0) + 1);
      this.usedBrokers.add(leader);
      void this.sendRequest(leader, taken).finally(() => {
        this.inFlightByBroker.set(leader, (this.inFlightByBroker.get(leader) ?? 1) - 1);
        for (const slot of taken) this.clearInFlight(slot);
        this.wake();
      });
    }
    return i;
  }

  private markInFlight({ queue, batch }: Slot): void {
    batch.closed = true;
    const ids = this.options.idempotence?.ids;
    if (ids === undefined) {
      queue.inFlight = true;
      queue.busy = true;
      return;
    }
    // Taken in queue order, so sequences follow queue order (drainRound checked an id is held).
    if (batch.baseSequence < 0) assignNextSequence(queue, batch, ids.current!);
    batch.inFlight = true;
    queue.inFlightCount++;
    if (queue.inFlightCount > this.maxPartitionInFlightSeen) this.maxPartitionInFlightSeen = queue.inFlightCount;
  }

  private clearInFlight({ queue, batch }: Slot): void {
    if (this.options.idempotence === undefined) {
      queue.inFlight = false;
    } else if (batch.inFlight) {
      batch.inFlight = false;
      queue.inFlightCount--;
    }
  }

  private sendRequest(leader: number, slots: Slot[]): Promise<void> {
    if (this.options.idempotence === undefined) return this.sendRequestNow(leader, slots, null);
    // Idempotent requests to a leader are written in the order they were made, however long each took to
    // encode (a later sequence must not overtake an earlier one); a request that gives up early still waits its turn.
    const previous = this.writeTurns.get(leader) ?? Promise.resolve();
    let release!: () => void;
    const turn = Promise.all([
      previous,
      new Promise<void>((resolve) => {
        release = resolve;
      }),
    ]).then(() => undefined);
    this.writeTurns.set(leader, turn);
    return this.sendRequestNow(leader, slots, { previous, release }).finally(() => {
      release();
      if (this.writeTurns.get(leader) === turn) this.writeTurns.delete(leader);
    });
  }

  private async sendRequestNow(leader: number, queues: Slot[], turn: WriteTurn | null): Promise<void> {
    const ready = await this.encodeHeads(queues);
    if (ready.length === 0) return;
    let connection: BrokerConnection;
    try {
      connection = await this.cluster.connectionTo(leader);
    } catch (error) {
      this.failAll(ready, toClientError(error, `connecting to broker ${leader}`));
      return;
    }
    if (turn !== null) await turn.previous;
    const request = this.buildRequest(ready);
    if (this.options.acks === 0) {
      try {
        connection.requestNoResponse(produceApi, request, PRODUCE_VERSIONS);
      } catch (error) {
        this.failAll(ready, toClientError(error, `Produce to ${connection.address}`));
        return;
      }
      for (const slot of ready) this.completeHead(slot, -1, -1);
      return;
    }
    let response: ProduceResponse;
    try {
      const answer = connection.request(produceApi, request, PRODUCE_VERSIONS);
      turn?.release(); // the request is written
      ({ response } = await answer);
    } catch (error) {
      const failure = toClientError(error, `Produce to ${connection.address}`);
      if (failure.code === 'CONNECTION') this.cluster.dropConnection(connection);
      this.failAll(ready, failure);
      return;
    }
    await this.applyResponse(ready, response);
  }

  /** Encodes each head batch once (kept for retries); a batch that cannot be encoded fails alone. */
  private async encodeHeads(slots: Slot[]): Promise<Slot[]> {
    const results = await Promise.all(
      slots.map(async ({ queue, batch }) => {
        if (batch.encoded !== null) return true;
        try {
          await batch.encode(this.options.compression);
          return true;
        } catch (error) {
          this.finishHead(queue, batch, toClientError(error, `encoding a batch for ${queue.topic}-${queue.partition}`));
          return false;
        }
      }),
    );
    // Idempotent: a batch failed meanwhile along with an earlier one of its partition stays home.
    return slots.filter((slot, i) => results[i] && !slot.batch.isDone);
  }

  private buildRequest(slots: Slot[]): ProduceRequest {
    const byTopic = new Map<string, TopicProduceData>();
    for (const { queue, batch } of slots) {
      let topic = byTopic.get(queue.topic);
      if (topic === undefined) byTopic.set(queue.topic, (topic = { name: queue.topic, partitionData: [] }));
      topic.partitionData.push({ index: queue.partition, records: batch.encoded });
    }
    return {
      transactionalId: null,
      acks: this.options.acks,
      timeoutMs: this.options.requestTimeoutMs,
      topicData: [...byTopic.values()],
    };
  }

  private async applyResponse(slots: Slot[], response: ProduceResponse): Promise<void> {
    const splits: Array<Promise<void>> = [];
    const idempotent = this.options.idempotence !== undefined;
    const byTopic = new Map<string, Map<number, Slot>>();
    for (const slot of slots) {
      let partitions = byTopic.get(slot.queue.topic);
      if (partitions === undefined) byTopic.set(slot.queue.topic, (partitions = new Map()));
      partitions.set(slot.queue.partition, slot);
    }
    for (const topic of response.responses) {
      const partitions = byTopic.get(topic.name);
      for (const answer of topic.partitionResponses) {
        const slot = partitions?.get(answer.index);
        if (slot === undefined) continue;
        partitions!.delete(answer.index);
        const { queue, batch } = slot;
        // Idempotent: an earlier batch of the partition failed for good and took this one along.
        if (batch.isDone) continue;
        const stored =
          answer.errorCode === ErrorCode.NONE ||
          (idempotent && answer.errorCode === ErrorCode.DUPLICATE_SEQUENCE_NUMBER);
        if (stored) this.completeHead(slot, answer.baseOffset, answer.logAppendTimeMs);
        else if (answer.errorCode === ErrorCode.MESSAGE_TOO_LARGE && batch.recordCount > 1 && !idempotent)
          splits.push(this.splitHead(queue, batch));
        else
          this.failAttempt(
            queue,
            batch,
            ClientError.forPartition(topic.name, answer.index, answer.errorCode, answer.errorMessage),
          );
      }
    }
    for (const partitions of byTopic.values()) {
      for (const { queue, batch } of partitions.values()) {
        if (batch.isDone) continue;
        this.failAttempt(
          queue,
          batch,
          new ClientError('UNKNOWN', 'the Produce response did not mention the partition', { retriable: true }),
        );
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
      this.options.logger.info(
        `${queue.topic}-${queue.partition}: the broker refused a batch of ${batch.recordCount} records as too large; sending it in two halves`,
      );
    } catch (error) {
      this.finishHead(queue, batch, toClientError(error, `splitting a batch for ${queue.topic}-${queue.partition}`));
    }
  }

  private completeHead({ queue, batch }: Slot, baseOffset: number, logAppendTimeMs: number): void {
    if (this.options.idempotence === undefined) this.accumulator.removeHead(queue, batch);
    else this.accumulator.remove(queue, batch);
    batch.complete(baseOffset, logAppendTimeMs);
    this.options.onBatchDone(batch);
  }

  private failAll(slots: Slot[], error: ClientError): void {
    for (const { queue, batch } of slots) if (!batch.isDone) this.failAttempt(queue, batch, error);
  }

  /** A retriable failure with attempts left keeps the batch at its queue's head; else it fails for good. */
  private failAttempt(queue: PartitionQueue, batch: ProducerBatch, error: ClientError): void {
    batch.attempts++;
    const retriable =
      error.retriable || (this.options.idempotence !== undefined && isGapEcho(queue, batch, error.errorCode));
    if (!retriable || batch.attempts > this.options.retries) {
      this.finishHead(queue, batch, error);
      return;
    }
    const backoff = backoffMs(batch.attempts, {
      initialBackoffMs: this.options.retryBackoffMs,
      maxBackoffMs: this.options.retryBackoffMaxMs,
    });
    batch.retryAtMs = Date.now() + backoff;
    this.options.logger.debug(
      `retrying ${queue.topic}-${queue.partition} in ${backoff} ms (attempt ${batch.attempts}): ${error.message}`,
    );
    this.refreshMetadata();
    this.wakeAt(batch.retryAtMs);
  }

  private finishHead(queue: PartitionQueue, batch: ProducerBatch, error: ClientError): void {
    const idempotence = this.options.idempotence;
    if (idempotence === undefined) {
      this.accumulator.removeHead(queue, batch);
    } else {
      // Sequences after a batch that failed for good can never land (the broker sees a gap): those
      // batches fail with it, and the partition starts over at sequence 0 under a new producer id.
      const later = batch.baseSequence >= 0 ? laterSequencedBatches(queue, batch) : [];
      this.accumulator.remove(queue, batch);
      if (batch.baseSequence >= 0) idempotence.ids.reset(batch.producerId);
      for (const dropped of later) {
        this.accumulator.remove(queue, dropped);
        dropped.fail(withPartition(error, queue.topic, queue.partition));
        this.options.onBatchDone(dropped);
      }
    }
    batch.fail(withPartition(error, queue.topic, queue.partition));
    this.options.onBatchDone(batch);
  }

  /** One metadata refresh at a time, for every topic with batches; its end wakes the sender. */
  private refreshMetadata(): void {
    if (this.refreshing !== null) return;
    const topics = this.accumulator.activeTopics();
    this.refreshing = this.cluster
      .refreshMetadata(topics)
      .then(
        () => undefined,
        (error: unknown) => {
          this.options.logger.debug(`metadata refresh failed: ${(error as Error).message}`);
        },
      )
      .finally(() => {
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
    errorCode: error.errorCode,
    retriable: error.retriable,
    partitions: [detail],
    cause: error,
  });
}
