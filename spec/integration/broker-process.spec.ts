// Proves the broker process's life cycle: data survives a clean restart and a kill -9; a
// second broker with the same broker.id exits with a clear error; a bad config value exits
// non-zero naming the key; SIGTERM deregisters the broker from ZooKeeper.
import { expect } from 'chai';
import { spawnBroker, stopAllBrokers, tempDir } from '../helpers/broker';
import { zkChroot } from '../helpers/zookeeper';
import { kcatConsumeAll, kcatProduce } from '../helpers/kcat';
import { Admin } from '../../lib/client/admin';
import { ZkSession } from '../../lib/zk/session';
import { silentLogger } from '../../lib/util/logger';

function props(connectString: string, logDir: string, extra: Record<string, string | number> = {}) {
  return {
    'broker.id': 1,
    listeners: 'PLAINTEXT://127.0.0.1:0',
    'log.dirs': logDir,
    'zookeeper.connect': connectString,
    'zookeeper.session.timeout.ms': 6000,
    ...extra,
  };
}

async function createTopic(bootstrap: string, topic: string, partitions: number): Promise<void> {
  const admin = await Admin.connect(bootstrap);
  try {
    await admin.createTopics([{ topic, numPartitions: partitions, replicationFactor: 1 }]);
  } finally {
    admin.close();
  }
}

describe('broker process', function () {
  this.timeout(120000);
  afterEach(stopAllBrokers);

  it('keeps acknowledged data across a clean restart and across kill -9', async () => {
    const connectString = zkChroot('restart');
    const logDir = tempDir('restart');
    let broker = await spawnBroker({ props: props(connectString, logDir) });
    await createTopic(broker.bootstrap, 'durable', 2);
    const first = Array.from({ length: 300 }, (_, i) => `k${i % 5}:first-${i}`);
    await kcatProduce(broker.bootstrap, 'durable', first, ['-X', 'acks=all']);
    expect(await broker.stop('SIGTERM')).to.equal(0);

    broker = await spawnBroker({ props: props(connectString, logDir) });
    expect((await kcatConsumeAll(broker.bootstrap, 'durable')).length).to.equal(300);
    const second = Array.from({ length: 200 }, (_, i) => `k${i % 5}:second-${i}`);
    await kcatProduce(broker.bootstrap, 'durable', second, ['-X', 'acks=1']);
    await broker.stop('SIGKILL');

    broker = await spawnBroker({ props: props(connectString, logDir) });
    const all = await kcatConsumeAll(broker.bootstrap, 'durable');
    expect(all.map((m) => `${m.key}:${m.payload}`).sort()).to.deep.equal([...first, ...second].sort());
    await kcatProduce(broker.bootstrap, 'durable', ['k1:after-crash'], ['-X', 'acks=all']);
    expect((await kcatConsumeAll(broker.bootstrap, 'durable')).length).to.equal(501);
  });

  it('refuses to start a second broker with a broker.id that is already registered', async () => {
    const connectString = zkChroot('dup-id');
    await spawnBroker({ props: props(connectString, tempDir('dup-a')) });
    const second = await spawnBroker({ props: props(connectString, tempDir('dup-b')), waitForListening: false });
    const code = await second.exited;
    expect(code).to.equal(1);
    expect(second.output()).to.match(/broker\.id 1 is already registered/);
  });

  it('exits non-zero naming the key when a config value is bad', async () => {
    const connectString = zkChroot('bad-config');
    const bad = await spawnBroker({
      props: props(connectString, tempDir('bad'), { 'num.partitions': 'many' }),
      waitForListening: false,
    });
    expect(await bad.exited).to.equal(1);
    expect(bad.output()).to.match(/num\.partitions/);
    expect(bad.output()).to.match(/'many' is not an integer/);
    const unknown = await spawnBroker({
      props: props(connectString, tempDir('bad2'), { 'log.segment.bytes': '-5' }),
      waitForListening: false,
    });
    expect(await unknown.exited).to.equal(1);
    expect(unknown.output()).to.match(/log\.segment\.bytes/);
  });

  it('generates a broker id through /brokers/seqid when broker.id is not set, and keeps it across restarts', async () => {
    const connectString = zkChroot('seqid');
    const logDir = tempDir('seqid');
    const settings = { ...props(connectString, logDir), 'broker.id': -1 };
    let broker = await spawnBroker({ props: settings });
    expect(broker.output()).to.match(/Samsa broker 1001 started/);
    expect(await broker.stop('SIGTERM')).to.equal(0);
    const other = await spawnBroker({ props: { ...settings, 'log.dirs': tempDir('seqid-b') } });
    expect(other.output()).to.match(/Samsa broker 1002 started/);
    broker = await spawnBroker({ props: settings });
    expect(broker.output()).to.match(/using 1001 from meta\.properties/);
  });

  it('deregisters from ZooKeeper on SIGTERM and warns about unknown keys', async () => {
    const connectString = zkChroot('deregister');
    const broker = await spawnBroker({ props: props(connectString, tempDir('dereg'), { 'no.such.key': 'x' }) });
    expect(broker.output()).to.match(/unknown configuration key 'no\.such\.key'/);
    const session = await ZkSession.connect(connectString, { sessionTimeoutMs: 6000, logger: silentLogger() });
    try {
      expect(await session.exists('/brokers/ids/1')).to.not.equal(null);
      expect(await broker.stop('SIGTERM')).to.equal(0);
      expect(await session.exists('/brokers/ids/1')).to.equal(null);
      expect(await session.exists('/controller')).to.equal(null);
    } finally {
      await session.close();
    }
  });
});
