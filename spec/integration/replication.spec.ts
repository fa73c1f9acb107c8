// Proves replication and failover with three real broker processes and a real ZooKeeper:
// acks=all data from a client no one here wrote (kafka-python) survives a SIGKILLed leader,
// in order per partition; the killed broker rejoins the ISR; a killed controller is replaced
// with a higher epoch; with two brokers down acks=all is refused but acks=1 works; controlled
// shutdown moves leadership before the process exits.
import { expect } from 'chai';
import { TestCluster } from '../helpers/cluster';
import { startPythonProducer } from '../helpers/kafka-python';
import { kcatConsumeAll, kcatProduce } from '../helpers/kcat';
import { waitUntil } from '../helpers/wait';
import { Admin } from '../../lib/client/admin';
import { run } from '../helpers/processes';
import { PROJECT_ROOT } from '../helpers/broker';
import { batchCrcs } from '../helpers/disk-batches';
import * as path from 'node:path';

async function createTopic(
  bootstrap: string,
  topic: string,
  partitions: number,
  rf: number,
  configs: Record<string, string> = {},
): Promise<void> {
  const admin = await Admin.connect(bootstrap.split(',')[0]);
  try {
    await admin.createTopics([{ topic, numPartitions: partitions, replicationFactor: rf, configs }]);
  } finally {
    admin.close();
  }
}

describe('replication across three brokers', function () {
  this.timeout(180000);
  let cluster: TestCluster;

  beforeEach(async () => {
    cluster = await TestCluster.start(`repl-${Math.random().toString(16).slice(2, 8)}`, [1, 2, 3]);
  });

  afterEach(async () => {
    await cluster.stop();
  });

  it('keeps every acks=all message acknowledged while a leader is SIGKILLed, and the leader rejoins the ISR', async () => {
    await createTopic(cluster.bootstrap(), 'durable', 3, 3, { 'min.insync.replicas': '2' });
    await cluster.waitForState('durable', 0, (s) => s.isr.length === 3, 'full ISR');
    const before = await cluster.state('durable', 0);
    const producer = startPythonProducer(cluster.bootstrap(), 'durable', 3000, 2);
    await waitUntil(() => producer.reports.filter((r) => r.offset !== undefined).length >= 300, {
      timeoutMs: 60000,
      message: 'the first acknowledgements',
    });
    await cluster.stopBroker(before.leader, 'SIGKILL');
    const code = await producer.finished;
    const errors = producer.reports.filter((r) => r.error !== undefined);
    expect(
      code,
      `${producer.stderr()}\n${producer.reports.length} reports, ${errors.length} errors: ${JSON.stringify(errors.slice(0, 3))}`,
    ).to.equal(0);

    const after = await cluster.waitForState(
      'durable',
      0,
      (s) => s.leader !== before.leader && s.leader >= 0,
      'a new leader',
    );
    expect(after.leaderEpoch).to.be.greaterThan(before.leaderEpoch);
    expect(after.isr).to.not.include(before.leader);

    const acked = producer.reports.filter((r) => r.offset !== undefined);
    expect(acked.length).to.be.greaterThan(300);
    const consumed = await kcatConsumeAll(cluster.bootstrap(), 'durable');
    const byPartitionOffset = new Map(consumed.map((m) => [`${m.partition}/${m.offset}`, m.payload]));
    for (const a of acked)
      expect(byPartitionOffset.get(`${a.partition}/${a.offset}`), `acked v${a.i}`).to.equal(`v${a.i}`);
    for (let p = 0; p < 3; p++) {
      const values = consumed.filter((m) => m.partition === p).map((m) => Number((m.payload as string).slice(1)));
      const firstSeen = values.filter((v, idx) => values.indexOf(v) === idx);
      expect(firstSeen).to.deep.equal(
        [...firstSeen].sort((a, b) => a - b),
        `order in partition ${p}`,
      );
    }

    await cluster.startBroker(before.leader);
    const rejoined = await cluster.waitForState(
      'durable',
      0,
      (s) => s.isr.includes(before.leader),
      'the restarted broker back in the ISR',
    );
    expect(rejoined.isr).to.have.length(3);
    // The restarted broker is partition 0's preferred replica: the leader rebalance moves it back.
    const preferred = await cluster.waitForState(
      'durable',
      0,
      (s) => s.leader === before.leader,
      'preferred leader election',
    );
    expect(preferred.leaderEpoch).to.be.greaterThan(after.leaderEpoch);
  });

  it('elects a new controller with a higher epoch when the controller is killed', async () => {
    await createTopic(cluster.bootstrap(), 'ctl', 3, 3);
    const oldController = await cluster.controllerId();
    const oldEpoch = await cluster.controllerEpoch();
    expect(oldController).to.be.a('number');
    const killedAt = Date.now();
    await cluster.stopBroker(oldController as number, 'SIGKILL');
    const next = await waitUntil(
      async () => {
        const id = await cluster.controllerId();
        return id !== null && id !== oldController ? id : null;
      },
      { timeoutMs: 20000, message: 'a new controller' },
    );
    expect(Date.now() - killedAt).to.be.lessThan(6000 + 5000);
    expect(await cluster.controllerEpoch()).to.be.greaterThan(oldEpoch);
    for (let p = 0; p < 3; p++) {
      const s = await cluster.waitForState(
        'ctl',
        p,
        (st) => st.leader >= 0 && st.leader !== oldController,
        'a live leader',
        15000,
      );
      expect(s.leader).to.not.equal(oldController);
    }
    expect([1, 2, 3]).to.include(next);
  });

  it('refuses acks=all with NOT_ENOUGH_REPLICAS when two of three brokers are down, while acks=1 works', async () => {
    await createTopic(cluster.bootstrap(), 'minisr', 1, 3, { 'min.insync.replicas': '2' });
    const s = await cluster.waitForState('minisr', 0, (st) => st.isr.length === 3, 'full ISR');
    const others = [1, 2, 3].filter((id) => id !== s.leader);
    for (const id of others) await cluster.stopBroker(id, 'SIGKILL');
    await cluster.waitForState('minisr', 0, (st) => st.isr.length === 1, 'ISR shrunk to the leader');
    const described = await run(path.join(PROJECT_ROOT, 'bin', 'topics'), [
      '--bootstrap-server',
      cluster.bootstrap(),
      '--describe',
      '--under-replicated-partitions',
    ]);
    expect(described.stdout.trim()).to.equal(
      `Topic: minisr\tPartition: 0\tLeader: ${s.leader}\tReplicas: ${(await cluster.assignment('minisr')).get(0)?.join(',')}\tIsr: ${s.leader}`,
    );
    const refused = await run(
      'kcat',
      [
        '-b',
        cluster.bootstrap(),
        '-t',
        'minisr',
        '-P',
        '-X',
        'acks=all',
        '-X',
        'message.send.max.retries=0',
        '-X',
        'message.timeout.ms=5000',
      ],
      { input: 'x\n', timeoutMs: 30000 },
    );
    expect(refused.stderr).to.match(/NOT_ENOUGH_REPLICAS|Not enough in-sync replicas|Broker: Not enough/i);
    await kcatProduce(cluster.bootstrap(), 'minisr', ['k:acks-one'], ['-X', 'acks=1']);
    const read = await kcatConsumeAll(cluster.bootstrap(), 'minisr');
    expect(read.map((m) => m.payload)).to.deep.equal(['acks-one']);
  });

  it('truncates a divergent replica by leader epoch so all replicas end identical', async () => {
    await createTopic(cluster.bootstrap(), 'diverge', 1, 2);
    const initial = await cluster.waitForState('diverge', 0, (st) => st.isr.length === 2, 'full ISR');
    const oldLeader = initial.leader;
    const follower = initial.isr.find((id) => id !== oldLeader) as number;
    await kcatProduce(cluster.bootstrap(), 'diverge', ['k:shared-1', 'k:shared-2'], ['-X', 'acks=all']);
    const followerProcess = cluster.brokers.get(follower);
    process.kill(followerProcess?.pid as number, 'SIGSTOP');
    try {
      // A fetch the follower sent before it froze may be parked at the leader; it would carry the
      // next records into the frozen process's socket buffer. Let it expire (replica.fetch.wait.max.ms
      // is 200 ms in these clusters) before producing: a timer in another process cannot be awaited.
      await new Promise((r) => setTimeout(r, 1000));
      // Only the old leader gets these: the follower is frozen but still in the ISR.
      const leaderOnly = cluster.brokers.get(oldLeader)?.bootstrap as string;
      await kcatProduce(leaderOnly, 'diverge', ['k:lost-1', 'k:lost-2', 'k:lost-3'], ['-X', 'acks=1']);
      await cluster.stopBroker(oldLeader, 'SIGKILL');
    } finally {
      process.kill(followerProcess?.pid as number, 'SIGCONT');
    }
    const failedOver = await cluster.waitForState('diverge', 0, (st) => st.leader === follower, 'the follower to lead');
    expect(failedOver.leaderEpoch).to.be.greaterThan(initial.leaderEpoch);
    await kcatProduce(cluster.bootstrap(), 'diverge', ['k:new-1'], ['-X', 'acks=1']);
    await cluster.startBroker(oldLeader);
    await cluster.waitForState('diverge', 0, (st) => st.isr.includes(oldLeader), 'the old leader back in the ISR');
    const values = (await kcatConsumeAll(cluster.bootstrap(), 'diverge')).map((m) => m.payload);
    expect(values).to.deep.equal(['shared-1', 'shared-2', 'new-1']);
    await waitUntil(
      () => {
        const a = batchCrcs(cluster.logDirOf(oldLeader), 'diverge', 0);
        const b = batchCrcs(cluster.logDirOf(follower), 'diverge', 0);
        return JSON.stringify(a) === JSON.stringify(b) && a.length > 0;
      },
      { message: 'identical batches (offset, CRC) on both replicas' },
    );
  });

  it('moves leadership away before a broker stops on SIGTERM (controlled shutdown)', async () => {
    await createTopic(cluster.bootstrap(), 'moving', 3, 3);
    for (let p = 0; p < 3; p++) await cluster.waitForState('moving', p, (st) => st.isr.length === 3, 'full ISR');
    const states = await Promise.all([0, 1, 2].map((p) => cluster.state('moving', p)));
    const victim = states[0].leader;
    const broker = cluster.brokers.get(victim);
    const producer = startPythonProducer(cluster.bootstrap(), 'moving', 1500, 2);
    await waitUntil(() => producer.reports.filter((r) => r.offset !== undefined).length >= 200, {
      timeoutMs: 60000,
      message: 'the first acknowledgements',
    });
    expect(await cluster.stopBroker(victim, 'SIGTERM')).to.equal(0);
    expect(broker?.output()).to.match(/controlled shutdown succeeded/);
    expect(await producer.finished, producer.stderr()).to.equal(0);
    // Only retriable errors happened, and the client retried them all: every send succeeded.
    expect(producer.reports.filter((r) => r.error !== undefined)).to.deep.equal([]);
    expect(producer.reports.filter((r) => r.offset !== undefined)).to.have.length(1500);
    for (let p = 0; p < 3; p++) {
      const st = await cluster.state('moving', p);
      expect(st.leader).to.not.equal(victim);
    }
  });
});
