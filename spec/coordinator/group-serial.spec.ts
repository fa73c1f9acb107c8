// Proves PerGroupSerial runs one group's tasks strictly one after another (a failing task does not
// stop the next), lets different groups overlap, and forgets a group once its work has drained.
import { expect } from 'chai';
import { PerGroupSerial } from '../../lib/coordinator/group-serial';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('PerGroupSerial', () => {
  it('starts a group task only after the previous one settled, even when it failed', async () => {
    const serial = new PerGroupSerial();
    const events: string[] = [];
    const gate = deferred();
    const first = serial.run('g', async () => {
      events.push('first start');
      await gate.promise;
      events.push('first end');
      throw new Error('first failed');
    });
    const second = serial.run('g', async () => {
      events.push('second start');
      return 2;
    });
    await Promise.resolve();
    expect(events).to.deep.equal(['first start']);
    gate.resolve();
    await first.catch((err: Error) => events.push(err.message));
    expect(await second).to.equal(2);
    expect(events).to.deep.equal(['first start', 'first end', 'first failed', 'second start']);
  });

  it('lets tasks of different groups run at the same time and forgets drained groups', async () => {
    const serial = new PerGroupSerial();
    const gate = deferred();
    const running: string[] = [];
    const a = serial.run('a', async () => {
      running.push('a');
      await gate.promise;
    });
    const b = serial.run('b', async () => {
      running.push('b');
      await gate.promise;
    });
    await Promise.resolve();
    expect(running).to.deep.equal(['a', 'b']);
    expect(serial.busyGroups).to.equal(2);
    gate.resolve();
    await Promise.all([a, b]);
    await new Promise((r) => setImmediate(r));
    expect(serial.busyGroups).to.equal(0);
  });
});
