// This broker's requests to the controller (AlterIsr, ControlledShutdown). When the
// controller runs in this process the call stays local; otherwise it goes over TCP to the
// controller named by the metadata cache. NOT_CONTROLLER answers make the caller retry later;
// runControlledShutdown is the broker's bounded retry loop around ControlledShutdown.
import { Connection, type ConnectionSecurity } from '../network/connection';
import { alterIsrApi } from '../protocol/apis/alter-isr';
import { controlledShutdownApi } from '../protocol/apis/controlled-shutdown';
import { ErrorCode } from '../protocol/error-codes';
import { KafkaError } from '../protocol/kafka-error';
import type { Controller } from '../cluster/controller/controller';
import type { MetadataCache } from '../cluster/metadata/metadata-cache';
import type {
  AlterIsrPartition,
  AlterIsrPartitionResult,
  TopicPartition,
} from '../cluster/controller/controller-requests';
import type { Logger } from '../util/logger';

export interface ControllerClientOptions {
  brokerId: number;
  brokerEpoch(): number;
  controller: Controller;
  metadataCache: MetadataCache;
  listenerName: string;
  /** How to log in to the controller's inter-broker listener. */
  security?: ConnectionSecurity;
  requestTimeoutMs: number;
}

export class ControllerClient {
  private connection: { controllerId: number; conn: Promise<Connection> } | null = null;

  constructor(private readonly options: ControllerClientOptions) {}

  async alterIsr(partition: AlterIsrPartition): Promise<AlterIsrPartitionResult> {
    const { controller, brokerId } = this.options;
    const fail = (errorCode: number): AlterIsrPartitionResult => ({
      ...partition,
      errorCode,
      leaderId: -1,
      leaderEpoch: -1,
      isr: [],
      currentIsrVersion: -1,
    });
    if (controller.isActive) {
      const result = await controller.alterIsr(brokerId, this.options.brokerEpoch(), [partition]).catch(() => null);
      return result?.partitions[0] ?? fail(result?.errorCode ?? ErrorCode.NOT_CONTROLLER);
    }
    try {
      const conn = await this.controllerConnection();
      const response = await conn.send(alterIsrApi, 0, {
        brokerId,
        brokerEpoch: this.options.brokerEpoch(),
        topics: [
          {
            name: partition.topic,
            partitions: [
              {
                partitionIndex: partition.partition,
                leaderEpoch: partition.leaderEpoch,
                newIsr: partition.newIsr,
                currentIsrVersion: partition.currentIsrVersion,
              },
            ],
          },
        ],
      });
      if (response.errorCode !== ErrorCode.NONE) return fail(response.errorCode);
      const p = response.topics[0]?.partitions[0];
      if (!p) return fail(ErrorCode.UNKNOWN_SERVER_ERROR);
      return {
        topic: partition.topic,
        partition: partition.partition,
        errorCode: p.errorCode,
        leaderId: p.leaderId,
        leaderEpoch: p.leaderEpoch,
        isr: p.isr,
        currentIsrVersion: p.currentIsrVersion,
      };
    } catch {
      this.reset();
      return fail(ErrorCode.NOT_CONTROLLER);
    }
  }

  /**
   * One ControlledShutdown attempt: resolves with the partitions still led here. Any failure
   * (refusal, NOT_CONTROLLER, lost connection) drops the connection, so the next attempt finds
   * the controller again from the metadata cache.
   */
  async controlledShutdown(): Promise<TopicPartition[]> {
    const { controller, brokerId } = this.options;
    if (controller.isActive) return controller.controlledShutdown(brokerId, this.options.brokerEpoch());
    try {
      const conn = await this.controllerConnection();
      const response = await conn.send(controlledShutdownApi, 3, { brokerId, brokerEpoch: this.options.brokerEpoch() });
      if (response.errorCode !== ErrorCode.NONE)
        throw new KafkaError(response.errorCode, 'controlled shutdown refused');
      return response.remainingPartitions.map((p) => ({ topic: p.topicName, partition: p.partitionIndex }));
    } catch (err) {
      this.reset();
      throw err;
    }
  }

  close(): void {
    this.reset();
  }

  private controllerConnection(): Promise<Connection> {
    const controllerId = this.options.metadataCache.controllerId;
    if (this.connection && this.connection.controllerId === controllerId) return this.connection.conn;
    this.reset();
    const endpoint = this.options.metadataCache.endpointFor(controllerId, this.options.listenerName);
    if (!endpoint)
      return Promise.reject(new KafkaError(ErrorCode.NOT_CONTROLLER, `controller ${controllerId} is unknown`));
    const conn = Connection.connect({
      host: endpoint.host,
      port: endpoint.port,
      clientId: `broker-${this.options.brokerId}`,
      security: this.options.security,
      requestTimeoutMs: this.options.requestTimeoutMs,
      connectTimeoutMs: 5000,
    });
    conn.catch(() => this.reset());
    this.connection = { controllerId, conn };
    return conn;
  }

  private reset(): void {
    this.connection?.conn.then(
      (c) => c.close(),
      () => undefined,
    );
    this.connection = null;
  }
}

export interface ControlledShutdownRetries {
  /** controlled.shutdown.max.retries: how many attempts Kafka makes (its loop runs this many times). */
  maxRetries: number;
  /** controlled.shutdown.retry.backoff.ms: the wait after an attempt that left partitions or failed. */
  retryBackoffMs: number;
  logger: Logger;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Kafka's KafkaServer.controlledShutdown loop: asks until the controller reports nothing left
 * to move, waiting retryBackoffMs after each attempt that left partitions or failed, at most
 * maxRetries attempts; then the broker stops anyway. Unlike Kafka it does not wait after the
 * last attempt, since nothing follows it. Resolves with whether it succeeded.
 */
export async function runControlledShutdown(
  attempt: () => Promise<TopicPartition[]>,
  options: ControlledShutdownRetries,
): Promise<boolean> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let left = 'no attempt made';
  for (let n = 1; n <= options.maxRetries; n++) {
    try {
      const remaining = await attempt();
      if (remaining.length === 0) {
        options.logger.info('controlled shutdown succeeded');
        return true;
      }
      left = `still leading ${remaining.map((p) => `${p.topic}-${p.partition}`).join(', ')}`;
      options.logger.warn(`controlled shutdown attempt ${n} of ${options.maxRetries}: ${left}`);
    } catch (err) {
      left = `last attempt failed: ${(err as Error).message}`;
      options.logger.warn(
        `controlled shutdown attempt ${n} of ${options.maxRetries} failed: ${(err as Error).message}`,
      );
    }
    if (n < options.maxRetries) await sleep(options.retryBackoffMs);
  }
  options.logger.warn(`proceeding to an unclean shutdown as all controlled shutdown attempts failed (${left})`);
  return false;
}
