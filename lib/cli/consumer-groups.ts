// `bin/consumer-groups` — kafka-consumer-groups.sh's flags against any Kafka-compatible broker:
//   --bootstrap-server HOST:PORT (--list | --describe --group G
//   | --reset-offsets --group G --topic T (--to-earliest|--to-latest|--to-offset N) --execute
//   | --delete --group G [--group G2 ...])
// Argument handling and output only: every request goes through the Admin client.
import { flagValue, UsageError } from './flags';
import { securityFromPropertiesFile } from '../client/security-config';
import { toolMain } from './tool-main';
import { Admin } from '../client/admin';
import type { MemberDescription } from '../client/admin';
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

interface PartitionRef {
  topic: string;
  partition: number;
}

const key = (topic: string, partition: number): string => `${topic}/${partition}`;
const byTopicPartition = (a: PartitionRef, b: PartitionRef): number =>
  a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition;

/** The coordinator's answers to a commit from outside the group while the group has members. */
const ACTIVE_GROUP_CODES = ['UNKNOWN_MEMBER_ID', 'REBALANCE_IN_PROGRESS'];

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

/**
 * The partitions of `topics` that exist and have a leader. An unknown topic or a leaderless
 * partition is not an error here: its log end offset is shown as '-'.
 */
async function ledPartitions(admin: Admin, topics: string[]): Promise<PartitionRef[]> {
  const known = new Set(await admin.listTopics());
  const present = topics.filter((t) => known.has(t));
  if (present.length === 0) return [];
  const described = (await admin.describeTopics(present)).topics;
  return described.flatMap((t) =>
    t.partitions.filter((p) => p.leader >= 0).map((p) => ({ topic: t.name, partition: p.partition })),
  );
}

async function offsetsAt(
  admin: Admin,
  partitions: PartitionRef[],
  timestamp: 'earliest' | 'latest',
): Promise<Array<PartitionRef & { offset: number }>> {
  if (partitions.length === 0) return [];
  const found = await admin.listOffsets(partitions.map((p) => ({ ...p, timestamp })));
  return found.map(({ topic, partition, offset }) => ({ topic, partition, offset }));
}

/** One row per partition the group committed or has assigned, with its lag where both are known. */
async function describe(admin: Admin, group: string, out: (line: string) => void): Promise<void> {
  const [described] = await admin.describeGroups([group]);
  const rows = new Map<string, PartitionRef & { current: number }>();
  for (const c of await admin.fetchOffsets(group))
    rows.set(key(c.topic, c.partition), { topic: c.topic, partition: c.partition, current: c.offset });
  const owner = new Map<string, MemberDescription>();
  for (const m of described.members) {
    for (const a of m.assignment)
      for (const partition of a.partitions) {
        owner.set(key(a.topic, partition), m);
        if (!rows.has(key(a.topic, partition)))
          rows.set(key(a.topic, partition), { topic: a.topic, partition, current: -1 });
      }
  }
  const wanted = [...rows.values()];
  const led = await ledPartitions(admin, [...new Set(wanted.map((r) => r.topic))]);
  const ends = new Map(
    (
      await offsetsAt(
        admin,
        led.filter((p) => rows.has(key(p.topic, p.partition))),
        'latest',
      )
    ).map((o) => [key(o.topic, o.partition), o.offset]),
  );
  out(
    ['GROUP', 'TOPIC', 'PARTITION', 'CURRENT-OFFSET', 'LOG-END-OFFSET', 'LAG', 'CONSUMER-ID', 'HOST', 'CLIENT-ID'].join(
      '\t',
    ),
  );
  for (const { topic, partition, current } of wanted.sort(byTopicPartition)) {
    const end = ends.get(key(topic, partition));
    const lag = current >= 0 && end !== undefined ? String(end - current) : '-';
    const o = owner.get(key(topic, partition));
    out(
      [
        group,
        topic,
        partition,
        current >= 0 ? current : '-',
        end ?? '-',
        lag,
        o?.memberId ?? '-',
        o?.clientHost ?? '-',
        o?.clientId ?? '-',
      ].join('\t'),
    );
  }
}

function inactiveOnly(group: string, state: string): Error {
  return new Error(
    `Assignments can only be reset if the group '${group}' is inactive, but the current state is ${state}.`,
  );
}

/** Like Kafka's tool, refused (also as a dry run) while the group has members. */
async function reset(admin: Admin, args: GroupsArgs, out: (line: string) => void): Promise<void> {
  const group = args.group as string;
  const [described] = await admin.describeGroups([group]);
  if (described.members.length > 0) throw inactiveOnly(group, described.state);
  const partitions = await ledPartitions(admin, [args.topic as string]);
  const to = args.to as 'earliest' | 'latest' | number;
  const targets =
    typeof to === 'number' ? partitions.map((p) => ({ ...p, offset: to })) : await offsetsAt(admin, partitions, to);
  const before = new Map((await admin.fetchOffsets(group)).map((c) => [key(c.topic, c.partition), c.offset]));
  out(['GROUP', 'TOPIC', 'PARTITION', 'NEW-OFFSET'].join('\t'));
  for (const t of targets.sort(byTopicPartition)) out([group, t.topic, t.partition, t.offset].join('\t'));
  const moves = targets.map((t) => ({ from: before.get(key(t.topic, t.partition)) ?? null, to: t.offset }));
  if (!args.execute) {
    out(resetSummary(group, moves, false));
    return;
  }
  try {
    await admin.alterGroupOffsets(group, targets);
  } catch (error) {
    if (!(error instanceof ClientError) || error.errorCode === null) throw error;
    // A member joined since the check above.
    if (ACTIVE_GROUP_CODES.includes(error.code))
      throw inactiveOnly(group, (await admin.describeGroups([group]))[0].state);
    throw new Error(`committing the new offsets failed: ${error.code}`);
  }
  out(resetSummary(group, moves, true));
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
