// Proves the controller's side of controlled shutdown (Kafka 2.8's doControlledShutdown): a
// replicated partition the leaving broker leads moves to the next live in-sync replica (the
// leaving broker is told it follows); one it only follows gets StopReplica and drops it from the
// ISR, told to the other replicas only; what it still leads while another replica is alive and
// not leaving is reported remaining (the broker retries), while a single-replica partition or one
// whose other replicas are dead or leaving too, which no retry can move, is not; asking again
// changes nothing more; a stale broker epoch is refused.
import { expect } from 'chai';
import { controllerFixture } from './controller-fixture';
import { ErrorCode } from '../../../lib/protocol/error-codes';

const LEAVING = 1;

describe('ControllerRequests.controlledShutdown', () => {
  it('moves a led partition to the next in-sync replica and tells both brokers', async () => {
    const f = controllerFixture([1, 2, 3]);
    f.addPartition('moves', 0, [1, 2, 3], LEAVING, [1, 3, 2]);
    expect(await f.requests.controlledShutdown(LEAVING, 101)).to.deep.equal([]);
    expect(f.ctx.states.get('moves-0')).to.deep.equal({
      leader: 2,
      leaderEpoch: 4,
      isr: [3, 2],
      controllerEpoch: 7,
      zkVersion: 5,
    });
    const told = f.sent.leaderAndIsr.map((s) => [s.brokerId, s.request.partitionStates[0].leader]);
    expect(told).to.have.deep.members([
      [1, 2],
      [2, 2],
      [3, 2],
    ]);
    expect(f.sent.stopReplica).to.deep.equal([]);
  });

  it('stops a followed partition on the leaving broker and shrinks its ISR, telling only the others', async () => {
    const f = controllerFixture([1, 2, 3]);
    f.addPartition('follows', 0, [2, 1, 3], 2, [2, 1, 3]);
    expect(await f.requests.controlledShutdown(LEAVING, 101)).to.deep.equal([]);
    expect(f.ctx.states.get('follows-0')).to.include({ leader: 2, leaderEpoch: 4 });
    expect(f.ctx.states.get('follows-0')?.isr).to.deep.equal([2, 3]);
    expect(f.sent.stopReplica).to.have.length(1);
    expect(f.sent.stopReplica[0].brokerId).to.equal(LEAVING);
    expect(f.sent.stopReplica[0].request).to.include({ deletePartitions: false });
    expect(f.sent.stopReplica[0].request.partitions).to.deep.equal([
      { topic: 'follows', partition: 0, leaderEpoch: 3 },
    ]);
    expect(f.sent.leaderAndIsr.map((s) => s.brokerId)).to.have.members([2, 3]);
    expect(f.sent.leaderAndIsr[0].request.partitionStates[0].isr).to.deep.equal([2, 3]);
    expect(f.sent.updateMetadata).to.have.members([1, 2, 3]);
  });

  it('reports as remaining what it leads while a live replica is out of sync, but not a single replica or one with dead peers', async () => {
    const f = controllerFixture([1, 2]);
    f.addPartition('out-of-sync', 0, [1, 2], LEAVING, [1]);
    f.addPartition('peer-dead', 0, [1, 3], LEAVING, [1, 3]);
    f.addPartition('single', 0, [1], LEAVING, [1]);
    f.addPartition('moves', 0, [1, 2], LEAVING, [1, 2]);
    const remaining = await f.requests.controlledShutdown(LEAVING, 101);
    expect(remaining).to.have.deep.members([{ topic: 'out-of-sync', partition: 0 }]);
    expect(f.writes.map((w) => w.topic)).to.deep.equal(['moves']);
    expect(f.ctx.states.get('single-0')).to.include({ leader: LEAVING, leaderEpoch: 3 });
    // The broker asks again after its back-off: nothing more can change, the same answer comes.
    expect(await f.requests.controlledShutdown(LEAVING, 101)).to.have.deep.members(remaining);
    expect(f.writes).to.have.length(1);
  });

  it('does not pick another broker that is shutting down too', async () => {
    const f = controllerFixture([1, 2, 3]);
    f.addPartition('both-leaving', 0, [1, 2], LEAVING, [1, 2]);
    f.addPartition('other', 0, [3, 2], 3, [3, 2]);
    await f.requests.controlledShutdown(2, 102);
    // Its only other replica is leaving as well: no retry could move it, so it is not remaining.
    expect(await f.requests.controlledShutdown(LEAVING, 101)).to.deep.equal([]);
    expect(f.ctx.states.get('both-leaving-0')).to.include({ leader: LEAVING });
  });

  it('refuses a stale broker epoch and an unregistered broker', async () => {
    const f = controllerFixture([1, 2]);
    const code = (p: Promise<unknown>) =>
      p.then(
        () => -1,
        (err: { code: number }) => err.code,
      );
    expect(await code(f.requests.controlledShutdown(LEAVING, 5))).to.equal(ErrorCode.STALE_BROKER_EPOCH);
    expect(await code(f.requests.controlledShutdown(4, -1))).to.equal(ErrorCode.BROKER_NOT_AVAILABLE);
  });
});

describe('ControllerRequests.alterIsr without ZooKeeper', () => {
  it('answers REQUEST_TIMED_OUT (retriable) and changes nothing when the state write cannot reach ZooKeeper', async () => {
    const f = controllerFixture([1, 2, 3], 'unavailable');
    f.addPartition('isr', 0, [1, 2, 3], 1, [1, 2, 3]);
    const result = await f.requests.alterIsr(1, 101, [
      { topic: 'isr', partition: 0, leaderEpoch: 3, newIsr: [1, 2], currentIsrVersion: 4 },
    ]);
    expect(result.errorCode).to.equal(ErrorCode.NONE);
    expect(result.partitions[0]).to.include({ errorCode: ErrorCode.REQUEST_TIMED_OUT, currentIsrVersion: 4 });
    expect(result.partitions[0].isr).to.deep.equal([1, 2, 3]);
    expect(f.sent.updateMetadata).to.deep.equal([]);
  });

  it('answers INVALID_UPDATE_VERSION when the write met another version', async () => {
    const f = controllerFixture([1, 2, 3], 'conflict');
    f.addPartition('isr', 0, [1, 2, 3], 1, [1, 2, 3]);
    const result = await f.requests.alterIsr(1, 101, [
      { topic: 'isr', partition: 0, leaderEpoch: 3, newIsr: [1, 2], currentIsrVersion: 4 },
    ]);
    expect(result.partitions[0].errorCode).to.equal(ErrorCode.INVALID_UPDATE_VERSION);
  });
});
