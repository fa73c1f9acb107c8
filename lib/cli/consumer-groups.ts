// `bin/consumer-groups` — kafka-consumer-groups.sh's flags against any Kafka-compatible broker:
//   --bootstrap-server HOST:PORT (--list | --describe --group G
//   | --reset-offsets --group G --topic T (--to-earliest|--to-latest|--to-offset N) --execute
//   | --delete --group G [--group G2 ...])
import { flagValue, UsageError } from './flags';
import { toolMain } from './tool-main';
import { Connection } from '../network/connection';
import { splitHostPort } from '../client/admin';
import { findCoordinatorApi } from '../protocol/apis/find-coordinator';
import { listGroupsApi } from '../protocol/apis/list-groups';
import { describeGroupsApi } from '../protocol/apis/describe-groups';
import { offsetFetchApi } from '../protocol/apis/offset-fetch';
import { offsetCommitApi } from '../protocol/apis/offset-commit';
import { metadataApi } from '../protocol/apis/metadata';
import { deleteGroupsApi } from '../protocol/apis/delete-groups';
import { listOffsetsApi } from '../protocol/apis/list-offsets';
import { decodeConsumerAssignment } from '../protocol/consumer-protocol';
import { errorInfo } from '../protocol/error-codes';

export const USAGE = `usage: bin/consumer-groups --bootstrap-server HOST:PORT <action>
actions:
  --list
  --describe --group G
  --reset-offsets --group G --topic T (--to-earliest | --to-latest | --to-offset N) --execute
  --delete --group G [--group G2 ...]`;

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
}

export function parseGroupsArgs(argv: string[]): GroupsArgs {
  const args: Partial<GroupsArgs> & { groups: string[] } = { execute: false, groups: [] };
  const value = (i: number, flag: string): string => flagValue(argv, i, flag);
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--bootstrap-server') args.bootstrapServer = value(i++, flag);
    else if (flag === '--list') args.action = 'list';
    else if (flag === '--describe') args.action = 'describe';
    else if (flag === '--reset-offsets') args.action = 'reset';
    else if (flag === '--delete') args.action = 'delete';
    else if (flag === '--group') {
      args.group = value(i++, flag);
      args.groups.push(args.group);
    }
    else if (flag === '--topic') args.topic = value(i++, flag);
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
  if (args.action !== 'list' && !args.group) throw new UsageError(`--${args.action === 'reset' ? 'reset-offsets' : args.action} needs --group`);
  if (args.action === 'reset' && (!args.topic || args.to === undefined)) throw new UsageError('--reset-offsets needs --topic and one of --to-earliest, --to-latest, --to-offset');
  return args as GroupsArgs;
}

async function connect(address: string): Promise<Connection> {
  const [host, port] = splitHostPort(address);
  return Connection.connect({ host, port: Number(port), clientId: 'samsa-consumer-groups' });
}

async function brokers(bootstrap: Connection): Promise<Array<{ nodeId: number; host: string; port: number }>> {
  const md = await bootstrap.send(metadataApi, 4, { topics: [], allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false } as never);
  return md.brokers;
}

async function coordinator(bootstrap: Connection, group: string): Promise<Connection> {
  const r = await bootstrap.send(findCoordinatorApi, 1, { key: group, keyType: 0, coordinatorKeys: [] });
  if (r.errorCode !== 0) throw new Error(`cannot find the coordinator of ${group}: ${errorInfo(r.errorCode).name}`);
  return connect(`${r.host}:${r.port}`);
}

/** Log end offsets of every partition of `topics`, asked of each partition's leader. */
async function logEndOffsets(bootstrap: Connection, topics: string[], timestamp = -1): Promise<Map<string, number>> {
  const md = await bootstrap.send(metadataApi, 4, { topics: topics.map((name) => ({ name, topicId: '' })), allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false } as never);
  const result = new Map<string, number>();
  for (const t of md.topics) {
    for (const p of t.partitions) {
      const leader = md.brokers.find((b) => b.nodeId === p.leaderId);
      if (!leader) continue;
      const conn = await connect(`${leader.host}:${leader.port}`);
      try {
        const r = await conn.send(listOffsetsApi, 1, { replicaId: -1, isolationLevel: 0, topics: [{ name: t.name, partitions: [{ partitionIndex: p.partitionIndex, currentLeaderEpoch: -1, timestamp, maxNumOffsets: 1 }] }] });
        result.set(`${t.name}/${p.partitionIndex}`, r.topics[0].partitions[0].offset);
      } finally {
        conn.close();
      }
    }
  }
  return result;
}

export async function runGroups(args: GroupsArgs, out: (line: string) => void): Promise<void> {
  const bootstrap = await connect(args.bootstrapServer);
  try {
    if (args.action === 'list') {
      const names = new Set<string>();
      for (const b of await brokers(bootstrap)) {
        const conn = await connect(`${b.host}:${b.port}`);
        try {
          for (const g of (await conn.send(listGroupsApi, 2, { statesFilter: [] })).groups) names.add(g.groupId);
        } finally {
          conn.close();
        }
      }
      for (const name of [...names].sort()) out(name);
    } else if (args.action === 'describe') {
      await describe(bootstrap, args.group as string, out);
    } else if (args.action === 'delete') {
      await deleteGroups(bootstrap, args.groups, out);
    } else {
      await reset(bootstrap, args, out);
    }
  } finally {
    bootstrap.close();
  }
}

async function describe(bootstrap: Connection, group: string, out: (line: string) => void): Promise<void> {
  const coord = await coordinator(bootstrap, group);
  try {
    const described = (await coord.send(describeGroupsApi, 1, { groups: [group], includeAuthorizedOperations: false })).groups[0];
    const owner = new Map<string, { memberId: string; host: string; clientId: string }>();
    for (const m of described?.members ?? []) {
      if (m.memberAssignment.length === 0) continue;
      for (const tp of decodeConsumerAssignment(m.memberAssignment).assignedPartitions) {
        for (const p of tp.partitions) owner.set(`${tp.topic}/${p}`, { memberId: m.memberId, host: m.clientHost, clientId: m.clientId });
      }
    }
    const committed = await coord.send(offsetFetchApi, 3, { groupId: group, topics: null, groups: [], requireStable: false });
    const topics = [...new Set([...committed.topics.map((t) => t.name), ...[...owner.keys()].map((k) => k.slice(0, k.lastIndexOf('/')))])];
    const ends = await logEndOffsets(bootstrap, topics);
    out(['GROUP', 'TOPIC', 'PARTITION', 'CURRENT-OFFSET', 'LOG-END-OFFSET', 'LAG', 'CONSUMER-ID', 'HOST', 'CLIENT-ID'].join('\t'));
    const rows = new Map<string, number>();
    for (const t of committed.topics) for (const p of t.partitions) rows.set(`${t.name}/${p.partitionIndex}`, p.committedOffset);
    for (const key of owner.keys()) if (!rows.has(key)) rows.set(key, -1);
    for (const key of [...rows.keys()].sort()) {
      const [topic, partition] = [key.slice(0, key.lastIndexOf('/')), key.slice(key.lastIndexOf('/') + 1)];
      const current = rows.get(key) as number;
      const end = ends.get(key);
      const lag = current >= 0 && end !== undefined ? String(end - current) : '-';
      const o = owner.get(key);
      out([group, topic, partition, current >= 0 ? current : '-', end ?? '-', lag, o?.memberId ?? '-', o?.host ?? '-', o?.clientId ?? '-'].join('\t'));
    }
  } finally {
    coord.close();
  }
}

async function reset(bootstrap: Connection, args: GroupsArgs, out: (line: string) => void): Promise<void> {
  const group = args.group as string;
  const topic = args.topic as string;
  const coord = await coordinator(bootstrap, group);
  try {
    const described = (await coord.send(describeGroupsApi, 1, { groups: [group], includeAuthorizedOperations: false })).groups[0];
    if (described && described.members.length > 0) {
      throw new Error(`Assignments can only be reset if the group '${group}' is inactive, but the current state is ${described.groupState}.`);
    }
    const targets = typeof args.to === 'number'
      ? new Map([...(await logEndOffsets(bootstrap, [topic])).keys()].map((k) => [k, args.to as number]))
      : await logEndOffsets(bootstrap, [topic], args.to === 'earliest' ? -2 : -1);
    out(['GROUP', 'TOPIC', 'PARTITION', 'NEW-OFFSET'].join('\t'));
    for (const [key, offset] of [...targets.entries()].sort()) out([group, topic, key.slice(key.lastIndexOf('/') + 1), offset].join('\t'));
    if (!args.execute) return;
    const partitions = [...targets.entries()].map(([key, offset]) => ({
      partitionIndex: Number(key.slice(key.lastIndexOf('/') + 1)), committedOffset: offset, committedLeaderEpoch: -1, commitTimestamp: -1, committedMetadata: '',
    }));
    const r = await coord.send(offsetCommitApi, 2, { groupId: group, generationId: -1, memberId: '', groupInstanceId: null, retentionTimeMs: -1, topics: [{ name: topic, partitions }] });
    const failed = r.topics.flatMap((t) => t.partitions).find((p) => p.errorCode !== 0);
    if (failed) throw new Error(`committing the new offsets failed: ${errorInfo(failed.errorCode).name}`);
  } finally {
    coord.close();
  }
}

/** Kafka's wording; a failed deletion names each group and its error, and the tool exits 1. */
async function deleteGroups(bootstrap: Connection, groups: string[], out: (line: string) => void): Promise<void> {
  const failures: string[] = [];
  const deleted: string[] = [];
  for (const group of groups) {
    const coord = await coordinator(bootstrap, group);
    try {
      const r = await coord.send(deleteGroupsApi, 1, { groupsNames: [group] });
      const errorCode = r.results.find((g) => g.groupId === group)?.errorCode ?? 0;
      if (errorCode === 0) deleted.push(`'${group}'`);
      else failures.push(`* Group '${group}' could not be deleted due to: ${errorInfo(errorCode).name}: ${errorInfo(errorCode).message}`);
    } finally {
      coord.close();
    }
  }
  if (failures.length > 0) {
    const succeeded = deleted.length > 0 ? ['', `These consumer groups were deleted successfully: ${deleted.join(', ')}`] : [];
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
