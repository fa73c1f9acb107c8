// `bin/topics` — Kafka's kafka-topics.sh flags against any Kafka-compatible broker:
//   --bootstrap-server HOST:PORT (--create --topic T --partitions N --replication-factor R
//   [--config k=v]... | --list | --describe [--topic T] [--under-replicated-partitions]
//   | --delete --topic T)
import { toolMain } from './tool-main';
import { Admin } from '../client/admin';

export const USAGE = `usage: bin/topics --bootstrap-server HOST:PORT <action> [options]
actions:
  --create --topic T [--partitions N] [--replication-factor R] [--config key=value]...
  --list
  --describe [--topic T] [--under-replicated-partitions]
  --delete --topic T`;

export interface TopicsArgs {
  bootstrapServer: string;
  action: 'create' | 'list' | 'describe' | 'delete';
  topic?: string;
  partitions?: number;
  replicationFactor?: number;
  configs: Record<string, string>;
  underReplicated: boolean;
}

export class UsageError extends Error {}

const ACTIONS = ['--create', '--list', '--describe', '--delete'];

export function parseTopicsArgs(argv: string[]): TopicsArgs {
  const args: Partial<TopicsArgs> & { configs: Record<string, string>; underReplicated: boolean } = { configs: {}, underReplicated: false };
  const value = (i: number, flag: string): string => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (ACTIONS.includes(flag)) {
      if (args.action) throw new UsageError('give exactly one of --create, --list, --describe, --delete');
      args.action = flag.slice(2) as TopicsArgs['action'];
    } else if (flag === '--bootstrap-server') args.bootstrapServer = value(i++, flag);
    else if (flag === '--topic') args.topic = value(i++, flag);
    else if (flag === '--partitions') args.partitions = positiveInt(value(i++, flag), flag);
    else if (flag === '--replication-factor') args.replicationFactor = positiveInt(value(i++, flag), flag);
    else if (flag === '--config') {
      const pair = value(i++, flag);
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new UsageError(`--config expects key=value, got '${pair}'`);
      args.configs[pair.slice(0, eq)] = pair.slice(eq + 1);
    } else if (flag === '--under-replicated-partitions') args.underReplicated = true;
    else throw new UsageError(`unknown option ${flag}`);
  }
  if (!args.bootstrapServer) throw new UsageError('--bootstrap-server is required');
  if (!args.action) throw new UsageError('give one of --create, --list, --describe, --delete');
  if ((args.action === 'create' || args.action === 'delete') && !args.topic) throw new UsageError(`--${args.action} needs --topic`);
  return args as TopicsArgs;
}

function positiveInt(text: string, flag: string): number {
  if (!/^\d+$/.test(text) || Number(text) <= 0) throw new UsageError(`${flag} must be a positive integer, got '${text}'`);
  return Number(text);
}

export async function runTopics(args: TopicsArgs, out: (line: string) => void): Promise<void> {
  const admin = await Admin.connect(args.bootstrapServer, 'samsa-topics');
  try {
    if (args.action === 'create') {
      await admin.createTopics([{ topic: args.topic as string, numPartitions: args.partitions, replicationFactor: args.replicationFactor, configs: args.configs }]);
      out(`Created topic ${args.topic}.`);
    } else if (args.action === 'list') {
      for (const name of await admin.listTopics()) out(name);
    } else if (args.action === 'delete') {
      await admin.deleteTopics([args.topic as string]);
    } else {
      await describe(admin, args, out);
    }
  } finally {
    admin.close();
  }
}

async function describe(admin: Admin, args: TopicsArgs, out: (line: string) => void): Promise<void> {
  const { topics } = await admin.describeTopics(args.topic ? [args.topic] : null);
  for (const t of topics.sort((a, b) => a.name.localeCompare(b.name))) {
    if (t.errorCode !== 0) throw new Error(`Topic '${t.name}' does not exist or is not available (error ${t.errorCode})`);
    const shown = args.underReplicated ? t.partitions.filter((p) => p.isr.length < p.replicas.length) : t.partitions;
    if (!args.underReplicated) {
      out(`Topic: ${t.name}\tPartitionCount: ${t.partitions.length}\tReplicationFactor: ${t.partitions[0]?.replicas.length ?? 0}`);
    }
    for (const p of shown) {
      out(`\tTopic: ${t.name}\tPartition: ${p.partition}\tLeader: ${p.leader < 0 ? 'none' : p.leader}\t` +
        `Replicas: ${p.replicas.join(',')}\tIsr: ${p.isr.join(',')}`);
    }
  }
}

export function main(argv: string[]): Promise<number> {
  return toolMain(argv, USAGE, parseTopicsArgs, runTopics);
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
