// Coordinator placement as Kafka computes it, so clients and tools that predict the coordinator
// from the group id (and Kafka brokers in a mixed test) agree with Samsa.

const INT32_MIN = -2147483648;

/** Java's String.hashCode: h = 31·h + c over UTF-16 code units, wrapping at 32 bits. */
export function javaStringHashCode(value: string): number {
  let hash = 0;
  for (let index = 0; index < value.length; index += 1) {
    hash = (Math.imul(hash, 31) + value.charCodeAt(index)) | 0;
  }
  return hash;
}

/** Kafka's Utils.abs: Integer.MIN_VALUE maps to 0 instead of staying negative. */
export function kafkaAbs(value: number): number {
  return value === INT32_MIN ? 0 : Math.abs(value);
}

/** Partition of `__consumer_offsets` whose leader coordinates `groupId`. */
export function partitionForGroup(groupId: string, offsetsTopicPartitionCount: number): number {
  if (!Number.isSafeInteger(offsetsTopicPartitionCount) || offsetsTopicPartitionCount <= 0) {
    throw new RangeError(`offsets topic partition count must be a positive integer, got ${offsetsTopicPartitionCount}`);
  }
  return kafkaAbs(javaStringHashCode(groupId)) % offsetsTopicPartitionCount;
}
