// Proves ZkSession against the real server: chroot creation, stats, typed ZkError codes,
// atomic multi (including expected version 0), one-shot watchers, close and expiry.
import { expect } from 'chai';
import { findFreePort } from '../../lib/cli/zookeeper-server';
import { silentLogger } from '../../lib/util/logger';
import { ZkError } from '../../lib/zk/errors';
import { ZkSession } from '../../lib/zk/session';
import {
  expireSession,
  nextSessionEvent,
  openZkSession,
  sharedZooKeeper,
  silencingProxy,
  watchProbe,
  zkChroot,
} from '../helpers/zookeeper';

async function zkErrorOf(promise: Promise<unknown>): Promise<ZkError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(ZkError);
    return error as ZkError;
  }
  throw new Error('expected a ZkError');
}

describe('zk/session', () => {
  let connectString: string;
  let session: ZkSession;
  const opened: ZkSession[] = [];

  const open = async (cs = connectString, timeoutMs?: number): Promise<ZkSession> => {
    const s = await openZkSession(cs, timeoutMs);
    opened.push(s);
    return s;
  };

  beforeEach(async () => {
    connectString = zkChroot('session');
    session = await open();
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });

  it('creates a missing chroot, and paths inside it are relative', async () => {
    const root = await open(sharedZooKeeper().connectString);
    const chroot = connectString.slice(connectString.indexOf('/'));
    expect(await root.exists(chroot)).not.to.equal(null);
    await session.create('/a', Buffer.from('x'), 'persistent');
    expect((await root.getData(`${chroot}/a`)).data?.toString()).to.equal('x');
    expect(await session.getChildren('/')).to.deep.equal(['a']);
  });

  it('reports stats: versions, czxid, ephemeral owner', async () => {
    expect(session.sessionId).to.match(/^[0-9a-f]{16}$/);
    expect(session.sessionPassword).to.have.length(16);
    await session.create('/p', Buffer.from('1'), 'persistent');
    const first = await session.getData('/p');
    expect(first.stat.version).to.equal(0);
    expect(first.stat.czxid).to.be.a('number').greaterThan(0);
    expect(first.stat.ephemeralOwner).to.equal('0000000000000000');
    const updated = await session.setData('/p', Buffer.from('2'), 0);
    expect(updated.version).to.equal(1);
    expect(updated.czxid).to.equal(first.stat.czxid);
    await session.create('/e', null, 'ephemeral');
    const ephemeral = await session.getData('/e');
    expect(ephemeral.data).to.equal(null);
    expect(ephemeral.stat.ephemeralOwner).to.equal(session.sessionId);
    expect(await session.exists('/missing')).to.equal(null);
  });

  it('turns failures into ZkError codes with the path', async () => {
    await session.create('/n', null, 'persistent');
    await session.create('/n/child', null, 'persistent');
    const exists = await zkErrorOf(session.create('/n', null, 'persistent'));
    expect(exists.code).to.equal('NODE_EXISTS');
    expect(exists.path).to.equal('/n');
    expect((await zkErrorOf(session.getData('/none'))).code).to.equal('NO_NODE');
    expect((await zkErrorOf(session.setData('/n', Buffer.from('x'), 5))).code).to.equal('BAD_VERSION');
    expect((await zkErrorOf(session.delete('/n'))).code).to.equal('NOT_EMPTY');
    expect((await zkErrorOf(session.getData('no-slash'))).code).to.equal('BAD_ARGUMENTS');
  });

  it('creates sequential nodes, recursive paths and deletes subtrees', async () => {
    const created = await session.create('/seq-', null, 'persistent_sequential');
    expect(created).to.match(/^\/seq-\d{10}$/);
    expect(await session.createRecursive('/x/y/z', Buffer.from('leaf'))).to.equal(true);
    expect(await session.createRecursive('/x/y/z')).to.equal(false);
    expect((await session.getData('/x/y/z')).data?.toString()).to.equal('leaf');
    expect((await session.getData('/x/y')).data).to.equal(null);
    expect(await session.listSubtree('/x')).to.deep.equal(['/x', '/x/y', '/x/y/z']);
    await session.deleteRecursive('/x');
    expect(await session.exists('/x')).to.equal(null);
    await session.deleteRecursive('/x');
  });

  it('applies a multi atomically and names the failing op', async () => {
    await session.create('/m', Buffer.from('0'), 'persistent');
    const results = await session.multi([
      { op: 'check', path: '/m', version: 0 },
      { op: 'create', path: '/m/a', data: Buffer.from('a'), mode: 'persistent' },
      { op: 'setData', path: '/m', data: Buffer.from('1'), version: 0 },
    ]);
    expect(results.map((r) => r.op)).to.deep.equal(['check', 'create', 'setData']);
    expect(results[1]).to.deep.equal({ op: 'create', path: '/m/a' });
    // /m is at version 1 now: a check for version 0 must fail (the package alone would send -1).
    const error = await zkErrorOf(
      session.multi([
        { op: 'create', path: '/m/b', data: null, mode: 'persistent' },
        { op: 'check', path: '/m', version: 0 },
      ]),
    );
    expect(error.code).to.equal('BAD_VERSION');
    expect(error.opIndex).to.equal(1);
    expect(error.path).to.equal('/m');
    expect(await session.exists('/m/b')).to.equal(null);
    await session.multi([{ op: 'delete', path: '/m/a', version: 0 }]);
    expect(await session.exists('/m/a')).to.equal(null);
  });

  it('fires data, child and existence watchers once, with chroot-relative paths', async () => {
    await session.create('/w', Buffer.from('0'), 'persistent');
    const data = watchProbe();
    const children = watchProbe();
    const creation = watchProbe();
    await session.getData('/w', data.watcher);
    await session.getChildren('/w', children.watcher);
    expect(await session.exists('/w/later', creation.watcher)).to.equal(null);
    await session.setData('/w', Buffer.from('1'), 0);
    await session.setData('/w', Buffer.from('2'), 1);
    await session.create('/w/later', null, 'persistent');
    expect(await data.next('data watch')).to.deep.equal({ type: 'dataChanged', path: '/w' });
    expect(await children.next('child watch')).to.deep.equal({ type: 'childrenChanged', path: '/w' });
    expect(await creation.next('exists watch')).to.deep.equal({ type: 'created', path: '/w/later' });
    // Notifications arrive in order: once a later watch has fired, a repeat of the first would have too.
    const probe = watchProbe();
    await session.getData('/w', probe.watcher);
    await session.setData('/w', Buffer.from('3'), 2);
    await probe.next('probe watch');
    expect(data.count()).to.equal(1);
  });

  it('survives a watcher that throws', async () => {
    await session.create('/t', null, 'persistent');
    await session.getData('/t', () => {
      throw new Error('watcher bug');
    });
    const later = watchProbe();
    await session.setData('/t', Buffer.from('1'), 0);
    await session.getData('/t', later.watcher);
    await session.setData('/t', Buffer.from('2'), 1);
    expect((await later.next('second watch')).type).to.equal('dataChanged');
  });

  it('removes ephemerals on close and refuses requests afterwards', async () => {
    const other = await open();
    await other.create('/eph', null, 'ephemeral');
    const gone = watchProbe();
    expect(await session.exists('/eph', gone.watcher)).not.to.equal(null);
    await other.close();
    expect(await gone.next('ephemeral deletion')).to.deep.equal({ type: 'deleted', path: '/eph' });
    expect((await zkErrorOf(other.getData('/'))).code).to.equal('CONNECTION_LOSS');
    await other.close();
  });

  it("emits 'expired' when the server ends the session, and fails requests with SESSION_EXPIRED", async () => {
    const victim = await open(connectString, 6000);
    await victim.create('/owned', null, 'ephemeral');
    const expired = nextSessionEvent(victim, 'expired');
    await expireSession(connectString, victim.sessionId, victim.sessionPassword);
    await expired;
    expect(victim.state).to.equal('expired');
    expect((await zkErrorOf(victim.getData('/'))).code).to.equal('SESSION_EXPIRED');
    expect(await session.exists('/owned')).to.equal(null);
  });

  it('drops a connection the server went silent on, and resumes the session through a new one', async () => {
    const proxy = await silencingProxy(sharedZooKeeper().port);
    try {
      const chroot = connectString.slice(connectString.indexOf('/'));
      const quiet = await open(`127.0.0.1:${proxy.port}${chroot}`, 4000);
      const sessionId = quiet.sessionId;
      await quiet.create('/alive', null, 'ephemeral');
      const disconnected = nextSessionEvent(quiet, 'disconnected', 8000);
      proxy.silence(true);
      await disconnected;
      const reconnected = nextSessionEvent(quiet, 'connected', 8000);
      proxy.silence(false);
      await reconnected;
      expect(quiet.sessionId).to.equal(sessionId);
      expect(await quiet.exists('/alive')).not.to.equal(null);
    } finally {
      await proxy.close();
    }
  });

  it('never sends a request that timed out while disconnected, and sends one that is still waiting', async () => {
    const proxy = await silencingProxy(sharedZooKeeper().port);
    try {
      const chroot = connectString.slice(connectString.indexOf('/'));
      const cutOff = await ZkSession.connect(`127.0.0.1:${proxy.port}${chroot}`, {
        sessionTimeoutMs: 10_000,
        requestTimeoutMs: 3000,
        logger: silentLogger(),
      });
      opened.push(cutOff);
      const cutAndWait = async (): Promise<void> => {
        const disconnected = nextSessionEvent(cutOff, 'disconnected', 8000);
        proxy.cut(true);
        await disconnected;
      };
      await cutAndWait();
      expect((await zkErrorOf(cutOff.create('/given-up', null))).code).to.equal('OPERATION_TIMEOUT');
      let reconnected = nextSessionEvent(cutOff, 'connected', 8000);
      proxy.cut(false);
      await reconnected;
      // Same session, so anything the client still had queued would have reached the server first.
      expect(await cutOff.exists('/given-up')).to.equal(null);

      await cutAndWait();
      const held = cutOff.create('/held', null);
      reconnected = nextSessionEvent(cutOff, 'connected', 8000);
      proxy.cut(false);
      await reconnected;
      expect(await held).to.equal('/held');
      expect(await session.exists('/held')).to.not.equal(null);
    } finally {
      await proxy.close();
    }
  });

  it('fails to connect within the bound when nothing listens', async () => {
    const port = await findFreePort();
    const started = Date.now();
    const error = await zkErrorOf(
      ZkSession.connect(`127.0.0.1:${port}`, {
        sessionTimeoutMs: 4000,
        connectTimeoutMs: 1000,
        logger: silentLogger(),
      }),
    );
    expect(error.code).to.equal('CONNECTION_LOSS');
    expect(Date.now() - started).to.be.lessThan(5000);
  });
});
