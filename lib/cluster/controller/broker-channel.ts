// The controller's channel to every broker (Kafka's ControllerChannelManager): one queue per
// broker so requests reach each broker in the order they were decided; remote brokers get
// LeaderAndIsr / UpdateMetadata / StopReplica over TCP on their inter-broker listener, the
// controller's own broker through the local channel. A failed send is retried, as Kafka's
// RequestSendThread does, for as long as the broker is live and the channel open: a network
// partition between the controller and a broker delays its LeaderAndIsr but never drops it (the
// broker would otherwise follow a stale leader epoch until some later change reached it). The
// controller never waits on a slow broker: each broker has its own queue.
import { Connection, type ConnectionSecurity } from '../../network/connection';
import type { ApiSpec } from '../../protocol/api-spec';
import { leaderAndIsrApi } from '../../protocol/apis/leader-and-isr';
import { updateMetadataApi } from '../../protocol/apis/update-metadata';
import { stopReplicaApi } from '../../protocol/apis/stop-replica';
import {
  LEADER_AND_ISR_VERSION,
  STOP_REPLICA_VERSION,
  UPDATE_METADATA_VERSION,
  leaderAndIsrToWire,
  stopReplicaToWire,
  updateMetadataToWire,
  LeaderAndIsrCommand,
  StopReplicaCommand,
  UpdateMetadataCommand,
} from '../metadata/control-wire';
import type { LiveBroker } from '../metadata/metadata-cache';
import type { ControlChannel, LeaderAndIsrPartitionError } from './control-channel';
import type { LeaderAndIsrResponse } from '../../protocol/apis/leader-and-isr';
import type { Logger } from '../../util/logger';
import { errorInfo } from '../../protocol/error-codes';

const RETRY_BACKOFF_MS = 300;
const RETRY_BACKOFF_MAX_MS = 3000;
/** A request's failures are logged at the first attempt and then every this many. */
const FAILURE_LOG_EVERY = 5;
const QUEUE_DEPTH_MAX = 10000;

export interface BrokerChannelOptions {
  localBrokerId: number;
  local: ControlChannel;
  listenerName: string;
  /** How to log in to the other brokers' inter-broker listener. */
  security?: ConnectionSecurity;
  requestTimeoutMs: number;
  logger: Logger;
}

interface Queue {
  tail: Promise<void>;
  depth: number;
}

export class BrokerChannel implements ControlChannel {
  private readonly queues = new Map<number, Queue>();
  private readonly connections = new Map<number, Promise<Connection>>();
  private brokers = new Map<number, LiveBroker>();
  private closed = false;

  constructor(private readonly options: BrokerChannelOptions) {}

  /** The controller's current live set: sends to brokers outside it stop being retried (an empty set on resignation stops them all). */
  brokersChanged(brokers: LiveBroker[]): void {
    this.brokers = new Map(brokers.map((b) => [b.brokerId, b]));
    for (const id of [...this.connections.keys()]) if (!this.brokers.has(id)) this.dropConnection(id);
  }

  leaderAndIsr(brokerId: number, request: LeaderAndIsrCommand): Promise<LeaderAndIsrPartitionError[] | void> {
    return this.enqueue(
      brokerId,
      'LeaderAndIsr',
      () => this.options.local.leaderAndIsr(brokerId, request),
      leaderAndIsrApi,
      LEADER_AND_ISR_VERSION,
      () => leaderAndIsrToWire(request),
      (response: LeaderAndIsrResponse) =>
        response.partitionErrors.map((p) => ({
          topic: p.topicName,
          partition: p.partitionIndex,
          errorCode: p.errorCode,
        })),
    );
  }

  updateMetadata(brokerId: number, request: UpdateMetadataCommand): Promise<void> {
    return this.enqueue(
      brokerId,
      'UpdateMetadata',
      () => this.options.local.updateMetadata(brokerId, request),
      updateMetadataApi,
      UPDATE_METADATA_VERSION,
      () => updateMetadataToWire(request),
    );
  }

  stopReplica(brokerId: number, request: StopReplicaCommand): Promise<void> {
    return this.enqueue(
      brokerId,
      'StopReplica',
      () => this.options.local.stopReplica(brokerId, request),
      stopReplicaApi,
      STOP_REPLICA_VERSION,
      () => stopReplicaToWire(request),
    );
  }

  close(): void {
    this.closed = true;
    for (const id of [...this.connections.keys()]) this.dropConnection(id);
  }

  private enqueue<Req, Out>(
    brokerId: number,
    what: string,
    local: () => Promise<Out | void>,
    spec: ApiSpec<Req, any>,
    version: number,
    body: () => Req,
    answer: (response: any) => Out | void = () => undefined,
  ): Promise<Out | void> {
    let queue = this.queues.get(brokerId);
    if (!queue) {
      queue = { tail: Promise.resolve(), depth: 0 };
      this.queues.set(brokerId, queue);
    }
    if (queue.depth >= QUEUE_DEPTH_MAX) return Promise.reject(new Error(`control queue to broker ${brokerId} is full`));
    const q = queue;
    q.depth++;
    const run =
      brokerId === this.options.localBrokerId
        ? local
        : async () => {
            const response = await this.sendRemote(brokerId, what, spec, version, body());
            return response && answer(response);
          };
    const next: Promise<Out | void> = q.tail.then(run).finally(() => {
      q.depth--;
    });
    q.tail = next.then(
      () => undefined,
      () => undefined,
    );
    return next;
  }

  private async sendRemote<Req>(
    brokerId: number,
    what: string,
    spec: ApiSpec<Req, any>,
    version: number,
    body: Req,
  ): Promise<{ errorCode: number } | undefined> {
    let lastError: Error | null = null;
    for (let attempt = 1; !this.closed && this.brokers.has(brokerId); attempt++) {
      try {
        const connection = await this.connection(brokerId);
        const response = (await connection.send(spec, version, body)) as { errorCode: number };
        if (response.errorCode !== 0) {
          this.options.logger.warn(`${what} to broker ${brokerId} answered ${errorInfo(response.errorCode).name}`);
        }
        return response;
      } catch (err) {
        lastError = err as Error;
        if (attempt === 1 || attempt % FAILURE_LOG_EVERY === 0) {
          this.options.logger.warn(
            `${what} to broker ${brokerId} failed (attempt ${attempt}): ${lastError.message}; retrying while it is live`,
          );
        }
        this.dropConnection(brokerId);
        await new Promise((r) => setTimeout(r, Math.min(RETRY_BACKOFF_MS * attempt, RETRY_BACKOFF_MAX_MS)).unref());
      }
    }
    if (lastError) throw lastError;
    return undefined;
  }

  private connection(brokerId: number): Promise<Connection> {
    const existing = this.connections.get(brokerId);
    if (existing) return existing;
    const broker = this.brokers.get(brokerId);
    const endpoint =
      broker?.endpoints.find((e) => e.listenerName === this.options.listenerName) ?? broker?.endpoints[0];
    if (!endpoint) return Promise.reject(new Error(`broker ${brokerId} has no ${this.options.listenerName} endpoint`));
    const created = Connection.connect({
      host: endpoint.host,
      port: endpoint.port,
      clientId: `controller-${this.options.localBrokerId}`,
      security: this.options.security,
      connectTimeoutMs: 5000,
      requestTimeoutMs: this.options.requestTimeoutMs,
    });
    this.connections.set(brokerId, created);
    created.catch(() => this.connections.delete(brokerId));
    return created;
  }

  private dropConnection(brokerId: number): void {
    const c = this.connections.get(brokerId);
    this.connections.delete(brokerId);
    c?.then(
      (conn) => conn.close(),
      () => undefined,
    );
  }
}
