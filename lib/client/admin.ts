// A small admin client over the Kafka protocol: topic creation, deletion and description.
// It works against any Kafka-compatible broker (versions are negotiated with ApiVersions).
// The full client library (producer, consumer, richer admin) grows from here.
import { Connection } from '../network/connection';
import { apiVersionsApi as ApiVersions } from '../protocol/apis/api-versions';
import { metadataApi as Metadata } from '../protocol/apis/metadata';
import { createTopicsApi as CreateTopics } from '../protocol/apis/create-topics';
import { deleteTopicsApi as DeleteTopics } from '../protocol/apis/delete-topics';
import type { ApiSpec } from '../protocol/api-spec';
import { errorInfo } from '../protocol/error-codes';
import { KafkaError } from '../protocol/kafka-error';

export interface TopicDescription {
  name: string;
  errorCode: number;
  partitions: Array<{ partition: number; leader: number; leaderEpoch: number; replicas: number[]; isr: number[]; offlineReplicas: number[] }>;
}

export interface NewTopic {
  topic: string;
  numPartitions?: number;
  replicationFactor?: number;
  configs?: Record<string, string>;
}

export class Admin {
  private constructor(private readonly connection: Connection, private readonly versions: Map<number, number>) {}

  static async connect(bootstrap: string, clientId = 'samsa-admin'): Promise<Admin> {
    const [host, portText] = splitHostPort(bootstrap);
    const connection = await Connection.connect({ host, port: Number(portText), clientId });
    try {
      const response = await connection.send(ApiVersions, 0, {} as never) as { errorCode: number; apiKeys: Array<{ apiKey: number; maxVersion: number; minVersion: number }> };
      const versions = new Map(response.apiKeys.map((k) => [k.apiKey, k.maxVersion]));
      return new Admin(connection, versions);
    } catch (err) {
      connection.close();
      throw err;
    }
  }

  close(): void {
    this.connection.close();
  }

  async describeTopics(topics: string[] | null): Promise<{ brokers: Array<{ nodeId: number; host: string; port: number }>; controllerId: number; topics: TopicDescription[] }> {
    const version = this.version(Metadata, 4);
    const response = await this.connection.send(Metadata, version, {
      topics: topics === null ? null : topics.map((name) => ({ name, topicId: undefined })),
      allowAutoTopicCreation: false,
      includeClusterAuthorizedOperations: false,
      includeTopicAuthorizedOperations: false,
    } as never) as any;
    return {
      brokers: response.brokers,
      controllerId: response.controllerId,
      topics: response.topics.map((t: any) => ({
        name: t.name,
        errorCode: t.errorCode,
        partitions: t.partitions.map((p: any) => ({
          partition: p.partitionIndex, leader: p.leaderId, leaderEpoch: p.leaderEpoch,
          replicas: p.replicaNodes, isr: p.isrNodes, offlineReplicas: p.offlineReplicas,
        })).sort((a: { partition: number }, b: { partition: number }) => a.partition - b.partition),
      })),
    };
  }

  async listTopics(): Promise<string[]> {
    const described = await this.describeTopics(null);
    return described.topics.map((t) => t.name).sort();
  }

  async createTopics(topics: NewTopic[], timeoutMs = 30000): Promise<void> {
    const version = this.version(CreateTopics, 4);
    const response = await this.connection.send(CreateTopics, version, {
      topics: topics.map((t) => ({
        name: t.topic,
        numPartitions: t.numPartitions ?? -1,
        replicationFactor: t.replicationFactor ?? -1,
        assignments: [],
        configs: Object.entries(t.configs ?? {}).map(([name, value]) => ({ name, value })),
      })),
      timeoutMs,
      validateOnly: false,
    } as never) as any;
    throwFirstError(response.topics.map((t: any) => ({ name: t.name, errorCode: t.errorCode, errorMessage: t.errorMessage })));
  }

  async deleteTopics(topics: string[], timeoutMs = 30000): Promise<void> {
    const version = Math.min(this.version(DeleteTopics, 5), 5);
    const response = await this.connection.send(DeleteTopics, version, { topicNames: topics, topics: [], timeoutMs } as never) as any;
    throwFirstError(response.responses.map((t: any) => ({ name: t.name, errorCode: t.errorCode, errorMessage: t.errorMessage })));
  }

  private version(spec: ApiSpec<any, any>, clientMax: number): number {
    const brokerMax = this.versions.get(spec.apiKey);
    if (brokerMax === undefined) throw new Error(`the broker does not support ${spec.name}`);
    return Math.min(brokerMax, clientMax, spec.servedVersions.max);
  }
}

function throwFirstError(results: Array<{ name: string; errorCode: number; errorMessage: string | null }>): void {
  const failed = results.find((r) => r.errorCode !== 0);
  if (!failed) return;
  const info = errorInfo(failed.errorCode);
  throw new KafkaError(failed.errorCode, `${failed.name}: ${failed.errorMessage ?? info?.message ?? info?.name ?? failed.errorCode}`);
}

export function splitHostPort(address: string): [string, string] {
  const i = address.lastIndexOf(':');
  if (i <= 0) throw new Error(`'${address}' is not host:port`);
  return [address.slice(0, i), address.slice(i + 1)];
}
