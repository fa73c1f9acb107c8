// The consumer group embedded protocol (protocol type "consumer"): the subscription a member
// puts in JoinGroup's protocol metadata and the assignment the leader hands out in SyncGroup.
// The broker never needs these to run a group (the bytes stay opaque there); it decodes them
// only to show who owns what (DescribeGroups readers, the /consumers/<group>/owners znodes).
// Classic encoding: an int16 version, then the fields of that version. Later versions only
// append fields, so a newer version is read as the newest prefix known here.
import { ProtocolError } from './protocol-error';
import { Reader } from './reader';
import { decodeMessage, encodeMessage, MessageSchema } from './schema';
import { Writer } from './writer';

export interface ConsumerProtocolTopicPartitions {
  topic: string;
  partitions: number[];
}

export interface ConsumerProtocolSubscription {
  /** the version found on the wire (may exceed the newest version decoded here) */
  version: number;
  topics: string[];
  userData: Buffer | null;
  /** v1+ (cooperative rebalancing) */
  ownedPartitions: ConsumerProtocolTopicPartitions[];
}

export interface ConsumerProtocolAssignment {
  version: number;
  assignedPartitions: ConsumerProtocolTopicPartitions[];
  userData: Buffer | null;
}

/** What the encoders take: the version defaults to 0. */
export type ConsumerProtocolInput<T> = Omit<T, 'version'> & { version?: number };

/** The newest version whose fields this module knows. */
export const CONSUMER_PROTOCOL_MAX_VERSION = 1;

const topicPartitionFields = (versions: string): MessageSchema['fields'] => [
  { name: 'topic', type: 'string', versions },
  { name: 'partitions', type: '[]int32', versions },
];

// Not an API: apiKey -1 only satisfies the schema shape the walker expects.
export const consumerProtocolSubscriptionSchema: MessageSchema = {
  name: 'ConsumerProtocolSubscription',
  apiKey: -1,
  validVersions: '0-1',
  flexibleVersions: 'none',
  fields: [
    { name: 'topics', type: '[]string', versions: '0+' },
    { name: 'userData', type: 'bytes', versions: '0+', nullableVersions: '0+', default: null },
    { name: 'ownedPartitions', type: '[]struct', versions: '1+', fields: topicPartitionFields('1+') },
  ],
};

export const consumerProtocolAssignmentSchema: MessageSchema = {
  name: 'ConsumerProtocolAssignment',
  apiKey: -1,
  validVersions: '0-1',
  flexibleVersions: 'none',
  fields: [
    { name: 'assignedPartitions', type: '[]struct', versions: '0+', fields: topicPartitionFields('0+') },
    { name: 'userData', type: 'bytes', versions: '0+', nullableVersions: '0+', default: null },
  ],
};

export function encodeConsumerSubscription(subscription: ConsumerProtocolInput<ConsumerProtocolSubscription>): Buffer {
  return encodeVersioned(consumerProtocolSubscriptionSchema, subscription.version ?? 0, subscription);
}

/** Throws ProtocolError on bytes that are not a subscription. userData is a view of `buf`. */
export function decodeConsumerSubscription(buf: Buffer): ConsumerProtocolSubscription {
  return decodeVersioned<ConsumerProtocolSubscription>(consumerProtocolSubscriptionSchema, buf);
}

export function encodeConsumerAssignment(assignment: ConsumerProtocolInput<ConsumerProtocolAssignment>): Buffer {
  return encodeVersioned(consumerProtocolAssignmentSchema, assignment.version ?? 0, assignment);
}

/** Throws ProtocolError on bytes that are not an assignment. userData is a view of `buf`. */
export function decodeConsumerAssignment(buf: Buffer): ConsumerProtocolAssignment {
  return decodeVersioned<ConsumerProtocolAssignment>(consumerProtocolAssignmentSchema, buf);
}

function encodeVersioned(schema: MessageSchema, version: number, body: object): Buffer {
  if (!Number.isInteger(version) || version < 0 || version > CONSUMER_PROTOCOL_MAX_VERSION) {
    throw new ProtocolError('unsupported-version', `${schema.name} version ${version} cannot be encoded`);
  }
  const writer = new Writer(64);
  writer.int16(version);
  encodeMessage(schema, writer, body, version);
  return Buffer.concat(writer.finish());
}

function decodeVersioned<T>(schema: MessageSchema, buf: Buffer): T {
  const reader = new Reader(buf);
  const version = reader.int16();
  if (version < 0) throw new ProtocolError('unsupported-version', `${schema.name} version ${version}`);
  const body = decodeMessage<Record<string, unknown>>(schema, reader, Math.min(version, CONSUMER_PROTOCOL_MAX_VERSION));
  return { version, ...body } as T;
}
