// `bin/topics` — Kafka's kafka-topics.sh flags against any Kafka-compatible broker:
//   --bootstrap-server HOST:PORT (--create --topic T --partitions N --replication-factor R
//   [--config k=v]... [--replica-assignment A] | --alter --topic T --partitions N
//   [--replica-assignment A] | --list | --describe [--topic T] [--under-replicated-partitions]
//   | --delete --topic T, where T is Kafka's include list: a regular expression, ',' for '|')
import { flagValue, integerFlag, UsageError } from './flags';
import { toolMain } from './tool-main';
import { Admin } from '../client/admin';
import { ClientError, type PartitionFailure } from '../client/errors';
import { securityFromPropertiesFile } from '../client/security-config';

export const USAGE = `usage: bin/topics --bootstrap-server HOST:PORT [--command-config FILE] <action> [options]
actions:
  --create --topic T [--partitions N] [--replication-factor R] [--config key=value]... [--replica-assignment A]
  --alter --topic T --partitions N [--replica-assignment A]
  --list
  --describe [--topic T] [--under-replicated-partitions]
  --delete --topic T       T: a name, a comma-separated list or a regular expression (as Kafka's)
  --replica-assignment A  replicas per partition, e.g. 1:2,2:3 (partition 0 on brokers 1 and 2, ...);
                          with --alter, list every partition: the existing ones are skipped`;

export interface TopicsArgs {
  bootstrapServer: string;
  /** client.properties with security.protocol and sasl.* for a secured listener. */
  commandConfig?: string;
  action: 'create' | 'alter' | 'list' | 'describe' | 'delete';
  topic?: string;
  partitions?: number;
  replicationFactor?: number;
  configs: Record<string, string>;
  underReplicated: boolean;
  /** Replicas per partition, partition 0 first. */
  replicaAssignment?: number[][];
}

export { UsageError };

const ACTIONS = ['--create', '--alter', '--list', '--describe', '--delete'];

export function parseTopicsArgs(argv: string[]): TopicsArgs {
  const args: Partial<TopicsArgs> & { configs: Record<string, string>; underReplicated: boolean } = {
    configs: {},
    underReplicated: false,
  };
  const value = (i: number, flag: string): string => flagValue(argv, i, flag);
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (ACTIONS.includes(flag)) {
      if (args.action) throw new UsageError('give exactly one of --create, --alter, --list, --describe, --delete');
      args.action = flag.slice(2) as TopicsArgs['action'];
    } else if (flag === '--bootstrap-server') args.bootstrapServer = value(i++, flag);
    else if (flag === '--command-config') args.commandConfig = value(i++, flag);
    else if (flag === '--topic') args.topic = value(i++, flag);
    else if (flag === '--partitions') args.partitions = positiveInt(value(i++, flag), flag);
    else if (flag === '--replication-factor') args.replicationFactor = positiveInt(value(i++, flag), flag);
    else if (flag === '--config') {
      const pair = value(i++, flag);
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new UsageError(`--config expects key=value, got '${pair}'`);
      args.configs[pair.slice(0, eq)] = pair.slice(eq + 1);
    } else if (flag === '--replica-assignment') args.replicaAssignment = parseReplicaAssignment(value(i++, flag));
    else if (flag === '--under-replicated-partitions') args.underReplicated = true;
    else throw new UsageError(`unknown option ${flag}`);
  }
  if (!args.bootstrapServer) throw new UsageError('--bootstrap-server is required');
  if (!args.action) throw new UsageError('give one of --create, --alter, --list, --describe, --delete');
  if (args.action !== 'list' && args.action !== 'describe' && !args.topic)
    throw new UsageError(`--${args.action} needs --topic`);
  if (args.action === 'delete') topicIncludeList(args.topic as string);
  if (args.action === 'alter' && args.partitions === undefined)
    throw new UsageError('--alter needs --partitions (the new total count)');
  if (
    args.replicaAssignment &&
    args.action === 'create' &&
    (args.partitions !== undefined || args.replicationFactor !== undefined)
  ) {
    throw new UsageError(
      '--replica-assignment cannot be combined with --partitions or --replication-factor on --create',
    );
  }
  return args as TopicsArgs;
}

function parseReplicaAssignment(text: string): number[][] {
  return text.split(',').map((partition) =>
    partition.split(':').map((id) => {
      if (!/^\d+$/.test(id.trim()))
        throw new UsageError(`--replica-assignment expects broker ids like 1:2,2:3, got '${text}'`);
      return Number(id.trim());
    }),
  );
}

function positiveInt(text: string, flag: string): number {
  return integerFlag(text, flag, 1);
}

export async function runTopics(args: TopicsArgs, out: (line: string) => void): Promise<void> {
  const security = args.commandConfig ? securityFromPropertiesFile(args.commandConfig) : undefined;
  const admin = await Admin.connect(args.bootstrapServer, 'samsa-topics', security);
  try {
    if (args.action === 'create') {
      const replicaAssignment = args.replicaAssignment
        ? Object.fromEntries(args.replicaAssignment.map((r, p) => [p, r]))
        : undefined;
      await admin.createTopics([
        {
          topic: args.topic as string,
          numPartitions: args.partitions,
          replicationFactor: args.replicationFactor,
          replicaAssignment,
          configs: args.configs,
        },
      ]);
      out(`Created topic ${args.topic}.`);
    } else if (args.action === 'alter') {
      await alter(admin, args);
    } else if (args.action === 'list') {
      for (const name of await admin.listTopics()) out(name);
    } else if (args.action === 'delete') {
      await deleteTopics(admin, args.topic as string, out);
    } else {
      await describe(admin, args, out);
    }
  } finally {
    await admin.close();
  }
}

/**
 * kafka-topics.sh's include list: `--topic` is a regular expression matched against whole names,
 * with ',' as another '|' and quotes and spaces dropped, so `a,b` and `perf-.*` both work.
 */
export function topicIncludeList(text: string): RegExp {
  const pattern = text
    .trim()
    .replace(/,/g, '|')
    .replace(/ /g, '')
    .replace(/^["']+/, '')
    .replace(/["']+$/, '');
  try {
    return new RegExp(`^(?:${pattern})$`);
  } catch {
    throw new UsageError(`--topic '${text}' is not a valid regular expression`);
  }
}

/** Deletes every topic `--topic` matches in one request, then says what went and what did not. */
async function deleteTopics(admin: Admin, include: string, out: (line: string) => void): Promise<void> {
  const match = topicIncludeList(include);
  const names = (await admin.listTopics()).filter((t) => match.test(t)).sort();
  if (names.length === 0) throw new Error(`Topic '${include}' does not exist as expected`);
  const partitions = new Map((await admin.describeTopics(names)).topics.map((t) => [t.name, t.partitions.length]));
  let failures: PartitionFailure[] = [];
  try {
    await admin.deleteTopics(names);
  } catch (error) {
    if (!(error instanceof ClientError) || error.partitions.length === 0) throw error;
    failures = error.partitions;
  }
  const summary = deletionSummary(names, partitions, failures);
  if (summary.deleted !== null) out(summary.deleted);
  if (summary.failed !== null) throw new Error(summary.failed);
}

/**
 * Samsa's own summary (kafka-topics.sh prints nothing): the topics deleted with their partition
 * counts, and each topic that was not with its error.
 */
export function deletionSummary(
  names: string[],
  partitions: ReadonlyMap<string, number>,
  failures: readonly PartitionFailure[],
): { deleted: string | null; failed: string | null } {
  const failed = new Set(failures.map((f) => f.topic));
  const deleted = names.filter((n) => !failed.has(n));
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  const total = deleted.reduce((sum, n) => sum + (partitions.get(n) ?? 0), 0);
  return {
    deleted:
      deleted.length === 0
        ? null
        : `Deleted ${count(deleted.length, 'topic')} with ${count(total, 'partition')}: ` +
          `${deleted.map((n) => `${n} (${partitions.get(n) ?? '?'})`).join(', ')}.`,
    failed:
      failures.length === 0
        ? null
        : [
            `Deletion of ${count(failed.size, 'topic')} failed:`,
            ...failures.map((f) => `* Topic '${f.topic}' could not be deleted due to: ${withoutTopic(f)}`),
          ].join('\n'),
  };
}

/** A failure's message names its topic first; the summary line already does. */
function withoutTopic(f: PartitionFailure): string {
  const prefix = `${f.topic}: `;
  return f.message.startsWith(prefix) ? f.message.slice(prefix.length) : f.message;
}

/** Like kafka-topics.sh, --replica-assignment names every partition; only the new ones are sent. */
async function alter(admin: Admin, args: TopicsArgs): Promise<void> {
  const topic = args.topic as string;
  let assignments: number[][] | undefined;
  if (args.replicaAssignment) {
    const { topics } = await admin.describeTopics([topic]);
    const current = topics[0]?.partitions.length ?? 0;
    assignments = args.replicaAssignment.slice(current);
  }
  await admin.createPartitions([{ topic, count: args.partitions as number, assignments }]);
}

async function describe(admin: Admin, args: TopicsArgs, out: (line: string) => void): Promise<void> {
  const { topics } = await admin.describeTopics(args.topic ? [args.topic] : null);
  for (const t of topics) {
    if (t.errorCode !== 0)
      throw new Error(`Topic '${t.name}' does not exist or is not available (error ${t.errorCode})`);
  }
  const configs = args.underReplicated
    ? null
    : await topicOverrides(
        admin,
        topics.map((t) => t.name),
      );
  for (const t of topics.sort((a, b) => a.name.localeCompare(b.name))) {
    const shown = args.underReplicated ? t.partitions.filter((p) => p.isr.length < p.replicas.length) : t.partitions;
    if (!args.underReplicated) {
      const configsPart = configs ? `\tConfigs: ${configs.get(t.name) ?? ''}` : '';
      out(
        `Topic: ${t.name}\tPartitionCount: ${t.partitions.length}\tReplicationFactor: ${t.partitions[0]?.replicas.length ?? 0}${configsPart}`,
      );
    }
    for (const p of shown) {
      out(
        `\tTopic: ${t.name}\tPartition: ${p.partition}\tLeader: ${p.leader < 0 ? 'none' : p.leader}\t` +
          `Replicas: ${p.replicas.join(',')}\tIsr: ${p.isr.join(',')}`,
      );
    }
  }
}

/**
 * kafka-topics.sh's `Configs:` part: every config not at its default, as name=value. Null when
 * the broker does not serve DescribeConfigs (the header is then printed without it).
 */
export async function topicOverrides(
  admin: Pick<Admin, 'describeConfigs'>,
  names: string[],
): Promise<Map<string, string> | null> {
  if (names.length === 0) return new Map();
  try {
    const described = await admin.describeConfigs(names.map((name) => ({ type: 'topic' as const, name })));
    return new Map(
      described.map((d) => [
        d.name,
        d.configs
          .filter((c) => !c.isDefault)
          .map((c) => `${c.name}=${c.value ?? ''}`)
          .join(','),
      ]),
    );
  } catch (error) {
    if (error instanceof ClientError && error.code === 'UNSUPPORTED_BY_BROKER') return null;
    throw error;
  }
}

export function main(argv: string[]): Promise<number> {
  return toolMain(argv, USAGE, parseTopicsArgs, runTopics);
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
