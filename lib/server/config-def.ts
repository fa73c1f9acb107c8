// The broker's configuration table: every key Samsa knows, written once (Kafka 2.8's names,
// types and defaults; CONFIG.md). The keys a topic can override come from storage's part of the
// table; the broker-only keys are below. BrokerConfig, parsing, the known-keys check, the
// DescribeConfigs view and the README's reference are all derived from BROKER_CONFIG_KEYS.
import * as fs from 'node:fs';
import type { ConfigTable } from '../util/config-def';
import { TOPIC_CONFIG_KEYS } from '../storage';
import { SECURITY_PROTOCOLS } from '../network/security-protocol';
import { parseJaasConfig } from '../network/jaas';

const SHORT_MAX = 0x7fff;

/** `http://host:port` (or `host:port`): the operator HTTP port; port 0 picks a free one. */
export function parseHttpListener(text: string): { host: string; port: number } | null {
  const m = /^(?:http:\/\/)?(\[[^\]]+\]|[^:/]*):(\d+)\/?$/.exec(text.trim());
  if (m === null || Number(m[2]) > 65535) return null;
  return { host: m[1].replace(/^\[|\]$/g, ''), port: Number(m[2]) };
}

function httpListenerProblem(text: string): string | null {
  return parseHttpListener(text) === null ? `'${text}' is not http://host:port` : null;
}

function readableFileProblem(path: string): string | null {
  try {
    fs.accessSync(path, fs.constants.R_OK);
    return null;
  } catch (err) {
    return `cannot read ${path}: ${(err as Error).message}`;
  }
}

/** A PEM store must be a readable file holding at least one PEM block (its content is checked at start-up). */
function pemFileProblem(path: string): string | null {
  try {
    if (!fs.readFileSync(path).includes('-----BEGIN ')) return `${path} holds no PEM block`;
    return null;
  } catch (err) {
    return `cannot read ${path}: ${(err as Error).message}`;
  }
}

/** `host:port[,host:port...][/chroot]`, as ZooKeeper's client takes it. */
function zookeeperConnectProblem(text: string): string | null {
  const slash = text.indexOf('/');
  const hosts = slash < 0 ? text : text.slice(0, slash);
  const bad = hosts.split(',').find((hostPort) => !/^[^:,/]+:\d+$/.test(hostPort.trim()));
  if (bad !== undefined) return `'${bad}' is not host:port`;
  if (slash >= 0 && (text.endsWith('/') || text.slice(slash).includes('//')))
    return `chroot '${text.slice(slash)}' is not a valid path`;
  return null;
}

/** Kafka's mechanism names; Samsa implements PLAIN and SCRAM (sasl-config.ts offers only those). */
const SASL_MECHANISMS = ['GSSAPI', 'PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512', 'OAUTHBEARER'];

function jaasProblem(text: string): string | null {
  try {
    parseJaasConfig(text);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

/** The authorizers Samsa implements: Kafka 2.8's AclAuthorizer, under its current and its old name. */
export const ACL_AUTHORIZER_CLASS_NAMES = [
  'kafka.security.authorizer.AclAuthorizer',
  'kafka.security.auth.SimpleAclAuthorizer',
] as const;

function authorizerClassProblem(text: string): string | null {
  if (text === '' || (ACL_AUTHORIZER_CLASS_NAMES as readonly string[]).includes(text)) return null;
  return `'${text}' is not an authorizer Samsa has (${ACL_AUTHORIZER_CLASS_NAMES.join(' or ')})`;
}

/** `User:admin;User:bob`: principals of the form Type:name, separated by semicolons. */
function superUsersProblem(text: string): string | null {
  const bad = text.split(';').find((p) => p.trim() !== '' && !/^[^:]+:.+$/.test(p.trim()));
  return bad === undefined ? null : `'${bad}' is not a principal of the form Type:name`;
}

const SERVER_CONFIG_KEYS = {
  'broker.id': {
    type: 'int',
    default: -1,
    range: [-1, null],
    doc: "This broker's id; -1 takes the one in meta.properties or a new one from ZooKeeper.",
  },
  listeners: {
    type: 'string',
    default: null,
    derived: true,
    doc: 'NAME://host:port list the broker binds; unset: PLAINTEXT://:9092; an empty host binds every interface.',
  },
  'advertised.listeners': {
    type: 'string',
    default: null,
    derived: true,
    doc: 'NAME://host:port list given to clients and other brokers; unset: listeners, an empty host made the host name.',
  },
  'inter.broker.listener.name': {
    type: 'string',
    default: null,
    derived: true,
    doc: 'Listener other brokers reach this one on; unset: PLAINTEXT, or the first listener if none is named so.',
  },
  'log.dirs': {
    type: 'string',
    default: null,
    derived: true,
    doc: 'Comma-separated directories holding the partition logs; unset: log.dir.',
  },
  'log.dir': {
    type: 'string',
    default: '/tmp/kafka-logs',
    derived: true,
    doc: 'The single log directory used when log.dirs is unset.',
  },
  'zookeeper.connect': {
    type: 'string',
    default: null,
    required: true,
    check: zookeeperConnectProblem,
    doc: 'ZooKeeper ensemble as host:port,host:port with an optional /chroot.',
  },
  'zookeeper.session.timeout.ms': {
    type: 'int',
    default: 18000,
    range: [1, null],
    doc: 'ZooKeeper session timeout; a broker silent this long loses its registration.',
  },
  'zookeeper.connection.timeout.ms': {
    type: 'int',
    default: null,
    range: [1, null],
    derived: true,
    doc: 'How long to wait for the first ZooKeeper connection; unset: the session timeout.',
  },
  'zookeeper.set.acl': {
    type: 'boolean',
    default: false,
    doc: "Create znodes with secure ACLs: the brokers' credential all, everyone else read (none on sensitive paths).",
  },
  'zookeeper.digest.credentials': {
    type: 'password',
    default: null,
    check: (text) => (/^[^:]+:.+$/.test(text) ? null : 'must be user:password'),
    doc: 'Samsa: user:password the broker authenticates to ZooKeeper with (digest scheme); the same on every broker.',
  },
  'num.partitions': {
    type: 'int',
    default: 1,
    range: [1, 1000000],
    doc: 'Partitions of a topic created without a count (auto-created or -1).',
  },
  'default.replication.factor': {
    type: 'int',
    default: 1,
    range: [1, SHORT_MAX],
    doc: 'Replication factor of a topic created without one.',
  },
  'auto.create.topics.enable': {
    type: 'boolean',
    default: true,
    doc: 'Whether Metadata for an unknown topic creates it.',
  },
  'delete.topic.enable': {
    type: 'boolean',
    default: true,
    doc: 'Whether DeleteTopics may delete topics.',
  },
  'log.retention.check.interval.ms': {
    type: 'long',
    default: 300000,
    range: [1, null],
    doc: 'How often logs are checked for segments past retention.',
  },
  'log.flush.offset.checkpoint.interval.ms': {
    type: 'int',
    default: 60000,
    range: [0, null],
    doc: 'How often recovery points and log start offsets are written to their checkpoint files.',
  },
  'replica.high.watermark.checkpoint.interval.ms': {
    type: 'long',
    default: 5000,
    range: [1, null],
    doc: 'How often high watermarks are checkpointed; also how soon a failed log directory is noticed.',
  },
  'socket.request.max.bytes': {
    type: 'int',
    default: 104857600,
    range: [1, null],
    doc: 'Largest request frame; a bigger one closes the connection.',
  },
  'replica.lag.time.max.ms': {
    type: 'long',
    default: 30000,
    range: [1, null],
    doc: 'A follower not caught up for this long is removed from the ISR.',
  },
  'queued.max.requests': {
    type: 'int',
    default: 500,
    range: [1, null],
    doc: "Kafka's cap on requests waiting for a handler; read, not used: Samsa caps in-flight requests per connection.",
  },
  'connections.max.idle.ms': {
    type: 'long',
    default: 600000,
    range: [-1, null],
    doc: 'A connection with no traffic and no request in flight this long is closed; 0 or -1: never.',
  },
  'auto.leader.rebalance.enable': {
    type: 'boolean',
    default: true,
    doc: 'Whether the controller moves leadership back to preferred replicas.',
  },
  'leader.imbalance.check.interval.seconds': {
    type: 'long',
    default: 300,
    range: [1, null],
    derived: true,
    doc: 'How often the controller checks leader imbalance.',
  },
  'leader.imbalance.per.broker.percentage': {
    type: 'int',
    default: 10,
    range: [0, 100],
    doc: "Share of a broker's partitions led elsewhere that triggers a preferred leader election.",
  },
  'controlled.shutdown.enable': {
    type: 'boolean',
    default: true,
    doc: 'Whether a stopping broker first asks the controller to move its leaderships.',
  },
  'controlled.shutdown.max.retries': {
    type: 'int',
    default: 3,
    range: [0, null],
    doc: 'Attempts at a controlled shutdown before stopping anyway.',
  },
  'controlled.shutdown.retry.backoff.ms': {
    type: 'long',
    default: 5000,
    range: [0, null],
    doc: 'Pause between controlled shutdown attempts.',
  },
  'replica.fetch.max.bytes': {
    type: 'int',
    default: 1048576,
    range: [0, null],
    doc: 'Bytes a follower asks for per partition in one fetch.',
  },
  'replica.fetch.wait.max.ms': {
    type: 'int',
    default: 500,
    range: [0, null],
    doc: "How long a follower's fetch waits at the leader for data.",
  },
  'replica.fetch.min.bytes': {
    type: 'int',
    default: 1,
    range: [1, null],
    doc: "Bytes a follower's fetch waits for before it is answered.",
  },
  'replica.fetch.backoff.ms': {
    type: 'int',
    default: 1000,
    range: [0, null],
    doc: 'Pause after a failed follower fetch.',
  },
  'replica.fetch.response.max.bytes': {
    type: 'int',
    default: 10485760,
    range: [0, null],
    doc: 'Bytes a follower asks for in one fetch over all partitions.',
  },
  'replica.socket.timeout.ms': {
    type: 'int',
    default: 30000,
    range: [1, null],
    doc: 'How long a follower waits for a fetch answer before reconnecting.',
  },
  'controller.socket.timeout.ms': {
    type: 'int',
    default: 30000,
    range: [1, null],
    doc: 'How long the controller and brokers wait for an answer to a control request.',
  },
  'offsets.topic.num.partitions': {
    type: 'int',
    default: 50,
    range: [1, 100000],
    doc: "Partitions of __consumer_offsets; the leader of a group's partition is its coordinator.",
  },
  'offsets.topic.replication.factor': {
    type: 'short',
    default: 3,
    range: [1, null],
    doc: 'Replication factor of __consumer_offsets, capped by the live brokers when it is created.',
  },
  'group.initial.rebalance.delay.ms': {
    type: 'int',
    default: 3000,
    range: [0, null],
    doc: 'How long a new group waits for more members before its first rebalance.',
  },
  'group.min.session.timeout.ms': {
    type: 'int',
    default: 6000,
    range: [0, null],
    doc: 'Smallest session timeout a group member may ask for.',
  },
  'group.max.session.timeout.ms': {
    type: 'int',
    default: 1800000,
    range: [0, null],
    doc: 'Largest session timeout a group member may ask for.',
  },
  'offsets.retention.minutes': {
    type: 'int',
    default: 10080,
    range: [1, null],
    derived: true,
    doc: 'How long committed offsets of a group without members are kept.',
  },
  'offsets.retention.check.interval.ms': {
    type: 'long',
    default: 600000,
    range: [1, null],
    doc: 'How often expired committed offsets are looked for.',
  },
  'transactional.id.expiration.ms': {
    type: 'int',
    default: 604800000,
    range: [1, null],
    doc: "How long an idle producer id's state is kept.",
  },
  'offset.metadata.max.bytes': {
    type: 'int',
    default: 4096,
    range: [0, null],
    doc: 'Largest metadata string an offset commit may carry.',
  },
  'samsa.log.level': {
    type: 'string',
    default: null,
    derived: true,
    doc: "Samsa's own key: winston log level; unset: the LOG_LEVEL environment variable, else info.",
  },
  'samsa.http.listener': {
    type: 'string',
    default: null,
    derived: true,
    check: httpListenerProblem,
    doc: "Samsa's own key: http://host:port of the operator port (GET /metrics for Prometheus, GET / the console); unset: off.",
  },
  'samsa.http.console.listener.name': {
    type: 'string',
    default: null,
    doc: "Samsa's own key: the listener the console's admin client connects to; unset: the inter-broker listener.",
  },
  'samsa.http.console.command.config': {
    type: 'string',
    default: null,
    check: readableFileProblem,
    doc: "Samsa's own key: client properties (security.protocol, sasl.*, ssl.*) the console connects with, so ACLs apply to that principal; unset: the inter-broker listener's own login.",
  },
  'num.network.threads': {
    type: 'int',
    default: 3,
    support: 'ignored',
    doc: "Kafka's network threads; Node has one event loop, no threads to size.",
  },
  'num.io.threads': {
    type: 'int',
    default: 8,
    support: 'ignored',
    doc: "Kafka's request handler threads; none to size in Node.",
  },
  'socket.send.buffer.bytes': {
    type: 'int',
    default: 102400,
    support: 'ignored',
    doc: 'Socket send buffer; the OS default is used.',
  },
  'socket.receive.buffer.bytes': {
    type: 'int',
    default: 102400,
    support: 'ignored',
    doc: 'Socket receive buffer; the OS default is used.',
  },
  'num.recovery.threads.per.data.dir': {
    type: 'int',
    default: 1,
    support: 'ignored',
    doc: "Kafka's threads recovering logs at start-up; none to size in Node.",
  },
  'num.replica.fetchers': {
    type: 'int',
    default: 1,
    support: 'ignored',
    doc: "Kafka's fetcher threads per source broker; none to size in Node.",
  },
  'log.cleaner.enable': {
    type: 'boolean',
    default: true,
    support: 'ignored',
    doc: 'Whether compaction runs; Samsa has no log cleaner.',
  },
  'log.flush.start.offset.checkpoint.interval.ms': {
    type: 'int',
    default: 60000,
    support: 'ignored',
    doc: "Kafka's separate log start offset checkpoint; Samsa writes it with the recovery points.",
  },
  'offsets.commit.timeout.ms': {
    type: 'int',
    default: 5000,
    support: 'ignored',
    doc: 'Wait for an offset commit to replicate; Samsa commits to ZooKeeper.',
  },
  'offsets.commit.required.acks': {
    type: 'short',
    default: -1,
    support: 'ignored',
    doc: 'Acks an offset commit needs; Samsa commits to ZooKeeper.',
  },
  'offsets.topic.segment.bytes': {
    type: 'int',
    default: 104857600,
    support: 'ignored',
    doc: 'Segment size of __consumer_offsets; Samsa gives it log.segment.bytes.',
  },
  'transaction.state.log.replication.factor': {
    type: 'short',
    default: 3,
    support: 'ignored',
    doc: 'Replication of __transaction_state; Samsa has no transactions.',
  },
  'transaction.state.log.min.isr': {
    type: 'int',
    default: 2,
    support: 'ignored',
    doc: 'min.insync.replicas of __transaction_state.',
  },
  'broker.rack': {
    type: 'string',
    default: null,
    support: 'ignored',
    doc: "Rack of this broker; Samsa's assignment is not rack-aware.",
  },
  'listener.security.protocol.map': {
    type: 'string',
    default: 'PLAINTEXT:PLAINTEXT,SSL:SSL,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL',
    derived: true,
    doc: 'LISTENER:PROTOCOL pairs giving each listener its security protocol (PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL).',
  },
  'security.inter.broker.protocol': {
    type: 'string',
    default: null,
    values: SECURITY_PROTOCOLS,
    derived: true,
    doc: 'Protocol brokers talk to each other with (the listener of that name); exclusive with inter.broker.listener.name.',
  },
  'ssl.keystore.type': {
    type: 'string',
    default: 'JKS',
    values: ['JKS', 'PKCS12', 'PEM'],
    doc: 'Format of ssl.keystore.location; Samsa reads PEM only, so an SSL listener needs PEM.',
  },
  'ssl.keystore.location': {
    type: 'string',
    default: null,
    check: pemFileProblem,
    doc: "PEM file with this broker's private key and certificate chain (SSL and SASL_SSL listeners).",
  },
  'ssl.key.password': {
    type: 'password',
    default: null,
    doc: 'Password of the encrypted private key in ssl.keystore.location.',
  },
  'ssl.truststore.type': {
    type: 'string',
    default: 'JKS',
    values: ['JKS', 'PKCS12', 'PEM'],
    doc: 'Format of ssl.truststore.location; Samsa reads PEM only.',
  },
  'ssl.truststore.location': {
    type: 'string',
    default: null,
    check: pemFileProblem,
    doc: 'PEM CA bundle that client certificates (and, inter-broker, other brokers) must chain to.',
  },
  'ssl.client.auth': {
    type: 'string',
    default: 'none',
    values: ['none', 'requested', 'required'],
    doc: 'Whether an SSL listener asks for a client certificate: none, requested (optional) or required.',
  },
  'ssl.enabled.protocols': {
    type: 'list',
    default: 'TLSv1.2,TLSv1.3',
    values: ['TLSv1.2', 'TLSv1.3'],
    doc: 'TLS versions SSL listeners and inter-broker connections accept.',
  },
  'ssl.endpoint.identification.algorithm': {
    type: 'string',
    default: 'https',
    values: ['https', ''],
    doc: "Inter-broker: https checks that the other broker's certificate names its host; empty skips the check.",
  },
  'sasl.enabled.mechanisms': {
    type: 'list',
    default: 'GSSAPI',
    values: SASL_MECHANISMS,
    doc: 'SASL mechanisms offered on SASL listeners (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512; Samsa has no GSSAPI); listener.name.<l>.sasl.enabled.mechanisms overrides it for one listener.',
  },
  'sasl.mechanism.inter.broker.protocol': {
    type: 'string',
    default: 'GSSAPI',
    values: SASL_MECHANISMS,
    doc: 'SASL mechanism this broker logs in with on the inter-broker listener (replica fetch, controller requests, AlterIsr).',
  },
  'sasl.jaas.config': {
    type: 'password',
    default: null,
    check: jaasProblem,
    doc: "JAAS line: username/password this broker logs in with, and PLAIN's user_<name> entries; listener.name.<l>.<mechanism>.sasl.jaas.config overrides it.",
  },
  'authorizer.class.name': {
    type: 'string',
    default: '',
    check: authorizerClassProblem,
    doc: 'kafka.security.authorizer.AclAuthorizer (or the old SimpleAclAuthorizer) checks ACLs; empty allows everything.',
  },
  'super.users': {
    type: 'string',
    default: null,
    check: superUsersProblem,
    doc: 'Principals the authorizer lets do anything, e.g. User:admin;User:broker.',
  },
  'allow.everyone.if.no.acl.found': {
    type: 'boolean',
    default: false,
    doc: 'Whether the authorizer allows an action on a resource that has no ACL at all.',
  },
} as const satisfies ConfigTable;

/** Every key of the broker: the topic-level ones (storage's part) and the broker-only ones. */
export const BROKER_CONFIG_KEYS = { ...TOPIC_CONFIG_KEYS, ...SERVER_CONFIG_KEYS } as const;
