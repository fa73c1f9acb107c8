// Proves the leader-choice rules as pure functions: first live replica for new partitions,
// first live ISR member in assignment order after a failure, no unclean election unless
// enabled, ISR shrink keeps the leader.
import { expect } from 'chai';
import {
  initialLeaderAndIsr,
  offlinePartitionLeader,
  shrinkIsr,
  leaderless,
  controlledShutdownLeader,
  preferredLeader,
} from '../../../lib/cluster/controller/election';

describe('election', () => {
  const live = (...ids: number[]) => new Set(ids);

  it('new partitions: the first live replica leads, live replicas form the ISR', () => {
    expect(initialLeaderAndIsr([2, 0, 1], live(0, 1, 2), 4)).to.deep.equal({
      leader: 2,
      leaderEpoch: 0,
      isr: [2, 0, 1],
      controllerEpoch: 4,
    });
    expect(initialLeaderAndIsr([2, 0, 1], live(0, 1), 4)).to.deep.equal({
      leader: 0,
      leaderEpoch: 0,
      isr: [0, 1],
      controllerEpoch: 4,
    });
    expect(initialLeaderAndIsr([2], live(0), 4)).to.equal(null);
  });

  const cases: Array<[string, number[], number[], number[], boolean, object | null]> = [
    [
      'first live ISR member in assignment order',
      [0, 1, 2],
      [0, 2, 1],
      [1, 2],
      false,
      { leader: 1, leaderEpoch: 6, isr: [2, 1], controllerEpoch: 9 },
    ],
    [
      'skips live replicas outside the ISR',
      [0, 1, 2],
      [0, 2],
      [1, 2],
      false,
      { leader: 2, leaderEpoch: 6, isr: [2], controllerEpoch: 9 },
    ],
    ['no live ISR member and unclean off: nobody', [0, 1, 2], [0], [1, 2], false, null],
    [
      'no live ISR member and unclean on: first live replica',
      [0, 1, 2],
      [0],
      [1, 2],
      true,
      { leader: 1, leaderEpoch: 6, isr: [1], controllerEpoch: 9 },
    ],
  ];
  for (const [name, replicas, isr, liveIds, unclean, expected] of cases) {
    it(`offline partition: ${name}`, () => {
      const current = { leader: 0, leaderEpoch: 5, isr, controllerEpoch: 3 };
      expect(offlinePartitionLeader(replicas, current, live(...liveIds), unclean, 9)).to.deep.equal(expected);
    });
  }

  it('shrinks the ISR without moving the leader, and marks leaderless partitions', () => {
    const current = { leader: 1, leaderEpoch: 2, isr: [1, 2, 3], controllerEpoch: 1 };
    expect(shrinkIsr(current, live(1, 3), 5)).to.deep.equal({
      leader: 1,
      leaderEpoch: 3,
      isr: [1, 3],
      controllerEpoch: 5,
    });
    expect(shrinkIsr(current, live(1, 2, 3), 5)).to.equal(null);
    expect(leaderless(current, 5)).to.deep.equal({ leader: -1, leaderEpoch: 3, isr: [1, 2, 3], controllerEpoch: 5 });
  });

  it('controlled shutdown: moves the leadership to the next in-sync replica and drops the broker from ISRs', () => {
    const led = { leader: 1, leaderEpoch: 4, isr: [1, 2, 3], controllerEpoch: 2 };
    expect(controlledShutdownLeader([1, 2, 3], led, live(2, 3), 1, 6)).to.deep.equal({
      leader: 2,
      leaderEpoch: 5,
      isr: [2, 3],
      controllerEpoch: 6,
    });
    expect(controlledShutdownLeader([1, 2, 3], { ...led, isr: [1, 3] }, live(2, 3), 1, 6)).to.deep.equal({
      leader: 3,
      leaderEpoch: 5,
      isr: [3],
      controllerEpoch: 6,
    });
    expect(controlledShutdownLeader([1, 2], { ...led, isr: [1] }, live(2), 1, 6)).to.equal(null);
    const followed = { leader: 2, leaderEpoch: 4, isr: [2, 1], controllerEpoch: 2 };
    expect(controlledShutdownLeader([2, 1], followed, live(2), 1, 6)).to.deep.equal({
      leader: 2,
      leaderEpoch: 5,
      isr: [2],
      controllerEpoch: 6,
    });
  });

  it('preferred election: the first assigned replica leads again once it is live and in sync', () => {
    const current = { leader: 2, leaderEpoch: 4, isr: [2, 1], controllerEpoch: 2 };
    expect(preferredLeader([1, 2], current, live(1, 2), 3)).to.deep.equal({
      leader: 1,
      leaderEpoch: 5,
      isr: [2, 1],
      controllerEpoch: 3,
    });
    expect(preferredLeader([1, 2], { ...current, isr: [2] }, live(1, 2), 3)).to.equal(null);
    expect(preferredLeader([1, 2], current, live(2), 3)).to.equal(null);
    expect(preferredLeader([2, 1], current, live(1, 2), 3)).to.equal(null);
  });
});
