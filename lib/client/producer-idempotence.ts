// Idempotent producing (Kafka's enable.idempotence without transactions): the producer id and
// epoch the broker hands out with InitProducerId, and the per-partition rules the sender follows
// to keep up to maxInFlightPerPartition batches of a partition in flight without losing order.
// This file owns those rules only; the sender (producer-sender.ts) owns requests and answers.
//
// Ordering: a batch gets its partition's next sequence when it first leaves (sequences follow
// queue order) and keeps it for every retry. A batch that must be retried waits until nothing of
// its partition is in flight, then the partition's retried batches go out one at a time, in
// sequence order, before any later batch; later in-flight batches that the broker refused because
// of the gap (OUT_OF_ORDER_SEQUENCE_NUMBER, UNKNOWN_PRODUCER_ID) join that retry.
import { initProducerIdApi } from '../protocol/apis/init-producer-id';
import { ErrorCode } from '../protocol/error-codes';
import type { Logger } from '../util/logger';
import type { Cluster } from './cluster';
import { ClientError, toClientError } from './errors';
import type { ProducerBatch } from './producer-batch';
import type { PartitionQueue } from './record-accumulator';
import { RetryOptions, withRetry } from './retry';

/** Kafka's limit of in-flight requests per partition for an idempotent producer (the broker keeps 5 batches per producer). */
export const MAX_IN_FLIGHT_PER_PARTITION_IDEMPOTENT = 5;
/** Kafka's default transaction.timeout.ms; InitProducerId carries it even without a transaction. */
const TRANSACTION_TIMEOUT_MS = 60000;
const INT32_MAX = 0x7fffffff;

export interface ProducerIdentity {
  producerId: number;
  producerEpoch: number;
}

/** Obtains the producer id once (retrying retriable errors) and again after a reset. */
export class ProducerIdManager {
  private identity: ProducerIdentity | null = null;
  private pending: Promise<ProducerIdentity> | null = null;

  private readonly retry: RetryOptions;

  /** `retry` as the producer's options: retries, and a backoff doubling from retryBackoffMs to max(1000, retryBackoffMs). */
  constructor(
    private readonly cluster: Cluster,
    retry: { retries: number; retryBackoffMs: number },
    private readonly logger: Logger,
    private readonly onSettled: (error: ClientError | null) => void,
  ) {
    this.retry = {
      retries: retry.retries,
      initialBackoffMs: retry.retryBackoffMs,
      maxBackoffMs: Math.max(1000, retry.retryBackoffMs),
    };
  }

  get current(): ProducerIdentity | null {
    return this.identity;
  }

  get isPending(): boolean {
    return this.pending !== null;
  }

  /** The producer id, asked for when none is held. */
  ensure(): Promise<ProducerIdentity> {
    if (this.identity !== null) return Promise.resolve(this.identity);
    if (this.pending === null) {
      const pending = this.init();
      this.pending = pending;
      pending.then(
        (identity) => {
          this.identity = identity;
          this.pending = null;
          this.onSettled(null);
        },
        (error: unknown) => {
          this.pending = null;
          this.onSettled(toClientError(error, 'InitProducerId'));
        },
      );
    }
    return this.pending;
  }

  /**
   * Drops the id after a sequenced batch of it failed for good: the partition's sequences now
   * have a gap, so later batches start again at sequence 0 under a new id.
   */
  reset(producerId: number): void {
    if (this.identity?.producerId !== producerId) return;
    this.logger.info(`producer id ${producerId}: a sequenced batch failed for good; asking for a new producer id`);
    this.identity = null;
  }

  private init(): Promise<ProducerIdentity> {
    return withRetry(
      'InitProducerId',
      async () => {
        const connection = await this.cluster.anyConnection();
        try {
          const { response } = await connection.request(initProducerIdApi, {
            transactionalId: null,
            transactionTimeoutMs: TRANSACTION_TIMEOUT_MS,
            producerId: -1,
            producerEpoch: -1,
          });
          if (response.errorCode !== ErrorCode.NONE)
            throw ClientError.fromErrorCode(response.errorCode, `InitProducerId at ${connection.address}`);
          this.logger.debug(`producer id ${response.producerId}, epoch ${response.producerEpoch}`);
          return { producerId: response.producerId, producerEpoch: response.producerEpoch };
        } catch (error) {
          const failure = toClientError(error, `InitProducerId at ${connection.address}`);
          if (failure.code === 'CONNECTION') this.cluster.dropConnection(connection);
          throw failure;
        }
      },
      this.retry,
    );
  }
}

/** Kafka's ConfigException cases for enable.idempotence; returns the batches allowed in flight per partition. */
export function checkIdempotence(
  options: { idempotent?: boolean; maxInFlightPerPartition?: number },
  acks: number,
  maxInFlight: number,
): number {
  if (options.idempotent !== true) return 1;
  const limit = MAX_IN_FLIGHT_PER_PARTITION_IDEMPOTENT;
  const perPartition = options.maxInFlightPerPartition ?? Math.min(limit, maxInFlight);
  if (acks !== -1) throw new ClientError('INVALID_ARGUMENT', `an idempotent producer needs acks 'all', not ${acks}`);
  if (maxInFlight > limit)
    throw new ClientError(
      'INVALID_ARGUMENT',
      `an idempotent producer needs maxInFlight at most ${limit}, not ${maxInFlight}`,
    );
  if (!Number.isInteger(perPartition) || perPartition < 1 || perPartition > limit) {
    throw new ClientError(
      'INVALID_ARGUMENT',
      `maxInFlightPerPartition must be 1 to ${limit}, not ${String(perPartition)}`,
    );
  }
  return perPartition;
}

/**
 * The batch of the queue that may leave next, or undefined: the first batch not in flight, while
 * fewer than `maxInFlight` are; a retried batch only once nothing of the partition is in flight.
 */
export function nextIdempotentBatch(queue: PartitionQueue, maxInFlight: number): ProducerBatch | undefined {
  if (queue.inFlightCount >= maxInFlight) return undefined;
  const { batches } = queue;
  for (let i = 0; i < batches.length; i++) {
    const batch = batches[i];
    if (batch.inFlight) continue;
    if (batch.attempts > 0 && queue.inFlightCount > 0) return undefined;
    return batch;
  }
  return undefined;
}

/** Gives the batch its partition's next sequence (under the current producer id). */
export function assignNextSequence(queue: PartitionQueue, batch: ProducerBatch, identity: ProducerIdentity): void {
  if (queue.sequenceProducerId !== identity.producerId) {
    queue.sequenceProducerId = identity.producerId;
    queue.nextSequence = 0;
  }
  batch.assignSequence(identity.producerId, identity.producerEpoch, queue.nextSequence);
  // Sequences wrap from INT32_MAX to 0, as the broker expects.
  const next = queue.nextSequence + batch.recordCount;
  queue.nextSequence = next > INT32_MAX ? next - INT32_MAX - 1 : next;
}

/**
 * Whether a refusal is only the echo of an earlier batch of the same producer id that is still
 * pending (the broker saw a gap because that one has not landed yet): then the batch is retried
 * after it, keeping its sequence.
 */
export function isGapEcho(queue: PartitionQueue, batch: ProducerBatch, errorCode: number | null): boolean {
  if (errorCode !== ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER && errorCode !== ErrorCode.UNKNOWN_PRODUCER_ID) return false;
  for (const earlier of queue.batches) {
    if (earlier === batch) return false;
    if (earlier.producerId === batch.producerId && !earlier.isDone) return true;
  }
  return false;
}

/** Later batches of the queue sequenced under the same producer id (they can no longer land: there is a gap). */
export function laterSequencedBatches(queue: PartitionQueue, batch: ProducerBatch): ProducerBatch[] {
  const at = queue.batches.indexOf(batch);
  return queue.batches.slice(at + 1).filter((b) => b.producerId === batch.producerId && b.baseSequence >= 0);
}
