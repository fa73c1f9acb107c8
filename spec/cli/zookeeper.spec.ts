// Proves bin/zookeeper manages a real standalone ZooKeeper: start answers on the given port and
// records its pid, status reports it (exit 0), stop kills that pid, status then exits 1, and
// bad arguments exit 2 with usage on stderr.
import { expect } from 'chai';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { findFreePort, isProcessAlive, killProcess, zooKeeperAnswers } from '../../lib/cli/zookeeper-server';
import { run } from '../helpers/processes';

const BIN = path.resolve(__dirname, '..', '..', '..', 'bin', 'zookeeper');

describe('cli/zookeeper', () => {
  let dataDir: string;

  const cli = (...args: string[]) => run(process.execPath, [BIN, ...args], { timeoutMs: 45_000 });

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'samsa-zk-cli-'));
  });

  afterEach(async () => {
    const pidFile = path.join(dataDir, 'zookeeper.pid');
    const pid = fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, 'utf8').trim()) : NaN;
    if (Number.isSafeInteger(pid) && pid > 0 && isProcessAlive(pid)) await killProcess(pid);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts, reports, stops and reports again', async () => {
    const port = await findFreePort();
    const started = await cli('start', '--port', String(port), '--data-dir', dataDir);
    expect(started.code, started.stderr).to.equal(0);
    expect(started.stdout).to.contain(`127.0.0.1:${port}`);
    const pid = Number(fs.readFileSync(path.join(dataDir, 'zookeeper.pid'), 'utf8').trim());
    expect(isProcessAlive(pid)).to.equal(true);
    expect(await zooKeeperAnswers('127.0.0.1', port)).to.equal(true);

    const again = await cli('start', '--port', String(port), '--data-dir', dataDir);
    expect(again.code).to.equal(0);
    expect(again.stdout).to.contain('already answers');

    const running = await cli('status', '--data-dir', dataDir);
    expect(running.code, running.stdout).to.equal(0);
    expect(running.stdout).to.contain('running');

    const stopped = await cli('stop', `--data-dir=${dataDir}`);
    expect(stopped.code, stopped.stderr).to.equal(0);
    expect(isProcessAlive(pid)).to.equal(false);
    expect(fs.existsSync(path.join(dataDir, 'zookeeper.pid'))).to.equal(false);

    const down = await cli('status', '--port', String(port), '--data-dir', dataDir);
    expect(down.code).to.equal(1);
    expect(down.stdout).to.contain('not running');
  });

  it('exits 2 with usage on unknown flags or commands', async () => {
    for (const args of [['start', '--bogus'], ['restart'], ['status', '--port', 'x']]) {
      const result = await cli(...args);
      expect(result.code, args.join(' ')).to.equal(2);
      expect(result.stderr).to.contain('usage: bin/zookeeper');
    }
  });
});
