// Proves bin/consumer-groups speaks kafka-consumer-groups.sh's flags: --list shows a group that
// committed, --describe shows the lag after N more messages, --reset-offsets --execute rewrites
// the committed offsets in ZooKeeper and sums up what moved (a dry run commits nothing), and --delete removes an empty group's offsets from
// ZooKeeper with Kafka's wording, refusing unknown groups and groups with members; the broker
// advertises DeleteGroups v0-2 and answers every version.
import { expect } from 'chai';
import * as path from 'node:path';
import { startBroker, stopAllBrokers, TestBroker, PROJECT_ROOT } from '../helpers/broker';
import { run } from '../helpers/processes';
import { kcatProduce } from '../helpers/kcat';
import { openZkSession } from '../helpers/zookeeper';
import { Admin } from '../../lib/client/admin';
import { Kafka, logLevel } from 'kafkajs';
import { waitUntil } from '../helpers/wait';
import { Connection } from '../../lib/network/connection';
import { apiVersionsApi } from '../../lib/protocol/apis/api-versions';
import { deleteGroupsApi } from '../../lib/protocol/apis/delete-groups';
import { ErrorCode } from '../../lib/protocol/error-codes';

const TOOL = path.join(PROJECT_ROOT, 'bin', 'consumer-groups');

describe('bin/consumer-groups', function () {
  this.timeout(90000);
  let broker: TestBroker;

  before(async () => {
    broker = await startBroker({
      label: 'cg-cli',
      props: {
        'offsets.topic.num.partitions': 3,
        'offsets.topic.replication.factor': 1,
        'group.initial.rebalance.delay.ms': 0,
      },
    });
    const admin = await Admin.connect(broker.bootstrap);
    await admin.createTopics([{ topic: 'lagged', numPartitions: 2, replicationFactor: 1 }]);
    admin.close();
    await kcatProduce(
      broker.bootstrap,
      'lagged',
      Array.from({ length: 10 }, (_, i) => `k${i}:v${i}`),
    );
    const consumed = await run(
      '/usr/bin/python3',
      [
        '-c',
        `
import sys
from kafka import KafkaConsumer
c = KafkaConsumer('lagged', bootstrap_servers=sys.argv[1], group_id='cg', auto_offset_reset='earliest', consumer_timeout_ms=4000, enable_auto_commit=False)
n = sum(1 for _ in c)
c.commit()
c.close()
print(n)
`,
        broker.bootstrap,
      ],
      { timeoutMs: 60000 },
    );
    expect(consumed.stdout.trim(), consumed.stderr).to.equal('10');
  });

  after(stopAllBrokers);

  const tool = (...args: string[]) => run(TOOL, ['--bootstrap-server', broker.bootstrap, ...args]);

  it('lists groups and describes the lag after more messages arrive', async () => {
    const listed = await tool('--list');
    expect(listed.code, listed.stderr).to.equal(0);
    expect(listed.stdout.split('\n')).to.include('cg');
    await kcatProduce(
      broker.bootstrap,
      'lagged',
      Array.from({ length: 5 }, (_, i) => `m${i}:w${i}`),
    );
    const described = await tool('--describe', '--group', 'cg');
    expect(described.code, described.stderr).to.equal(0);
    const lines = described.stdout.trim().split('\n');
    expect(lines[0].split('\t')).to.deep.equal([
      'GROUP',
      'TOPIC',
      'PARTITION',
      'CURRENT-OFFSET',
      'LOG-END-OFFSET',
      'LAG',
      'CONSUMER-ID',
      'HOST',
      'CLIENT-ID',
    ]);
    const rows = lines.slice(1).map((l) => l.split('\t'));
    expect(rows.map((r) => [r[0], r[1], r[2]])).to.deep.equal([
      ['cg', 'lagged', '0'],
      ['cg', 'lagged', '1'],
    ]);
    expect(rows.reduce((sum, r) => sum + Number(r[3]), 0)).to.equal(10);
    expect(rows.reduce((sum, r) => sum + Number(r[4]), 0)).to.equal(15);
    expect(rows.reduce((sum, r) => sum + Number(r[5]), 0)).to.equal(5);
  });

  it('resets offsets to the earliest and to a given offset, writing ZooKeeper, with a summary', async () => {
    const reset = await tool('--reset-offsets', '--group', 'cg', '--topic', 'lagged', '--to-earliest', '--execute');
    expect(reset.code, reset.stderr).to.equal(0);
    const resetLines = reset.stdout.trim().split('\n');
    expect(resetLines[0].split('\t')).to.deep.equal(['GROUP', 'TOPIC', 'PARTITION', 'NEW-OFFSET']);
    expect(resetLines.slice(1, 3)).to.deep.equal(['cg\tlagged\t0\t0', 'cg\tlagged\t1\t0']);
    // The group had committed 10 over the two partitions (one may have held all of them).
    expect(resetLines[3]).to.match(
      /^Summary: group 'cg': [12] of 2 partitions changed; committed offsets moved by -10 in total \(10 back, 0 forward\); executed\.$/,
    );
    expect(resetLines).to.have.length(4);
    const session = await openZkSession(broker.connectString);
    try {
      for (const p of [0, 1])
        expect(String((await session.getData(`/consumers/cg/offsets/lagged/${p}`)).data)).to.equal('0');
      const toOffset = await tool(
        '--reset-offsets',
        '--group',
        'cg',
        '--topic',
        'lagged',
        '--to-offset',
        '3',
        '--execute',
      );
      expect(toOffset.code, toOffset.stderr).to.equal(0);
      expect(toOffset.stdout.trim().split('\n').pop()).to.equal(
        "Summary: group 'cg': 2 of 2 partitions changed; committed offsets moved by +6 in total (0 back, 6 forward); executed.",
      );
      for (const p of [0, 1])
        expect(String((await session.getData(`/consumers/cg/offsets/lagged/${p}`)).data)).to.equal('3');
      // Without --execute: the same table and what would move (15 written in all), nothing committed.
      const dryRun = await tool('--reset-offsets', '--group', 'cg', '--topic', 'lagged', '--to-latest');
      expect(dryRun.code, dryRun.stderr).to.equal(0);
      const dryLines = dryRun.stdout.trim().split('\n');
      expect(dryLines.slice(1, 3).reduce((sum, l) => sum + Number(l.split('\t')[3]), 0)).to.equal(15);
      expect(dryLines[3]).to.match(
        /^Summary: group 'cg': [12] of 2 partitions would change; committed offsets would move by \+9 in total \(\d+ back, \d+ forward\); dry run, nothing committed \(add --execute to commit\)\.$/,
      );
      for (const p of [0, 1])
        expect(String((await session.getData(`/consumers/cg/offsets/lagged/${p}`)).data)).to.equal('3');
    } finally {
      await session.close();
    }
    const usage = await run(TOOL, ['--bootstrap-server', broker.bootstrap, '--reset-offsets', '--group', 'cg']);
    expect(usage.code).to.equal(2);
    expect(usage.stderr).to.match(/--reset-offsets needs --topic/);
  });

  it('refuses to reset the offsets of a group that has members', async () => {
    const kafka = new Kafka({ clientId: 'cg-active', brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId: 'busy', sessionTimeout: 10000, heartbeatInterval: 500 });
    let joined = false;
    consumer.on(consumer.events.GROUP_JOIN, () => {
      joined = true;
    });
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: ['lagged'], fromBeginning: true });
      await consumer.run({ eachMessage: async () => undefined });
      await waitUntil(() => joined, { timeoutMs: 30000, message: 'the consumer to join' });
      const refused = await tool(
        '--reset-offsets',
        '--group',
        'busy',
        '--topic',
        'lagged',
        '--to-earliest',
        '--execute',
      );
      expect(refused.code).to.equal(1);
      expect(refused.stderr).to.match(
        /can only be reset if the group 'busy' is inactive, but the current state is Stable/,
      );
      const kept = await tool('--delete', '--group', 'busy');
      expect(kept.code).to.equal(1);
      expect(kept.stderr).to.contain(
        "Error: Deletion of some consumer groups failed:\n* Group 'busy' could not be deleted due to: NON_EMPTY_GROUP: The group is not empty.",
      );
    } finally {
      await consumer.disconnect();
    }
  });

  it('deletes empty groups with their offsets and refuses unknown ones', async () => {
    for (const group of ['doomed', 'doomed-too']) {
      const created = await tool(
        '--reset-offsets',
        '--group',
        group,
        '--topic',
        'lagged',
        '--to-offset',
        '1',
        '--execute',
      );
      expect(created.code, created.stderr).to.equal(0);
      expect(created.stdout.trim().split('\n').pop()).to.equal(
        `Summary: group '${group}': 2 of 2 partitions changed (2 without a committed offset before); committed offsets moved by 0 in total (0 back, 0 forward); executed.`,
      );
    }
    const session = await openZkSession(broker.connectString);
    try {
      expect(await session.exists('/consumers/doomed/offsets/lagged/0')).to.not.equal(null);
      const deleted = await tool('--delete', '--group', 'doomed', '--group', 'doomed-too');
      expect(deleted.code, deleted.stderr).to.equal(0);
      expect(deleted.stdout.trim()).to.equal(
        "Deletion of requested consumer groups ('doomed', 'doomed-too') was successful.",
      );
      expect(await session.exists('/consumers/doomed')).to.equal(null);
      expect(await session.exists('/consumers/doomed-too')).to.equal(null);
      expect(await session.exists('/consumers/cg/offsets/lagged/0')).to.not.equal(null);
    } finally {
      await session.close();
    }
    const unknown = await tool('--delete', '--group', 'doomed');
    expect(unknown.code).to.equal(1);
    expect(unknown.stderr).to.contain(
      "* Group 'doomed' could not be deleted due to: GROUP_ID_NOT_FOUND: The group id does not exist.",
    );
    const usage = await tool('--delete');
    expect([usage.code, usage.stderr.split('\n')[0]]).to.deep.equal([2, '--delete needs --group']);
  });

  it('advertises DeleteGroups v0-2 and answers each version', async () => {
    const conn = await Connection.connect({ host: '127.0.0.1', port: broker.port, clientId: 'delete-groups-spec' });
    try {
      const versions = await conn.send(apiVersionsApi, 0, { clientSoftwareName: '', clientSoftwareVersion: '' });
      expect(versions.apiKeys.find((k) => k.apiKey === 42)).to.deep.equal({ apiKey: 42, minVersion: 0, maxVersion: 2 });
      for (const version of [0, 1, 2]) {
        const r = await conn.send(deleteGroupsApi, version, { groupsNames: [`never-${version}`, ''] });
        expect(r.results).to.deep.equal([
          { groupId: `never-${version}`, errorCode: ErrorCode.GROUP_ID_NOT_FOUND },
          { groupId: '', errorCode: ErrorCode.INVALID_GROUP_ID },
        ]);
      }
    } finally {
      conn.close();
    }
  });
});
