// One consumer group's state as data, after Kafka's GroupMetadata: the state machine is a
// transition table (an illegal move is a bug and fails an assertion), members carry their
// protocols and the request parked on their behalf. No timers and no I/O live here; the
// coordinator drives this object and owns the timers.
import assert from 'assert';

export type GroupState = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' | 'Dead';

/** For each state, the states it may be entered from (GROUPS.md §5.2). */
export const GROUP_STATE_PREVIOUS: Readonly<Record<GroupState, readonly GroupState[]>> = Object.freeze({
  Empty: ['PreparingRebalance'],
  PreparingRebalance: ['Stable', 'CompletingRebalance', 'Empty'],
  CompletingRebalance: ['PreparingRebalance'],
  Stable: ['CompletingRebalance'],
  Dead: ['Empty', 'PreparingRebalance', 'CompletingRebalance', 'Stable', 'Dead'],
});

export function canTransition(from: GroupState, to: GroupState): boolean {
  return GROUP_STATE_PREVIOUS[to].includes(from);
}

export interface GroupProtocol {
  name: string;
  metadata: Buffer;
}

export interface JoinGroupMemberInfo {
  memberId: string;
  groupInstanceId: string | null;
  metadata: Buffer;
}

export interface JoinGroupResult {
  errorCode: number;
  generationId: number;
  protocolType: string | null;
  protocolName: string | null;
  leader: string;
  memberId: string;
  /** Every member's metadata for the chosen protocol: for the leader only. */
  members: JoinGroupMemberInfo[];
}

export interface SyncGroupResult {
  errorCode: number;
  protocolType: string | null;
  protocolName: string | null;
  assignment: Buffer;
}

export interface MemberMetadata {
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly clientId: string;
  readonly clientHost: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocolType: string;
  /** In the member's order of preference. */
  supportedProtocols: GroupProtocol[];
  assignment: Buffer;
  /** True until the member's first join completes: it cannot heartbeat before that. */
  isNew: boolean;
  awaitingJoin: ((result: JoinGroupResult) => void) | null;
  awaitingSync: ((result: SyncGroupResult) => void) | null;
}

export function sameProtocols(left: readonly GroupProtocol[], right: readonly GroupProtocol[]): boolean {
  return (
    left.length === right.length &&
    left.every(
      (protocol, index) => protocol.name === right[index].name && protocol.metadata.equals(right[index].metadata),
    )
  );
}

export class GroupMetadata {
  private stateValue: GroupState = 'Empty';
  generationId = 0;
  protocolType: string | null = null;
  protocolName: string | null = null;
  leaderId: string | null = null;
  readonly members = new Map<string, MemberMetadata>();
  /** Static membership (KIP-345): group.instance.id -> the member id that currently holds it. */
  readonly staticMembers = new Map<string, string>();
  /** Member ids handed out with MEMBER_ID_REQUIRED that have not joined yet. */
  readonly pendingMembers = new Set<string>();
  /** Set when a member joins during an initial delayed join, so the delay is extended. */
  newMemberAdded = false;
  /**
   * Members given this generation's JoinGroup result that have not sent SyncGroup yet (Kafka
   * 3.x's pendingSyncMembers): those still here when the rebalance timeout runs out are removed.
   */
  readonly pendingSyncMembers = new Set<string>();

  constructor(readonly groupId: string) {}

  get state(): GroupState {
    return this.stateValue;
  }

  is(state: GroupState): boolean {
    return this.stateValue === state;
  }

  transitionTo(target: GroupState): void {
    assert(
      canTransition(this.stateValue, target),
      `group ${this.groupId}: illegal transition ${this.stateValue} -> ${target}`,
    );
    this.stateValue = target;
  }

  canRebalance(): boolean {
    return GROUP_STATE_PREVIOUS.PreparingRebalance.includes(this.stateValue);
  }

  has(memberId: string): boolean {
    return this.members.has(memberId);
  }

  isLeader(memberId: string): boolean {
    return this.leaderId === memberId;
  }

  add(member: MemberMetadata): void {
    assert(!this.members.has(member.memberId), `group ${this.groupId}: member ${member.memberId} added twice`);
    if (this.members.size === 0) this.protocolType = member.protocolType;
    assert(this.protocolType === member.protocolType, `group ${this.groupId}: protocol type mismatch`);
    this.members.set(member.memberId, member);
    if (member.groupInstanceId !== null) this.staticMembers.set(member.groupInstanceId, member.memberId);
    if (this.leaderId === null) this.leaderId = member.memberId;
  }

  staticMemberId(groupInstanceId: string): string | undefined {
    return this.staticMembers.get(groupInstanceId);
  }

  /** A request naming an instance id now held by another member id comes from a replaced (fenced) member. */
  isStaticMemberFenced(memberId: string, groupInstanceId: string | null): boolean {
    if (groupInstanceId === null) return false;
    const current = this.staticMembers.get(groupInstanceId);
    return current !== undefined && current !== memberId;
  }

  /**
   * A static member came back under a new member id: it takes the old member's place (assignment,
   * leadership, pending sync) without a membership change; the old object is returned.
   */
  replaceStaticMember(
    groupInstanceId: string,
    newMemberId: string,
  ): { previous: MemberMetadata; replacement: MemberMetadata } {
    const oldMemberId = this.staticMembers.get(groupInstanceId);
    const previous = oldMemberId === undefined ? undefined : this.members.get(oldMemberId);
    assert(previous, `group ${this.groupId}: no static member ${groupInstanceId}`);
    const replacement: MemberMetadata = { ...previous, memberId: newMemberId, awaitingJoin: null, awaitingSync: null };
    this.members.delete(previous.memberId);
    this.members.set(newMemberId, replacement);
    this.staticMembers.set(groupInstanceId, newMemberId);
    if (this.leaderId === previous.memberId) this.leaderId = newMemberId;
    if (this.pendingSyncMembers.delete(previous.memberId)) this.pendingSyncMembers.add(newMemberId);
    return { previous, replacement };
  }

  /** Removes a member; a new leader is any remaining member (preferably one that rejoined). */
  remove(memberId: string): MemberMetadata | undefined {
    const member = this.members.get(memberId);
    if (!member) return undefined;
    this.members.delete(memberId);
    this.pendingSyncMembers.delete(memberId);
    if (member.groupInstanceId !== null && this.staticMembers.get(member.groupInstanceId) === memberId) {
      this.staticMembers.delete(member.groupInstanceId);
    }
    if (this.leaderId === memberId) this.leaderId = this.pickLeader();
    return member;
  }

  private pickLeader(): string | null {
    const members = [...this.members.values()];
    return (members.find((member) => member.awaitingJoin !== null) ?? members[0])?.memberId ?? null;
  }

  /** When the leader did not rejoin, any member that did takes over (Kafka's maybeElectNewJoinedLeader). */
  electJoinedLeaderIfNeeded(): void {
    const leader = this.leaderId === null ? undefined : this.members.get(this.leaderId);
    if (leader?.awaitingJoin) return;
    const joined = [...this.members.values()].find((member) => member.awaitingJoin !== null);
    this.leaderId = joined ? joined.memberId : this.leaderId;
  }

  /** Protocols every member supports. */
  candidateProtocols(): Set<string> {
    const members = [...this.members.values()];
    if (members.length === 0) return new Set();
    const names = (member: MemberMetadata): string[] => member.supportedProtocols.map((protocol) => protocol.name);
    return new Set(names(members[0]).filter((name) => members.every((member) => names(member).includes(name))));
  }

  /** Whether a member offering `protocols` of `protocolType` could join (GROUPS.md §5.3 step 4). */
  supportsProtocols(protocolType: string, protocols: readonly GroupProtocol[]): boolean {
    if (this.members.size === 0) return protocolType.length > 0 && protocols.length > 0;
    if (protocolType !== this.protocolType) return false;
    const candidates = this.candidateProtocols();
    return protocols.some((protocol) => candidates.has(protocol.name));
  }

  /** Each member votes for its most preferred candidate; most votes wins (ties: first counted). */
  selectProtocol(): string {
    const candidates = this.candidateProtocols();
    assert(candidates.size > 0, `group ${this.groupId}: no protocol supported by every member`);
    const votes = new Map<string, number>();
    for (const member of this.members.values()) {
      const vote = member.supportedProtocols.find((protocol) => candidates.has(protocol.name));
      assert(vote, `group ${this.groupId}: member ${member.memberId} supports no candidate`);
      votes.set(vote.name, (votes.get(vote.name) ?? 0) + 1);
    }
    let best: [string, number] = ['', -1];
    for (const entry of votes) if (entry[1] > best[1]) best = entry;
    return best[0];
  }

  metadataFor(member: MemberMetadata, protocolName: string): Buffer {
    const protocol = member.supportedProtocols.find((candidate) => candidate.name === protocolName);
    assert(protocol, `group ${this.groupId}: member ${member.memberId} lacks protocol ${protocolName}`);
    return protocol.metadata;
  }

  /** Every member's metadata for the chosen protocol: what the leader receives. */
  currentMemberMetadata(): JoinGroupMemberInfo[] {
    assert(this.protocolName !== null, `group ${this.groupId}: no protocol chosen`);
    const protocolName = this.protocolName;
    return [...this.members.values()].map((member) => ({
      memberId: member.memberId,
      groupInstanceId: member.groupInstanceId,
      metadata: this.metadataFor(member, protocolName),
    }));
  }

  hasAllMembersJoined(): boolean {
    return this.pendingMembers.size === 0 && [...this.members.values()].every((member) => member.awaitingJoin !== null);
  }

  maxRebalanceTimeoutMs(): number {
    return Math.max(0, ...[...this.members.values()].map((member) => member.rebalanceTimeoutMs));
  }

  /** Moves to the next generation after a join phase: CompletingRebalance, or Empty without members. */
  initNextGeneration(): void {
    this.generationId += 1;
    this.pendingSyncMembers.clear();
    if (this.members.size > 0) {
      this.protocolName = this.selectProtocol();
      this.transitionTo('CompletingRebalance');
    } else {
      this.protocolName = null;
      this.transitionTo('Empty');
    }
  }
}
