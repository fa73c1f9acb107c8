// One fetch loop toward one source broker (Kafka's ReplicaFetcherThread, num.replica.fetchers=1).
// For every partition this broker follows and that broker leads, it first truncates the local log
// by leader epoch (OffsetForLeaderEpoch), then sends ordinary Fetch requests carrying this broker's
// id from the local log end offset, appends the returned batches unchanged, and takes the leader's
// high watermark and log start offset. It owns its connection and the partitions' fetch states;
// the logs belong to the replica manager's partitions and are reached through `FollowerLogs`.
//
// Concurrency: one loop per fetcher, strictly one request at a time. After every await a step
// checks that the partition's fetch state is still the same object (a LeaderAndIsr or
// StopReplica replaces or deletes it), so nothing is appended or truncated on stale grounds.
// Waits are bounded: requests by the leader's long poll and the connection's timeout, idling by
// the earliest back-off, and stop() closes the connection so an in-flight request ends at once.
import type { ApiSpec } from '../../protocol/api-spec';
import { fetchApi, type FetchablePartitionResponse } from '../../protocol/apis/fetch';
import { offsetForLeaderEpochApi } from '../../protocol/apis/offset-for-leader-epoch';
import { listOffsetsApi } from '../../protocol/apis/list-offsets';
import { ErrorCode, errorInfo } from '../../protocol/error-codes';
import type { PartitionLog, EpochEndOffset } from '../../storage';
import type { Clock } from '../../util/clock';
import type { Logger } from '../../util/logger';
import { partitionKey } from './delayed-operations';
import { decideOutOfRange, decideStartOffset, decideTruncation } from './epoch-truncation';
import {
  type ConnectToBroker,
  type ReplicaConnection,
  EARLIEST_TIMESTAMP,
  epochAnswers,
  fetchAnswers,
  fetchRequest,
  FETCH_VERSION,
  LATEST_TIMESTAMP,
  listOffsetsRequest,
  LIST_OFFSETS_VERSION,
  offsetAnswers,
  offsetForLeaderEpochRequest,
  OFFSET_FOR_LEADER_EPOCH_VERSION,
  recordBytes,
} from './fetcher-requests';

export type { ConnectToBroker, ReplicaConnection };

/** Kafka's replica.fetch.* settings (names as in BrokerConfig). */
export interface ReplicaFetcherConfig {
  replicaFetchWaitMaxMs: number;
  replicaFetchMinBytes: number;
  replicaFetchMaxBytes: number;
  replicaFetchResponseMaxBytes: number;
  replicaFetchBackoffMs: number;
}

export interface FollowerLogs {
  /** The log of a partition this broker currently follows, or undefined. */
  followerLog(topic: string, partition: number): PartitionLog | undefined;
  /** Bytes appended to a followed log (ReplicationBytesInPerSec). */
  appended?(bytes: number): void;
}

export interface ReplicaFetcherOptions {
  brokerId: number;
  sourceBrokerId: number;
  connect: ConnectToBroker;
  config: ReplicaFetcherConfig;
  logs: FollowerLogs;
  clock: Clock;
  logger: Logger;
}

/** truncating: ask the leader where our latest epoch ends; reconciling: compare with its log end/start offsets. */
export type FetchPhase = 'truncating' | 'reconciling' | 'fetching';

interface FetchState {
  readonly topic: string;
  readonly partition: number;
  readonly leaderEpoch: number;
  phase: FetchPhase;
  /** Epoch truncation already ran: a later out-of-range reconciles by offsets alone. */
  epochTruncationDone: boolean;
  delayedUntilMs: number;
}

class FetcherStopped extends Error {}

export class ReplicaFetcher {
  private readonly states = new Map<string, FetchState>();
  private readonly stopListeners = new Set<() => void>();
  private running = true;
  private connection: ReplicaConnection | null = null;
  private wakeUp: (() => void) | null = null;
  private readonly loop: Promise<void>;

  constructor(private readonly options: ReplicaFetcherOptions) {
    this.loop = this.run();
  }

  get sourceBrokerId(): number {
    return this.options.sourceBrokerId;
  }

  get partitionCount(): number {
    return this.states.size;
  }

  /** Starts following a partition at `leaderEpoch`; the same epoch again keeps the current state. */
  addPartition(topic: string, partition: number, leaderEpoch: number): void {
    const key = partitionKey(topic, partition);
    if (this.states.get(key)?.leaderEpoch === leaderEpoch) return;
    this.states.set(key, {
      topic,
      partition,
      leaderEpoch,
      phase: 'truncating',
      epochTruncationDone: false,
      delayedUntilMs: 0,
    });
    this.wake();
  }

  removePartition(topic: string, partition: number): boolean {
    const removed = this.states.delete(partitionKey(topic, partition));
    if (removed) this.wake();
    return removed;
  }

  /** For specs and diagnostics: where a partition's fetching stands. */
  fetchState(topic: string, partition: number): { phase: FetchPhase; leaderEpoch: number } | undefined {
    const state = this.states.get(partitionKey(topic, partition));
    return state && { phase: state.phase, leaderEpoch: state.leaderEpoch };
  }

  /** Ends the loop: closes the connection (failing any in-flight request) and waits for it. */
  async stop(): Promise<void> {
    if (this.running) {
      this.running = false;
      for (const listener of [...this.stopListeners]) listener();
      this.closeConnection();
      this.wake();
    }
    await this.loop;
  }

  private get name(): string {
    return `fetcher ${this.options.brokerId}<-${this.options.sourceBrokerId}`;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        await this.runOnce();
      } catch (err) {
        if (!this.running || err instanceof FetcherStopped) break;
        this.onRequestFailure(err as Error);
      }
    }
    this.closeConnection();
  }

  private async runOnce(): Promise<void> {
    if (this.ready().length === 0) return this.idle();
    const connection = await this.connect();
    const truncating = this.ready('truncating');
    if (truncating.length > 0) await this.truncate(connection, truncating);
    const reconciling = this.ready('reconciling');
    if (reconciling.length > 0) await this.reconcile(connection, reconciling);
    const fetching = this.ready('fetching');
    if (fetching.length > 0) await this.fetch(connection, fetching);
  }

  private ready(phase?: FetchPhase): FetchState[] {
    const nowMs = this.options.clock.nowMs();
    return [...this.states.values()].filter(
      (s) => s.delayedUntilMs <= nowMs && (phase === undefined || s.phase === phase),
    );
  }

  /** Sleeps until the earliest back-off ends, or (no partitions) until one is added or stop(). */
  private idle(): Promise<void> {
    let next = Infinity;
    for (const state of this.states.values()) next = Math.min(next, state.delayedUntilMs);
    const waitMs = next === Infinity ? null : Math.max(1, next - this.options.clock.nowMs());
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | null = null;
      const done = (): void => {
        if (timer) clearTimeout(timer);
        if (this.wakeUp === done) this.wakeUp = null;
        resolve();
      };
      if (waitMs !== null) timer = setTimeout(done, waitMs).unref();
      this.wakeUp = done;
    });
  }

  private wake(): void {
    const wakeUp = this.wakeUp;
    this.wakeUp = null;
    wakeUp?.();
  }

  private async connect(): Promise<ReplicaConnection> {
    if (this.connection && !this.connection.isClosed) return this.connection;
    this.connection = null;
    const opening = this.options.connect(this.options.sourceBrokerId);
    // A connection that arrives after stop() is closed, not leaked.
    opening.then(
      (c) => {
        if (!this.running) c.close();
      },
      () => undefined,
    );
    this.connection = await this.untilStopped(opening);
    return this.connection;
  }

  private send<Req, Res>(
    connection: ReplicaConnection,
    spec: ApiSpec<Req, Res>,
    version: number,
    body: Req,
  ): Promise<Res> {
    return this.untilStopped(connection.send(spec, version, body));
  }

  /** Settles with `work`, or rejects with FetcherStopped as soon as stop() is called. */
  private untilStopped<T>(work: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const onStop = (): void => reject(new FetcherStopped(`${this.name} stopped`));
      this.stopListeners.add(onStop);
      work.then(
        (value) => {
          this.stopListeners.delete(onStop);
          resolve(value);
        },
        (err: unknown) => {
          this.stopListeners.delete(onStop);
          reject(err);
        },
      );
    });
  }

  /** Connection lost, timed out or refused: every partition backs off, then we reconnect. */
  private onRequestFailure(err: Error): void {
    const backoffMs = this.options.config.replicaFetchBackoffMs;
    this.options.logger.warn(`${this.name}: ${err.message}; retrying in ${backoffMs} ms`);
    this.closeConnection();
    const until = this.options.clock.nowMs() + backoffMs;
    for (const state of this.states.values()) state.delayedUntilMs = Math.max(state.delayedUntilMs, until);
  }

  private closeConnection(): void {
    this.connection?.close();
    this.connection = null;
  }

  private async truncate(connection: ReplicaConnection, states: FetchState[]): Promise<void> {
    const latestEpochs = new Map<FetchState, number>();
    for (const state of states) {
      const log = this.logOf(state);
      if (!log) continue;
      const epoch = log.latestEpoch();
      if (epoch < 0) this.withoutEpochs(state, log);
      else latestEpochs.set(state, epoch);
    }
    if (latestEpochs.size === 0) return;
    const items = [...latestEpochs].map(([state, epoch]) => ({ ...state, epoch }));
    const request = offsetForLeaderEpochRequest(this.options.brokerId, items);
    const answers = epochAnswers(
      await this.send(connection, offsetForLeaderEpochApi, OFFSET_FOR_LEADER_EPOCH_VERSION, request),
    );
    for (const state of latestEpochs.keys()) {
      if (!this.isCurrent(state, 'truncating')) continue;
      const answer = answers.get(partitionKey(state.topic, state.partition));
      if (!answer) this.delay(state, 'OffsetForLeaderEpoch left it out');
      else if (answer.errorCode !== ErrorCode.NONE)
        this.onPartitionError(state, answer.errorCode, 'OffsetForLeaderEpoch');
      else this.applyTruncation(state, answer);
    }
  }

  /** No epochs to compare: an empty log just fetches; one with data reconciles by offsets. */
  private withoutEpochs(state: FetchState, log: PartitionLog): void {
    state.epochTruncationDone = true;
    state.phase = log.logEndOffset > log.logStartOffset ? 'reconciling' : 'fetching';
    if (state.phase === 'reconciling') {
      this.options.logger.warn(
        `${this.name}: ${state.topic}-${state.partition} has data but no leader epochs; ` +
          "only the leader's log end and start offsets can bound it",
      );
    }
  }

  private applyTruncation(state: FetchState, leader: EpochEndOffset): void {
    const log = this.logOf(state);
    if (!log) return;
    const decision = decideTruncation(leader, {
      logEndOffset: log.logEndOffset,
      endOffsetForEpoch: (e) => log.endOffsetForEpoch(e),
    });
    if (decision.kind === 'unknown') {
      state.epochTruncationDone = true;
      state.phase = 'reconciling';
      return;
    }
    const epochBefore = log.latestEpoch();
    if (decision.offset < log.logEndOffset) {
      this.options.logger.info(
        `${this.name}: truncating ${state.topic}-${state.partition} to ${decision.offset} ` +
          `(leader has epoch ${leader.leaderEpoch} ending at ${leader.endOffset})`,
      );
      log.truncateTo(decision.offset);
    }
    // Asking again only helps if the cut removed our latest epoch; otherwise we would loop.
    if (decision.completed || log.latestEpoch() >= epochBefore) {
      state.epochTruncationDone = true;
      state.phase = 'fetching';
    }
  }

  /** After OFFSET_OUT_OF_RANGE (or no epoch answer): compare with the leader's log end, then log start. */
  private async reconcile(connection: ReplicaConnection, states: FetchState[]): Promise<void> {
    const ends = await this.listOffsets(connection, states, LATEST_TIMESTAMP);
    const belowLeaderEnd: FetchState[] = [];
    for (const state of states) {
      const leaderEnd = this.offsetAnswer(state, ends);
      const log = leaderEnd === null ? undefined : this.logOf(state);
      if (leaderEnd === null || !log) continue;
      const action = decideOutOfRange(
        log.logEndOffset,
        leaderEnd,
        !state.epochTruncationDone && log.latestEpoch() >= 0,
      );
      if (action.kind === 'truncate-by-epoch') {
        state.phase = 'truncating';
      } else if (action.kind === 'truncate') {
        this.options.logger.warn(
          `${this.name}: ${state.topic}-${state.partition} ends at ${log.logEndOffset}, past the ` +
            `leader's ${leaderEnd}; truncating to it`,
        );
        log.truncateTo(action.offset);
        state.phase = 'fetching';
      } else {
        belowLeaderEnd.push(state);
      }
    }
    if (belowLeaderEnd.length === 0) return;
    const starts = await this.listOffsets(connection, belowLeaderEnd, EARLIEST_TIMESTAMP);
    for (const state of belowLeaderEnd) {
      const leaderStart = this.offsetAnswer(state, starts);
      const log = leaderStart === null ? undefined : this.logOf(state);
      if (leaderStart === null || !log) continue;
      const action = decideStartOffset(log.logEndOffset, leaderStart);
      if (action.kind === 'truncate-fully') {
        this.options.logger.warn(
          `${this.name}: ${state.topic}-${state.partition} ends at ${log.logEndOffset}, below the ` +
            `leader's log start ${leaderStart}; restarting the log there`,
        );
        log.truncateFullyAndStartAt(action.offset);
      }
      state.phase = 'fetching';
    }
  }

  private async listOffsets(
    connection: ReplicaConnection,
    states: FetchState[],
    timestamp: number,
  ): Promise<Map<string, { errorCode: number; offset: number }>> {
    const request = listOffsetsRequest(this.options.brokerId, states, timestamp);
    return offsetAnswers(await this.send(connection, listOffsetsApi, LIST_OFFSETS_VERSION, request));
  }

  private offsetAnswer(state: FetchState, answers: Map<string, { errorCode: number; offset: number }>): number | null {
    if (!this.isCurrent(state, 'reconciling')) return null;
    const answer = answers.get(partitionKey(state.topic, state.partition));
    if (!answer) this.delay(state, 'ListOffsets left it out');
    else if (answer.errorCode !== ErrorCode.NONE) this.onPartitionError(state, answer.errorCode, 'ListOffsets');
    else return answer.offset;
    return null;
  }

  private async fetch(connection: ReplicaConnection, states: FetchState[]): Promise<void> {
    const sent: Array<{ state: FetchState; fetchOffset: number; logStartOffset: number }> = [];
    for (const state of states) {
      const log = this.logOf(state);
      if (log) sent.push({ state, fetchOffset: log.logEndOffset, logStartOffset: log.logStartOffset });
    }
    if (sent.length === 0) return;
    const config = this.options.config;
    const request = fetchRequest(
      {
        replicaId: this.options.brokerId,
        maxWaitMs: config.replicaFetchWaitMaxMs,
        minBytes: config.replicaFetchMinBytes,
        maxBytes: config.replicaFetchResponseMaxBytes,
        partitionMaxBytes: config.replicaFetchMaxBytes,
      },
      sent.map(({ state, fetchOffset, logStartOffset }) => ({ ...state, fetchOffset, logStartOffset })),
    );
    const response = await this.send(connection, fetchApi, FETCH_VERSION, request);
    if (response.errorCode !== ErrorCode.NONE) {
      for (const { state } of sent) this.onPartitionError(state, response.errorCode, 'Fetch');
      return;
    }
    const answers = fetchAnswers(response);
    for (const { state, fetchOffset } of sent) {
      const answer = answers.get(partitionKey(state.topic, state.partition));
      if (!answer || !this.isCurrent(state, 'fetching')) continue;
      if (answer.errorCode === ErrorCode.NONE) this.appendFetched(state, fetchOffset, answer);
      else if (answer.errorCode === ErrorCode.OFFSET_OUT_OF_RANGE) state.phase = 'reconciling';
      else this.onPartitionError(state, answer.errorCode, 'Fetch');
    }
  }

  /** Appends the leader's batches as they are, then takes its high watermark and log start. */
  private appendFetched(state: FetchState, fetchOffset: number, answer: FetchablePartitionResponse): void {
    const log = this.logOf(state);
    if (!log) return;
    try {
      if (fetchOffset !== log.logEndOffset)
        throw new Error(`fetched from ${fetchOffset} but the log now ends at ${log.logEndOffset}`);
      const records = recordBytes(answer.recordSet);
      if (records.length > 0) {
        log.appendAsFollower(records);
        this.options.logs.appended?.(records.length);
      }
      if (answer.highWatermark >= 0) log.updateHighWatermark(Math.min(answer.highWatermark, log.logEndOffset));
      if (answer.logStartOffset > log.logStartOffset && answer.logStartOffset <= log.highWatermark) {
        log.maybeIncrementLogStartOffset(answer.logStartOffset);
      }
    } catch (err) {
      this.options.logger.error(
        `${this.name}: cannot apply fetched data of ${state.topic}-${state.partition}: ${(err as Error).message}`,
      );
      this.delay(state, 'append failed');
    }
  }

  /**
   * FENCED_LEADER_EPOCH: the leader is past our epoch, so our LeaderAndIsr is stale: stop
   * fetching until the controller's next one re-adds the partition. Anything else (not leader
   * yet, leader epoch unknown to it yet, ...) backs off and retries.
   */
  private onPartitionError(state: FetchState, errorCode: number, api: string): void {
    const error = errorInfo(errorCode).name;
    if (errorCode === ErrorCode.FENCED_LEADER_EPOCH) {
      this.options.logger.info(
        `${this.name}: ${state.topic}-${state.partition} epoch ${state.leaderEpoch} is fenced ` +
          `(${api}); awaiting LeaderAndIsr`,
      );
      this.states.delete(partitionKey(state.topic, state.partition));
      return;
    }
    this.delay(state, `${api} answered ${error}`);
  }

  private delay(state: FetchState, why: string): void {
    const backoffMs = this.options.config.replicaFetchBackoffMs;
    this.options.logger.debug(`${this.name}: ${state.topic}-${state.partition}: ${why}; backing off ${backoffMs} ms`);
    state.delayedUntilMs = this.options.clock.nowMs() + backoffMs;
  }

  private isCurrent(state: FetchState, phase: FetchPhase): boolean {
    return (
      this.running && this.states.get(partitionKey(state.topic, state.partition)) === state && state.phase === phase
    );
  }

  /** The follower log, or undefined (and a back-off) when the partition is no longer followed here. */
  private logOf(state: FetchState): PartitionLog | undefined {
    const log = this.options.logs.followerLog(state.topic, state.partition);
    if (!log) this.delay(state, 'no longer a follower here');
    return log;
  }
}
