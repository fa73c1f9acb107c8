// Proves the bench's process rule with real processes: whatever a ProcessGroup spawned is gone
// after stopAll (a case that failed midway leaves nothing running), a process that ignores SIGTERM
// is still stopped by PID, a run past its deadline is killed rather than left behind, and the
// broker's peak-memory probe reads /proc the way the partitions case does.
import { expect } from 'chai';
import { isProcessAlive as alive } from '../../lib/cli/zookeeper-server';
import { ProcessGroup, procStatusMB, runToExit } from '../../bench/processes';
import { waitUntil } from '../helpers/wait';

describe('bench processes', () => {
  it('stopAll stops every process the group spawned, by PID', async () => {
    const group = new ProcessGroup();
    const pids = [group.spawn('sleep', ['60']).pid, group.spawn('sleep', ['60']).pid] as number[];
    expect(pids.every(alive)).to.equal(true);
    await group.stopAll();
    expect(pids.filter(alive)).to.deep.equal([]);
  });

  it('stops a process that ignores SIGTERM (SIGKILL after the grace period)', async () => {
    const group = new ProcessGroup(500);
    const child = group.spawn('bash', ['-c', 'trap "" TERM; echo ready; while :; do sleep 1; done']);
    await new Promise((resolve) => child.stdout?.once('data', resolve));
    await group.stop(child);
    await waitUntil(() => !alive(child.pid as number), { message: 'the TERM-ignoring process to be gone' });
    await group.stopAll();
  });

  it('runToExit kills a command past its deadline and says so', async () => {
    const group = new ProcessGroup();
    let pid = 0;
    const run = runToExit(group, 'bash', ['-c', 'echo $$ >&2; exec sleep 60'], { timeoutMs: 500 });
    await run.then(
      () => expect.fail('a 60 s sleep finished within 500 ms'),
      (error: Error) => {
        expect(error.message).to.match(/did not finish within 500 ms/);
        pid = Number(/\d+/.exec(error.message.split(': ').pop() as string)?.[0]);
      },
    );
    await waitUntil(() => pid > 0 && !alive(pid), { message: 'the timed-out command to be gone' });
    await group.stopAll();
  });

  it('reads VmRSS and VmHWM of a live process in MB', () => {
    const rss = procStatusMB(process.pid, 'VmRSS');
    const peak = procStatusMB(process.pid, 'VmHWM');
    expect(rss).to.be.above(1);
    expect(peak).to.be.at.least(rss);
  });
});
