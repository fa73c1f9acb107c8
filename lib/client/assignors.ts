// The group leader's partition assignors, under the protocol names Kafka's clients use ("range",
// "roundrobin") so that Java, kafka-python and librdkafka members can share a group with ours.
// They are pure functions of the members' subscriptions and the partition counts: the leader
// runs one after JoinGroup and sends the result in SyncGroup. Nothing here touches the network.
import { ClientError } from './errors';

export interface AssignorMember {
  memberId: string;
  /** Static membership id (KIP-345); static members sort before dynamic ones. */
  groupInstanceId?: string | null;
  /** Topics this member subscribed to. */
  topics: string[];
}

/** memberId → topic → sorted partitions. Every member appears, possibly with nothing. */
export type GroupAssignment = Map<string, Map<string, number[]>>;

export interface PartitionAssignor {
  /** The JoinGroup protocol name. */
  readonly name: string;
  /** `partitionCounts` holds every subscribed topic that exists; unknown topics are skipped. */
  assign(members: AssignorMember[], partitionCounts: Map<string, number>): GroupAssignment;
}

/** Kafka's member order: both static → by instance id; static before dynamic; else by member id. */
export function compareMembers(a: AssignorMember, b: AssignorMember): number {
  const aStatic = a.groupInstanceId != null;
  const bStatic = b.groupInstanceId != null;
  if (aStatic && bStatic) return compareStrings(a.groupInstanceId as string, b.groupInstanceId as string);
  if (aStatic !== bStatic) return aStatic ? -1 : 1;
  return compareStrings(a.memberId, b.memberId);
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function emptyAssignment(members: AssignorMember[]): GroupAssignment {
  return new Map(members.map((m) => [m.memberId, new Map<string, number[]>()]));
}

function add(assignment: GroupAssignment, memberId: string, topic: string, partition: number): void {
  const topics = assignment.get(memberId) as Map<string, number[]>;
  const list = topics.get(topic);
  if (list) list.push(partition);
  else topics.set(topic, [partition]);
}

/**
 * Per topic: the subscribed members in Kafka's order share the partitions in contiguous ranges,
 * the first `partitions % members` of them getting one extra.
 */
export const rangeAssignor: PartitionAssignor = {
  name: 'range',
  assign(members, partitionCounts) {
    const assignment = emptyAssignment(members);
    const topics = [...new Set(members.flatMap((m) => m.topics))].sort(compareStrings);
    for (const topic of topics) {
      const count = partitionCounts.get(topic);
      if (count === undefined) continue;
      const subscribers = members.filter((m) => m.topics.includes(topic)).sort(compareMembers);
      const share = Math.floor(count / subscribers.length);
      const extra = count % subscribers.length;
      subscribers.forEach((member, i) => {
        const start = share * i + Math.min(i, extra);
        const length = share + (i < extra ? 1 : 0);
        for (let p = start; p < start + length; p++) add(assignment, member.memberId, topic, p);
      });
    }
    return assignment;
  },
};

/**
 * All partitions of all subscribed topics (by topic name, then number) dealt around the sorted
 * members in a circle, skipping members not subscribed to a partition's topic.
 */
export const roundRobinAssignor: PartitionAssignor = {
  name: 'roundrobin',
  assign(members, partitionCounts) {
    const assignment = emptyAssignment(members);
    const circle = [...members].sort(compareMembers);
    if (circle.length === 0) return assignment;
    const topics = [...new Set(members.flatMap((m) => m.topics))]
      .filter((t) => partitionCounts.has(t))
      .sort(compareStrings);
    let next = 0;
    for (const topic of topics) {
      for (let p = 0; p < (partitionCounts.get(topic) as number); p++) {
        // Some member is subscribed to `topic` (it came from a subscription), so this ends.
        while (!circle[next % circle.length].topics.includes(topic)) next++;
        add(assignment, circle[next % circle.length].memberId, topic, p);
        next++;
      }
    }
    return assignment;
  },
};

export const BUILT_IN_ASSIGNORS: Record<string, PartitionAssignor> = {
  range: rangeAssignor,
  roundrobin: roundRobinAssignor,
};

/** Resolves names (or assignor objects) to assignors; unknown names are the caller's mistake. */
export function resolveAssignors(choices: Array<string | PartitionAssignor>): PartitionAssignor[] {
  return choices.map((choice) => {
    if (typeof choice !== 'string') return choice;
    const assignor = BUILT_IN_ASSIGNORS[choice];
    if (!assignor)
      throw new ClientError(
        'INVALID_ARGUMENT',
        `unknown assignor '${choice}' (known: ${Object.keys(BUILT_IN_ASSIGNORS).join(', ')})`,
      );
    return assignor;
  });
}
