// Topic creation, partition addition and deletion as an admin request sees them (Kafka's
// ZkAdminManager): validate, choose the replica assignment from the live brokers, write Kafka's
// znodes, then wait until the controller's decision has reached this broker's metadata cache.
// It never writes partition state: the controller notices the znodes and elects leaders.
import { KafkaError } from '../protocol/kafka-error';
import { ErrorCode } from '../protocol/error-codes';
import { assignReplicasToBrokers, randomAssignment } from '../cluster/controller/replica-assignment';
import type { MetadataCache } from '../cluster/metadata/metadata-cache';
import { logConfigFromTopicConfig, LogConfig, LogConfigError } from '../storage';

export interface StoredAssignment {
  partitions: Map<number, number[]>;
  zkVersion: number;
}

export interface TopicStore {
  /** Writes /config/topics/<t> then /brokers/topics/<t>; throws TOPIC_ALREADY_EXISTS. */
  createTopic(topic: string, assignment: Map<number, number[]>, config: Record<string, string>): Promise<void>;
  topicExists(topic: string): Promise<boolean>;
  markTopicForDeletion(topic: string): Promise<void>;
  /** /brokers/topics/<t> and its zkVersion; null when the topic does not exist. */
  assignment(topic: string): Promise<StoredAssignment | null>;
  /** Rewrites /brokers/topics/<t> if it is still at `expectedZkVersion`. */
  updateAssignment(topic: string, assignment: Map<number, number[]>, expectedZkVersion: number): Promise<void>;
  isMarkedForDeletion(topic: string): Promise<boolean>;
}

export interface NewPartitionsSpec {
  topic: string;
  /** The new total partition count. */
  count: number;
  /** Replicas of each added partition, in partition order; null lets the broker place them. */
  assignments: number[][] | null;
}

export interface PartitionsPlan {
  /** The full assignment after the addition (existing partitions unchanged). */
  assignment: Map<number, number[]>;
  zkVersion: number;
  added: number[];
}

export interface CreateTopicSpec {
  name: string;
  numPartitions: number;
  replicationFactor: number;
  assignments: Array<{ partitionIndex: number; brokerIds: number[] }>;
  configs: Record<string, string>;
}

const TOPIC_NAME = /^[a-zA-Z0-9._-]+$/;
const TOPIC_NAME_MAX = 249;

/** What makes a topic name illegal (Kafka's Topic.validate), or null when it is legal. */
export function topicNameProblem(name: string): string | null {
  if (name === '' || name === '.' || name === '..') return `topic name '${name}' is illegal`;
  if (name.length > TOPIC_NAME_MAX) return `topic name is longer than ${TOPIC_NAME_MAX} characters`;
  if (!TOPIC_NAME.test(name))
    return `topic name '${name}' contains characters other than ASCII alphanumerics, '.', '_' and '-'`;
  return null;
}

export function validateTopicName(name: string): void {
  const problem = topicNameProblem(name);
  if (problem !== null) throw new KafkaError(ErrorCode.INVALID_TOPIC_EXCEPTION, problem);
}

export function isLegalTopicName(name: string): boolean {
  return topicNameProblem(name) === null;
}

/** Topic configs are checked as the log will read them; a bad one is INVALID_CONFIG naming the key. */
export function validateTopicConfig(base: LogConfig, configs: Record<string, string>): void {
  try {
    logConfigFromTopicConfig(base, configs);
  } catch (err) {
    if (err instanceof LogConfigError) throw new KafkaError(ErrorCode.INVALID_CONFIG, err.message);
    throw err;
  }
}

export class TopicAdmin {
  constructor(
    private readonly store: TopicStore,
    private readonly metadata: MetadataCache,
    private readonly defaults: { numPartitions: number; defaultReplicationFactor: number; baseLogConfig: LogConfig },
  ) {}

  /** Decides the assignment and validates everything a CreateTopics request can get wrong. */
  plan(spec: CreateTopicSpec): Map<number, number[]> {
    validateTopicName(spec.name);
    validateTopicConfig(this.defaults.baseLogConfig, spec.configs);
    const live = this.metadata.liveBrokers().map((b) => b.brokerId);
    if (spec.assignments.length > 0) return this.manualAssignment(spec, new Set(live));
    const partitions = spec.numPartitions === -1 ? this.defaults.numPartitions : spec.numPartitions;
    const rf = spec.replicationFactor === -1 ? this.defaults.defaultReplicationFactor : spec.replicationFactor;
    if (partitions <= 0)
      throw new KafkaError(ErrorCode.INVALID_PARTITIONS, 'Number of partitions must be larger than 0.');
    if (rf <= 0)
      throw new KafkaError(ErrorCode.INVALID_REPLICATION_FACTOR, 'Replication factor must be larger than 0.');
    return randomAssignment(live, partitions, rf);
  }

  async create(spec: CreateTopicSpec, assignment: Map<number, number[]>): Promise<void> {
    await this.store.createTopic(spec.name, assignment, spec.configs);
  }

  /** Kafka's checks for CreatePartitions, against the assignment stored in ZooKeeper. */
  async planPartitions(spec: NewPartitionsSpec): Promise<PartitionsPlan> {
    const stored = isLegalTopicName(spec.topic) ? await this.store.assignment(spec.topic) : null;
    if (!stored)
      throw new KafkaError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `The topic '${spec.topic}' does not exist.`);
    if (await this.store.isMarkedForDeletion(spec.topic)) {
      throw new KafkaError(ErrorCode.INVALID_TOPIC_EXCEPTION, 'The topic is queued for deletion.');
    }
    const current = stored.partitions.size;
    if (spec.count < current) {
      throw new KafkaError(
        ErrorCode.INVALID_PARTITIONS,
        `Topic currently has ${current} partitions, which is higher than the requested ${spec.count}.`,
      );
    }
    if (spec.count === current)
      throw new KafkaError(ErrorCode.INVALID_PARTITIONS, `Topic already has ${current} partitions.`);
    const replicationFactor = stored.partitions.get(0)?.length ?? [...stored.partitions.values()][0]?.length ?? 1;
    const live = this.metadata.liveBrokers().map((b) => b.brokerId);
    const additions =
      spec.assignments === null
        ? this.automaticAdditions(stored.partitions, spec.count, replicationFactor, live)
        : manualAdditions(spec.assignments, current, spec.count, replicationFactor, new Set(live));
    const assignment = new Map(stored.partitions);
    for (const [partition, replicas] of additions) assignment.set(partition, replicas);
    return { assignment, zkVersion: stored.zkVersion, added: [...additions.keys()] };
  }

  async addPartitions(topic: string, plan: PartitionsPlan): Promise<void> {
    await this.store.updateAssignment(topic, plan.assignment, plan.zkVersion);
  }

  /** The added partitions are in the metadata cache with a leader (older ones may be offline). */
  partitionsReady(topic: string, added: number[]): boolean {
    const led = new Set(
      this.metadata
        .partitions(topic)
        .filter((p) => p.leader >= 0)
        .map((p) => p.partition),
    );
    return added.every((p) => led.has(p));
  }

  /**
   * Kafka places added partitions as it places a new topic's, starting where partition 0's
   * preferred leader sits among the sorted brokers, numbered on from the current count.
   */
  private automaticAdditions(
    existing: Map<number, number[]>,
    count: number,
    replicationFactor: number,
    live: number[],
  ): Map<number, number[]> {
    const sorted = [...live].sort((a, b) => a - b);
    const firstLeader = existing.get(0)?.[0] ?? sorted[0];
    const startIndex = Math.max(
      0,
      sorted.findIndex((id) => id >= firstLeader),
    );
    return assignReplicasToBrokers({
      brokerIds: sorted,
      partitions: count - existing.size,
      replicationFactor,
      startIndex,
      nextReplicaShift: Math.floor(Math.random() * Math.max(1, sorted.length)),
      firstPartition: existing.size,
    });
  }

  async markForDeletion(topic: string): Promise<void> {
    // A name no topic can have is answered without a ZooKeeper path built from it.
    if (!isLegalTopicName(topic) || !(await this.store.topicExists(topic))) {
      throw new KafkaError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `topic '${topic}' does not exist`);
    }
    await this.store.markTopicForDeletion(topic);
  }

  /** Resolves when `done()` holds for the metadata cache, or rejects after `timeoutMs`. */
  waitForMetadata(done: () => boolean, timeoutMs: number): Promise<boolean> {
    if (done()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(
        () => {
          unsubscribe();
          resolve(false);
        },
        Math.max(0, timeoutMs),
      );
      const unsubscribe = this.metadata.onUpdate(() => {
        if (!done()) return;
        clearTimeout(timer);
        unsubscribe();
        resolve(true);
      });
    });
  }

  topicReady(topic: string): boolean {
    const partitions = this.metadata.partitions(topic);
    return partitions.length > 0 && partitions.every((p) => p.leader >= 0);
  }

  private manualAssignment(spec: CreateTopicSpec, live: Set<number>): Map<number, number[]> {
    if (spec.numPartitions !== -1 || spec.replicationFactor !== -1) {
      throw new KafkaError(
        ErrorCode.INVALID_REQUEST,
        'Both numPartitions or replicationFactor and replicasAssignments were set. Both cannot be used at the same time.',
      );
    }
    const result = new Map<number, number[]>();
    const sorted = [...spec.assignments].sort((a, b) => a.partitionIndex - b.partitionIndex);
    sorted.forEach((a, i) => {
      if (a.partitionIndex !== i)
        throw new KafkaError(ErrorCode.INVALID_REPLICA_ASSIGNMENT, 'partitions must be numbered consecutively from 0');
      if (a.brokerIds.length === 0 || new Set(a.brokerIds).size !== a.brokerIds.length) {
        throw new KafkaError(
          ErrorCode.INVALID_REPLICA_ASSIGNMENT,
          `partition ${i} has an empty or duplicated replica list`,
        );
      }
      for (const id of a.brokerIds) {
        if (!live.has(id))
          throw new KafkaError(ErrorCode.INVALID_REPLICA_ASSIGNMENT, `broker ${id} in the assignment is not alive`);
      }
      result.set(i, a.brokerIds);
    });
    return result;
  }
}

/** Manual placement of added partitions: one list per new partition, the topic's RF, live brokers, no repeats. */
function manualAdditions(
  lists: number[][],
  current: number,
  count: number,
  replicationFactor: number,
  live: Set<number>,
): Map<number, number[]> {
  const bad = (message: string) => new KafkaError(ErrorCode.INVALID_REPLICA_ASSIGNMENT, message);
  if (lists.length !== count - current) {
    throw bad(`Increasing the number of partitions by ${count - current} but ${lists.length} assignments provided.`);
  }
  const result = new Map<number, number[]>();
  lists.forEach((replicas, i) => {
    const partition = current + i;
    if (replicas.length === 0) throw bad(`Replica assignment for partition ${partition} is empty.`);
    if (new Set(replicas).size !== replicas.length)
      throw bad(
        `Duplicate brokers not allowed in replica assignment: ${replicas.join(', ')} for partition ${partition}.`,
      );
    const unknown = replicas.filter((id) => !live.has(id));
    if (unknown.length > 0) throw bad(`Unknown broker(s) in replica assignment: ${unknown.join(', ')}.`);
    if (replicas.length !== replicationFactor) {
      throw bad(
        `Inconsistent replication factor: the topic has ${replicationFactor} but partition ${partition} would have ${replicas.length}.`,
      );
    }
    result.set(partition, replicas);
  });
  return result;
}
