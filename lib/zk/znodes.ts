// The one catalogue of Kafka's znodes (ZK-LAYOUT.md): path builders and JSON codecs, written
// byte-compatible with Kafka 2.8 so zkCli.sh and Kafka tooling read a Samsa cluster. String-typed
// fields (timestamps, /cluster/id version, config values) stay strings. Decoders validate and
// throw ZnodeFormatError; they never decide what a value means.
import {
  fail,
  intArray,
  intField,
  jsonBytes,
  optionalStringField,
  parseJsonObject,
  partitionReplicasField,
  stringField,
  stringMapField,
  timestampField,
  versionIn,
  ZnodeSource,
} from './json-fields';

export const ZkPaths = {
  consumers: '/consumers',
  brokerIds: '/brokers/ids',
  brokerTopics: '/brokers/topics',
  brokerSeqId: '/brokers/seqid',
  controller: '/controller',
  controllerEpoch: '/controller_epoch',
  clusterId: '/cluster/id',
  configTopics: '/config/topics',
  configUsers: '/config/users',
  configChanges: '/config/changes',
  configChangePrefix: '/config/changes/config_change_',
  deleteTopics: '/admin/delete_topics',
  isrChangeNotification: '/isr_change_notification',
  logDirEventNotification: '/log_dir_event_notification',
  logDirEventPrefix: '/log_dir_event_notification/log_dir_event_',
  latestProducerIdBlock: '/latest_producer_id_block',
} as const;

/** Kafka's ZkData.PersistentZkPaths: made to exist (null data) by every broker at startup. */
export const PERSISTENT_PATHS: readonly string[] = [
  '/consumers',
  '/brokers/ids',
  '/brokers/topics',
  '/config/changes',
  '/admin/delete_topics',
  '/brokers/seqid',
  '/isr_change_notification',
  '/latest_producer_id_block',
  '/log_dir_event_notification',
  '/config/topics',
  '/config/clients',
  '/config/users',
  '/config/brokers',
  '/config/ips',
];

/**
 * Characters ZooKeeper refuses anywhere in a path (its PathUtils.validatePath): C0 and C1
 * controls, DEL, UTF-16 surrogates with the private use area, and U+FFF0 to U+FFFF.
 */
const ZK_FORBIDDEN_CHARS = /[\u0000-\u001f\u007f-\u009f\ud800-\uf8ff\ufff0-\uffff]/;

/**
 * Whether a client-chosen name (group id, topic, member id) can be one path segment: a slash or a
 * dot-name would address another znode, and ZooKeeper rejects the characters above with
 * BAD_ARGUMENTS only after a round trip. Callers answer such names without touching ZooKeeper.
 */
export function isZnodeSegment(name: string): boolean {
  return (
    typeof name === 'string' &&
    name.length > 0 &&
    name !== '.' &&
    name !== '..' &&
    !name.includes('/') &&
    !ZK_FORBIDDEN_CHARS.test(name)
  );
}

function segment(kind: string, name: string): string {
  if (!isZnodeSegment(name)) throw new RangeError(`invalid ${kind} for a znode path: ${JSON.stringify(name)}`);
  return name;
}

function nonNegativeInt(kind: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`invalid ${kind}: ${value}`);
  return value;
}

export const brokerIdPath = (brokerId: number): string =>
  `${ZkPaths.brokerIds}/${nonNegativeInt('broker id', brokerId)}`;
export const topicPath = (topic: string): string => `${ZkPaths.brokerTopics}/${segment('topic', topic)}`;
export const topicPartitionsPath = (topic: string): string => `${topicPath(topic)}/partitions`;
export const partitionPath = (topic: string, partition: number): string =>
  `${topicPartitionsPath(topic)}/${nonNegativeInt('partition', partition)}`;
export const partitionStatePath = (topic: string, partition: number): string =>
  `${partitionPath(topic, partition)}/state`;
export const topicConfigPath = (topic: string): string => `${ZkPaths.configTopics}/${segment('topic', topic)}`;
export const deleteTopicPath = (topic: string): string => `${ZkPaths.deleteTopics}/${segment('topic', topic)}`;
/** `topics/<t>`, the entity path carried by config change notifications. */
export const topicEntityPath = (topic: string): string => `topics/${segment('topic', topic)}`;
/** `/config/users/<user>`: a user's SCRAM credentials (and, in Kafka, quotas). */
export const userConfigPath = (user: string): string => `${ZkPaths.configUsers}/${segment('user', user)}`;
export const userEntityPath = (user: string): string => `users/${segment('user', user)}`;

export const consumerGroupPath = (group: string): string => `${ZkPaths.consumers}/${segment('group id', group)}`;
export const consumerOffsetsPath = (group: string): string => `${consumerGroupPath(group)}/offsets`;
export const consumerTopicOffsetsPath = (group: string, topic: string): string =>
  `${consumerOffsetsPath(group)}/${segment('topic', topic)}`;
export const consumerOffsetPath = (group: string, topic: string, partition: number): string =>
  `${consumerTopicOffsetsPath(group, topic)}/${nonNegativeInt('partition', partition)}`;
export const consumerIdsPath = (group: string): string => `${consumerGroupPath(group)}/ids`;
export const consumerIdPath = (group: string, memberId: string): string =>
  `${consumerIdsPath(group)}/${segment('member id', memberId)}`;
export const consumerOwnersPath = (group: string): string => `${consumerGroupPath(group)}/owners`;
export const consumerTopicOwnersPath = (group: string, topic: string): string =>
  `${consumerOwnersPath(group)}/${segment('topic', topic)}`;
export const consumerOwnerPath = (group: string, topic: string, partition: number): string =>
  `${consumerTopicOwnersPath(group, topic)}/${nonNegativeInt('partition', partition)}`;

// ---------------------------------------------------------------- /brokers/ids/<id>

export interface BrokerEndpoint {
  listenerName: string;
  securityProtocol: string;
  host: string;
  port: number;
}

export interface BrokerRegistration {
  brokerId: number;
  version: number;
  endpoints: BrokerEndpoint[];
  rack: string | null;
  timestampMs: number;
  jmxPort: number;
}

export const BROKER_REGISTRATION_VERSION = 4;
const SECURITY_PROTOCOLS: ReadonlySet<string> = new Set(['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL']);

function endpointString(endpoint: BrokerEndpoint): string {
  const host = endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host;
  return `${endpoint.listenerName}://${host}:${endpoint.port}`;
}

/** Registration version 4: `host`/`port` come from the first PLAINTEXT endpoint (null/-1 if none). */
export function encodeBrokerRegistration(input: {
  endpoints: BrokerEndpoint[];
  rack?: string | null;
  timestampMs: number;
  jmxPort?: number;
}): Buffer {
  const plaintext = input.endpoints.find((endpoint) => endpoint.securityProtocol === 'PLAINTEXT');
  const protocolMap: Record<string, string> = {};
  for (const endpoint of input.endpoints) protocolMap[endpoint.listenerName] = endpoint.securityProtocol;
  return jsonBytes({
    listener_security_protocol_map: protocolMap,
    endpoints: input.endpoints.map(endpointString),
    ...(input.rack ? { rack: input.rack } : {}),
    jmx_port: input.jmxPort ?? -1,
    host: plaintext ? plaintext.host : null,
    timestamp: String(input.timestampMs),
    port: plaintext ? plaintext.port : -1,
    version: BROKER_REGISTRATION_VERSION,
  });
}

function parseEndpoint(source: ZnodeSource, text: unknown, protocolMap: Record<string, string> | null): BrokerEndpoint {
  const match = typeof text === 'string' ? /^([^:/]+):\/\/(\[[^\]]*\]|[^:[\]]*):(\d+)$/.exec(text) : null;
  if (!match) return fail(source, `endpoint ${JSON.stringify(text)} is not LISTENER://host:port`);
  const [, listenerName, rawHost, port] = match;
  const securityProtocol = protocolMap ? protocolMap[listenerName] : listenerName;
  if (securityProtocol === undefined)
    fail(source, `listener ${listenerName} is missing from listener_security_protocol_map`);
  if (!protocolMap && !SECURITY_PROTOCOLS.has(listenerName)) {
    fail(source, `listener ${listenerName} is not a security protocol and no listener_security_protocol_map is given`);
  }
  const host = rawHost.startsWith('[') ? rawHost.slice(1, -1) : rawHost;
  return { listenerName, securityProtocol, host, port: Number(port) };
}

/** Reads registration versions 1–5 (v1: a single PLAINTEXT endpoint from host/port). */
export function decodeBrokerRegistration(brokerId: number, data: Buffer | null): BrokerRegistration {
  const source = { path: brokerIdPath(brokerId), data };
  const json = parseJsonObject(source);
  const version = versionIn(source, json, 1, 5);
  const base = {
    brokerId,
    version,
    rack: optionalStringField(source, json, 'rack'),
    timestampMs: timestampField(source, json, 'timestamp'),
    jmxPort: intField(source, json, 'jmx_port'),
  };
  if (version === 1) {
    const host = stringField(source, json, 'host');
    const port = intField(source, json, 'port');
    return { ...base, endpoints: [{ listenerName: 'PLAINTEXT', securityProtocol: 'PLAINTEXT', host, port }] };
  }
  const texts = json.endpoints;
  if (!Array.isArray(texts)) fail(source, "field 'endpoints' must be an array of strings");
  const protocolMap =
    json.listener_security_protocol_map === undefined
      ? null
      : stringMapField(source, json, 'listener_security_protocol_map', true);
  return { ...base, endpoints: texts.map((text) => parseEndpoint(source, text, protocolMap)) };
}

// ---------------------------------------------------------------- /brokers/topics/<t>

export interface TopicAssignment {
  version: number;
  /** partition → replicas; the first replica is the preferred leader. */
  partitions: Map<number, number[]>;
  addingReplicas: Map<number, number[]>;
  removingReplicas: Map<number, number[]>;
  topicId: string | null;
}

export const TOPIC_ASSIGNMENT_VERSION = 2;

function replicasObject(partitions: ReadonlyMap<number, readonly number[]>): Record<string, number[]> {
  const result: Record<string, number[]> = {};
  for (const partition of [...partitions.keys()].sort((a, b) => a - b)) {
    result[String(nonNegativeInt('partition', partition))] = [...(partitions.get(partition) as number[])];
  }
  return result;
}

/** Version 2 (no topic id): `{"version":2,"partitions":{...},"adding_replicas":{},"removing_replicas":{}}`. */
export function encodeTopicAssignment(partitions: ReadonlyMap<number, readonly number[]>): Buffer {
  return jsonBytes({
    version: TOPIC_ASSIGNMENT_VERSION,
    partitions: replicasObject(partitions),
    adding_replicas: {},
    removing_replicas: {},
  });
}

/** Reads versions 1–3; missing adding/removing maps are empty. */
export function decodeTopicAssignment(topic: string, data: Buffer | null): TopicAssignment {
  const source = { path: topicPath(topic), data };
  const json = parseJsonObject(source);
  return {
    version: versionIn(source, json, 1, 3),
    partitions: partitionReplicasField(source, json, 'partitions', true),
    addingReplicas: partitionReplicasField(source, json, 'adding_replicas', false),
    removingReplicas: partitionReplicasField(source, json, 'removing_replicas', false),
    topicId: optionalStringField(source, json, 'topic_id'),
  };
}

// ---------------------------------------------------------------- .../partitions/<p>/state

export interface PartitionState {
  /** -1 = no leader */
  leader: number;
  leaderEpoch: number;
  controllerEpoch: number;
  isr: number[];
}

export function encodePartitionState(state: PartitionState): Buffer {
  return jsonBytes({
    controller_epoch: state.controllerEpoch,
    leader: state.leader,
    version: 1,
    leader_epoch: state.leaderEpoch,
    isr: [...state.isr],
  });
}

export function decodePartitionState(topic: string, partition: number, data: Buffer | null): PartitionState {
  const source = { path: partitionStatePath(topic, partition), data };
  const json = parseJsonObject(source);
  versionIn(source, json, 1, 1);
  return {
    leader: intField(source, json, 'leader'),
    leaderEpoch: intField(source, json, 'leader_epoch'),
    controllerEpoch: intField(source, json, 'controller_epoch'),
    isr: intArray(source, json.isr, "field 'isr'"),
  };
}

// ---------------------------------------------------------------- /controller, /controller_epoch

export function encodeController(brokerId: number, timestampMs: number): Buffer {
  return jsonBytes({ version: 1, brokerid: brokerId, timestamp: String(timestampMs) });
}

export function decodeController(data: Buffer | null): { brokerId: number; timestampMs: number | null } {
  const source = { path: ZkPaths.controller, data };
  const json = parseJsonObject(source);
  const brokerId = intField(source, json, 'brokerid');
  return { brokerId, timestampMs: json.timestamp === undefined ? null : timestampField(source, json, 'timestamp') };
}

export function encodeControllerEpoch(epoch: number): Buffer {
  return Buffer.from(String(nonNegativeInt('controller epoch', epoch)), 'utf8');
}

export function decodeControllerEpoch(data: Buffer | null): number {
  const source = { path: ZkPaths.controllerEpoch, data };
  const text = data ? data.toString('utf8').trim() : '';
  if (!/^\d+$/.test(text)) fail(source, 'expected a decimal integer');
  return Number(text);
}

// ---------------------------------------------------------------- /cluster/id

export function encodeClusterId(clusterId: string): Buffer {
  return jsonBytes({ version: '1', id: clusterId });
}

export function decodeClusterId(data: Buffer | null): string {
  const source = { path: ZkPaths.clusterId, data };
  const json = parseJsonObject(source);
  const id = stringField(source, json, 'id');
  if (id.length === 0) fail(source, "field 'id' is empty");
  return id;
}

// ---------------------------------------------------------------- /config/<type>/<name>, /config/changes

export function encodeEntityConfig(config: Readonly<Record<string, string>>): Buffer {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) {
    if (typeof value !== 'string') throw new TypeError(`config value for ${key} must be a string`);
    values[key] = value;
  }
  return jsonBytes({ version: 1, config: values });
}

export function decodeEntityConfig(path: string, data: Buffer | null): Record<string, string> {
  const source = { path, data };
  const json = parseJsonObject(source);
  versionIn(source, json, 1, 1);
  return stringMapField(source, json, 'config', true);
}

export function encodeConfigChange(entityPath: string): Buffer {
  return jsonBytes({ version: 2, entity_path: entityPath });
}

/** Returns the entity path (`topics/<t>`); reads v2 and the legacy v1 (entity_type/entity_name). */
export function decodeConfigChange(path: string, data: Buffer | null): string {
  const source = { path, data };
  const json = parseJsonObject(source);
  const version = versionIn(source, json, 1, 2);
  if (version === 2) return stringField(source, json, 'entity_path');
  return `${stringField(source, json, 'entity_type')}/${stringField(source, json, 'entity_name')}`;
}

// ---------------------------------------------------------------- /consumers/<group>/...

/** The committed offset is the next offset to consume, as decimal text. */
export function encodeConsumerOffset(offset: number): Buffer {
  if (!Number.isSafeInteger(offset)) throw new RangeError(`invalid offset: ${offset}`);
  return Buffer.from(String(offset), 'utf8');
}

export function decodeConsumerOffset(path: string, data: Buffer | null): number {
  const text = data ? data.toString('utf8').trim() : '';
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(Number(text))) fail({ path, data }, 'expected a decimal offset');
  return Number(text);
}

export interface ConsumerRegistration {
  subscription: Record<string, number>;
  pattern: string;
  timestampMs: number;
  clientId: string | null;
  clientHost: string | null;
}

export function encodeConsumerRegistration(registration: ConsumerRegistration): Buffer {
  return jsonBytes({
    version: 1,
    subscription: registration.subscription,
    pattern: registration.pattern,
    timestamp: String(registration.timestampMs),
    ...(registration.clientId === null ? {} : { client_id: registration.clientId }),
    ...(registration.clientHost === null ? {} : { client_host: registration.clientHost }),
  });
}

export function decodeConsumerRegistration(path: string, data: Buffer | null): ConsumerRegistration {
  const source = { path, data };
  const json = parseJsonObject(source);
  versionIn(source, json, 1, 1);
  const raw = json.subscription;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    fail(source, "field 'subscription' must be an object");
  const subscription: Record<string, number> = {};
  for (const [topic, streams] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof streams !== 'number' || !Number.isSafeInteger(streams)) {
      fail(source, `subscription of ${topic} must be an integer`);
    }
    subscription[topic] = streams;
  }
  return {
    subscription,
    pattern: stringField(source, json, 'pattern'),
    timestampMs: timestampField(source, json, 'timestamp'),
    clientId: optionalStringField(source, json, 'client_id'),
    clientHost: optionalStringField(source, json, 'client_host'),
  };
}

// ---------------------------------------------------------------- /latest_producer_id_block

/** Producer ids claimed by one broker, both ends inclusive; Kafka writes the ends as decimal strings. */
export interface ProducerIdBlock {
  brokerId: number;
  blockStart: number;
  blockEnd: number;
}

export function encodeProducerIdBlock(block: ProducerIdBlock): Buffer {
  return jsonBytes({
    version: 1,
    broker: block.brokerId,
    block_start: String(block.blockStart),
    block_end: String(block.blockEnd),
  });
}

export function decodeProducerIdBlock(data: Buffer | null): ProducerIdBlock {
  const source = { path: ZkPaths.latestProducerIdBlock, data };
  const json = parseJsonObject(source);
  const id = (name: string): number => {
    const text = stringField(source, json, name);
    return /^\d{1,15}$/.test(text) ? Number(text) : fail(source, `field '${name}' must be a decimal id string`);
  };
  const block = {
    brokerId: intField(source, json, 'broker'),
    blockStart: id('block_start'),
    blockEnd: id('block_end'),
  };
  return block.blockEnd >= block.blockStart ? block : fail(source, 'block_end is below block_start');
}

// ---------------------------------------------------------------- /log_dir_event_notification

/** Kafka's LogDirEventNotification event type: the only one, a log dir of the broker failed. */
export const LOG_DIR_FAILURE_EVENT = 1;

export const logDirEventPath = (name: string): string =>
  `${ZkPaths.logDirEventNotification}/${segment('log dir event', name)}`;

export function encodeLogDirEvent(brokerId: number): Buffer {
  return jsonBytes({ version: 1, broker: nonNegativeInt('broker id', brokerId), event: LOG_DIR_FAILURE_EVENT });
}

export function decodeLogDirEvent(path: string, data: Buffer | null): { brokerId: number; event: number } {
  const source = { path, data };
  const json = parseJsonObject(source);
  versionIn(source, json, 1, 1);
  return { brokerId: intField(source, json, 'broker'), event: intField(source, json, 'event') };
}
