// `bin/consumer-groups` — kafka-consumer-groups.sh's flags against any Kafka-compatible broker:
//   --bootstrap-server HOST:PORT (--list | --describe --group G
//   | --reset-offsets --group G --topic T (--to-earliest|--to-latest|--to-offset N) --execute
//   | --delete --group G [--group G2 ...])
// Argument handling and output only: every request goes through the Admin client.
import { flagValue, UsageError } from './flags';
import { securityFromPropertiesFile } from '../client/security-config';
import { toolMain } from './tool-main';
import { Admin } from '../client/admin';
import { describeGroupLag, executeOffsetReset, planOffsetReset } from '../client/group-offsets';
import { ClientError } from '../client/errors';
import { errorInfo } from '../protocol/error-codes';

export const USAGE = `usage: bin/consumer-groups --bootstrap-server HOST:PORT <action>
actions:
  --list
  --describe --group G
  --reset-offsets --group G --topic T (--to-earliest | --to-latest | --to-offset N) --execute
  --delete --group G [--group G2 ...]
  --command-config FILE   client properties (security.protocol, ssl.*, sasl.*)`;

export { UsageError };

export interface GroupsArgs {
  bootstrapServer: string;
  action: 'list' | 'describe' | 'reset' | 'delete';
  group?: string;
  /** Every --group given, in order (--delete takes several). */
  groups: string[];
  topic?: string;
  to?: 'earliest' | 'latest' | number;
  execute: boolean;
  /** --command-config: a client properties file (security settings). */
  commandConfig?: string;
}

export function parseGroupsArgs(argv: string[]): GroupsArgs {
  const args: Partial<GroupsArgs> & { groups: string[] } = { execute: false, groups: [] };
  const value = (i: number, flag: string): string => flagValue(argv, i, flag);
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--bootstrap-server') args.bootstrapServer = value(i++, flag);
    else if (flag === '--command-config') args.commandConfig = value(i++, flag);
    else if (flag === '--list') args.action = 'list';
    else if (flag === '--describe') args.action = 'describe';
    else if (flag === '--reset-offsets') args.action = 'reset';
    else if (flag === '--delete') args.action = 'delete';
    else if (flag === '--group') {
      args.group = value(i++, flag);
      args.groups.push(args.group);
    } else if (flag === '--topic') args.topic = value(i++, flag);
    else if (flag === '--to-earliest') args.to = 'earliest';
    else if (flag === '--to-latest') args.to = 'latest';
    else if (flag === '--to-offset') {
      const n = value(i++, flag);
      if (!/^\d+$/.test(n)) throw new UsageError(`--to-offset needs a non-negative integer, got '${n}'`);
      args.to = Number(n);
    } else if (flag === '--execute') args.execute = true;
    else throw new UsageError(`unknown option ${flag}`);
  }
  if (!args.bootstrapServer) throw new UsageError('--bootstrap-server is required');
  if (!args.action) throw new UsageError('give one of --list, --describe, --reset-offsets, --delete');
  if (args.action !== 'list' && !args.group)
    throw new UsageError(`--${args.action === 'reset' ? 'reset-offsets' : args.action} needs --group`);
  if (args.action === 'reset' && (!args.topic || args.to === undefined))
    throw new UsageError('--reset-offsets needs --topic and one of --to-earliest, --to-latest, --to-offset');
  return args as GroupsArgs;
}

export async function runGroups(args: GroupsArgs, out: (line: string) => void): Promise<void> {
  const security = args.commandConfig ? securityFromPropertiesFile(args.commandConfig) : undefined;
  const admin = await Admin.connect(args.bootstrapServer, 'samsa-consumer-groups', security);
  try {
    if (args.action === 'list') {
      for (const name of (await admin.listGroups()).map((g) => g.groupId).sort()) out(name);
    } else if (args.action === 'describe') {
      await describe(admin, args.group as string, out);
    } else if (args.action === 'delete') {
      await deleteGroups(admin, args.groups, out);
    } else {
      await reset(admin, args, out);
    }
  } finally {
    await admin.close();
  }
}

/** One row per partition the group committed or has assigned, with its lag where both are known. */
async function describe(admin: Admin, group: string, out: (line: string) => void): Promise<void> {
  const { partitions } = await describeGroupLag(admin, group);
  out(
    ['GROUP', 'TOPIC', 'PARTITION', 'CURRENT-OFFSET', 'LOG-END-OFFSET', 'LAG', 'CONSUMER-ID', 'HOST', 'CLIENT-ID'].join(
      '\t',
    ),
  );
  for (const p of partitions) {
    const o = p.owner;
    out(
      [
        group,
        p.topic,
        p.partition,
        p.currentOffset ?? '-',
        p.logEndOffset ?? '-',
        p.lag ?? '-',
        o?.memberId ?? '-',
        o?.clientHost ?? '-',
        o?.clientId ?? '-',
      ].join('\t'),
    );
  }
}

/** Like Kafka's tool, refused (also as a dry run) while the group has members. */
async function reset(admin: Admin, args: GroupsArgs, out: (line: string) => void): Promise<void> {
  const group = args.group as string;
  const to = args.to as 'earliest' | 'latest' | number;
  const plan = await planOffsetReset(
    admin,
    group,
    [args.topic as string],
    typeof to === 'number' ? { offset: to } : to,
  );
  out(['GROUP', 'TOPIC', 'PARTITION', 'NEW-OFFSET'].join('\t'));
  for (const t of plan) out([group, t.topic, t.partition, t.newOffset].join('\t'));
  const moves = plan.map((t) => ({ from: t.currentOffset, to: t.newOffset }));
  if (args.execute) await executeOffsetReset(admin, group, plan);
  out(resetSummary(group, moves, args.execute));
}

/** One partition's committed offset before a reset (null: none) and after it. */
export interface OffsetMove {
  from: number | null;
  to: number;
}

/**
 * The line after the reset table (Samsa's own; Kafka's tool prints only the table): how many
 * partitions change, how far the committed offsets move in sum, and whether it was committed.
 */
export function resetSummary(group: string, moves: OffsetMove[], executed: boolean): string {
  const changed = moves.filter((m) => m.from !== m.to);
  const fresh = changed.filter((m) => m.from === null).length;
  let back = 0;
  let forward = 0;
  for (const { from, to } of changed) {
    if (from === null) continue;
    if (to < from) back += from - to;
    else forward += to - from;
  }
  const net = forward - back;
  const [change, move] = executed ? ['changed', 'moved'] : ['would change', 'would move'];
  return (
    `Summary: group '${group}': ${changed.length} of ${moves.length} partitions ${change}` +
    (fresh > 0 ? ` (${fresh} without a committed offset before)` : '') +
    `; committed offsets ${move} by ${net > 0 ? '+' : ''}${net} in total (${back} back, ${forward} forward); ` +
    (executed ? 'executed.' : 'dry run, nothing committed (add --execute to commit).')
  );
}

/** Kafka's wording; a failed deletion names each group and its error, and the tool exits 1. */
async function deleteGroups(admin: Admin, groups: string[], out: (line: string) => void): Promise<void> {
  const failures: string[] = [];
  const deleted: string[] = [];
  // One group at a time, so each failure is known to be that group's.
  for (const group of groups) {
    try {
      await admin.deleteGroups([group]);
      deleted.push(`'${group}'`);
    } catch (error) {
      if (!(error instanceof ClientError) || error.errorCode === null) throw error;
      failures.push(
        `* Group '${group}' could not be deleted due to: ${error.code}: ${errorInfo(error.errorCode).message}`,
      );
    }
  }
  if (failures.length > 0) {
    const succeeded =
      deleted.length > 0 ? ['', `These consumer groups were deleted successfully: ${deleted.join(', ')}`] : [];
    throw new Error(['Deletion of some consumer groups failed:', ...failures, ...succeeded].join('\n'));
  }
  out(`Deletion of requested consumer groups (${deleted.join(', ')}) was successful.`);
}

export function main(argv: string[]): Promise<number> {
  return toolMain(argv, USAGE, parseGroupsArgs, runGroups);
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
