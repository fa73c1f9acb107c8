// The Producer: send() turns messages into records, picks partitions and appends them to
// per-partition batches (record-accumulator.ts); the sender (producer-sender.ts) ships ready
// batches to partition leaders and settles the sends (a promise per send(), or a callback per
// sendWithCallback(), which tight loops use to skip the promise). This file owns the public API, option
// defaults, the bound on buffered bytes and the flush/close life cycle; it never builds requests
// and never touches the Cluster's connections except through Cluster.
//
// Ordering: sends are appended in call order (a send waiting for metadata or buffer space holds
// back every later send), and within a partition batches leave and are retried in that order.
// With `idempotent`, retries are deduplicated by sequence and partitions pipeline (producer-idempotence.ts).
import type { ConnectionSecurity } from '../network/connection';
import type { CompressionName } from '../protocol/compression';
import { ErrorCode } from '../protocol/error-codes';
import type { RecordHeader } from '../protocol/record-codec';
import { silentLogger, type Logger } from '../util/logger';
import { Cluster } from './cluster';
import { ClientError, toClientError } from './errors';
import { withRetry } from './retry';
import {
  estimateRecordBytes,
  failSink,
  ProducerBatch,
  RecordMetadata,
  RecordSink,
  SendCallback,
  SendTracker,
} from './producer-batch';
import { PartitionChooser, PartitionerChoice, STICKY } from './producer-partitioner';
import { checkIdempotence, ProducerIdentity, ProducerIdManager } from './producer-idempotence';
import { ProducerSender } from './producer-sender';
import { RecordAccumulator } from './record-accumulator';

export type { RecordMetadata, SendCallback } from './producer-batch';
export type { PartitionerFn, PartitionerInput, PartitionerChoice } from './producer-partitioner';

export type Acks = 0 | 1 | -1 | 'all';

export interface ProducerOptions {
  /** Bootstrap brokers as "host:port"; or give `zookeeper`. */
  brokers?: string[];
  /** A ZooKeeper connect string whose /brokers/ids lists the brokers. */
  zookeeper?: string;
  clientId?: string;
  /** security.protocol and the SASL login (PLAINTEXT when absent). */
  security?: ConnectionSecurity;

  /** Default 'all' (= -1), as in Kafka 3. */
  acks?: Acks;
  /** How long a batch waits for more records before it is sent. Default 5. */
  lingerMs?: number;
  /**
   * A batch closes once its records reach this many (uncompressed) bytes. Default 16384. Unlike
   * Kafka's batch.size this is not a ceiling: while a partition has a request in flight its next
   * batch keeps growing, up to min(maxRequestBytes, 1 MiB - 1 KiB), so one busy partition is not
   * held to batchBytes per round trip (there is one request in flight per partition, to keep order).
   */
  batchBytes?: number;
  /** Whole batches are compressed. Default 'none'. */
  compression?: CompressionName;
  /** Per request; also the broker's wait for acks=all. Default 30000. */
  requestTimeoutMs?: number;
  /** Retries of a batch after retriable failures. Default 20. */
  retries?: number;
  /** First backoff; doubled per attempt up to max(1000, retryBackoffMs). Default 100. */
  retryBackoffMs?: number;
  /** Produce requests in flight per broker. Default 5. */
  maxInFlight?: number;
  /** Default 'murmur2' (keyed: murmur2; unkeyed: sticky). */
  partitioner?: PartitionerChoice;
  /** send() waits while buffered records (their encoded bytes plus 64 bytes of bookkeeping each) exceed this. Default 32 MiB. */
  bufferBytes?: number;
  /** Upper bound of one Produce request's batches. Default 1 MiB (Kafka's max.request.size). */
  maxRequestBytes?: number;
  /** Kafka's enable.idempotence (retried batches are stored once); needs acks 'all', maxInFlight ≤ 5. Default false. */
  idempotent?: boolean;
  /** Idempotent only: batches of one partition in flight at once, 1-5. Default min(5, maxInFlight). */
  maxInFlightPerPartition?: number;
  /** Whether producing to a missing topic may create it (the broker decides too). Default true. */
  allowAutoTopicCreation?: boolean;
  logger?: Logger;
}

export interface ProducerMessage {
  key?: string | Buffer | null;
  value: string | Buffer | null;
  headers?: Record<string, string | Buffer>;
  /** Milliseconds since the epoch; default: when send() was called. */
  timestamp?: number;
  /** Overrides the partitioner. */
  partition?: number;
}

export interface ProducerRecord {
  topic: string;
  messages: ProducerMessage[];
}

interface WaitingSend {
  record: ProducerRecord;
  sink: RecordSink;
}

const DEFAULTS = {
  lingerMs: 5,
  batchBytes: 16384,
  compression: 'none' as CompressionName,
  requestTimeoutMs: 30000,
  retries: 20,
  retryBackoffMs: 100,
  maxInFlight: 5,
  bufferBytes: 32 * 1024 * 1024,
  maxRequestBytes: 1024 * 1024,
};

export class Producer {
  private readonly cluster: Cluster;
  private readonly accumulator: RecordAccumulator;
  private readonly sender: ProducerSender;
  private readonly chooser: PartitionChooser;
  private readonly batchBytes: number;
  private readonly bufferBytes: number;
  private readonly logger: Logger;
  private readonly retry: { retries: number; retryBackoffMs: number };
  private readonly allowAutoTopicCreation: boolean;
  /** Sends held back for metadata or buffer space, in call order. */
  private readonly waiting: WaitingSend[] = [];
  private pumping = false;
  private spaceWaiters: Array<() => void> = [];
  private closing: Promise<void> | null = null;
  private readonly onePartition: number[] = [0];
  private readonly producerIds: ProducerIdManager | null = null;

  constructor(options: ProducerOptions) {
    const o = { ...DEFAULTS, ...definedOnly(options) };
    checkOptions(o);
    const maxInFlightPerPartition = checkIdempotence(options, toAcks(options.acks ?? 'all'), o.maxInFlight);
    this.logger = options.logger ?? silentLogger();
    this.batchBytes = o.batchBytes;
    this.retry = { retries: o.retries, retryBackoffMs: o.retryBackoffMs };
    this.allowAutoTopicCreation = options.allowAutoTopicCreation ?? true;
    this.bufferBytes = o.bufferBytes;
    this.cluster = new Cluster({
      brokers: options.brokers,
      zookeeper: options.zookeeper,
      clientId: options.clientId ?? 'samsa-producer',
      security: options.security,
      requestTimeoutMs: o.requestTimeoutMs + 5000,
      allowAutoTopicCreation: this.allowAutoTopicCreation,
      logger: this.logger,
    });
    this.chooser = new PartitionChooser(options.partitioner ?? 'murmur2');
    this.accumulator = new RecordAccumulator({
      batchBytes: o.batchBytes,
      lingerMs: o.lingerMs,
      maxRequestBytes: o.maxRequestBytes,
      onBatchFull: () => this.sender.wake(),
      onBatchOpened: (readyAtMs) => this.sender.wakeAt(readyAtMs),
      growBusyBatches: options.idempotent !== true,
    });
    if (options.idempotent === true)
      this.producerIds = new ProducerIdManager(this.cluster, this.retry, this.logger, (e) =>
        this.sender.onProducerIdSettled(e),
      );
    this.sender = new ProducerSender(this.cluster, this.accumulator, {
      acks: toAcks(options.acks ?? 'all'),
      requestTimeoutMs: o.requestTimeoutMs,
      retries: o.retries,
      retryBackoffMs: o.retryBackoffMs,
      retryBackoffMaxMs: Math.max(1000, o.retryBackoffMs),
      maxInFlight: o.maxInFlight,
      maxRequestBytes: o.maxRequestBytes,
      compression: o.compression,
      logger: this.logger,
      onBatchDone: (batch) => this.onBatchDone(batch),
      idempotence: this.producerIds === null ? undefined : { ids: this.producerIds, maxInFlightPerPartition },
    });
  }

  /** Reaches the cluster, and when idempotent obtains the producer id (optional: the first send does both). */
  async connect(): Promise<void> {
    await this.cluster.connect();
    if (this.producerIds !== null) await this.producerIds.ensure();
  }

  /** The idempotent producer's id and epoch (null until connect() or the first send, or when not idempotent). */
  get producerIdentity(): ProducerIdentity | null {
    return this.producerIds?.current ?? null;
  }

  /** Most batches of one partition in flight at once so far (idempotent only; 0 otherwise). */
  get maxPartitionInFlightSeen(): number {
    return this.sender.maxPartitionInFlightSeen;
  }

  /** Bytes of records buffered and not yet acknowledged. */
  get bufferedBytes(): number {
    return this.accumulator.bufferedBytes;
  }

  /** Sends messages to one topic; resolves with each message's partition and offset, in message order. */
  send(record: ProducerRecord): Promise<RecordMetadata[]> {
    return new Promise<RecordMetadata[]>((resolve, reject) => {
      this.sendWithCallback(record, (error, results) =>
        error === null ? resolve(results as RecordMetadata[]) : reject(error),
      );
    });
  }

  /**
   * send() without a promise, as Kafka's send(record, callback): `callback` gets the results in
   * message order or the first failure, exactly once. For loops that send one record at a time,
   * where a promise per send is most of the producer's own cost.
   */
  sendWithCallback(record: ProducerRecord, callback: SendCallback): void {
    if (this.closing !== null) {
      callback(new ClientError('CLOSED', 'the producer is closed'), null);
      return;
    }
    if (!Array.isArray(record.messages)) {
      callback(new ClientError('INVALID_ARGUMENT', 'a send needs a messages array'), null);
      return;
    }
    const count = record.messages.length;
    // A one-message send needs no tracker: its callback is its record's sink (producer-batch.ts).
    const sink = count === 1 ? callback : new SendTracker(record.topic, count, callback);
    const partitionCount = this.waiting.length === 0 ? this.cachedPartitionCount(record.topic) : 0;
    if (partitionCount > 0 && this.accumulator.bufferedBytes < this.bufferBytes) {
      this.appendAll(record, sink, partitionCount);
    } else {
      this.waiting.push({ record, sink });
      void this.pumpWaiting();
    }
  }

  /** Sends one message. */
  async sendOne(topic: string, message: ProducerMessage): Promise<RecordMetadata> {
    return (await this.send({ topic, messages: [message] }))[0];
  }

  /** Resolves once the buffer has room (for callers that produce in a tight loop). */
  waitForBufferSpace(): Promise<void> {
    if (this.hasSpace()) return Promise.resolve();
    return new Promise((resolve) => this.spaceWaiters.push(resolve));
  }

  /** Sends everything buffered now without lingering and waits until each batch is settled. */
  async flush(): Promise<void> {
    this.accumulator.beginFlush();
    try {
      this.sender.wake();
      while (this.waiting.length > 0) await this.waitForBufferSpace();
      this.sender.wake();
      await Promise.all(this.accumulator.pendingBatches().map((batch) => batch.whenDone()));
    } finally {
      this.accumulator.endFlush();
    }
  }

  /** Refuses new sends (ClientError 'CLOSED'), sends and settles everything accepted, then disconnects. */
  close(): Promise<void> {
    if (this.closing === null) {
      this.closing = (async () => {
        try {
          await this.flush();
          await this.sender.barrier();
        } finally {
          this.sender.stop();
          await this.cluster.close();
        }
      })();
    }
    return this.closing;
  }

  private cachedPartitionCount(topic: string): number {
    return this.cluster.topic(topic)?.partitions.length ?? 0;
  }

  /** Appends the sends held back, in order, as metadata and buffer space allow. */
  private async pumpWaiting(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.waiting.length > 0) {
        if (!this.hasRoomForWaiting()) return; // onBatchDone pumps again
        const { record, sink } = this.waiting[0];
        let partitionCount = this.cachedPartitionCount(record.topic);
        if (partitionCount === 0) {
          try {
            partitionCount = await this.fetchPartitionCount(record.topic);
          } catch (error) {
            this.waiting.shift();
            failSink(sink, toClientError(error, `metadata for ${record.topic}`));
            continue;
          }
        }
        this.waiting.shift();
        this.appendAll(record, sink, partitionCount);
      }
    } finally {
      this.pumping = false;
      if (this.waiting.length === 0) this.releaseSpaceWaiters();
    }
  }

  /** Partition count from fresh metadata, retrying while the topic is being created or a leader moves. */
  private async fetchPartitionCount(topic: string): Promise<number> {
    const retry = {
      retries: this.retry.retries,
      initialBackoffMs: this.retry.retryBackoffMs,
      maxBackoffMs: Math.max(1000, this.retry.retryBackoffMs),
    };
    const attempt = () =>
      this.cluster.partitionsFor(topic).catch((error: unknown) => {
        // Without auto-creation a missing topic stays missing: waiting out the retries helps nobody.
        if (!this.allowAutoTopicCreation && (error as ClientError).code === 'UNKNOWN_TOPIC_OR_PARTITION') {
          throw new ClientError('UNKNOWN_TOPIC_OR_PARTITION', (error as Error).message, {
            errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
          });
        }
        throw error;
      });
    const partitions = await withRetry(`metadata for ${topic}`, attempt, retry);
    return partitions.length;
  }

  /**
   * Checks every message of a send and picks its partition, then writes each into its batch;
   * a bad message fails the send before any is written. Keys and headers are kept per message
   * only when some message has them, so a plain send allocates nothing per message here.
   */
  private appendAll(record: ProducerRecord, sink: RecordSink, partitionCount: number): void {
    const { topic, messages } = record;
    const count = messages.length;
    // A one-message send (the common case) reuses one array: nothing can append between its
    // two loops, and a partitioner that sends re-entrantly only writes index 0 before ours does.
    const partitions = count === 1 ? this.onePartition : new Array<number>(count);
    let keys: Array<Buffer | null> | null = null;
    let headerLists: Array<RecordHeader[] | null> | null = null;
    try {
      if (typeof topic !== 'string' || topic === '') throw new ClientError('INVALID_ARGUMENT', 'a send needs a topic');
      for (let i = 0; i < count; i++) {
        const message = messages[i];
        checkMessage(message);
        const key = toBytes(message.key, 'key');
        if (key !== null) (keys ??= new Array<Buffer | null>(count).fill(null))[i] = key;
        if (message.headers !== undefined && message.headers !== null)
          (headerLists ??= new Array<RecordHeader[] | null>(count).fill(null))[i] = toHeaders(message.headers);
        partitions[i] =
          partitionOf(message, topic, partitionCount) ??
          this.chooser.choose(topic, key, message.value ?? null, partitionCount);
      }
    } catch (error) {
      failSink(sink, toClientError(error, `send to ${topic}`));
      return;
    }
    // The clock is read once per send, and not at all when every message brings its timestamp
    // (a clock read costs about a tenth of a record's whole cost here).
    let nowMs = -1;
    for (let i = 0; i < count; i++) {
      const message = messages[i];
      const key = keys === null ? null : keys[i];
      const headers = headerLists === null ? null : headerLists[i];
      const value = message.value ?? null;
      if (message.timestamp === undefined && nowMs < 0) nowMs = Date.now();
      const bytes = estimateRecordBytes(key === null ? 0 : key.length, byteLengthOf(value), headers);
      let partition = partitions[i];
      const sticky = partition === STICKY;
      if (sticky) partition = this.chooser.stickyPartition(topic, partitionCount, bytes, this.batchBytes);
      const batch = this.accumulator.append(
        topic,
        partition,
        key,
        value,
        headers,
        message.timestamp ?? nowMs,
        bytes,
        sink,
        i,
        nowMs,
      );
      if (sticky) this.chooser.noteStickyBatch(topic, batch, bytes);
    }
  }

  private onBatchDone(_batch: ProducerBatch): void {
    if (this.waiting.length > 0) void this.pumpWaiting();
    else if (this.spaceWaiters.length > 0 && this.hasSpace()) this.releaseSpaceWaiters();
  }

  private hasRoomForWaiting(): boolean {
    return this.accumulator.bufferedBytes < this.bufferBytes;
  }

  private hasSpace(): boolean {
    return this.waiting.length === 0 && this.accumulator.bufferedBytes < this.bufferBytes;
  }

  private releaseSpaceWaiters(): void {
    if (!this.hasSpace()) return;
    const waiters = this.spaceWaiters;
    this.spaceWaiters = [];
    for (const w of waiters) w();
  }
}

/** Throws INVALID_ARGUMENT for a message that is not an object, has a bad timestamp or a value of the wrong type. */
function checkMessage(message: ProducerMessage): void {
  if (message === null || typeof message !== 'object')
    throw new ClientError('INVALID_ARGUMENT', 'a message must be an object');
  const timestamp = message.timestamp;
  if (timestamp !== undefined && (!Number.isSafeInteger(timestamp) || timestamp < 0)) {
    throw new ClientError('INVALID_ARGUMENT', `timestamp ${String(timestamp)} is not a non-negative integer`);
  }
  const value = message.value;
  if (value !== null && value !== undefined && typeof value !== 'string' && !Buffer.isBuffer(value)) {
    throw new ClientError('INVALID_ARGUMENT', 'a message value must be a string, a Buffer or null');
  }
}

function byteLengthOf(value: string | Buffer | null): number {
  if (value === null) return 0;
  return typeof value === 'string' ? Buffer.byteLength(value, 'utf8') : value.length;
}

function toBytes(value: string | Buffer | null | undefined, what: string): Buffer | null {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value)) return value;
  if (typeof value === 'string') return Buffer.from(value, 'utf8');
  throw new ClientError('INVALID_ARGUMENT', `a message ${what} must be a string, a Buffer or null`);
}

function toHeaders(headers: Record<string, string | Buffer>): RecordHeader[] {
  if (headers === null || typeof headers !== 'object')
    throw new ClientError('INVALID_ARGUMENT', 'message headers must be an object');
  const list: RecordHeader[] = [];
  for (const key of Object.keys(headers)) list.push({ key, value: toBytes(headers[key], `header ${key}`) });
  return list;
}

function partitionOf(message: ProducerMessage, topic: string, partitionCount: number): number | undefined {
  const partition = message.partition;
  if (partition === undefined) return undefined;
  if (!Number.isInteger(partition) || partition < 0 || partition >= partitionCount) {
    throw new ClientError(
      'INVALID_ARGUMENT',
      `partition ${String(partition)} is not one of ${topic}'s ${partitionCount}`,
    );
  }
  return partition;
}

function toAcks(acks: Acks): number {
  if (acks === 'all' || acks === -1) return -1;
  if (acks === 0 || acks === 1) return acks;
  throw new ClientError('INVALID_ARGUMENT', `acks must be 0, 1, -1 or 'all', not ${String(acks)}`);
}

function checkOptions(o: typeof DEFAULTS): void {
  const nonNegative: Array<keyof typeof DEFAULTS> = ['lingerMs', 'retries', 'retryBackoffMs'];
  const positive: Array<keyof typeof DEFAULTS> = [
    'batchBytes',
    'requestTimeoutMs',
    'maxInFlight',
    'bufferBytes',
    'maxRequestBytes',
  ];
  for (const name of nonNegative) {
    if (!Number.isInteger(o[name]) || (o[name] as number) < 0)
      throw new ClientError('INVALID_ARGUMENT', `${name} must be a non-negative integer`);
  }
  for (const name of positive) {
    if (!Number.isInteger(o[name]) || (o[name] as number) <= 0)
      throw new ClientError('INVALID_ARGUMENT', `${name} must be a positive integer`);
  }
}

function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<T>;
}
