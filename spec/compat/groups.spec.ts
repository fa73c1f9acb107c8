// Proves consumer groups work against Samsa with three clients no one here wrote: two members of one group split a
// 6-partition topic (disjoint, covering all six), every message is consumed once, committed
// offsets land in ZooKeeper under /consumers/<group>/offsets/<topic>/<partition> (read back with
// the installed zkCli.sh for kcat's and kafka-python's groups, as an operator would), and when
// one member leaves the other takes over all six partitions.
import { expect } from 'chai';
import { Kafka, logLevel, Consumer } from 'kafkajs';
import { startBroker, stopAllBrokers, TestBroker } from '../helpers/broker';
import { kcatProduce } from '../helpers/kcat';
import { run, runOk } from '../helpers/processes';
import { waitUntil } from '../helpers/wait';
import { openZkSession, sharedZooKeeper } from '../helpers/zookeeper';
import { Admin } from '../../lib/client/admin';

const ZKCLI = '/usr/share/zookeeper/bin/zkCli.sh';

/** A group's committed offsets of one topic as zkCli.sh shows them: one `ls`, then every `get` in one session. */
async function zkCliOffsets(chroot: string, group: string, topic: string): Promise<Map<number, number>> {
  const base = `${chroot}/consumers/${group}/offsets/${topic}`;
  const server = ['-server', `127.0.0.1:${sharedZooKeeper().port}`];
  const listed = (await runOk(ZKCLI, [...server, 'ls', base], { timeoutMs: 60000 })).split('\n').map((l) => l.trim());
  const line = listed.filter((l) => l.startsWith('[')).pop() ?? '[]';
  const partitions = line
    .slice(1, -1)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(Number)
    .sort((a, b) => a - b);
  const script = `${partitions.map((p) => `get ${base}/${p}`).join('\n')}\nquit\n`;
  const out = await runOk(ZKCLI, server, { input: script, timeoutMs: 60000 });
  // The plain decimal offsets are the only all-digit lines among zkCli's chatter.
  const values = out
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^\d+$/.test(l))
    .map(Number);
  expect(values, `zkCli output for ${base}:\n${out}`).to.have.length(partitions.length);
  return new Map(partitions.map((p, i) => [p, values[i]]));
}

interface Member {
  consumer: Consumer;
  assigned: number[];
  values: string[];
  memberId: string;
}

async function member(kafka: Kafka, groupId: string, topic: string): Promise<Member> {
  const consumer = kafka.consumer({ groupId, sessionTimeout: 10000, heartbeatInterval: 500, maxWaitTimeInMs: 200 });
  const m: Member = { consumer, assigned: [], values: [], memberId: '' };
  consumer.on(consumer.events.GROUP_JOIN, (e) => {
    m.memberId = e.payload.memberId;
    m.assigned = [...(e.payload.memberAssignment[topic] ?? [])].sort((a, b) => a - b);
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    autoCommitInterval: 100,
    eachMessage: async ({ message }) => {
      m.values.push(String(message.value));
    },
  });
  return m;
}

describe('consumer groups (kafkajs, kcat -G, kafka-python) against one broker', function () {
  this.timeout(120000);
  let broker: TestBroker;
  let kafka: Kafka;
  const members: Member[] = [];

  before(async () => {
    broker = await startBroker({
      label: 'kafkajs-groups',
      props: {
        'offsets.topic.num.partitions': 3,
        'offsets.topic.replication.factor': 1,
        'group.initial.rebalance.delay.ms': 0,
      },
    });
    kafka = new Kafka({
      clientId: 'spec',
      brokers: [broker.bootstrap],
      logLevel: logLevel.NOTHING,
      retry: { retries: 10, initialRetryTime: 100 },
    });
    const admin = await Admin.connect(broker.bootstrap);
    await admin.createTopics([{ topic: 'shared', numPartitions: 6, replicationFactor: 1 }]);
    admin.close();
    await kcatProduce(
      broker.bootstrap,
      'shared',
      Array.from({ length: 60 }, (_, i) => `k${i}:v${i}`),
    );
  });

  after(async () => {
    for (const m of members) await m.consumer.disconnect().catch(() => undefined);
    await stopAllBrokers();
  });

  it('splits partitions between two members, commits to ZooKeeper, and hands everything to the survivor', async () => {
    members.push(await member(kafka, 'g1', 'shared'));
    members.push(await member(kafka, 'g1', 'shared'));
    const [a, b] = members;
    await waitUntil(
      () => a.assigned.length > 0 && b.assigned.length > 0 && a.assigned.length + b.assigned.length === 6,
      { timeoutMs: 60000, message: 'both members to get partitions' },
    );
    expect([...a.assigned, ...b.assigned].sort()).to.deep.equal([0, 1, 2, 3, 4, 5]);
    await waitUntil(() => a.values.length + b.values.length >= 60, {
      timeoutMs: 30000,
      message: 'all 60 messages consumed',
    });
    expect([...a.values, ...b.values].sort()).to.deep.equal(Array.from({ length: 60 }, (_, i) => `v${i}`).sort());

    const session = await openZkSession(broker.connectString);
    try {
      await waitUntil(
        async () => {
          const children = await session.getChildren('/consumers/g1/offsets/shared').catch(() => [] as string[]);
          if (children.length !== 6) return false;
          const values = await Promise.all(
            children.map(async (c) =>
              Number((await session.getData(`/consumers/g1/offsets/shared/${c}`)).data?.toString()),
            ),
          );
          return values.reduce((x, y) => x + y, 0) === 60;
        },
        { timeoutMs: 30000, message: 'committed offsets summing to 60 in ZooKeeper' },
      );
      const owners = async () =>
        Promise.all(
          [0, 1, 2, 3, 4, 5].map(async (p) =>
            (await session.getData(`/consumers/g1/owners/shared/${p}`).catch(() => null))?.data?.toString(),
          ),
        );
      expect((await session.getChildren('/consumers/g1/ids')).sort()).to.deep.equal([a.memberId, b.memberId].sort());
      const registration = JSON.parse(String((await session.getData(`/consumers/g1/ids/${a.memberId}`)).data));
      expect(registration).to.include({ version: 1, pattern: 'static', client_id: 'spec' });
      expect(registration.subscription).to.deep.equal({ shared: 1 });
      // The coordinator mirrors a rebalance into ZooKeeper after answering SyncGroup, so the
      // members may be consuming before every owners znode is written.
      const expectedOwners = [0, 1, 2, 3, 4, 5].map((p) => (a.assigned.includes(p) ? a.memberId : b.memberId));
      await waitUntil(async () => JSON.stringify(await owners()) === JSON.stringify(expectedOwners), {
        timeoutMs: 30000,
        message: `the owners znodes to name each partition's member (${JSON.stringify(expectedOwners)})`,
      });

      await b.consumer.disconnect();
      await waitUntil(() => a.assigned.length === 6, {
        timeoutMs: 60000,
        message: 'the survivor to take all six partitions',
      });
      await waitUntil(async () => (await owners()).every((o) => o === a.memberId), {
        message: 'the owners znodes to name the survivor',
      });
      expect(await session.getChildren('/consumers/g1/ids')).to.deep.equal([a.memberId]);
    } finally {
      await session.close();
    }
    await kcatProduce(broker.bootstrap, 'shared', ['k:after']);
    await waitUntil(() => a.values.includes('after'), {
      timeoutMs: 30000,
      message: 'the survivor to read a new message',
    });
    expect(a.values.filter((v) => v !== 'after').length + b.values.length).to.equal(60);
  });

  it('serves kcat balanced consumers (-G) and kafka-python group consumers, with their commits in ZooKeeper', async () => {
    const kcat = await run(
      'kcat',
      [
        '-b',
        broker.bootstrap,
        '-G',
        'kcat-group',
        '-o',
        'beginning',
        '-e',
        '-q',
        '-f',
        '%s\n',
        '-X',
        'auto.commit.interval.ms=100',
        'shared',
      ],
      { timeoutMs: 60000 },
    );
    expect(kcat.code, kcat.stderr).to.equal(0);
    expect(kcat.stdout.trim().split('\n').length).to.equal(61);
    const python = await run(
      '/usr/bin/python3',
      [
        '-c',
        `
import sys
from kafka import KafkaConsumer
c = KafkaConsumer('shared', bootstrap_servers=sys.argv[1], group_id='py-group', auto_offset_reset='earliest', consumer_timeout_ms=5000, enable_auto_commit=False)
n = sum(1 for _ in c)
c.commit()
c.close()
print(n)
`,
        broker.bootstrap,
      ],
      { timeoutMs: 60000 },
    );
    expect(python.code, python.stderr).to.equal(0);
    expect(python.stdout.trim()).to.equal('61');
    const session = await openZkSession(broker.connectString);
    try {
      for (const group of ['kcat-group', 'py-group']) {
        await waitUntil(
          async () => {
            const children = await session
              .getChildren(`/consumers/${group}/offsets/shared`)
              .catch(() => [] as string[]);
            const values = await Promise.all(
              children.map(async (c) =>
                Number((await session.getData(`/consumers/${group}/offsets/shared/${c}`)).data?.toString()),
              ),
            );
            return values.reduce((x, y) => x + y, 0) === 61;
          },
          { timeoutMs: 20000, message: `${group}'s offsets in ZooKeeper` },
        );
        const shown = await zkCliOffsets(
          broker.connectString.slice(broker.connectString.indexOf('/')),
          group,
          'shared',
        );
        expect([...shown.keys()], `${group}'s partitions in zkCli`).to.deep.equal([0, 1, 2, 3, 4, 5]);
        expect(
          [...shown.values()].reduce((x, y) => x + y, 0),
          `${group}'s offsets in zkCli`,
        ).to.equal(61);
        for (const [partition, offset] of shown) {
          expect(
            Number(String((await session.getData(`/consumers/${group}/offsets/shared/${partition}`)).data)),
          ).to.equal(offset);
        }
      }
    } finally {
      await session.close();
    }
  });
});
