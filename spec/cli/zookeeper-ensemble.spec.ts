// Proves the ensemble runner starts a real three-node ZooKeeper quorum on 127.0.0.1: a session
// writes through one node and another session reads it through a different node; with one node
// killed the other two still serve; with two killed the last one serves nobody (no quorum), a
// write attempted then is refused and never applied later, and once they are back the data is intact.
import { expect } from 'chai';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { isProcessAlive } from '../../lib/cli/zookeeper-server';
import { startZooKeeperEnsemble, ZooKeeperEnsemble } from '../../lib/cli/zookeeper-ensemble';
import { ZkError } from '../../lib/zk/errors';
import type { ZkSession } from '../../lib/zk/session';
import { waitUntil } from '../helpers/wait';
import { openZkSession } from '../helpers/zookeeper';

describe('cli/zookeeper-ensemble', function () {
  this.timeout(180_000);
  let dir: string;
  let ensemble: ZooKeeperEnsemble | null = null;
  const sessions: ZkSession[] = [];

  const through = async (id: number): Promise<ZkSession> => {
    const node = ensemble!.layout.nodes[id - 1];
    const session = await openZkSession(`127.0.0.1:${node.clientPort}`, 6000);
    sessions.push(session);
    return session;
  };

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samsa-zk-ensemble-'));
    ensemble = await startZooKeeperEnsemble({ dir });
  });

  after(async () => {
    await Promise.all(sessions.map((session) => session.close()));
    await ensemble?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('runs three nodes with one leader, each with its own dir, myid and ports', async () => {
    const e = ensemble!;
    const ports = e.layout.nodes.flatMap((node) => [node.clientPort, node.quorumPort, node.electionPort]);
    expect(new Set(ports).size).to.equal(9);
    for (const node of e.layout.nodes) {
      expect(fs.readFileSync(path.join(node.dataDir, 'myid'), 'utf8').trim()).to.equal(String(node.id));
      expect(isProcessAlive(e.pid(node.id) as number)).to.equal(true);
    }
    const modes = await Promise.all([1, 2, 3].map((id) => e.mode(id)));
    expect(modes.filter((mode) => mode === 'leader')).to.have.length(1);
    expect(modes.filter((mode) => mode === 'follower')).to.have.length(2);
    expect(e.connectString.split(',')).to.have.length(3);
  });

  it('replicates a write through one node to a read through another', async () => {
    const writer = await through(1);
    const reader = await through(2);
    await writer.create('/replicated', Buffer.from('hello'));
    // A follower may lag the leader's commit by a moment; sync-free reads converge quickly.
    const data = await waitUntil(async () => (await reader.getData('/replicated')).data?.toString(), {
      message: '/replicated through node 2',
    });
    expect(data).to.equal('hello');
  });

  it('keeps serving with one node killed, and stops serving with two killed', async () => {
    const e = ensemble!;
    const leader = (await e.leaderId()) as number;
    expect(leader).to.be.a('number');
    const [second, last] = [1, 2, 3].filter((id) => id !== leader);
    const killedPid = e.pid(leader) as number;
    await e.stopNode(leader, 'SIGKILL');
    expect(isProcessAlive(killedPid)).to.equal(false);
    expect(e.isRunning(leader)).to.equal(false);

    await waitUntil(async () => (await e.leaderId()) !== null, {
      timeoutMs: 30_000,
      message: 'a new ZooKeeper leader',
    });
    const survivor = await through(second);
    await survivor.create('/after-one-loss', Buffer.from('still'));
    const other = await through(last);
    const read = await waitUntil(async () => (await other.getData('/after-one-loss')).data?.toString(), {
      message: '/after-one-loss through the other survivor',
    });
    expect(read).to.equal('still');

    await e.stopNode(second, 'SIGKILL');
    await waitUntil(async () => (await e.mode(last)) === null, {
      timeoutMs: 30_000,
      message: 'the last node to stop serving',
    });
    const refused = await other.create('/without-quorum', null).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).to.be.instanceOf(ZkError);
    expect((refused as ZkError).code).to.be.oneOf(['OPERATION_TIMEOUT', 'CONNECTION_LOSS']);

    await e.startNode(leader, { waitForQuorum: false });
    await e.startNode(second);
    await waitUntil(async () => (await e.leaderId()) !== null, { timeoutMs: 30_000, message: 'quorum back' });
    const check = await through(leader);
    expect((await check.getData('/replicated')).data?.toString()).to.equal('hello');
    // The refused write stays refused: the client must not send it once the quorum is back.
    await waitUntil(() => other.state === 'connected', {
      timeoutMs: 20_000,
      message: 'the other session to reconnect',
    });
    expect(await other.exists('/without-quorum')).to.equal(null);
  });
});
