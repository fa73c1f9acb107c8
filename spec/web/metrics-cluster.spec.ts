// Issue 12's metrics acceptance on a three-broker cluster of real bin/broker processes and a real
// ZooKeeper, scraping each broker's GET /metrics over HTTP: a kcat produce run makes the leader's
// MessagesIn grow by exactly the records sent and its BytesIn by exactly what its log grew, each
// follower's ReplicationBytesIn by the same bytes; consuming grows BytesOut; killing a follower
// of a one-partition RF=3 topic takes the leader's UnderReplicatedPartitions to 1 (an ISR shrink)
// and restarting it brings it back to 0 (an ISR expand); the controller counts an RF=1 partition
// offline while its broker is down; ActiveControllerCount sums to 1 across the brokers, and again
// after the controller's broker is stopped.
import { expect } from 'chai';
import { TestCluster } from '../helpers/cluster';
import type { BrokerProcess } from '../helpers/broker';
import { scrape, type Scrape } from '../helpers/prometheus';
import { waitUntil } from '../helpers/wait';
import { kcatConsumeAll, kcatProduce } from '../helpers/kcat';
import { Admin } from '../../lib/client/admin';

const TOPIC = 'metered';
const RECORDS = 500;
const BTM = 'kafka_server_brokertopicmetrics_';
const URP = 'kafka_server_replicamanager_underreplicatedpartitions';
const ACTIVE = 'kafka_controller_kafkacontroller_activecontrollercount';
const LOG_SIZE = 'kafka_log_log_size';
const PARTITION = { topic: TOPIC, partition: '0' };

/** The operator port a bin/broker process logged at start-up (it starts before "started; listening"). */
function httpUrlOf(broker: BrokerProcess): string {
  const m = /operator HTTP port on (http:\/\/[^\s]+)/.exec(broker.output());
  if (!m) throw new Error(`broker logged no operator HTTP port:\n${broker.output()}`);
  return m[1];
}

describe('metrics of a three-broker cluster, scraped over HTTP', function () {
  this.timeout(180000);
  let cluster: TestCluster;

  const urlOf = (id: number): string => httpUrlOf(cluster.brokers.get(id) as BrokerProcess);
  const scrapeAll = async (): Promise<Map<number, Scrape>> =>
    new Map(await Promise.all([...cluster.brokers.keys()].map(async (id) => [id, await scrape(urlOf(id))] as const)));
  const activeControllers = async (): Promise<number> =>
    [...(await scrapeAll()).values()].reduce((sum, s) => sum + s.value(ACTIVE), 0);

  before(async () => {
    cluster = await TestCluster.start('metrics-cluster', [1, 2, 3], { 'samsa.http.listener': 'http://127.0.0.1:0' });
    await cluster.createReplicatedTopic(TOPIC, 1, { 'min.insync.replicas': '2' });
  });

  after(async () => {
    await cluster?.stop();
  });

  it('grows MessagesIn by the records sent and BytesIn by what the log grew, on the leader only', async () => {
    const leader = (await cluster.state(TOPIC, 0)).leader;
    const followers = [...cluster.brokers.keys()].filter((id) => id !== leader);
    const before = await scrapeAll();
    const lines = Array.from({ length: RECORDS }, (_, i) => `key-${i}:value ${i} ${'x'.repeat(i % 50)}`);
    await kcatProduce(cluster.bootstrap(), TOPIC, lines, ['-X', 'acks=all']);
    const after = await scrapeAll();
    const grew = (id: number, name: string, labels: Record<string, string> = {}): number =>
      (after.get(id) as Scrape).value(name, labels) - ((before.get(id) as Scrape).find(name, labels) ?? 0);
    const logGrowth = grew(leader, LOG_SIZE, PARTITION);
    expect(logGrowth).to.be.greaterThan(RECORDS * 10);
    expect(grew(leader, `${BTM}messagesin_total`, { topic: TOPIC })).to.equal(RECORDS);
    expect(grew(leader, `${BTM}messagesin_total`)).to.equal(RECORDS);
    expect(grew(leader, `${BTM}bytesin_total`, { topic: TOPIC })).to.equal(logGrowth);
    expect(grew(leader, `${BTM}bytesin_total`)).to.equal(logGrowth);
    for (const id of followers) {
      expect(grew(id, `${BTM}messagesin_total`), `broker ${id}`).to.equal(0);
      expect(grew(id, `${BTM}bytesin_total`), `broker ${id}`).to.equal(0);
    }
    // acks=all: the followers had every byte before kcat's last delivery report.
    for (const id of followers) {
      expect(grew(id, `${BTM}replicationbytesin_total`), `broker ${id}`).to.equal(logGrowth);
      expect(grew(id, LOG_SIZE, PARTITION), `broker ${id}`).to.equal(logGrowth);
    }
    expect(grew(leader, `${BTM}replicationbytesout_total`)).to.be.at.least(2 * logGrowth);
    // acks=all produces wait in purgatory for the followers: that wait is Produce's remote time.
    const produceRemote = { request: 'Produce' };
    expect(grew(leader, 'kafka_network_requestmetrics_remotetimems_sum', produceRemote)).to.be.greaterThan(0);
  });

  it('grows BytesOut on the leader when a consumer reads the topic', async () => {
    const leader = (await cluster.state(TOPIC, 0)).leader;
    const before = await scrape(urlOf(leader));
    const messages = await kcatConsumeAll(cluster.bootstrap(), TOPIC);
    expect(messages).to.have.length(RECORDS);
    const after = await scrape(urlOf(leader));
    const size = after.value(LOG_SIZE, PARTITION);
    const out =
      after.value(`${BTM}bytesout_total`, { topic: TOPIC }) -
      (before.find(`${BTM}bytesout_total`, { topic: TOPIC }) ?? 0);
    expect(out).to.be.at.least(size);
    expect(
      after.value('kafka_network_requestmetrics_requests_total', { request: 'FetchConsumer', version: '11' }),
    ).to.be.greaterThan(0);
    expect(after.sum('kafka_network_requestmetrics_requests_total', { request: 'FetchFollower' })).to.be.greaterThan(0);
  });

  it('reports UnderReplicatedPartitions 1 on the leader while a follower is down, and 0 once it has caught up', async () => {
    const leader = (await cluster.state(TOPIC, 0)).leader;
    const follower = [...cluster.brokers.keys()].find((id) => id !== leader) as number;
    const before = await scrape(urlOf(leader));
    expect(before.value(URP)).to.equal(0);
    await cluster.stopBroker(follower, 'SIGKILL');
    const shrunk = await waitUntil(
      async () => {
        const s = await scrape(urlOf(leader));
        return s.value(URP) === 1 ? s : null;
      },
      { timeoutMs: 30000, message: `the leader ${leader} to report one under-replicated partition` },
    );
    // Who shrank the ISR (the leader's lag check or the controller seeing the broker's session
    // end) is a race, and Kafka counts IsrShrinks only for the leader's own; so no count here.
    expect(shrunk.value('kafka_server_replicamanager_leadercount')).to.equal(1);
    expect(shrunk.value('kafka_server_replicamanager_atminisrpartitioncount'), 'ISR 2 = min.insync.replicas').to.equal(
      1,
    );
    expect(shrunk.value('kafka_server_replicamanager_underminisrpartitioncount')).to.equal(0);
    expect((await cluster.state(TOPIC, 0)).isr).to.not.include(follower);

    await kcatProduce(cluster.bootstrap(), TOPIC, ['while-down:1', 'while-down:2'], ['-X', 'acks=all']);
    await cluster.startBroker(follower);
    const healed = await waitUntil(
      async () => {
        const s = await scrape(urlOf(leader));
        return s.value(URP) === 0 ? s : null;
      },
      { timeoutMs: 60000, message: `the leader ${leader} to report no under-replicated partition` },
    );
    expect(healed.value('kafka_server_replicamanager_isrexpands_total')).to.equal(
      before.value('kafka_server_replicamanager_isrexpands_total') + 1,
    );
    const restarted = await scrape(urlOf(follower));
    expect(restarted.value('kafka_log_log_logendoffset', PARTITION)).to.equal(
      healed.value('kafka_log_log_logendoffset', PARTITION),
    );
  });

  it('reports an RF=1 partition offline on the controller while its only broker is down', async () => {
    const controller = (await cluster.controllerId()) as number;
    const victim = [...cluster.brokers.keys()].find((id) => id !== controller) as number;
    const OFFLINE = 'kafka_controller_kafkacontroller_offlinepartitionscount';
    const GLOBAL = 'kafka_controller_kafkacontroller_globalpartitioncount';
    const before = await scrape(urlOf(controller));
    expect(before.value(OFFLINE)).to.equal(0);
    const admin = await Admin.connect(cluster.bootstrap());
    try {
      await admin.createTopics([{ topic: 'lonely', replicaAssignment: { 0: [victim] } }]);
    } finally {
      await admin.close();
    }
    await cluster.waitForState('lonely', 0, (s) => s.leader === victim, `led by broker ${victim}`);
    expect((await scrape(urlOf(controller))).value(GLOBAL)).to.equal(before.value(GLOBAL) + 1);
    await cluster.stopBroker(victim, 'SIGKILL');
    await waitUntil(async () => (await scrape(urlOf(controller))).value(OFFLINE) === 1, {
      timeoutMs: 30000,
      message: `the controller to count lonely-0 offline once broker ${victim} is gone`,
    });
    await cluster.startBroker(victim);
    await waitUntil(async () => (await scrape(urlOf(controller))).value(OFFLINE) === 0, {
      timeoutMs: 30000,
      message: `lonely-0 back online with broker ${victim}`,
    });
  });

  it('sums ActiveControllerCount to 1 across the brokers, also after the controller is stopped', async () => {
    await waitUntil(async () => (await activeControllers()) === 1, {
      timeoutMs: 30000,
      message: 'one active controller across the brokers',
    });
    const controller = await cluster.controllerId();
    expect(controller).to.be.a('number');
    const scrapes = await scrapeAll();
    expect((scrapes.get(controller as number) as Scrape).value(ACTIVE)).to.equal(1);
    expect(
      (scrapes.get(controller as number) as Scrape).value('kafka_controller_kafkacontroller_globalpartitioncount'),
    ).to.be.at.least(1);
    for (const [id, s] of scrapes) {
      if (id !== controller)
        expect(s.value('kafka_controller_kafkacontroller_globalpartitioncount'), `broker ${id}`).to.equal(0);
    }

    await cluster.stopBroker(controller as number, 'SIGTERM');
    await waitUntil(
      async () => {
        const now = await cluster.controllerId();
        return now !== null && now !== controller && (await activeControllers()) === 1;
      },
      { timeoutMs: 30000, message: 'a new controller, alone active across the remaining brokers' },
    );
  });
});
