// Proves Kafka 2.1+ controller election against the real server: of two racing brokers exactly
// one wins and the other learns its id, /controller_epoch strictly increases across
// re-elections (after resignation and after session expiry), and a controller write guarded by
// a stale epoch zkVersion fails BAD_VERSION as ControllerMovedError.
import { expect } from 'chai';
import {
  controllerEpochGuard,
  ElectionResult,
  getControllerEpoch,
  getControllerId,
  guardedMulti,
  resignController,
  tryElectController,
} from '../../lib/zk/controller-election';
import { ControllerMovedError, ZkError } from '../../lib/zk/errors';
import { ZkSession } from '../../lib/zk/session';
import { expireSession, nextSessionEvent, openZkSession, watchProbe, zkChroot } from '../helpers/zookeeper';

function won(result: ElectionResult): { epoch: number; epochZkVersion: number } {
  if (!result.won) throw new Error(`expected to win, controller is ${String(result.controllerId)}`);
  return result;
}

describe('zk/controller-election', () => {
  let connectString: string;
  const sessions: ZkSession[] = [];
  const open = async (): Promise<ZkSession> => {
    const session = await openZkSession(connectString, 6000);
    sessions.push(session);
    return session;
  };

  beforeEach(() => {
    connectString = zkChroot('controller');
  });

  afterEach(async () => {
    await Promise.all(sessions.splice(0).map((session) => session.close()));
  });

  it('elects exactly one of two racing brokers; the loser sees the winner', async () => {
    const [a, b] = await Promise.all([open(), open()]);
    const results = await Promise.all([tryElectController(a, 1), tryElectController(b, 2)]);
    const winners = results.filter((result) => result.won);
    expect(winners).to.have.length(1);
    const winnerId = results[0].won ? 1 : 2;
    const loser = results[0].won ? results[1] : results[0];
    expect(loser).to.deep.equal({ won: false, controllerId: winnerId });
    const { epoch, epochZkVersion } = won(winners[0]);
    expect(epoch).to.equal(1);
    expect(await getControllerEpoch(a)).to.deep.equal({ epoch: 1, zkVersion: epochZkVersion });
    expect(await getControllerId(b)).to.equal(winnerId);
    expect((await a.getData('/controller_epoch')).data?.toString()).to.equal('1');
  });

  it('reports a win again when the same session retries', async () => {
    const a = await open();
    const first = won(await tryElectController(a, 1));
    expect(won(await tryElectController(a, 1))).to.deep.equal(first);
  });

  it('increases the epoch strictly across resignation and session expiry', async () => {
    const [a, b] = await Promise.all([open(), open()]);
    const epochs: number[] = [won(await tryElectController(a, 1)).epoch];

    const deleted = watchProbe();
    expect(await getControllerId(b, deleted.watcher)).to.equal(1);
    expect(await resignController(b, 1)).to.equal(false); // not b's to delete
    expect(await resignController(a, 1)).to.equal(true);
    expect((await deleted.next('/controller deletion')).type).to.equal('deleted');
    epochs.push(won(await tryElectController(b, 2)).epoch);
    expect(await tryElectController(a, 1)).to.deep.equal({ won: false, controllerId: 2 });

    const gone = watchProbe();
    expect(await getControllerId(a, gone.watcher)).to.equal(2);
    const expired = nextSessionEvent(b, 'expired');
    await expireSession(connectString, b.sessionId, b.sessionPassword);
    await expired;
    await gone.next('/controller deletion after expiry');
    epochs.push(won(await tryElectController(a, 1)).epoch);

    expect(epochs).to.deep.equal([1, 2, 3]);
  });

  it('fences a controller whose epoch zkVersion is stale', async () => {
    const [a, b] = await Promise.all([open(), open()]);
    const old = won(await tryElectController(a, 1));
    const fencedOk = { op: 'create', path: '/fenced-ok', data: null, mode: 'persistent' } as const;
    await guardedMulti(a, controllerEpochGuard(old.epochZkVersion), [fencedOk]);
    await resignController(a, 1);
    const current = won(await tryElectController(b, 2));
    expect(current.epochZkVersion).to.be.greaterThan(old.epochZkVersion);

    const create = { op: 'create', path: '/stale', data: null, mode: 'persistent' } as const;
    const stale = a.multi([controllerEpochGuard(old.epochZkVersion), create]);
    const raw = await stale.then(
      () => null,
      (error: unknown) => error,
    );
    expect(raw).to.be.instanceOf(ZkError);
    expect((raw as ZkError).code).to.equal('BAD_VERSION');
    expect((raw as ZkError).opIndex).to.equal(0);

    const guarded = await guardedMulti(a, controllerEpochGuard(old.epochZkVersion), [create]).then(
      () => null,
      (error: unknown) => error,
    );
    expect(guarded).to.be.instanceOf(ControllerMovedError);
    expect((guarded as ZkError).code).to.equal('BAD_VERSION');
    expect(await a.exists('/stale')).to.equal(null);
  });
});
