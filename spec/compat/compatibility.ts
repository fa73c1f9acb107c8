// The one record of what the spec suite proves about the third-party clients: for each client,
// the version the specs run and, per capability, the spec files that drive that client through
// it — each with the exact text of that file that does so. The README's "Compatibility" table is
// rendered from this data and nothing else: compatibility-table.spec.ts requires the README to
// hold exactly renderCompatibility()'s output, checks every cited file and text, and checks the
// installed clients' versions. `node dist/spec/compat/compatibility.js --render` prints the README's
// two generated blocks (this table, and java-client.ts's), markers included.
import { renderJavaApis } from './java-client';

export type ClientId = 'kcat' | 'kafkajs' | 'kafka-python';

export const CAPABILITIES = [
  'metadata',
  'produce none',
  'gzip',
  'snappy',
  'lz4',
  'zstd',
  'fetch',
  'consumer groups',
  'committed offsets',
  'admin',
  'idempotent producer',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

/** A spec file (path from the project root) and the texts in it that exercise the capability. */
export interface Evidence {
  file: string;
  shows: string[];
}

/** A capability some spec drives the client through; `note` qualifies the claim. */
export interface Checked {
  specs: Evidence[];
  note?: string;
}

/** A capability no spec drives the client through, and why. */
export interface NotChecked {
  why: string;
}

export type Cell = Checked | NotChecked;

export interface ClientCompatibility {
  id: ClientId;
  name: string;
  /** As the spec reads it from the installed client (see compatibility-table.spec.ts). */
  version: string;
  cells: Record<Capability, Cell>;
}

const KCAT: ClientCompatibility = {
  id: 'kcat',
  name: 'kcat (librdkafka)',
  version: '1.7.1 (librdkafka 2.0.2)',
  cells: {
    metadata: { specs: [{ file: 'spec/compat/kcat.spec.ts', shows: ['await kcatMetadata(broker.bootstrap)'] }] },
    'produce none': {
      specs: [
        {
          file: 'spec/compat/client-consumer.spec.ts',
          shows: [
            "const codecs: Codec[] = ['none', 'gzip', 'snappy'];",
            "await kcatProduce(broker.bootstrap, topic, lines, ['-z', codec",
          ],
        },
        {
          file: 'spec/integration/replication.spec.ts',
          shows: ["kcatProduce(cluster.bootstrap(), 'minisr', ['k:acks-one'], ['-X', 'acks=1'])"],
        },
      ],
    },
    gzip: {
      specs: [
        {
          file: 'spec/compat/kcat.spec.ts',
          shows: ["for (const codec of ['snappy', 'gzip', 'zstd'])", "['-z', codec, '-X', 'acks=all'"],
        },
        {
          file: 'spec/compat/client-consumer.spec.ts',
          shows: [
            "const codecs: Codec[] = ['none', 'gzip', 'snappy'];",
            "await kcatProduce(broker.bootstrap, topic, lines, ['-z', codec",
          ],
        },
      ],
    },
    snappy: {
      specs: [
        {
          file: 'spec/compat/kcat.spec.ts',
          shows: ["for (const codec of ['snappy', 'gzip', 'zstd'])", "['-z', codec, '-X', 'acks=all'"],
        },
        {
          file: 'spec/compat/client-consumer.spec.ts',
          shows: [
            "const codecs: Codec[] = ['none', 'gzip', 'snappy'];",
            "await kcatProduce(broker.bootstrap, topic, lines, ['-z', codec",
          ],
        },
      ],
    },
    lz4: {
      specs: [
        { file: 'spec/compat/lz4.spec.ts', shows: ["['-z', 'lz4', '-X', 'acks=all'"] },
        { file: 'spec/compat/client-consumer.spec.ts', shows: ["if (await lz4Supported()) codecs.push('lz4');"] },
      ],
    },
    zstd: {
      specs: [
        {
          file: 'spec/compat/kcat.spec.ts',
          shows: ["for (const codec of ['snappy', 'gzip', 'zstd'])", 'zstd: CompressionCodec.ZSTD'],
        },
      ],
      note: 'Samsa has no zstd codec of its own; it stores and serves zstd batches untouched, as Kafka does',
    },
    fetch: {
      specs: [
        { file: 'spec/compat/kcat.spec.ts', shows: ['await kcatConsumeAll(broker.bootstrap, topic)'] },
        {
          file: 'spec/compat/client-producer.spec.ts',
          shows: [
            "for (const codec of ['none', 'gzip', 'snappy', 'lz4'] as const)",
            'await kcatConsumeAll(broker.bootstrap, topic)',
          ],
        },
        { file: 'spec/compat/lz4.spec.ts', shows: ["kcatConsumeAll(broker.bootstrap, 'samsa-lz4'"] },
      ],
    },
    'consumer groups': { specs: [{ file: 'spec/compat/groups.spec.ts', shows: ["'-G',", "'kcat-group',"] }] },
    'committed offsets': {
      specs: [
        {
          file: 'spec/compat/groups.spec.ts',
          shows: ["'auto.commit.interval.ms=100'", "for (const group of ['kcat-group', 'py-group'])"],
        },
      ],
      note: 'commits checked in ZooKeeper; resuming from them is not',
    },
    admin: { why: 'kcat has no topic administration' },
    'idempotent producer': {
      specs: [{ file: 'spec/compat/idempotence.spec.ts', shows: ["'-X', 'enable.idempotence=true'"] }],
    },
  },
};

const KAFKAJS: ClientCompatibility = {
  id: 'kafkajs',
  name: 'kafkajs',
  version: '2.2.4',
  cells: {
    metadata: {
      specs: [{ file: 'spec/compat/kafkajs.spec.ts', shows: ["admin.fetchTopicMetadata({ topics: ['js-admin'] })"] }],
    },
    'produce none': {
      specs: [
        {
          file: 'spec/compat/kafkajs.spec.ts',
          shows: ["await producer.send({ topic: 'js-produce', acks: -1, messages: messages.slice(0, 250) })"],
        },
        {
          file: 'spec/compat/client-consumer.spec.ts',
          shows: ['none: CompressionTypes.None,', 'compression: types[codec]'],
        },
      ],
    },
    gzip: {
      specs: [
        { file: 'spec/compat/kafkajs.spec.ts', shows: ['compression: CompressionTypes.GZIP'] },
        {
          file: 'spec/compat/client-consumer.spec.ts',
          shows: ['gzip: CompressionTypes.GZIP', 'compression: types[codec]'],
        },
      ],
    },
    snappy: {
      specs: [
        {
          file: 'spec/compat/client-consumer.spec.ts',
          shows: [
            'CompressionCodecs[CompressionTypes.Snappy] =',
            'snappy: CompressionTypes.Snappy',
            'compression: types[codec]',
          ],
        },
      ],
      note: 'kafkajs ships no snappy codec; the spec plugs in one built on the `snappy` package',
    },
    lz4: { why: 'kafkajs has lz4 only through a codec plugin package, which the project does not take' },
    zstd: { why: 'kafkajs has zstd only through a codec plugin package, which the project does not take' },
    fetch: {
      specs: [
        {
          file: 'spec/compat/client-producer.spec.ts',
          shows: [
            "for (const codec of ['none', 'gzip', 'snappy'] as const)",
            'a kafkajs consumer reads ${codec} batches back exactly',
          ],
        },
        { file: 'spec/compat/groups.spec.ts', shows: ['m.values.push(String(message.value))'] },
      ],
    },
    'consumer groups': {
      specs: [
        { file: 'spec/compat/groups.spec.ts', shows: ['kafka.consumer({ groupId, sessionTimeout: 10000'] },
        {
          file: 'spec/integration/group-failover.spec.ts',
          shows: ['kafka.consumer({', "groupId: 'workers',", "await cluster.stopBroker(coordinator, 'SIGKILL')"],
        },
      ],
    },
    'committed offsets': {
      specs: [
        { file: 'spec/compat/groups.spec.ts', shows: ['autoCommitInterval: 100', "'/consumers/g1/offsets/shared'"] },
        {
          file: 'spec/integration/group-failover.spec.ts',
          shows: ["expect(values.filter((v) => v.startsWith('v'))).to.have.length(30)"],
        },
      ],
    },
    admin: {
      specs: [
        {
          file: 'spec/compat/kafkajs.spec.ts',
          shows: [
            'admin.createTopics({',
            "topics: [{ topic: 'js-admin'",
            "admin.deleteTopics({ topics: ['js-admin'] })",
          ],
        },
        { file: 'spec/server/create-partitions.spec.ts', shows: ['kafkajs adds partitions'] },
        { file: 'spec/server/describe-configs.spec.ts', shows: ['through kafkajs'] },
      ],
      note: 'create and delete topics, create partitions, describe configs',
    },
    'idempotent producer': {
      specs: [{ file: 'spec/compat/idempotence.spec.ts', shows: ['kafka.producer({ idempotent: true'] }],
    },
  },
};

const KAFKA_PYTHON: ClientCompatibility = {
  id: 'kafka-python',
  name: 'kafka-python',
  version: '2.0.2',
  cells: {
    metadata: {
      specs: [
        {
          file: 'spec/integration/replication.spec.ts',
          shows: ["startPythonProducer(cluster.bootstrap(), 'moving'", "cluster.stopBroker(victim, 'SIGTERM')"],
        },
      ],
      note: 'only as its producer follows partition leaders that move; no spec asks it for metadata directly',
    },
    'produce none': {
      specs: [
        { file: 'spec/integration/replication.spec.ts', shows: ["startPythonProducer(cluster.bootstrap(), 'durable'"] },
        { file: 'spec/compat/legacy-clients.spec.ts', shows: ["{ api: '0.10', compression: 'none', magic: 1 }"] },
      ],
    },
    gzip: {
      specs: [
        {
          file: 'spec/compat/legacy-clients.spec.ts',
          shows: ["{ api: '0.10', compression: 'gzip', magic: 1 }", "{ api: '0.9', compression: 'gzip', magic: 0 }"],
        },
      ],
      note: 'only in the old message formats (api_version 0.9 and 0.10), not in record batches (magic 2)',
    },
    snappy: { why: 'kafka-python needs the python-snappy module for it, which the test machines do not install' },
    lz4: { why: 'kafka-python needs the lz4 module for it, which the test machines do not install' },
    zstd: { why: 'kafka-python needs the zstandard module for it, which the test machines do not install' },
    fetch: {
      specs: [
        { file: 'spec/compat/legacy-clients.spec.ts', shows: ['consumer.seek_to_beginning(tp)'] },
        { file: 'spec/compat/groups.spec.ts', shows: ["group_id='py-group'"] },
      ],
    },
    'consumer groups': {
      specs: [
        { file: 'spec/compat/groups.spec.ts', shows: ["group_id='py-group'"] },
        {
          file: 'spec/compat/client-consumer.spec.ts',
          shows: ['shares a group with a kafka-python consumer under the range protocol'],
        },
        {
          file: 'spec/integration/group-queue.spec.ts',
          shows: ['enable_auto_commit=True, auto_commit_interval_ms=200'],
        },
      ],
    },
    'committed offsets': {
      specs: [
        { file: 'spec/compat/groups.spec.ts', shows: ['c.commit()'] },
        { file: 'spec/cli/consumer-groups.spec.ts', shows: ["group_id='cg'", 'c.commit()'] },
      ],
    },
    admin: { why: "no spec runs kafka-python's KafkaAdminClient" },
    'idempotent producer': { why: 'kafka-python 2.0.2 has no idempotent producer' },
  },
};

export const COMPATIBILITY: readonly ClientCompatibility[] = [KCAT, KAFKAJS, KAFKA_PYTHON];

export function isChecked(cell: Cell): cell is Checked {
  return 'specs' in cell;
}

function mark(cell: Cell): string {
  if (!isChecked(cell)) return '—';
  return cell.note === undefined ? '✓' : '✓*';
}

function tableRows(): string[] {
  const header = `| client | version in the specs | ${CAPABILITIES.join(' | ')} |`;
  const rule = `| --- | --- | ${CAPABILITIES.map(() => ':-:').join(' | ')} |`;
  const rows = COMPATIBILITY.map(
    (c) => `| ${c.name} | ${c.version} | ${CAPABILITIES.map((cap) => mark(c.cells[cap])).join(' | ')} |`,
  );
  return [header, rule, ...rows];
}

function shortName(file: string): string {
  return '`' + file.replace(/^spec\//, '').replace(/\.spec\.ts$/, '') + '`';
}

function evidenceCell(cell: Cell): string {
  if (!isChecked(cell)) return '—';
  return cell.specs.map((e) => shortName(e.file)).join(', ') + (cell.note === undefined ? '' : ' *');
}

/** Capabilities as rows, clients as columns: the spec files behind each mark. */
function evidenceRows(): string[] {
  const header = `| | ${COMPATIBILITY.map((c) => c.name).join(' | ')} |`;
  const rule = `| --- | ${COMPATIBILITY.map(() => '---').join(' | ')} |`;
  const rows = CAPABILITIES.map(
    (cap) => `| ${cap} | ${COMPATIBILITY.map((c) => evidenceCell(c.cells[cap])).join(' | ')} |`,
  );
  return [header, rule, ...rows];
}

/** One line per limit (✓*) and per gap (—). */
function limitLines(): string[] {
  return COMPATIBILITY.flatMap((client) =>
    CAPABILITIES.flatMap((cap) => {
      const cell = client.cells[cap];
      if (isChecked(cell)) return cell.note === undefined ? [] : [`- ${client.name}, ${cap} (✓*): ${cell.note}.`];
      return [`- ${client.name}, ${cap} (—): ${cell.why}.`];
    }),
  );
}

/** The README's tables and list, exactly as the README must hold them. */
export function renderCompatibility(): string {
  return (
    [
      ...tableRows(),
      '',
      '✓ a spec drives the client through it; ✓* with a limit named below; — no spec does.',
      'The spec files behind each mark (under `spec/`):',
      '',
      ...evidenceRows(),
      '',
      'Limits and gaps:',
      '',
      ...limitLines(),
    ].join('\n') + '\n'
  );
}

/** The README's generated blocks: each lies between its begin and end markers. */
export const README_BLOCKS = [
  { begin: '<!-- compatibility:begin -->', end: '<!-- compatibility:end -->', render: renderCompatibility },
  { begin: '<!-- java-client-apis:begin -->', end: '<!-- java-client-apis:end -->', render: renderJavaApis },
] as const;

if (require.main === module && process.argv.includes('--render')) {
  process.stdout.write(README_BLOCKS.map((b) => `${b.begin}\n${b.render()}${b.end}\n`).join('\n'));
}
