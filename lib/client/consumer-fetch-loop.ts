// The consumer's fetch pipeline: per assigned partition a fetch position and up to
// MAX_PENDING_FETCHES fetched (still undecoded) responses waiting for the user; per leader broker
// at most one Fetch in flight (Kafka's rule). A partition is fetched again while its last
// response still waits, so the broker serves the next fetch while this process decodes and the
// user handles the last one (with one waiting response per partition, as before, a fetch carried
// only the partitions drained since the last one). A response is decoded lazily, a chunk of whole
// batches (CHUNK_RECORDS) per hand-out, so records the user never gets — after a seek, a pause, a
// rebalance or close — are never decoded or CRC-checked, and the message objects of a 1 MiB
// response never all live at once. Positions the user has consumed live in the Consumer; when
// delivery is cut short (seek, pause, rebalance) the Consumer rewinds a partition here, which drops
// its waiting responses, and stale in-flight results are dropped by `version`.
import type { Cluster } from './cluster';
import { ClientError, needsMetadataRefresh } from './errors';
import { chunkEnd, decodeFetch, Fetcher, FetchSettings, FetchTarget, PartitionFetch, scanFetch } from './fetcher';
import { EARLIEST_TIMESTAMP, LATEST_TIMESTAMP, listOffsets } from './offsets';
import { ErrorCode } from '../protocol/error-codes';
import { ConsumerMessage, OffsetResetPolicy, tpKey, TopicPartition } from './consumer-types';
import type { Logger } from '../util/logger';

export interface PartitionState extends TopicPartition {
  /** The consumed position: the next offset to hand to the user (what a commit stores). */
  position: number;
  /** The next offset to fetch (ahead of the consumed position while a batch is buffered). */
  fetchOffset: number;
  paused: boolean;
  inFlight: boolean;
  /** Responses fetched for this partition and not yet wholly handed out, oldest first; decoded as taken. */
  pending: PendingFetch[];
  /** Set when the partition is no longer assigned: its messages must not be delivered. */
  revoked: boolean;
  /** Bumped on every rewind: in-flight results carrying an older version are stale. */
  version: number;
  /** Grown when a single batch exceeds the partition limit. */
  maxBytes?: number;
  /** No fetch before this time (after an error). */
  retryAtMs: number;
  highWatermark: number;
}

export interface ReadyBatch {
  state: PartitionState;
  /** The partition's version when fetched: a different current version means a seek since. */
  version: number;
  messages: ConsumerMessage[];
  highWatermark: number;
}

interface PendingFetch {
  version: number;
  fetch: PartitionFetch;
  /** Byte position in `fetch.records` of the first batch not yet decoded. */
  decodedTo: number;
}

export interface FetchLoopSettings extends FetchSettings {
  /** Verify each batch's CRC-32C (Kafka's check.crcs). */
  checkCrcs: boolean;
}

const RETRY_BACKOFF_MS = 200;
/** Responses a partition may hold undelivered; at the limit it is not fetched (bounds memory at 2 × its fetch bytes). */
export const MAX_PENDING_FETCHES = 2;
/** A hand-out decodes whole batches until it has this many records (one batch when batches are bigger). */
export const CHUNK_RECORDS = 1000;
/** The most a partition limit grows to so that one oversized batch fits (Kafka's fetch.max.bytes-like cap). */
const MAX_PARTITION_BYTES_GROWN = 1 << 30;

export class ConsumerFetchLoop {
  private readonly partitions = new Map<string, PartitionState>();
  private readonly leadersInFlight = new Set<number>();
  private readonly fetcher: Fetcher;
  private waiter: (() => void) | null = null;
  private failure: ClientError | null = null;
  private metadataRefresh: Promise<void> | null = null;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly cluster: Cluster,
    private readonly settings: FetchLoopSettings,
    private readonly resetPolicy: OffsetResetPolicy,
    private readonly logger: Logger,
  ) {
    this.fetcher = new Fetcher(cluster, settings);
  }

  /** Replaces the partitions fetched; each starts at its given offset. */
  setPartitions(list: Array<TopicPartition & { offset: number }>): void {
    for (const old of this.partitions.values()) old.revoked = true;
    this.partitions.clear();
    for (const p of list) {
      this.partitions.set(tpKey(p.topic, p.partition), {
        topic: p.topic,
        partition: p.partition,
        position: p.offset,
        fetchOffset: p.offset,
        paused: false,
        inFlight: false,
        pending: [],
        revoked: false,
        version: 0,
        retryAtMs: 0,
        highWatermark: -1,
      });
    }
    this.notify();
  }

  state(topic: string, partition: number): PartitionState | undefined {
    return this.partitions.get(tpKey(topic, partition));
  }

  states(): PartitionState[] {
    return [...this.partitions.values()];
  }

  /** Forgets buffered and in-flight data of a partition; delivers and fetches from `offset` next. */
  rewind(state: PartitionState, offset: number): void {
    state.position = offset;
    state.fetchOffset = offset;
    state.pending = [];
    state.version += 1;
    this.notify();
  }

  /** Ends a pending next() early (it resolves null). */
  notify(): void {
    const waiter = this.waiter;
    this.waiter = null;
    if (waiter) waiter();
  }

  /**
   * The next batch for the user, or null when woken by notify() or after `maxWaitMs` with
   * nothing to deliver. Throws a fetch failure no retry can fix.
   */
  async next(maxWaitMs: number): Promise<ReadyBatch | null> {
    if (this.failure) throw this.takeFailure();
    this.startFetches();
    const ready = await this.takeReady();
    if (ready) return ready;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => this.notify(), maxWaitMs);
      this.waiter = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    if (this.failure) throw this.takeFailure();
    return this.takeReady();
  }

  close(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const old of this.partitions.values()) old.revoked = true;
    this.partitions.clear();
    this.notify();
  }

  private takeFailure(): ClientError {
    const failure = this.failure as ClientError;
    this.failure = null;
    return failure;
  }

  /** Decodes the next chunk of a waiting response (round robin over partitions) into a batch for the user. */
  private async takeReady(): Promise<ReadyBatch | null> {
    for (let state = this.nextBuffered(); state; state = this.nextBuffered()) {
      const pending = state.pending[0];
      const records = pending.fetch.records as Buffer;
      const from = pending.decodedTo;
      const to = chunkEnd(records, from, CHUNK_RECORDS);
      pending.decodedTo = to;
      if (to === from || chunkEnd(records, to, 1) === to) {
        // The response is used up: the partition's next fetch goes out before this chunk is decoded.
        state.pending.shift();
        this.startFetches();
      }
      let messages;
      try {
        messages = decodeFetch(pending.fetch, this.settings.checkCrcs, from, to);
        if (messages instanceof Promise) messages = await messages;
      } catch (error) {
        // Kafka's consumer treats a corrupt batch as retriable: fetch it again from the position.
        this.logger.warn((error as Error).message);
        if (state.version === pending.version) this.rewind(state, state.position);
        this.retryLater([state], false);
        continue;
      }
      if (state.version !== pending.version || state.revoked || messages.length === 0) continue;
      return { state, version: pending.version, messages, highWatermark: pending.fetch.highWatermark };
    }
    return null;
  }

  /** The first partition with a waiting response, moved to the back of the round robin. */
  private nextBuffered(): PartitionState | null {
    for (const [key, state] of this.partitions) {
      if (state.pending.length === 0 || state.paused) continue;
      this.partitions.delete(key);
      this.partitions.set(key, state);
      return state;
    }
    return null;
  }

  private startFetches(): void {
    const now = Date.now();
    const byLeader = new Map<number, PartitionState[]>();
    for (const s of this.partitions.values()) {
      if (s.paused || s.inFlight || s.pending.length >= MAX_PENDING_FETCHES || s.retryAtMs > now) continue;
      const leader = this.cluster.leaderOf(s.topic, s.partition);
      if (leader < 0) {
        this.retryLater([s], true);
        continue;
      }
      if (this.leadersInFlight.has(leader)) continue;
      byLeader.set(leader, [...(byLeader.get(leader) ?? []), s]);
    }
    for (const [leader, states] of byLeader) void this.fetchFrom(leader, states);
  }

  private async fetchFrom(leader: number, states: PartitionState[]): Promise<void> {
    this.leadersInFlight.add(leader);
    const versions = new Map(states.map((s) => [s, s.version]));
    for (const s of states) s.inFlight = true;
    const targets: FetchTarget[] = states.map((s) => ({
      topic: s.topic,
      partition: s.partition,
      fetchOffset: s.fetchOffset,
      maxBytes: s.maxBytes,
    }));
    try {
      const results = await this.fetcher.fetchFrom(leader, targets);
      for (const result of results) {
        const state = this.partitions.get(tpKey(result.topic, result.partition));
        if (!state || versions.get(state) !== state.version || state.fetchOffset !== result.fetchOffset) continue;
        await this.absorb(state, result);
      }
    } catch (error) {
      const clientError =
        error instanceof ClientError ? error : new ClientError('UNKNOWN', String(error), { cause: error });
      if (!clientError.retriable) this.failure = clientError;
      this.logger.warn(`fetch from broker ${leader} failed: ${clientError.message}`);
      this.retryLater(states, true);
    } finally {
      for (const s of states) s.inFlight = false;
      this.leadersInFlight.delete(leader);
      this.notify();
    }
  }

  private async absorb(state: PartitionState, result: PartitionFetch): Promise<void> {
    state.highWatermark = result.highWatermark;
    if (result.errorCode === ErrorCode.NONE) {
      const scan = scanFetch(result);
      if (scan.truncated)
        state.maxBytes = Math.min((state.maxBytes ?? this.settings.maxPartitionBytes) * 2, MAX_PARTITION_BYTES_GROWN);
      if (scan.corrupt && scan.wholeBatches === 0) {
        this.logger.warn(
          `${state.topic}-${state.partition}: corrupt batch at offset ${state.fetchOffset}, fetching it again`,
        );
        this.retryLater([state], false);
        return;
      }
      state.fetchOffset = scan.nextFetchOffset;
      if (scan.wholeBatches > 0) state.pending.push({ version: state.version, fetch: result, decodedTo: 0 });
    } else if (result.errorCode === ErrorCode.OFFSET_OUT_OF_RANGE) {
      this.logger.info(
        `${state.topic}-${state.partition}: offset ${state.fetchOffset} out of range, resetting to ${this.resetPolicy}`,
      );
      await this.reset(state);
    } else if (needsMetadataRefresh(result.errorCode) || ClientError.fromErrorCode(result.errorCode, '').retriable) {
      this.retryLater([state], needsMetadataRefresh(result.errorCode));
    } else {
      this.failure = ClientError.forPartition(state.topic, state.partition, result.errorCode);
    }
  }

  /** auto.offset.reset: the log's start or end, per policy. */
  private async reset(state: PartitionState): Promise<void> {
    const version = state.version;
    try {
      const timestamp = this.resetPolicy === 'earliest' ? EARLIEST_TIMESTAMP : LATEST_TIMESTAMP;
      const found = await listOffsets(this.cluster, [{ topic: state.topic, partition: state.partition, timestamp }]);
      const offset = found.get(tpKey(state.topic, state.partition));
      if (offset !== undefined && state.version === version) this.rewind(state, offset);
    } catch (error) {
      this.logger.warn(`resetting ${state.topic}-${state.partition} failed: ${(error as Error).message}`);
      this.retryLater([state], true);
    }
  }

  private retryLater(states: PartitionState[], refreshMetadata: boolean): void {
    const at = Date.now() + RETRY_BACKOFF_MS;
    for (const s of states) s.retryAtMs = at;
    if (refreshMetadata && !this.metadataRefresh) {
      const topics = [...new Set(states.map((s) => s.topic))];
      this.metadataRefresh = this.cluster
        .refreshMetadata(topics)
        .then(
          () => undefined,
          (error: Error) => {
            this.logger.warn(`metadata refresh failed: ${error.message}`);
          },
        )
        .finally(() => {
          this.metadataRefresh = null;
        });
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.notify();
    }, RETRY_BACKOFF_MS);
    this.timers.add(timer);
  }
}
