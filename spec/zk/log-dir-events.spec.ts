// Proves log dir failure notifications against the real server, in Kafka's format: a broker
// creates persistent sequential /log_dir_event_notification/log_dir_event_<10 digits> znodes
// holding {"version":1,"broker":N,"event":1}; the controller's child watch fires, it reads the
// broker ids, and deletes the notifications only under its current epoch.
import { expect } from 'chai';
import { ensurePersistentPaths } from '../../lib/zk/broker-registry';
import { controllerEpochGuard, tryElectController } from '../../lib/zk/controller-election';
import { ControllerMovedError } from '../../lib/zk/errors';
import {
  deleteLogDirEventNotifications,
  getBrokerIdsFromLogDirEvents,
  getLogDirEventNotifications,
  propagateLogDirEvent,
} from '../../lib/zk/log-dir-events';
import { decodeLogDirEvent } from '../../lib/zk/znodes';
import type { ZkSession } from '../../lib/zk/session';
import { openZkSession, watchProbe, zkChroot } from '../helpers/zookeeper';

describe('zk/log-dir-events', () => {
  let session: ZkSession;

  beforeEach(async () => {
    session = await openZkSession(zkChroot('log-dir-events'));
    await ensurePersistentPaths(session);
  });

  afterEach(async () => {
    await session.close();
  });

  it("writes Kafka's notification, fires the controller's watch, names the brokers and deletes under the epoch guard", async () => {
    const election = await tryElectController(session, 1);
    if (!election.won) throw new Error('a lone broker must win the election');
    const watch = watchProbe();
    expect(await getLogDirEventNotifications(session, watch.watcher)).to.deep.equal([]);

    const first = await propagateLogDirEvent(session, 2);
    expect((await watch.next('/log_dir_event_notification')).type).to.equal('childrenChanged');
    await propagateLogDirEvent(session, 3);
    await propagateLogDirEvent(session, 2);
    expect(first).to.match(/^\/log_dir_event_notification\/log_dir_event_\d{10}$/);
    expect((await session.getData(first)).data?.toString()).to.equal('{"version":1,"broker":2,"event":1}');
    const names = await getLogDirEventNotifications(session);
    expect(names).to.have.length(3);
    expect(await getBrokerIdsFromLogDirEvents(session, [...names, 'log_dir_event_9999999999'])).to.deep.equal([2, 3]);

    const stale = controllerEpochGuard(election.epochZkVersion - 1);
    let refused: unknown = null;
    await deleteLogDirEventNotifications(session, stale, names).catch((err: unknown) => {
      refused = err;
    });
    expect(refused).to.be.instanceOf(ControllerMovedError);
    await deleteLogDirEventNotifications(session, controllerEpochGuard(election.epochZkVersion), names);
    expect(await getLogDirEventNotifications(session)).to.deep.equal([]);
  });

  it('rejects a notification of another version', () => {
    const path = '/log_dir_event_notification/log_dir_event_0000000001';
    expect(decodeLogDirEvent(path, Buffer.from('{"version":1,"broker":4,"event":1}'))).to.deep.equal({
      brokerId: 4,
      event: 1,
    });
    expect(() => decodeLogDirEvent(path, Buffer.from('{"version":2,"broker":4,"event":1}'))).to.throw(/version/);
  });
});
