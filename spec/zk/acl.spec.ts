// Proves zookeeper.set.acl against the real ZooKeeper: a session with the brokers' digest
// credential creates znodes (single creates, recursive parents and multi ops) with the
// creator-all + world-read ACLs, sensitive paths (Kafka's /config/users, /config/brokers,
// delegation tokens) without world read; an anonymous session reads what the world may and is
// refused (NO_AUTH) everything else; another session with the same credential may do anything;
// the credential is sent again after a reconnect; open ACLs stay the default.
import { expect } from 'chai';
import {
  defaultAcls,
  digestId,
  isSensitivePath,
  parseDigestCredential,
  zkSecurityFrom,
  ZkAcl,
  ZkDigestCredential,
  ZkSecurity,
} from '../../lib/zk/acl';
import { ZkError } from '../../lib/zk/errors';
import { ZkSession } from '../../lib/zk/session';
import { silentLogger } from '../../lib/util/logger';
import { nextSessionEvent, openZkSession, sharedZooKeeper, silencingProxy, zkChroot } from '../helpers/zookeeper';

const BROKERS: ZkDigestCredential = { username: 'samsa', password: 'broker:secret' };
const SECURE: ZkSecurity = { setAcl: true, digest: BROKERS };
const ALL = ['read', 'write', 'create', 'delete', 'admin'];

function creatorAll(credential: ZkDigestCredential): ZkAcl {
  return { scheme: 'digest', id: digestId(credential), permissions: ALL } as ZkAcl;
}
const WORLD_READ: ZkAcl = { scheme: 'world', id: 'anyone', permissions: ['read'] };

async function zkErrorOf(promise: Promise<unknown>): Promise<ZkError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ZkError) return error;
    throw error;
  }
  throw new Error('expected a ZkError');
}

describe('ZooKeeper ACLs by path (Kafka ZkData.defaultAcls)', () => {
  it('gives the creator everything and the world read, except on sensitive paths and /consumers', () => {
    expect(defaultAcls(true, '/brokers/ids/1').map((a) => `${a.scheme}:${a.id}`)).to.deep.equal([
      'auth:',
      'world:anyone',
    ]);
    for (const path of ['/config/users', '/config/users/alice', '/config/brokers/1', '/delegation_token/tokens/t']) {
      expect(isSensitivePath(path), path).to.equal(true);
      expect(
        defaultAcls(true, path).map((a) => a.scheme),
        path,
      ).to.deep.equal(['auth']);
    }
    expect(defaultAcls(true, '/config/topics/t').map((a) => a.scheme)).to.deep.equal(['auth', 'world']);
    expect(defaultAcls(true, '/consumers')).to.deep.equal([{ scheme: 'world', id: 'anyone', permissions: ALL }]);
    expect(defaultAcls(false, '/config/users/alice')).to.deep.equal([
      { scheme: 'world', id: 'anyone', permissions: ALL },
    ]);
  });

  it('parses user:password (the password may hold colons) and refuses anything else', () => {
    expect(parseDigestCredential('samsa:a:b')).to.deep.equal({ username: 'samsa', password: 'a:b' });
    for (const bad of ['samsa', ':pw', 'samsa:', ''])
      expect(() => parseDigestCredential(bad), bad).to.throw(ZkError, /user:password/);
    expect(zkSecurityFrom(true, ' samsa:pw ')).to.deep.equal({
      setAcl: true,
      digest: { username: 'samsa', password: 'pw' },
    });
    expect(zkSecurityFrom(false, null)).to.deep.equal({ setAcl: false, digest: null });
  });
});

describe('ZkSession with zookeeper.set.acl', function () {
  this.timeout(60000);
  let connectString: string;
  const opened: ZkSession[] = [];
  let broker: ZkSession;
  let anonymous: ZkSession;

  async function open(security?: ZkSecurity): Promise<ZkSession> {
    const session = await openZkSession(connectString, 10_000, security);
    opened.push(session);
    return session;
  }

  beforeEach(async () => {
    connectString = zkChroot('zk-acl');
    broker = await open(SECURE);
    anonymous = await open();
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });

  it('creates znodes, parents and multi ops with creator-all + world read, sensitive ones creator-only', async () => {
    await broker.createRecursive('/brokers/ids/1', Buffer.from('{}'), 'ephemeral');
    await broker.multi([{ op: 'create', path: '/controller', data: Buffer.from('{}'), mode: 'ephemeral' }]);
    await broker.createRecursive('/config/users/alice', Buffer.from('{}'));
    const secure = [creatorAll(BROKERS), WORLD_READ];
    for (const path of ['/brokers', '/brokers/ids', '/brokers/ids/1', '/controller'])
      expect(await broker.getACL(path), path).to.deep.equal(secure);
    expect(await broker.getACL('/config/users/alice')).to.deep.equal([creatorAll(BROKERS)]);
    // ZooKeeper shows an ACL only to those who may read the znode (CVE-2019-0201).
    expect((await zkErrorOf(anonymous.getACL('/config/users/alice'))).code).to.equal('NO_AUTH');
    // ...and hides the credential's hash from those who may not administer it.
    const seenByWorld = await anonymous.getACL('/brokers/ids/1');
    expect(seenByWorld.map((a) => `${a.scheme}:${a.id.split(':')[0]}:${a.permissions.join('')}`)).to.deep.equal([
      'digest:samsa:readwritecreatedeleteadmin',
      'world:anyone:read',
    ]);
    // /config is not sensitive itself; /config/users is, and so is what lies under it.
    expect(await broker.getACL('/config')).to.deep.equal(secure);
    expect(await broker.getACL('/config/users')).to.deep.equal([creatorAll(BROKERS)]);
  });

  it('lets the world read but not change, and hides sensitive data (NO_AUTH)', async () => {
    await broker.createRecursive('/brokers/ids/1', Buffer.from('{"port":9092}'), 'ephemeral');
    await broker.createRecursive('/config/topics/orders', Buffer.from('{}'));
    await broker.createRecursive('/config/users/alice', Buffer.from('{"SCRAM-SHA-256":"x"}'));
    expect((await anonymous.getData('/brokers/ids/1')).data?.toString()).to.equal('{"port":9092}');
    expect(await anonymous.getChildren('/brokers/ids')).to.deep.equal(['1']);
    expect((await zkErrorOf(anonymous.delete('/brokers/ids/1'))).code).to.equal('NO_AUTH');
    expect((await zkErrorOf(anonymous.setData('/config/topics/orders', Buffer.from('{"x":1}'), -1))).code).to.equal(
      'NO_AUTH',
    );
    expect((await zkErrorOf(anonymous.create('/brokers/ids/2', null))).code).to.equal('NO_AUTH');
    expect((await zkErrorOf(anonymous.getData('/config/users/alice'))).code).to.equal('NO_AUTH');
    const stranger = await open({ setAcl: false, digest: { username: 'mallory', password: 'guess' } });
    expect((await zkErrorOf(stranger.delete('/brokers/ids/1'))).code).to.equal('NO_AUTH');
    expect((await zkErrorOf(stranger.getData('/config/users/alice'))).code).to.equal('NO_AUTH');
  });

  it('lets another session with the brokers credential change and delete what one broker created', async () => {
    await broker.createRecursive('/config/topics/orders', Buffer.from('{}'));
    await broker.createRecursive('/config/users/alice', Buffer.from('a'));
    const other = await open(SECURE);
    await other.setData('/config/topics/orders', Buffer.from('{"x":1}'), -1);
    expect((await other.getData('/config/users/alice')).data?.toString()).to.equal('a');
    await other.deleteRecursive('/config/users');
    expect(await broker.exists('/config/users')).to.equal(null);
  });

  it('authenticates again after a reconnect of the same session', async () => {
    await broker.createRecursive('/config/users/alice', Buffer.from('a'));
    const proxy = await silencingProxy(sharedZooKeeper().port);
    try {
      const chroot = connectString.slice(connectString.indexOf('/'));
      const cutOff = await ZkSession.connect(`127.0.0.1:${proxy.port}${chroot}`, {
        sessionTimeoutMs: 10_000,
        logger: silentLogger(),
        security: SECURE,
      });
      opened.push(cutOff);
      const sessionId = cutOff.sessionId;
      const disconnected = nextSessionEvent(cutOff, 'disconnected', 8000);
      proxy.cut(true);
      await disconnected;
      const reconnected = nextSessionEvent(cutOff, 'connected', 8000);
      proxy.cut(false);
      await reconnected;
      expect(cutOff.sessionId).to.equal(sessionId);
      expect((await cutOff.getData('/config/users/alice')).data?.toString()).to.equal('a');
      await cutOff.setData('/config/users/alice', Buffer.from('b'), -1);
    } finally {
      await proxy.close();
    }
  });

  it('keeps open ACLs when set.acl is false, and refuses set.acl without a credential', async () => {
    const plain = await open({ setAcl: false, digest: BROKERS });
    await plain.createRecursive('/config/users/bob', null);
    expect(await anonymous.getACL('/config/users/bob')).to.deep.equal([
      { scheme: 'world', id: 'anyone', permissions: ALL },
    ]);
    await anonymous.delete('/config/users/bob');
    const refused = await zkErrorOf(open({ setAcl: true, digest: null }));
    expect(refused.code).to.equal('BAD_ARGUMENTS');
    expect(refused.message).to.match(/zookeeper\.set\.acl/);
  });
});
