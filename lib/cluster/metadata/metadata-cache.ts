// Owns this broker's view of the cluster as the controller last told it (UpdateMetadata):
// live brokers with their endpoints, and per partition leader, epoch, ISR and replicas.
// Any broker answers Metadata requests from this cache; it never reads ZooKeeper itself.

export interface BrokerEndpoint {
  listenerName: string;
  securityProtocol: string;
  host: string;
  port: number;
}

export interface LiveBroker {
  brokerId: number;
  endpoints: BrokerEndpoint[];
  rack: string | null;
}

export interface PartitionMetadata {
  topic: string;
  partition: number;
  controllerEpoch: number;
  leader: number;
  leaderEpoch: number;
  isr: number[];
  zkVersion: number;
  replicas: number[];
  offlineReplicas: number[];
}

export interface MetadataUpdate {
  controllerId: number;
  controllerEpoch: number;
  liveBrokers: LiveBroker[];
  partitionStates: PartitionMetadata[];
  /** Topics the controller has removed; their partitions leave the cache. */
  deletedTopics?: string[];
}

type Listener = () => void;

export class MetadataCache {
  private brokers = new Map<number, LiveBroker>();
  private readonly topics = new Map<string, Map<number, PartitionMetadata>>();
  private controller = -1;
  private readonly listeners = new Set<Listener>();

  constructor(readonly clusterId: string) {}

  apply(update: MetadataUpdate): void {
    this.controller = update.controllerId;
    this.brokers = new Map(update.liveBrokers.map((b) => [b.brokerId, b]));
    for (const topic of update.deletedTopics ?? []) this.topics.delete(topic);
    for (const state of update.partitionStates) {
      let partitions = this.topics.get(state.topic);
      if (!partitions) {
        partitions = new Map();
        this.topics.set(state.topic, partitions);
      }
      partitions.set(state.partition, { ...state });
    }
    for (const listener of [...this.listeners]) listener();
  }

  /** Called after every applied update: lets admin requests wait for propagation. */
  onUpdate(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get controllerId(): number {
    return this.controller;
  }

  liveBrokers(): LiveBroker[] {
    return [...this.brokers.values()].sort((a, b) => a.brokerId - b.brokerId);
  }

  broker(brokerId: number): LiveBroker | undefined {
    return this.brokers.get(brokerId);
  }

  endpointFor(brokerId: number, listenerName: string): BrokerEndpoint | undefined {
    return this.brokers.get(brokerId)?.endpoints.find((e) => e.listenerName === listenerName);
  }

  topicNames(): string[] {
    return [...this.topics.keys()].sort();
  }

  hasTopic(topic: string): boolean {
    return this.topics.has(topic);
  }

  partitions(topic: string): PartitionMetadata[] {
    const partitions = this.topics.get(topic);
    if (!partitions) return [];
    return [...partitions.values()].sort((a, b) => a.partition - b.partition);
  }

  partition(topic: string, partition: number): PartitionMetadata | undefined {
    return this.topics.get(topic)?.get(partition);
  }
}
