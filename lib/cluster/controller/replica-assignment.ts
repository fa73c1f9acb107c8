// Replica placement for new topics, Kafka's rack-unaware scheme: partition p's first replica
// is broker (start + p) mod n over the sorted live brokers, and followers are placed with a shift
// that grows each time the partitions wrap around the brokers, so leaders and followers spread
// evenly. Pure: randomness comes in as arguments.
import { KafkaError } from '../../protocol/kafka-error';
import { ErrorCode } from '../../protocol/error-codes';

export interface AssignmentInput {
  brokerIds: number[];
  partitions: number;
  replicationFactor: number;
  /** Index into the sorted brokers of partition 0's leader (Kafka picks it at random). */
  startIndex: number;
  /** Initial follower shift (Kafka picks it at random). */
  nextReplicaShift: number;
  /** First partition number to assign (non-zero when adding partitions). */
  firstPartition?: number;
}

export function assignReplicasToBrokers(input: AssignmentInput): Map<number, number[]> {
  const brokers = [...input.brokerIds].sort((a, b) => a - b);
  const n = brokers.length;
  if (input.partitions <= 0)
    throw new KafkaError(ErrorCode.INVALID_PARTITIONS, 'number of partitions must be larger than 0');
  if (input.replicationFactor <= 0) {
    throw new KafkaError(ErrorCode.INVALID_REPLICATION_FACTOR, 'replication factor must be larger than 0');
  }
  if (input.replicationFactor > n) {
    throw new KafkaError(
      ErrorCode.INVALID_REPLICATION_FACTOR,
      `Replication factor: ${input.replicationFactor} larger than available brokers: ${n}.`,
    );
  }
  const result = new Map<number, number[]>();
  const first = input.firstPartition ?? 0;
  let shift = input.nextReplicaShift;
  let current = first;
  for (let i = 0; i < input.partitions; i++) {
    if (current > 0 && current % n === 0) shift++;
    const firstIndex = (current + input.startIndex) % n;
    const replicas = [brokers[firstIndex]];
    for (let j = 0; j < input.replicationFactor - 1; j++) {
      replicas.push(brokers[followerIndex(firstIndex, shift, j, n)]);
    }
    result.set(first + i, replicas);
    current++;
  }
  return result;
}

function followerIndex(firstIndex: number, shift: number, j: number, n: number): number {
  const step = 1 + ((shift + j) % (n - 1));
  return (firstIndex + step) % n;
}

export function randomAssignment(
  brokerIds: number[],
  partitions: number,
  replicationFactor: number,
): Map<number, number[]> {
  const n = Math.max(1, brokerIds.length);
  return assignReplicasToBrokers({
    brokerIds,
    partitions,
    replicationFactor,
    startIndex: Math.floor(Math.random() * n),
    nextReplicaShift: Math.floor(Math.random() * n),
  });
}
