// Well-formed requests for every API and version the broker serves, encoded with the project's own
// codecs: the fuzzer's starting points. Bodies are filled from the schemas themselves (so a new
// API or version is covered without touching this file), with values chosen by field name so that
// each request means something (a real topic, a real record batch, short waits) and, mutated, can
// do no harm the fuzz is not about: no auto-created topics, validate-only admin requests, and
// controller requests fenced by a stale epoch.
//
// Every length prefix the encoder writes (strings, bytes, arrays, record sets) is traced with its
// offset and encoding, so the mutators can lie about exactly those fields.
import { API_SPECS } from '../../../lib/protocol/apis';
import type { ApiSpec } from '../../../lib/protocol/api-spec';
import { ApiKey } from '../../../lib/protocol/api-keys';
import { encodeRequestHeader, requestHeaderVersion } from '../../../lib/protocol/header';
import { encodeRecordBatch } from '../../../lib/protocol/record-codec';
import { encodeMessageSet } from '../../../lib/protocol/legacy-message-set';
import { encodeMessage, FieldSchema, inVersions, ZERO_UUID } from '../../../lib/protocol/schema';
import { Writer } from '../../../lib/protocol/writer';

export type LengthEncoding = 'int16' | 'int32' | 'uvarint';

export interface LengthPrefix {
  /** Offset in the frame payload (after the 4-byte size). */
  at: number;
  encoding: LengthEncoding;
  kind: 'string' | 'bytes' | 'array';
}

export interface SeedRequest {
  apiKey: number;
  apiVersion: number;
  name: string;
  /** Header + body, without the 4-byte frame size. */
  payload: Buffer;
  /** Where the body starts in the payload. */
  bodyOffset: number;
  lengths: LengthPrefix[];
  /** Controller-only APIs: fields whose change could let a forged request through the fencing. */
  fencedFields: Record<string, number>;
}

export interface SeedOptions {
  /** The topic every topic-carrying request names (it should exist; it is the fuzz's own). */
  topic: string;
  group: string;
  clientId: string;
}

/** Kafka guards these with CLUSTER_ACTION; Samsa, like Kafka without ACLs, trusts their epochs. */
export const CLUSTER_ACTION_API_KEYS: ReadonlySet<number> = new Set([4, 5, 6, 7, 56]);

/**
 * A member the group never had: a join or sync from it is refused at once (UNKNOWN_MEMBER_ID)
 * instead of parking for a rebalance, so the sender's reply deadline applies to group APIs too.
 */
const UNKNOWN_MEMBER_ID = 'fuzz-member-unknown';

/** A broker id no cluster under test has, so a controller request names nobody real. */
const ABSENT_BROKER_ID = 999;

/** One seed per served (api, version): Produce carries a real batch, Fetch a real offset. */
export async function buildSeedRequests(options: SeedOptions): Promise<SeedRequest[]> {
  const batches = await sampleBatches();
  const seeds: SeedRequest[] = [];
  for (const spec of API_SPECS) {
    for (let version = spec.servedVersions.min; version <= spec.servedVersions.max; version++) {
      seeds.push(encodeSeed(spec, version, options, batches));
    }
  }
  return seeds;
}

interface SampleBatches {
  magic0: Buffer;
  magic1Gzip: Buffer;
  magic2: Buffer;
}

async function sampleBatches(): Promise<SampleBatches> {
  const messages = [0, 1, 2].map((i) => ({
    offset: i,
    key: Buffer.from(`k${i}`),
    value: Buffer.from(`fuzz-value-${i}`),
  }));
  return {
    magic0: encodeMessageSet(messages, { magic: 0 }),
    magic1Gzip: encodeMessageSet(
      messages.map((m) => ({ ...m, timestamp: 1700000000000 })),
      { magic: 1, compression: 1 },
    ),
    magic2: await encodeRecordBatch({
      records: messages.map(({ key, value }) => ({ key, value })),
      baseTimestamp: 1700000000000,
    }),
  };
}

function encodeSeed(spec: ApiSpec, version: number, options: SeedOptions, batches: SampleBatches): SeedRequest {
  const records = version <= 1 ? batches.magic0 : version === 2 ? batches.magic1Gzip : batches.magic2;
  // DeleteTopics names a topic that does not exist: the fuzz must not remove its own target.
  const topic = spec.apiKey === ApiKey.DELETE_TOPICS ? `${options.topic}-absent` : options.topic;
  const body = structValue(spec.requestSchema.fields, version, spec.name, { ...options, topic, records });
  const header = encodeRequestHeader(
    { apiKey: spec.apiKey, apiVersion: version, correlationId: 1, clientId: options.clientId },
    requestHeaderVersion(spec.apiKey, version),
  );
  const writer = new TracingWriter(header.length);
  writer.raw(header);
  // The schema walker writes through our writer (the spec's own encoder would make a plain one).
  encodeMessage(spec.requestSchema, writer, body, version);
  const lengths: LengthPrefix[] = [{ at: 8, encoding: 'int16', kind: 'string' }, ...writer.traced];
  const fencedFields = CLUSTER_ACTION_API_KEYS.has(spec.apiKey) ? pickFenced(body) : {};
  return {
    apiKey: spec.apiKey,
    apiVersion: version,
    name: spec.name,
    payload: writer.toBuffer(),
    bodyOffset: header.length,
    lengths,
    fencedFields,
  };
}

const FENCED_NAMES = ['controllerId', 'controllerEpoch', 'brokerId', 'brokerEpoch'];

function pickFenced(body: Record<string, unknown>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of FENCED_NAMES) if (typeof body[name] === 'number') out[name] = body[name] as number;
  return out;
}

/** Records the offset of every length prefix before writing it. */
class TracingWriter extends Writer {
  readonly traced: LengthPrefix[] = [];

  private mark(encoding: LengthEncoding, kind: LengthPrefix['kind']): void {
    this.traced.push({ at: this.byteLength, encoding, kind });
  }

  override string(value: string | null): void {
    this.mark('int16', 'string');
    super.string(value);
  }

  override compactString(value: string | null): void {
    this.mark('uvarint', 'string');
    super.compactString(value);
  }

  override bytes(value: Buffer | null): void {
    this.mark('int32', 'bytes');
    super.bytes(value);
  }

  override compactBytes(value: Buffer | null): void {
    this.mark('uvarint', 'bytes');
    super.compactBytes(value);
  }

  override records(value: Buffer | readonly Buffer[] | null, compact: boolean): void {
    // A single buffer delegates to (compact)bytes, which marks it.
    if (value !== null && !Buffer.isBuffer(value)) this.mark(compact ? 'uvarint' : 'int32', 'bytes');
    super.records(value, compact);
  }

  override arrayLength(count: number | null, compact: boolean): void {
    this.mark(compact ? 'uvarint' : 'int32', 'array');
    super.arrayLength(count, compact);
  }
}

// ---- sample values by field name ----

interface FillContext extends SeedOptions {
  records: Buffer;
}

function structValue(
  fields: readonly FieldSchema[],
  version: number,
  path: string,
  ctx: FillContext,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    if (!inVersions(field.versions, version)) continue;
    out[field.name] = fieldValue(field, version, `${path}.${field.name}`, ctx);
  }
  return out;
}

function fieldValue(field: FieldSchema, version: number, path: string, ctx: FillContext): unknown {
  const nullable = inVersions(field.nullableVersions, version);
  if (field.type === 'struct') return structValue(field.fields ?? [], version, path, ctx);
  if (field.type === '[]struct') return [structValue(field.fields ?? [], version, path, ctx)];
  if (field.type.startsWith('[]')) return [primitiveValue(field.name, field.type.slice(2), false, path, ctx)];
  return primitiveValue(field.name, field.type, nullable, path, ctx);
}

// generationId 1 of a group nobody joined: OffsetCommit v1+ is refused (ILLEGAL_GENERATION)
// before ZooKeeper, so the fuzz measures the broker rather than ZooKeeper's write rate.
const INT_BY_NAME: Record<string, number> = {
  controllerId: ABSENT_BROKER_ID,
  brokerId: ABSENT_BROKER_ID,
  leader: ABSENT_BROKER_ID,
  brokerIds: ABSENT_BROKER_ID,
  controllerEpoch: 0,
  brokerEpoch: 0,
  replicaId: -1,
  acks: 1,
  timeoutMs: 100,
  maxWaitMs: 100,
  minBytes: 1,
  maxBytes: 65536,
  partitionMaxBytes: 65536,
  currentLeaderEpoch: -1,
  lastFetchedEpoch: -1,
  logStartOffset: -1,
  sessionEpoch: -1,
  numPartitions: 1,
  replicationFactor: 1,
  count: 1,
  sessionTimeoutMs: 10000,
  rebalanceTimeoutMs: 10000,
  generationId: 1,
  timestamp: -1,
  maxNumOffsets: 1,
  retentionTimeMs: -1,
  commitTimestamp: -1,
  transactionTimeoutMs: 60000,
  producerId: -1,
  producerEpoch: -1,
  resourceType: 2,
  committedLeaderEpoch: -1,
  port: 9,
  leaderEpoch: 0,
};

const STRING_BY_NAME: Record<string, (ctx: FillContext) => string | null> = {
  groupId: (c) => c.group,
  groupsNames: (c) => c.group,
  groups: (c) => c.group,
  key: (c) => c.group,
  coordinatorKeys: (c) => c.group,
  memberId: () => UNKNOWN_MEMBER_ID,
  protocolType: () => 'consumer',
  protocolName: () => 'range',
  clientSoftwareName: () => 'samsa-fuzz',
  clientSoftwareVersion: () => '1.0',
  hostName: () => '127.0.0.1',
  rackId: () => '',
  statesFilter: () => 'Stable',
  configurationKeys: () => 'retention.ms',
};

function primitiveValue(name: string, type: string, nullable: boolean, path: string, ctx: FillContext): unknown {
  switch (type) {
    case 'bool':
      // Admin requests only validate; Metadata never auto-creates what a flipped name asks for.
      return name === 'validateOnly';
    case 'uuid':
      return ZERO_UUID;
    case 'records':
      return ctx.records;
    case 'bytes':
      return Buffer.from([0, 0, 0, 0, 0, 0]);
    case 'string':
      return stringValue(name, nullable, path, ctx);
    default:
      return INT_BY_NAME[name] ?? 0;
  }
}

function stringValue(name: string, nullable: boolean, path: string, ctx: FillContext): string | null {
  if (path.endsWith('.configs.name')) return 'retention.ms';
  if (path.endsWith('.configs.value')) return '60000';
  const byName = STRING_BY_NAME[name];
  if (byName) return byName(ctx);
  if (/topic|name/i.test(name)) return ctx.topic;
  return nullable ? null : '';
}
