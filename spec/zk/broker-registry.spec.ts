// Proves broker registration against the real server: the persistent skeleton, one cluster id,
// an ephemeral version-4 registration whose czxid is the broker epoch, duplicate ids refused
// with BrokerIdInUseError, re-registration by the same session accepted, and removal on close.
import { expect } from 'chai';
import {
  deregisterBroker,
  ensurePersistentPaths,
  getAllBrokers,
  getBroker,
  getLiveBrokerIds,
  getOrCreateClusterId,
  randomClusterId,
  registerBroker,
} from '../../lib/zk/broker-registry';
import { BrokerIdInUseError } from '../../lib/zk/errors';
import { ZkSession } from '../../lib/zk/session';
import { PERSISTENT_PATHS } from '../../lib/zk/znodes';
import { openZkSession, sharedZooKeeper, silencingProxy, watchProbe, zkChroot } from '../helpers/zookeeper';

const endpoint = { listenerName: 'PLAINTEXT', securityProtocol: 'PLAINTEXT', host: '127.0.0.1', port: 9092 };

describe('zk/broker-registry', () => {
  let connectString: string;
  let first: ZkSession;
  let second: ZkSession;

  beforeEach(async () => {
    connectString = zkChroot('registry');
    first = await openZkSession(connectString);
    second = await openZkSession(connectString);
    await ensurePersistentPaths(first);
  });

  afterEach(async () => {
    await Promise.all([first.close(), second.close()]);
  });

  it('creates every persistent path with null data, idempotently', async () => {
    await ensurePersistentPaths(second);
    for (const path of PERSISTENT_PATHS) {
      const { data, stat } = await first.getData(path);
      expect(data, path).to.equal(null);
      expect(stat.ephemeralOwner).to.equal('0000000000000000');
    }
  });

  it('creates one cluster id and returns it to everyone', async () => {
    expect(randomClusterId()).to.match(/^[A-Za-z0-9_-]{22}$/);
    const [a, b] = await Promise.all([getOrCreateClusterId(first), getOrCreateClusterId(second)]);
    expect(a).to.equal(b);
    expect(a).to.match(/^[A-Za-z0-9_-]{22}$/);
    expect(JSON.parse((await first.getData('/cluster/id')).data?.toString() ?? '')).to.deep.equal({
      version: '1',
      id: a,
    });
  });

  it('registers an ephemeral version 4 node whose czxid is the broker epoch', async () => {
    const { brokerEpoch } = await registerBroker(first, { brokerId: 1, endpoints: [endpoint], timestampMs: 1234 });
    const { data, stat } = await first.getData('/brokers/ids/1');
    expect(stat.ephemeralOwner).to.equal(first.sessionId);
    expect(stat.czxid).to.equal(brokerEpoch);
    expect(stat.version).to.equal(1);
    const written = JSON.parse(data?.toString() ?? '') as Record<string, unknown>;
    expect(written).to.include({ version: 4, host: '127.0.0.1', port: 9092, timestamp: '1234', jmx_port: -1 });
    const read = await getBroker(second, 1);
    expect(read?.brokerEpoch).to.equal(brokerEpoch);
    expect(read?.registration.endpoints).to.deep.equal([endpoint]);
    expect(await getBroker(second, 99)).to.equal(null);
  });

  it('accepts a retried registration by the same session', async () => {
    const once = await registerBroker(first, { brokerId: 2, endpoints: [endpoint], timestampMs: 1 });
    const again = await registerBroker(first, { brokerId: 2, endpoints: [endpoint], timestampMs: 2 });
    expect(again.brokerEpoch).to.equal(once.brokerEpoch);
  });

  it('retries a registration whose connection was lost mid-request once the session reconnects', async () => {
    const proxy = await silencingProxy(sharedZooKeeper().port);
    const chroot = connectString.slice(connectString.indexOf('/'));
    const cut = await openZkSession(`127.0.0.1:${proxy.port}${chroot}`, 4000);
    try {
      proxy.silence(true); // the multi reaches the server, its answer never comes back
      const registering = registerBroker(cut, { brokerId: 5, endpoints: [endpoint], timestampMs: 1 });
      await new Promise<void>((resolve) => cut.on('disconnected', () => resolve()));
      proxy.silence(false);
      const { brokerEpoch } = await registering;
      const stored = await second.exists('/brokers/ids/5');
      expect(stored?.ephemeralOwner).to.equal(cut.sessionId);
      expect(stored?.czxid).to.equal(brokerEpoch);
    } finally {
      await cut.close();
      await proxy.close();
    }
  });

  it('refuses a broker id held by another session', async () => {
    await registerBroker(first, { brokerId: 3, endpoints: [endpoint], timestampMs: 1 });
    try {
      await registerBroker(second, { brokerId: 3, endpoints: [endpoint], timestampMs: 2 });
      expect.fail('expected BrokerIdInUseError');
    } catch (error) {
      expect(error).to.be.instanceOf(BrokerIdInUseError);
      expect((error as Error).message).to.contain(
        `broker.id 3 is already registered in ZooKeeper by another broker (session 0x${first.sessionId})`,
      );
    }
  });

  it('lists live brokers, watches membership, and drops a broker whose session closes', async () => {
    const third = await openZkSession(connectString);
    try {
      await registerBroker(first, { brokerId: 5, endpoints: [endpoint], timestampMs: 1 });
      await registerBroker(third, { brokerId: 4, endpoints: [endpoint], timestampMs: 1 });
      const change = watchProbe();
      expect(await getLiveBrokerIds(second, change.watcher)).to.deep.equal([4, 5]);
      expect((await getAllBrokers(second)).map((b) => b.registration.brokerId)).to.deep.equal([4, 5]);
      await third.close();
      expect((await change.next('/brokers/ids')).type).to.equal('childrenChanged');
      expect(await getLiveBrokerIds(second)).to.deep.equal([5]);
    } finally {
      await third.close();
    }
  });

  it('deregisters only its own registration', async () => {
    await registerBroker(first, { brokerId: 6, endpoints: [endpoint], timestampMs: 1 });
    expect(await deregisterBroker(second, 6)).to.equal(false);
    expect(await deregisterBroker(first, 6)).to.equal(true);
    expect(await getLiveBrokerIds(second)).to.deep.equal([]);
  });
});
