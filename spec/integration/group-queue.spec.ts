// Proves queue semantics across a member crash with two kafka-python consumer processes of one
// group on a 4-partition topic: while both run they split the partitions and no message is read
// by both; when one is SIGKILLed mid-way (no LeaveGroup) the survivor takes over its partitions
// after the session timeout and every message is consumed at least once across the two.
import { expect } from 'chai';
import { spawn, ChildProcess } from 'node:child_process';
import { spawnBroker, stopAllBrokers, tempDir, BrokerProcess } from '../helpers/broker';
import { zkChroot } from '../helpers/zookeeper';
import { kcatProduce } from '../helpers/kcat';
import { waitUntil } from '../helpers/wait';
import { Admin } from '../../lib/client/admin';

const TOPIC = 'jobs';
const MESSAGES = 200;
const CONSUMER = `
import json, sys, time
from kafka import KafkaConsumer, ConsumerRebalanceListener
bootstrap, topic, group, delay_ms = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
class Listener(ConsumerRebalanceListener):
    def on_partitions_revoked(self, revoked):
        print(json.dumps({"revoked": sorted(tp.partition for tp in revoked)}), flush=True)
    def on_partitions_assigned(self, assigned):
        print(json.dumps({"assigned": sorted(tp.partition for tp in assigned)}), flush=True)
consumer = KafkaConsumer(bootstrap_servers=bootstrap, group_id=group, auto_offset_reset='earliest',
                         enable_auto_commit=True, auto_commit_interval_ms=200, session_timeout_ms=4000,
                         heartbeat_interval_ms=500, max_poll_records=10, api_version_auto_timeout_ms=10000)
consumer.subscribe([topic], listener=Listener())
for message in consumer:
    print(json.dumps({"p": message.partition, "v": message.value.decode()}), flush=True)
    time.sleep(delay_ms / 1000.0)
`;

interface PythonConsumer {
  child: ChildProcess;
  values: string[];
  assigned: number[] | null;
  stderr(): string;
}

function startConsumer(bootstrap: string, group: string, delayMs: number): PythonConsumer {
  const child = spawn('/usr/bin/python3', ['-c', CONSUMER, bootstrap, TOPIC, group, String(delayMs)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const consumer: PythonConsumer = { child, values: [], assigned: null, stderr: () => err };
  let buffered = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines.filter((l) => l.trim() !== '')) {
      const report = JSON.parse(line) as { v?: string; assigned?: number[] };
      if (report.v !== undefined) consumer.values.push(report.v);
      if (report.assigned !== undefined) consumer.assigned = report.assigned;
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  return consumer;
}

function killByPid(consumer: PythonConsumer): void {
  if (consumer.child.exitCode === null && consumer.child.signalCode === null)
    process.kill(consumer.child.pid as number, 'SIGKILL');
}

describe('queue semantics across a consumer crash (kafka-python, broker process)', function () {
  this.timeout(60000);
  let broker: BrokerProcess;
  const consumers: PythonConsumer[] = [];

  before(async () => {
    broker = await spawnBroker({
      props: {
        'broker.id': 1,
        listeners: 'PLAINTEXT://127.0.0.1:0',
        'log.dirs': tempDir('group-queue'),
        'zookeeper.connect': zkChroot('group-queue'),
        'offsets.topic.num.partitions': 1,
        'offsets.topic.replication.factor': 1,
        'group.initial.rebalance.delay.ms': 0,
        'group.min.session.timeout.ms': 1000,
      },
    });
    const admin = await Admin.connect(broker.bootstrap);
    await admin.createTopics([{ topic: TOPIC, numPartitions: 4, replicationFactor: 1 }]);
    admin.close();
  });

  after(async () => {
    for (const consumer of consumers) killByPid(consumer);
    await stopAllBrokers();
  });

  it('splits the work, and after one member is killed the survivor finishes it', async () => {
    const survivor = startConsumer(broker.bootstrap, 'workers', 30);
    const victim = startConsumer(broker.bootstrap, 'workers', 30);
    consumers.push(survivor, victim);
    const describe = () =>
      `survivor: ${JSON.stringify(survivor.assigned)} ${survivor.stderr()}\nvictim: ${JSON.stringify(victim.assigned)} ${victim.stderr()}`;
    await waitUntil(
      () => {
        const [a, b] = [survivor.assigned ?? [], victim.assigned ?? []];
        return a.length > 0 && b.length > 0 && [...a, ...b].sort().join() === '0,1,2,3';
      },
      { timeoutMs: 30000, message: `both consumers to own two partitions\n${describe()}` },
    );

    await kcatProduce(
      broker.bootstrap,
      TOPIC,
      Array.from({ length: MESSAGES }, (_, i) => `k${i}:v${i}`),
    );
    await waitUntil(() => victim.values.length >= 20 && survivor.values.length >= 20, {
      timeoutMs: 20000,
      message: `both consumers to be under way\n${describe()}`,
    });
    const victimGone = new Promise((resolve) => victim.child.once('close', resolve));
    killByPid(victim);
    const survivorBeforeCrash = survivor.values.slice();
    await victimGone; // everything the victim printed before dying has been read
    const victimValues = victim.values.slice();
    const readByBoth = survivorBeforeCrash.filter((v) => victimValues.includes(v));
    expect(readByBoth, 'messages read by both before the crash').to.deep.equal([]);
    expect(victimValues.length, 'the victim was killed mid-way').to.be.below(MESSAGES / 2);

    const expected = Array.from({ length: MESSAGES }, (_, i) => `v${i}`);
    await waitUntil(() => expected.every((v) => survivor.values.includes(v) || victimValues.includes(v)), {
      timeoutMs: 30000,
      message: `every message consumed at least once\n${describe()}`,
    });
    expect(survivor.assigned).to.deep.equal([0, 1, 2, 3]);
  });
});
