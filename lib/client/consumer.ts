// The Consumer: reads partitions either as a member of a group (subscribe: the group's leader
// assigns partitions, see group-membership.ts) or group-less (assign: chosen partitions from
// chosen offsets), and hands messages to the user through run({eachMessage|eachBatch}) or an
// async iterator. It owns the consumed positions and commits: only messages the user's handler
// completed (or the iterator handed out) count as consumed. Fetching is consumer-fetch-loop.ts;
// offsets are offsets.ts / consumer-positions.ts. It shares nothing with other clients.
import { AsyncLocalStorage } from 'node:async_hooks';
import { EventEmitter } from 'node:events';
import { Cluster } from './cluster';
import { ClientError, toClientError } from './errors';
import { resolveAssignors } from './assignors';
import { GroupMembership } from './group-membership';
import { ConsumerFetchLoop, PartitionState, ReadyBatch } from './consumer-fetch-loop';
import { commitOffsets } from './offsets';
import { CommitTracker, isFencedCommit, resolveStartOffsets, viaCoordinator } from './consumer-positions';
import {
  AssignedPartition,
  ConsumerOptions,
  IteratedMessage,
  PauseSpec,
  RunOptions,
  sortTopicPartitions,
  TopicPartition,
  TopicPartitionOffset,
} from './consumer-types';
import { silentLogger, type Logger } from '../util/logger';

export * from './consumer-types';

const DEFAULTS = {
  sessionTimeoutMs: 10000,
  rebalanceTimeoutMs: 60000,
  heartbeatIntervalMs: 3000,
  autoCommit: true,
  autoCommitIntervalMs: 5000,
  maxWaitMs: 500,
  minBytes: 1,
  maxBytes: 50 * 1024 * 1024,
  maxPartitionBytes: 1024 * 1024,
  checkCrcs: true,
};

type Mode = 'idle' | 'subscribed' | 'assigned';

export class Consumer extends EventEmitter {
  private readonly settings: ConsumerOptions & typeof DEFAULTS;
  private readonly cluster: Cluster;
  private readonly logger: Logger;
  private readonly loop: ConsumerFetchLoop;
  private readonly membership: GroupMembership | null;
  private readonly commits = new CommitTracker();
  private mode: Mode = 'idle';
  private topics: string[] = [];
  private pendingAssignment: AssignedPartition[] | null = null;
  private consuming = false;
  private stopping = false;
  private closed = false;
  private closing: Promise<void> | null = null;
  private joining = false;
  private loopDone: Promise<void> = Promise.resolve();
  /** Marks code running inside the delivery loop (handlers), which close() must not wait for. */
  private readonly insideLoop = new AsyncLocalStorage<Consumer>();
  /** The iterator is parked at a yield: its caller, not the loop, holds the next step. */
  private atYield = false;
  private nextAutoCommitMs = 0;

  constructor(options: ConsumerOptions) {
    super();
    this.settings = { ...DEFAULTS, ...stripUndefined(options) };
    this.logger = options.logger ?? silentLogger();
    const requestTimeoutMs = Math.max(options.requestTimeoutMs ?? 30000, this.settings.maxWaitMs + 5000);
    this.cluster = new Cluster({
      brokers: options.brokers,
      zookeeper: options.zookeeper,
      clientId: options.clientId ?? 'samsa-consumer',
      security: options.security,
      connectTimeoutMs: options.connectTimeoutMs,
      requestTimeoutMs,
      allowAutoTopicCreation: true,
      logger: this.logger,
    });
    const resetPolicy = options.autoOffsetReset ?? (options.fromBeginning ? 'earliest' : 'latest');
    this.loop = new ConsumerFetchLoop(this.cluster, this.settings, resetPolicy, this.logger);
    this.membership =
      options.groupId === undefined
        ? null
        : new GroupMembership(
            this.cluster,
            {
              groupId: options.groupId,
              sessionTimeoutMs: this.settings.sessionTimeoutMs,
              rebalanceTimeoutMs: this.settings.rebalanceTimeoutMs,
              heartbeatIntervalMs: this.settings.heartbeatIntervalMs,
              connectTimeoutMs: options.connectTimeoutMs ?? 10000,
              // A JoinGroup may be parked by the coordinator for up to the rebalance timeout.
              requestTimeoutMs: Math.max(requestTimeoutMs, this.settings.rebalanceTimeoutMs + 5000),
              assignors: resolveAssignors(options.assignors ?? ['range', 'roundrobin']),
            },
            this.logger,
            () => this.loop.notify(),
          );
  }

  private get resetPolicy() {
    return this.settings.autoOffsetReset ?? (this.settings.fromBeginning ? 'earliest' : 'latest');
  }

  async connect(): Promise<void> {
    this.assertOpen();
    await this.cluster.connect();
  }

  /** Group mode: consume `topics` as a member of groupId. */
  subscribe(topics: string[]): void {
    this.assertOpen();
    if (!this.membership)
      throw new ClientError('INVALID_ARGUMENT', 'subscribe() needs a groupId; use assign() without one');
    if (this.mode === 'assigned') throw new ClientError('INVALID_ARGUMENT', 'this consumer already uses assign()');
    if (topics.length === 0) throw new ClientError('INVALID_ARGUMENT', 'subscribe() needs at least one topic');
    this.topics = [...new Set(topics)].sort();
    this.mode = 'subscribed';
    this.membership.requestRejoin();
  }

  /** Group-less mode: read these partitions from these offsets (absent: committed, else the reset policy). */
  assign(partitions: AssignedPartition[]): void {
    this.assertOpen();
    if (this.mode === 'subscribed') throw new ClientError('INVALID_ARGUMENT', 'this consumer already uses subscribe()');
    this.mode = 'assigned';
    this.pendingAssignment = partitions.map((p) => ({ ...p }));
    this.loop.notify();
  }

  /** Runs the handlers until close(); rejects on a failure retrying cannot fix. */
  run(handlers: RunOptions): Promise<void> {
    if (!handlers.eachMessage && !handlers.eachBatch)
      throw new ClientError('INVALID_ARGUMENT', 'run() needs eachMessage or eachBatch');
    const done = this.insideLoop.run(this, () => this.drive(async (batch) => this.deliver(batch, handlers)));
    this.loopDone = done.catch(() => undefined);
    return done;
  }

  /** Messages one at a time; a message counts as consumed once handed out. */
  async *messages(): AsyncGenerator<IteratedMessage> {
    this.startConsuming();
    let release: () => void = () => undefined;
    this.loopDone = new Promise<void>((resolve) => {
      release = resolve;
    });
    let batch: ReadyBatch | null = null;
    let index = 0;
    try {
      for (;;) {
        if (!batch || index >= batch.messages.length) {
          batch = await this.nextBatch();
          index = 0;
          if (!batch) return;
        }
        const { state } = batch;
        if (this.interrupted(state) || state.version !== batch.version) {
          if (state.version === batch.version) this.loop.rewind(state, state.position);
          batch = null;
          continue;
        }
        const m = batch.messages[index++];
        state.position = m.offset + 1;
        this.atYield = true;
        try {
          yield {
            topic: state.topic,
            partition: state.partition,
            offset: m.offset,
            key: m.key,
            value: m.value,
            headers: m.headers,
            timestamp: m.timestamp,
          };
        } finally {
          this.atYield = false;
        }
      }
    } finally {
      if (batch && index < batch.messages.length && batch.state.version === batch.version)
        this.loop.rewind(batch.state, batch.state.position);
      this.consuming = false;
      release();
    }
  }

  [Symbol.asyncIterator](): AsyncGenerator<IteratedMessage> {
    return this.messages();
  }

  /** Commits `offsets` (next offsets to read), or every consumed position when absent. */
  async commit(offsets?: TopicPartitionOffset[]): Promise<void> {
    this.assertOpen();
    await this.commitOffsets(offsets ?? this.consumedPositions(), true);
  }

  /** The next message of the partition delivered is at `offset`. */
  seek(target: TopicPartitionOffset): void {
    const state = this.requireAssigned(target.topic, target.partition);
    if (!Number.isInteger(target.offset) || target.offset < 0)
      throw new ClientError('INVALID_ARGUMENT', `cannot seek to ${target.offset}`);
    this.loop.rewind(state, target.offset);
  }

  pause(specs: PauseSpec[]): void {
    for (const state of this.matching(specs)) {
      state.paused = true;
      this.loop.rewind(state, state.position);
    }
  }

  resume(specs: PauseSpec[]): void {
    for (const state of this.matching(specs)) state.paused = false;
    this.loop.notify();
  }

  paused(): TopicPartition[] {
    return sortTopicPartitions(
      this.loop
        .states()
        .filter((s) => s.paused)
        .map((s) => ({ topic: s.topic, partition: s.partition })),
    );
  }

  assignment(): TopicPartition[] {
    return sortTopicPartitions(this.loop.states().map((s) => ({ topic: s.topic, partition: s.partition })));
  }

  /** The offset of the next message to be delivered from the partition. */
  position(tp: TopicPartition): number {
    return this.requireAssigned(tp.topic, tp.partition).position;
  }

  /** Commits (autoCommit), leaves the group at once, closes connections. Idempotent. */
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    this.stopping = true;
    this.loop.notify();
    // A parked JoinGroup would hold the loop for up to the rebalance timeout: leave instead.
    if (this.joining && this.membership) await this.membership.leave();
    // Called from a handler or the iterator's loop body, the loop cannot finish first.
    if (this.insideLoop.getStore() !== this && !this.atYield) await this.loopDone;
    if (this.membership && this.settings.autoCommit && this.mode !== 'idle') {
      await this.commitOffsets(this.consumedPositions(), false).catch((e: Error) =>
        this.logger.warn(`final commit failed: ${e.message}`),
      );
    }
    this.closed = true;
    if (this.membership) await this.membership.leave();
    this.loop.close();
    await this.cluster.close();
  }

  private async drive(onBatch: (batch: ReadyBatch) => Promise<void>): Promise<void> {
    this.startConsuming();
    try {
      for (let batch = await this.nextBatch(); batch; batch = await this.nextBatch()) await onBatch(batch);
    } finally {
      this.consuming = false;
    }
  }

  private startConsuming(): void {
    this.assertOpen();
    if (this.consuming)
      throw new ClientError('INVALID_ARGUMENT', 'the consumer is already running (run() or messages())');
    this.consuming = true;
  }

  /** The next batch to hand out, or null once stopping. */
  private async nextBatch(): Promise<ReadyBatch | null> {
    try {
      while (!this.stopping) {
        await this.prepare();
        if (this.stopping) break;
        await this.maybeAutoCommit();
        const batch = await this.loop.next(Math.max(1, Math.min(this.settings.maxWaitMs, this.msUntilAutoCommit())));
        if (batch && !this.interrupted(batch.state)) return batch;
        if (batch) this.loop.rewind(batch.state, batch.state.position);
      }
      return null;
    } catch (error) {
      if (this.stopping && toClientError(error, '').code === 'CLOSED') return null;
      throw error;
    }
  }

  private async deliver(batch: ReadyBatch, handlers: RunOptions): Promise<void> {
    const { state, version, messages } = batch;
    const { topic, partition } = state;
    if (handlers.eachBatch) {
      await handlers.eachBatch({ topic, partition, messages, highWatermark: batch.highWatermark });
      if (state.version === version) state.position = messages[messages.length - 1].offset + 1;
      return;
    }
    const eachMessage = handlers.eachMessage as NonNullable<RunOptions['eachMessage']>;
    for (let i = 0; i < messages.length; i++) {
      if (state.version !== version) return;
      if (this.interrupted(state)) {
        this.loop.rewind(state, state.position);
        return;
      }
      const message = messages[i];
      const done = eachMessage({ topic, partition, message });
      // One await per message only when the handler is asynchronous.
      if (done !== undefined) await done;
      if (state.version === version) state.position = message.offset + 1;
    }
  }

  /** Whether delivery from `state` must stop now (pause, seek, rebalance, close, revoked). */
  private interrupted(state: PartitionState): boolean {
    return (
      this.stopping ||
      state.paused ||
      state.revoked ||
      (this.mode === 'subscribed' && this.membership?.rejoinNeeded === true)
    );
  }

  /** Brings the assignment up to date: a group rebalance or a new assign(). */
  private async prepare(): Promise<void> {
    if (this.mode === 'assigned' && this.pendingAssignment) {
      const wanted = this.pendingAssignment;
      this.pendingAssignment = null;
      await this.cluster.refreshMetadata([...new Set(wanted.map((p) => p.topic))], true);
      const start = await resolveStartOffsets(this.cluster, this.membership, wanted, this.resetPolicy);
      this.loop.setPartitions(start);
      this.commits.retain(start);
    } else if (this.mode === 'subscribed' && this.membership?.rejoinNeeded) {
      await this.rebalance(this.membership);
    } else if (this.mode === 'idle') {
      throw new ClientError('INVALID_ARGUMENT', 'call subscribe() or assign() before consuming');
    }
  }

  private async rebalance(membership: GroupMembership): Promise<void> {
    const owned = this.assignment();
    if (owned.length > 0) {
      if (this.settings.autoCommit) {
        await this.commitOffsets(this.consumedPositions(), false).catch((e: Error) =>
          this.logger.warn(`commit before rebalance failed: ${e.message}`),
        );
      }
      await this.settings.onRevoke?.(owned);
      this.emit('revoke', owned);
      this.loop.setPartitions([]);
    }
    this.joining = true;
    let assigned: TopicPartition[];
    try {
      assigned = await membership.join(this.topics);
    } finally {
      this.joining = false;
    }
    if (this.stopping) return;
    const start = await resolveStartOffsets(this.cluster, membership, assigned, this.resetPolicy);
    this.loop.setPartitions(start);
    this.commits.retain(start);
    await this.settings.onAssign?.(assigned);
    this.emit('assign', assigned);
    this.emit('rebalance', {
      generationId: membership.generationId,
      memberId: membership.memberId,
      assignment: assigned,
    });
  }

  private consumedPositions(): TopicPartitionOffset[] {
    return this.loop.states().map((s) => ({ topic: s.topic, partition: s.partition, offset: s.position }));
  }

  private msUntilAutoCommit(): number {
    if (!this.settings.autoCommit || !this.membership) return Number.MAX_SAFE_INTEGER;
    return Math.max(0, this.nextAutoCommitMs - Date.now());
  }

  private async maybeAutoCommit(): Promise<void> {
    if (this.msUntilAutoCommit() > 0) return;
    this.nextAutoCommitMs = Date.now() + this.settings.autoCommitIntervalMs;
    await this.commitOffsets(this.consumedPositions(), false).catch((e: Error) =>
      this.logger.warn(`auto-commit failed: ${e.message}`),
    );
  }

  private async commitOffsets(offsets: TopicPartitionOffset[], explicit: boolean): Promise<void> {
    const membership = this.membership;
    if (!membership) {
      if (explicit) throw new ClientError('INVALID_ARGUMENT', 'commit() needs a groupId');
      return;
    }
    const changed = explicit ? offsets : this.commits.changed(offsets);
    if (changed.length === 0) return;
    const group =
      this.mode === 'subscribed'
        ? { groupId: membership.groupId, generationId: membership.generationId, memberId: membership.memberId }
        : { groupId: membership.groupId, generationId: -1, memberId: '' };
    try {
      await viaCoordinator(membership, 'OffsetCommit', async () =>
        commitOffsets(await membership.coordinatorConnection(), group, changed),
      );
    } catch (error) {
      if (isFencedCommit(error)) membership.requestRejoin();
      throw error;
    }
    this.commits.record(changed);
    this.emit('commit', changed);
  }

  private matching(specs: PauseSpec[]): PartitionState[] {
    return specs.flatMap((spec) =>
      this.loop
        .states()
        .filter((s) => s.topic === spec.topic && (!spec.partitions || spec.partitions.includes(s.partition))),
    );
  }

  private requireAssigned(topic: string, partition: number): PartitionState {
    const state = this.loop.state(topic, partition);
    if (!state) throw new ClientError('INVALID_ARGUMENT', `${topic}-${partition} is not assigned to this consumer`);
    return state;
  }

  private assertOpen(): void {
    if (this.closed || this.stopping) throw new ClientError('CLOSED', 'the consumer is closed');
  }
}

function stripUndefined<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<T>;
}
