// This broker's requests to the controller (AlterIsr, ControlledShutdown). When the
// controller runs in this process the call stays local; otherwise it goes over TCP to the
// controller named by the metadata cache. NOT_CONTROLLER answers make the caller retry later.
import { Connection } from '../network/connection';
import { alterIsrApi } from '../protocol/apis/alter-isr';
import { controlledShutdownApi } from '../protocol/apis/controlled-shutdown';
import { ErrorCode } from '../protocol/error-codes';
import { KafkaError } from '../protocol/kafka-error';
import type { Controller } from '../cluster/controller/controller';
import type { MetadataCache } from '../cluster/metadata/metadata-cache';
import type { AlterIsrPartition, AlterIsrPartitionResult } from '../cluster/controller/controller-requests';

export interface ControllerClientOptions {
  brokerId: number;
  brokerEpoch(): number;
  controller: Controller;
  metadataCache: MetadataCache;
  listenerName: string;
  requestTimeoutMs: number;
}

export class ControllerClient {
  private connection: { controllerId: number; conn: Promise<Connection> } | null = null;

  constructor(private readonly options: ControllerClientOptions) {}

  async alterIsr(partition: AlterIsrPartition): Promise<AlterIsrPartitionResult> {
    const { controller, brokerId } = this.options;
    const fail = (errorCode: number): AlterIsrPartitionResult => ({ ...partition, errorCode, leaderId: -1, leaderEpoch: -1, isr: [], currentIsrVersion: -1 });
    if (controller.isActive) {
      const result = await controller.alterIsr(brokerId, this.options.brokerEpoch(), [partition]).catch(() => null);
      return result?.partitions[0] ?? fail(result?.errorCode ?? ErrorCode.NOT_CONTROLLER);
    }
    try {
      const conn = await this.controllerConnection();
      const response = await conn.send(alterIsrApi, 0, {
        brokerId, brokerEpoch: this.options.brokerEpoch(),
        topics: [{ name: partition.topic, partitions: [{ partitionIndex: partition.partition, leaderEpoch: partition.leaderEpoch, newIsr: partition.newIsr, currentIsrVersion: partition.currentIsrVersion }] }],
      });
      if (response.errorCode !== ErrorCode.NONE) return fail(response.errorCode);
      const p = response.topics[0]?.partitions[0];
      if (!p) return fail(ErrorCode.UNKNOWN_SERVER_ERROR);
      return { topic: partition.topic, partition: partition.partition, errorCode: p.errorCode, leaderId: p.leaderId, leaderEpoch: p.leaderEpoch, isr: p.isr, currentIsrVersion: p.currentIsrVersion };
    } catch {
      this.reset();
      return fail(ErrorCode.NOT_CONTROLLER);
    }
  }

  /** Asks the controller to move leadership away; resolves with the partitions still led here. */
  async controlledShutdown(): Promise<Array<{ topic: string; partition: number }>> {
    const { controller, brokerId } = this.options;
    if (controller.isActive) return controller.controlledShutdown(brokerId, this.options.brokerEpoch());
    const conn = await this.controllerConnection();
    const response = await conn.send(controlledShutdownApi, 3, { brokerId, brokerEpoch: this.options.brokerEpoch() });
    if (response.errorCode !== ErrorCode.NONE) {
      this.reset();
      throw new KafkaError(response.errorCode, 'controlled shutdown refused');
    }
    return response.remainingPartitions.map((p) => ({ topic: p.topicName, partition: p.partitionIndex }));
  }

  close(): void {
    this.reset();
  }

  private controllerConnection(): Promise<Connection> {
    const controllerId = this.options.metadataCache.controllerId;
    if (this.connection && this.connection.controllerId === controllerId) return this.connection.conn;
    this.reset();
    const endpoint = this.options.metadataCache.endpointFor(controllerId, this.options.listenerName);
    if (!endpoint) return Promise.reject(new KafkaError(ErrorCode.NOT_CONTROLLER, `controller ${controllerId} is unknown`));
    const conn = Connection.connect({ host: endpoint.host, port: endpoint.port, clientId: `broker-${this.options.brokerId}`, requestTimeoutMs: this.options.requestTimeoutMs, connectTimeoutMs: 5000 });
    conn.catch(() => this.reset());
    this.connection = { controllerId, conn };
    return conn;
  }

  private reset(): void {
    this.connection?.conn.then((c) => c.close(), () => undefined);
    this.connection = null;
  }
}
