// Proves that an operator's zkCli.sh reads Samsa's state in Kafka's own layout: the broker
// registration, the topic assignment and each partition's state, as JSON matching ZK-LAYOUT.md.
import { expect } from 'chai';
import { startBroker, stopAllBrokers, TestBroker } from '../helpers/broker';
import { sharedZooKeeper } from '../helpers/zookeeper';
import { runOk } from '../helpers/processes';
import { Admin } from '../../lib/client/admin';

const ZKCLI = '/usr/share/zookeeper/bin/zkCli.sh';

/** zkCli prints log noise around the data; the JSON is the line that parses as an object. */
async function zkGet(chrootedPath: string): Promise<any> {
  const out = await runOk(ZKCLI, ['-server', `127.0.0.1:${sharedZooKeeper().port}`, 'get', chrootedPath], {
    timeoutMs: 60000,
  });
  const line = out
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l.startsWith('{'));
  if (!line) throw new Error(`no JSON in zkCli output:\n${out}`);
  return JSON.parse(line);
}

async function zkLs(chrootedPath: string): Promise<string[]> {
  const out = await runOk(ZKCLI, ['-server', `127.0.0.1:${sharedZooKeeper().port}`, 'ls', chrootedPath], {
    timeoutMs: 60000,
  });
  const line =
    out
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.startsWith('['))
      .pop() ?? '[]';
  return line
    .slice(1, -1)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

describe('zkCli.sh reads Kafka-layout znodes', function () {
  this.timeout(120000);
  let broker: TestBroker;
  let chroot: string;

  before(async () => {
    broker = await startBroker({ label: 'zkcli', brokerId: 7 });
    chroot = broker.connectString.slice(broker.connectString.indexOf('/'));
    const admin = await Admin.connect(broker.bootstrap);
    await admin.createTopics([
      { topic: 'orders', numPartitions: 2, replicationFactor: 1, configs: { 'retention.ms': '86400000' } },
    ]);
    admin.close();
  });

  after(stopAllBrokers);

  it('shows the broker registration, topic assignment, partition state and topic config', async () => {
    expect(await zkLs(`${chroot}/brokers/ids`)).to.deep.equal(['7']);
    const registration = await zkGet(`${chroot}/brokers/ids/7`);
    expect(registration).to.include({ version: 4, host: '127.0.0.1', port: broker.port, jmx_port: -1 });
    expect(registration.endpoints).to.deep.equal([`PLAINTEXT://127.0.0.1:${broker.port}`]);
    expect(registration.listener_security_protocol_map).to.deep.equal({ PLAINTEXT: 'PLAINTEXT' });
    expect(registration.timestamp).to.be.a('string').and.match(/^\d+$/);

    const assignment = await zkGet(`${chroot}/brokers/topics/orders`);
    expect(assignment).to.deep.equal({
      version: 2,
      partitions: { 0: [7], 1: [7] },
      adding_replicas: {},
      removing_replicas: {},
    });

    for (const p of [0, 1]) {
      const state = await zkGet(`${chroot}/brokers/topics/orders/partitions/${p}/state`);
      expect(state).to.deep.equal({
        controller_epoch: state.controller_epoch,
        leader: 7,
        version: 1,
        leader_epoch: 0,
        isr: [7],
      });
      expect(state.controller_epoch).to.be.a('number').greaterThan(0);
    }
    expect(await zkGet(`${chroot}/config/topics/orders`)).to.deep.equal({
      version: 1,
      config: { 'retention.ms': '86400000' },
    });
    const controller = await zkGet(`${chroot}/controller`);
    expect(controller).to.include({ version: 1, brokerid: 7 });
    expect(controller.timestamp).to.be.a('string');
    const clusterId = await zkGet(`${chroot}/cluster/id`);
    expect(clusterId.version).to.equal('1');
    expect(clusterId.id).to.have.length(22);
  });
});
