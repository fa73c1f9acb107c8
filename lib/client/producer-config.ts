// Kafka's producer property names (bootstrap.servers, acks, linger.ms, ...) mapped onto
// ProducerOptions, so tools and users can configure the Producer the way they configure Kafka's.
import { securityFromProperties } from './security-config';
import type { CompressionName } from '../protocol/compression';
import { ClientError } from './errors';
import type { Acks, ProducerOptions } from './producer';
import { CLIENT_TLS_KEYS } from '../network/client-security';

const COMPRESSIONS: readonly string[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];

type Setter = (options: ProducerOptions, value: string, key: string) => void;

const integer =
  (field: keyof ProducerOptions): Setter =>
  (options, value, key) => {
    if (!/^-?\d+$/.test(value.trim()))
      throw new ClientError('INVALID_ARGUMENT', `${key} must be an integer, got '${value}'`);
    (options as Record<string, unknown>)[field] = Number(value.trim());
  };

const SETTERS: Record<string, Setter> = {
  'bootstrap.servers': (o, v) => {
    o.brokers = v
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
  },
  'client.id': (o, v) => {
    o.clientId = v;
  },
  acks: (o, v, k) => {
    o.acks = parseAcks(v, k);
  },
  'linger.ms': integer('lingerMs'),
  'batch.size': integer('batchBytes'),
  'compression.type': (o, v, k) => {
    o.compression = parseCompression(v, k);
  },
  'request.timeout.ms': integer('requestTimeoutMs'),
  retries: integer('retries'),
  'retry.backoff.ms': integer('retryBackoffMs'),
  'max.in.flight.requests.per.connection': integer('maxInFlight'),
  'buffer.memory': integer('bufferBytes'),
  'max.request.size': integer('maxRequestBytes'),
  'allow.auto.create.topics': (o, v) => {
    o.allowAutoTopicCreation = v.trim() === 'true';
  },
  'enable.idempotence': (o, v, k) => {
    o.idempotent = parseBoolean(v, k);
  },
};

/** Options from Kafka producer properties; `ignored` lists the keys this producer does not know. */
/** Read together by securityFromProperties, not one by one. */
const SECURITY_KEYS: readonly string[] = [
  'security.protocol',
  'sasl.mechanism',
  'sasl.mechanisms',
  'sasl.username',
  'sasl.password',
  'sasl.jaas.config',
  ...CLIENT_TLS_KEYS,
];

export function producerOptionsFromProperties(properties: Record<string, string>): {
  options: ProducerOptions;
  ignored: string[];
} {
  const options: ProducerOptions = {};
  const ignored: string[] = [];
  for (const [key, value] of Object.entries(properties)) {
    const setter = SETTERS[key];
    if (setter) setter(options, value, key);
    else if (!SECURITY_KEYS.includes(key)) ignored.push(key);
  }
  if (Object.keys(properties).some((key) => SECURITY_KEYS.includes(key))) {
    options.security = securityFromProperties(new Map(Object.entries(properties)));
  }
  return { options, ignored };
}

export function parseAcks(value: string, what = 'acks'): Acks {
  const v = value.trim();
  if (v === 'all' || v === '-1') return 'all';
  if (v === '0') return 0;
  if (v === '1') return 1;
  throw new ClientError('INVALID_ARGUMENT', `${what} must be all, -1, 0 or 1, got '${value}'`);
}

export function parseBoolean(value: string, what: string): boolean {
  const v = value.trim().toLowerCase();
  if (v === 'true' || v === 'false') return v === 'true';
  throw new ClientError('INVALID_ARGUMENT', `${what} must be true or false, got '${value}'`);
}

export function parseCompression(value: string, what = 'compression.type'): CompressionName {
  const v = value.trim();
  if (!COMPRESSIONS.includes(v))
    throw new ClientError('INVALID_ARGUMENT', `${what} must be one of ${COMPRESSIONS.join(', ')}, got '${value}'`);
  return v as CompressionName;
}

/** "key=value" → [key, value]. */
export function splitProperty(pair: string): [string, string] {
  const eq = pair.indexOf('=');
  if (eq <= 0) throw new ClientError('INVALID_ARGUMENT', `expected key=value, got '${pair}'`);
  return [pair.slice(0, eq).trim(), pair.slice(eq + 1)];
}
