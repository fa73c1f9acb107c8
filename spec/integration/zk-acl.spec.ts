// Proves zookeeper.set.acl on real broker processes: two brokers sharing one digest credential
// create their registration, topic, partition state, controller and config znodes with the
// creator-all + world-read ACLs (Kafka's sensitive /config/users without world read), serve a
// topic end to end (kcat produces and consumes), and keep writing each other's znodes when the
// controller is SIGKILLed and the other broker takes over. An anonymous ZooKeeper client reads
// the registrations but cannot delete them or change topic configs; a client with the brokers'
// credential can; bin/zkcli reads sensitive znodes only with the credential.
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TestCluster } from '../helpers/cluster';
import { kcatConsumeAll, kcatProduce } from '../helpers/kcat';
import { expireSession, openZkSession, sessionPasswordOf, zkChroot } from '../helpers/zookeeper';
import { waitUntil } from '../helpers/wait';
import { PROJECT_ROOT, spawnBroker, tempDir } from '../helpers/broker';
import { run } from '../helpers/processes';
import { digestId, parseDigestCredential, ZkAcl } from '../../lib/zk/acl';
import { ZkError } from '../../lib/zk/errors';
import type { ZkSession } from '../../lib/zk/session';
import { Admin } from '../../lib/client/admin';

const CREDENTIALS = 'samsa:broker-secret';
const BROKERS = parseDigestCredential(CREDENTIALS);
const ALL = ['read', 'write', 'create', 'delete', 'admin'];
const CREATOR_ALL = { scheme: 'digest', id: digestId(BROKERS), permissions: ALL } as ZkAcl;
const WORLD_READ: ZkAcl = { scheme: 'world', id: 'anyone', permissions: ['read'] };
const ZKCLI = path.join(PROJECT_ROOT, 'bin', 'zkcli');

async function zkErrorOf(promise: Promise<unknown>): Promise<ZkError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ZkError) return error;
    throw error;
  }
  throw new Error('expected a ZkError');
}

describe('a cluster with zookeeper.set.acl=true', function () {
  this.timeout(240000);
  let cluster: TestCluster;
  let admin: ZkSession;

  before(async () => {
    cluster = await TestCluster.start('zk-acl-cluster', [1, 2], {
      'zookeeper.set.acl': true,
      'zookeeper.digest.credentials': CREDENTIALS,
    });
    admin = await openZkSession(cluster.connectString, 10_000, { setAcl: true, digest: BROKERS });
    await cluster.createReplicatedTopic('orders', 2);
  });

  after(async () => {
    await admin?.close();
    await cluster?.stop();
  });

  it("creates the brokers' znodes with creator-all + world read, /config/users creator-only", async () => {
    const controller = await cluster.controllerId();
    const secure = [
      '/brokers/ids/1',
      '/brokers/ids/2',
      '/brokers/topics/orders',
      '/brokers/topics/orders/partitions/0/state',
      '/brokers/topics/orders/partitions/1/state',
      '/config/topics/orders',
      '/controller',
      '/controller_epoch',
      '/cluster/id',
    ];
    expect(controller).to.be.oneOf([1, 2]);
    for (const znode of secure) expect(await admin.getACL(znode), znode).to.deep.equal([CREATOR_ALL, WORLD_READ]);
    expect(await admin.getACL('/config/users')).to.deep.equal([CREATOR_ALL]);
    expect(await admin.getACL('/consumers')).to.deep.equal([{ scheme: 'world', id: 'anyone', permissions: ALL }]);
  });

  it('lets an anonymous client read registrations but not delete them or change topic configs', async () => {
    const anonymous = cluster.session;
    const registration = await anonymous.getData('/brokers/ids/1');
    expect(JSON.parse(registration.data?.toString() ?? '{}')).to.have.property('endpoints');
    expect((await zkErrorOf(anonymous.delete('/brokers/ids/1'))).code).to.equal('NO_AUTH');
    const config = await anonymous.getData('/config/topics/orders');
    expect((await zkErrorOf(anonymous.setData('/config/topics/orders', config.data, -1))).code).to.equal('NO_AUTH');
    expect((await zkErrorOf(anonymous.getChildren('/config/users'))).code).to.equal('NO_AUTH');
    // A client holding the brokers' credential may.
    const written = await admin.setData('/config/topics/orders', config.data, config.stat.version);
    expect(written.version).to.equal(config.stat.version + 1);
  });

  it("bootstraps a client from ZooKeeper's world-readable /brokers/ids without a credential", async () => {
    const client = new Admin({ zookeeper: cluster.connectString });
    try {
      await client.connect();
      expect(await client.listTopics()).to.include('orders');
    } finally {
      await client.close();
    }
  });

  it('produces and consumes, and fails over to the other broker writing the first one’s znodes', async () => {
    await kcatProduce(cluster.bootstrap(), 'orders', ['a:1', 'b:2', 'c:3', 'd:4']);
    const controller = (await cluster.controllerId()) as number;
    const survivor = controller === 1 ? 2 : 1;
    const before = [await cluster.state('orders', 0), await cluster.state('orders', 1)];
    await cluster.stopBroker(controller, 'SIGKILL');
    for (let p = 0; p < 2; p++) {
      await cluster.waitForState('orders', p, (s) => s.leader === survivor && !s.isr.includes(controller), 'failover');
    }
    expect(await cluster.controllerId()).to.equal(survivor);
    const moved = before.findIndex((s) => s.leader === controller);
    if (moved >= 0)
      expect((await cluster.state('orders', moved)).leaderEpoch).to.be.greaterThan(before[moved].leaderEpoch);
    await kcatProduce(cluster.bootstrap(), 'orders', ['e:5']);
    const values = (await kcatConsumeAll(cluster.bootstrap(), 'orders')).map((m) => m.payload).sort();
    expect(values).to.deep.equal(['1', '2', '3', '4', '5']);
    expect(await admin.getACL('/controller')).to.deep.equal([CREATOR_ALL, WORLD_READ]);
  });

  it('bin/zkcli reads sensitive znodes with --digest or the config file credential, and is refused without', async () => {
    await admin.createRecursive('/config/users/alice', Buffer.from('{"version":1,"config":{}}'));
    const anonymous = await run(ZKCLI, ['--zookeeper', cluster.connectString, 'get', '/config/users/alice'], {
      timeoutMs: 60000,
    });
    expect(anonymous.code).to.not.equal(0);
    expect(anonymous.stdout + anonymous.stderr).to.match(/Insufficient permission/);
    const world = await run(ZKCLI, ['--zookeeper', cluster.connectString, 'get', '/controller'], {
      timeoutMs: 60000,
    });
    expect(world.code, world.stderr).to.equal(0);
    expect(world.stdout).to.match(/"brokerid"/);

    const withDigest = await run(
      ZKCLI,
      ['--zookeeper', cluster.connectString, '--digest', CREDENTIALS, 'get', '/config/users/alice'],
      { timeoutMs: 60000 },
    );
    expect(withDigest.code, withDigest.stderr).to.equal(0);
    expect(withDigest.stdout).to.match(/"version":1/);

    const file = path.join(tempDir('zk-acl-zkcli'), 'server.properties');
    fs.writeFileSync(file, `zookeeper.connect=${cluster.connectString}\nzookeeper.digest.credentials=${CREDENTIALS}\n`);
    const fromConfig = await run(ZKCLI, ['--config', file, 'set', '/config/users/alice', '{"version": 1}'], {
      timeoutMs: 60000,
    });
    expect(fromConfig.code, fromConfig.stderr).to.equal(0);
    expect((await admin.getData('/config/users/alice')).data?.toString()).to.equal('{"version": 1}');
  });
  it('authenticates its new session after an expiry: re-registers and re-elects with the same ACLs', async () => {
    const [id] = await admin.getChildren('/brokers/ids');
    const znode = `/brokers/ids/${id}`;
    const owner = (await admin.getData(znode)).stat.ephemeralOwner;
    await expireSession(cluster.connectString, owner, sessionPasswordOf(owner));
    await waitUntil(
      async () => {
        const stat = await admin.exists(znode);
        return stat !== null && stat.ephemeralOwner !== owner;
      },
      { timeoutMs: 45000, message: `broker ${id} to register with a new session` },
    );
    expect(await admin.getACL(znode)).to.deep.equal([CREATOR_ALL, WORLD_READ]);
    await waitUntil(async () => (await cluster.controllerId()) === Number(id), {
      timeoutMs: 45000,
      message: `broker ${id} to be controller again`,
    });
    expect(await admin.getACL('/controller')).to.deep.equal([CREATOR_ALL, WORLD_READ]);
    await kcatProduce(cluster.bootstrap(), 'orders', ['f:6']);
    const values = (await kcatConsumeAll(cluster.bootstrap(), 'orders')).map((m) => m.payload);
    expect(values).to.include('6');
  });
});

describe('a broker with zookeeper.set.acl=true and no credential', function () {
  this.timeout(60000);

  it('refuses to start, naming the missing key, before creating any znode', async () => {
    const connectString = zkChroot('zk-acl-refused');
    const broker = await spawnBroker({
      waitForListening: false,
      props: {
        'broker.id': 7,
        listeners: 'PLAINTEXT://127.0.0.1:0',
        'log.dirs': tempDir('zk-acl-refused'),
        'zookeeper.connect': connectString,
        'zookeeper.set.acl': true,
      },
    });
    try {
      const code = await Promise.race([
        broker.exited,
        new Promise<'running'>((resolve) => setTimeout(() => resolve('running'), 45000).unref()),
      ]);
      expect(code, broker.output()).to.not.equal(0).and.not.equal('running');
      expect(broker.output()).to.match(/zookeeper\.set\.acl is true but no ZooKeeper credential/);
    } finally {
      await broker.stop('SIGKILL');
    }
    const observer = await openZkSession(connectString);
    try {
      expect(await observer.getChildren('/')).to.deep.equal([]);
    } finally {
      await observer.close();
    }
  });
});
