// Proves at the wire level, against a real bin/broker process, that a group member that stops
// heartbeating (without leaving, its connection still open) is removed once its session timeout
// has passed and not before, that the surviving member is then told to rejoin and takes over
// every partition, and that the stale member's next heartbeat gets UNKNOWN_MEMBER_ID. Also that
// a static member (JoinGroup v5 group.instance.id) restarting on a new connection keeps its
// partitions without a rebalance, its old member id is fenced, and LeaveGroup v3 removes static
// members by instance id.
import { expect } from 'chai';
import { spawnBroker, stopAllBrokers, tempDir, BrokerProcess } from '../helpers/broker';
import { zkChroot } from '../helpers/zookeeper';
import { waitUntil } from '../helpers/wait';
import { Admin } from '../../lib/client/admin';
import { Connection } from '../../lib/network/connection';
import { findCoordinatorApi } from '../../lib/protocol/apis/find-coordinator';
import { joinGroupApi, JoinGroupResponse } from '../../lib/protocol/apis/join-group';
import { syncGroupApi } from '../../lib/protocol/apis/sync-group';
import { heartbeatApi } from '../../lib/protocol/apis/heartbeat';
import { leaveGroupApi } from '../../lib/protocol/apis/leave-group';
import {
  decodeConsumerAssignment,
  encodeConsumerAssignment,
  encodeConsumerSubscription,
} from '../../lib/protocol/consumer-protocol';
import { ErrorCode } from '../../lib/protocol/error-codes';

const GROUP = 'raw-group';
const TOPIC = 'raw-topic';
const PARTITIONS = [0, 1, 2, 3];
const SESSION_TIMEOUT_MS = 3000;
const HEARTBEAT_INTERVAL_MS = 200;
const COORDINATOR_ERRORS: number[] = [
  ErrorCode.NOT_COORDINATOR,
  ErrorCode.COORDINATOR_NOT_AVAILABLE,
  ErrorCode.COORDINATOR_LOAD_IN_PROGRESS,
];

/** A consumer-group member speaking JoinGroup v5 / SyncGroup v3 / Heartbeat v3 by hand. */
class RawMember {
  memberId = '';
  generationId = -1;
  assigned: number[] = [];

  constructor(
    private readonly conn: Connection,
    private readonly group = GROUP,
    readonly instanceId: string | null = null,
  ) {}

  async join(): Promise<JoinGroupResponse> {
    const metadata = encodeConsumerSubscription({ topics: [TOPIC], userData: null, ownedPartitions: [] });
    for (;;) {
      const r = await this.conn.send(joinGroupApi, 5, {
        groupId: this.group,
        sessionTimeoutMs: SESSION_TIMEOUT_MS,
        rebalanceTimeoutMs: 10000,
        memberId: this.memberId,
        groupInstanceId: this.instanceId,
        protocolType: 'consumer',
        protocols: [{ name: 'range', metadata }],
      });
      this.memberId = r.memberId;
      if (r.errorCode === ErrorCode.MEMBER_ID_REQUIRED) continue;
      if (r.errorCode !== ErrorCode.NONE) throw new Error(`JoinGroup failed: ${r.errorCode}`);
      this.generationId = r.generationId;
      return r;
    }
  }

  /** Joins and syncs; as leader, deals the partitions round-robin over the members, sorted. */
  async joinAndSync(): Promise<void> {
    const joined = await this.join();
    const members = joined.members.map((m) => m.memberId).sort();
    const assignments =
      joined.leader !== this.memberId
        ? []
        : members.map((memberId, index) => ({
            memberId,
            assignment: encodeConsumerAssignment({
              assignedPartitions: [
                { topic: TOPIC, partitions: PARTITIONS.filter((p) => p % members.length === index) },
              ],
              userData: null,
            }),
          }));
    const r = await this.conn.send(syncGroupApi, 3, {
      groupId: this.group,
      generationId: this.generationId,
      memberId: this.memberId,
      groupInstanceId: this.instanceId,
      protocolType: null,
      protocolName: null,
      assignments,
    });
    if (r.errorCode !== ErrorCode.NONE) throw new Error(`SyncGroup failed: ${r.errorCode}`);
    this.assigned = decodeConsumerAssignment(r.assignment)
      .assignedPartitions.flatMap((tp) => tp.partitions)
      .sort();
  }

  async heartbeat(): Promise<number> {
    const r = await this.conn.send(heartbeatApi, 3, {
      groupId: this.group,
      generationId: this.generationId,
      memberId: this.memberId,
      groupInstanceId: this.instanceId,
    });
    return r.errorCode;
  }
}

/** Heartbeats every HEARTBEAT_INTERVAL_MS and rejoins when told to, until stopped. */
class HeartbeatLoop {
  private stopped = false;
  lastSentMs = 0;
  rebalanceSeenMs: number[] = [];
  error: Error | null = null;
  readonly done: Promise<void>;

  constructor(private readonly member: RawMember) {
    this.done = this.run().catch((err: Error) => {
      this.error = err;
    });
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      this.lastSentMs = Date.now();
      const code = await this.member.heartbeat();
      if (this.stopped) return;
      if (code === ErrorCode.REBALANCE_IN_PROGRESS) {
        this.rebalanceSeenMs.push(Date.now());
        await this.member.joinAndSync();
      } else if (code !== ErrorCode.NONE) {
        throw new Error(`heartbeat failed: ${code}`);
      }
      await new Promise((resolve) => setTimeout(resolve, HEARTBEAT_INTERVAL_MS));
    }
  }

  stop(): Promise<void> {
    this.stopped = true;
    return this.done;
  }
}

describe('group membership at the wire level (raw protocol, broker process)', function () {
  this.timeout(60000);
  let broker: BrokerProcess;
  const connections: Connection[] = [];

  before(async () => {
    broker = await spawnBroker({
      props: {
        'broker.id': 1,
        listeners: 'PLAINTEXT://127.0.0.1:0',
        'log.dirs': tempDir('group-session'),
        'zookeeper.connect': zkChroot('group-session'),
        'offsets.topic.num.partitions': 1,
        'offsets.topic.replication.factor': 1,
        'group.initial.rebalance.delay.ms': 0,
        'group.min.session.timeout.ms': 1000,
      },
    });
    const admin = await Admin.connect(broker.bootstrap);
    await admin.createTopics([{ topic: TOPIC, numPartitions: PARTITIONS.length, replicationFactor: 1 }]);
    admin.close();
  });

  after(async () => {
    for (const conn of connections) conn.close();
    await stopAllBrokers();
  });

  async function memberConnection(group = GROUP): Promise<Connection> {
    const conn = await Connection.connect({
      host: '127.0.0.1',
      port: broker.port,
      clientId: `raw-${connections.length}`,
      requestTimeoutMs: 20000,
    });
    connections.push(conn);
    await waitUntil(
      async () => {
        const r = await conn.send(findCoordinatorApi, 1, { key: group, keyType: 0, coordinatorKeys: [] });
        return r.errorCode === ErrorCode.NONE && r.port === broker.port;
      },
      { timeoutMs: 20000, message: 'the broker to coordinate the group' },
    );
    return conn;
  }

  it('removes the silent member after its session timeout and gives its partitions to the survivor', async () => {
    const a = new RawMember(await memberConnection());
    await waitUntil(
      async () => {
        try {
          await a.joinAndSync();
          return true;
        } catch (err) {
          if (COORDINATOR_ERRORS.some((code) => (err as Error).message.endsWith(`: ${code}`))) return false;
          throw err;
        }
      },
      { timeoutMs: 20000, message: 'the first member to join' },
    );
    expect(a.assigned).to.deep.equal(PARTITIONS);
    const aLoop = new HeartbeatLoop(a);
    try {
      const b = new RawMember(await memberConnection());
      await b.joinAndSync();
      await waitUntil(() => a.assigned.length === 2 && a.generationId === b.generationId, {
        message: 'the survivor-to-be to rejoin',
      });
      expect([...a.assigned, ...b.assigned].sort()).to.deep.equal(PARTITIONS);
      expect(b.assigned).to.have.length(2);

      // B goes silent: no heartbeat, no LeaveGroup, its connection stays open.
      const lastBeatSentMs = Date.now();
      expect(await b.heartbeat()).to.equal(ErrorCode.NONE);
      const rebalancesBefore = aLoop.rebalanceSeenMs.length;
      await waitUntil(
        () => {
          if (aLoop.error) throw aLoop.error;
          return a.assigned.length === PARTITIONS.length;
        },
        { timeoutMs: SESSION_TIMEOUT_MS * 4, message: 'the survivor to take every partition' },
      );
      const noticedMs = aLoop.rebalanceSeenMs[rebalancesBefore];
      expect(noticedMs - lastBeatSentMs, 'rebalance only after the session timeout').to.be.at.least(SESSION_TIMEOUT_MS);
      expect(noticedMs - lastBeatSentMs, 'rebalance soon after the session timeout').to.be.below(
        SESSION_TIMEOUT_MS + 2000,
      );
      expect(a.generationId).to.equal(b.generationId + 1);
      expect(await b.heartbeat()).to.equal(ErrorCode.UNKNOWN_MEMBER_ID);
    } finally {
      await aLoop.stop();
    }
  });

  it('a restarted static member keeps its partitions without a rebalance; LeaveGroup v3 removes by instance id', async () => {
    const group = 'static-group';
    const first = new RawMember(await memberConnection(group), group, 'instance-1');
    await first.joinAndSync();
    const firstLoop = new HeartbeatLoop(first);
    try {
      const second = new RawMember(await memberConnection(group), group, 'instance-2');
      await second.joinAndSync();
      await waitUntil(() => first.generationId === second.generationId && first.assigned.length === 2, {
        message: 'both static members in one generation',
      });
      expect(first.memberId).to.match(/^instance-1-/);
      const rebalances = firstLoop.rebalanceSeenMs.length;

      // The second member "restarts": a new connection, no member id, the same instance id.
      const restarted = new RawMember(await memberConnection(group), group, 'instance-2');
      await restarted.joinAndSync();
      expect(restarted.memberId).to.not.equal(second.memberId);
      expect([restarted.generationId, restarted.assigned]).to.deep.equal([second.generationId, second.assigned]);
      expect(await first.heartbeat()).to.equal(ErrorCode.NONE);
      expect(firstLoop.rebalanceSeenMs.length).to.equal(rebalances);
      expect(await second.heartbeat()).to.equal(ErrorCode.FENCED_INSTANCE_ID);
    } finally {
      await firstLoop.stop();
    }
    const conn = await memberConnection(group);
    const left = await conn.send(leaveGroupApi, 3, {
      groupId: group,
      memberId: '',
      members: [
        { memberId: '', groupInstanceId: 'instance-1' },
        { memberId: '', groupInstanceId: 'instance-2' },
        { memberId: '', groupInstanceId: 'instance-3' },
      ],
    });
    expect(left.members.map((m) => [m.groupInstanceId, m.errorCode])).to.deep.equal([
      ['instance-1', ErrorCode.NONE],
      ['instance-2', ErrorCode.NONE],
      ['instance-3', ErrorCode.UNKNOWN_MEMBER_ID],
    ]);
    expect(await first.heartbeat()).to.equal(ErrorCode.UNKNOWN_MEMBER_ID);
  });
});
