// Proves the fault suite's ensemble control: brokers get all three nodes plus a chroot; a node
// stopped by pid is gone and comes back into the quorum; and a session is expired from outside
// knowing only its id (ZooKeeper derives the password from it), which is how the suite expires
// a broker process's session: its registration disappears and its client sees 'expired'.
import { expect } from 'chai';
import { isProcessAlive } from '../../lib/cli/zookeeper-server';
import type { ZkSession } from '../../lib/zk/session';
import { waitUntil } from '../helpers/wait';
import { nextSessionEvent, openZkSession, sessionPasswordOf } from '../helpers/zookeeper';
import { startZkEnsemble, ZkEnsembleControl } from './zk-ensemble';

describe('faults/zk-ensemble', function () {
  this.timeout(180_000);
  let zk: ZkEnsembleControl | null = null;
  const sessions: ZkSession[] = [];

  const open = async (): Promise<ZkSession> => {
    const session = await openZkSession(zk!.connectString, 6000);
    sessions.push(session);
    return session;
  };

  before(async () => {
    zk = await startZkEnsemble({ chroot: '/zk-ensemble-spec' });
  });

  after(async () => {
    await Promise.all(sessions.map((session) => session.close()));
    await zk?.stop();
  });

  it('hands out all three nodes with the chroot', () => {
    expect(zk!.connectString).to.match(/^127\.0\.0\.1:\d+,127\.0\.0\.1:\d+,127\.0\.0\.1:\d+\/zk-ensemble-spec$/);
    expect([...zk!.nodePids().values()].every((pid) => pid !== null && isProcessAlive(pid))).to.equal(true);
  });

  it('derives a session password from the session id as the server does', async () => {
    const session = await open();
    expect(sessionPasswordOf(session.sessionId).equals(session.sessionPassword)).to.equal(true);
  });

  it('expires a broker-like session knowing only its id', async () => {
    const owner = await open();
    await owner.createRecursive('/brokers/ids');
    await owner.create('/brokers/ids/7', Buffer.from('{}'), 'ephemeral');
    const observer = await open();
    const sessionId = await zk!.brokerSessionId(observer, 7);
    expect(sessionId).to.equal(owner.sessionId);

    const expired = nextSessionEvent(owner, 'expired', 30_000);
    await zk!.expireSession(sessionId as string);
    await expired;
    expect(owner.state).to.equal('expired');
    await waitUntil(async () => (await zk!.brokerSessionId(observer, 7)) === null, {
      message: 'the registration to go',
    });
  });

  it('stops a node by pid and brings it back into the quorum', async () => {
    const leader = (await zk!.leaderId()) as number;
    expect(leader).to.be.a('number');
    const pid = zk!.nodePids().get(leader) as number;
    await zk!.stopNode(leader);
    expect(isProcessAlive(pid)).to.equal(false);
    expect(zk!.isRunning(leader)).to.equal(false);
    await zk!.startNode(leader);
    expect(await zk!.mode(leader)).to.be.oneOf(['leader', 'follower']);
    const session = await open();
    expect(await session.exists('/brokers/ids')).to.not.equal(null);
  });
});
