// Proves bin/zookeeper manages a real standalone ZooKeeper: start answers on the given port and
// records its pid, status reports it (exit 0), stop kills that pid, status then exits 1, and
// bad arguments exit 2 with usage on stderr; with --ensemble 3 it starts three nodes in one
// quorum, reports each node's role, and stop kills every recorded pid.
import { expect } from 'chai';
import fs from 'fs';
import net from 'net';
import os from 'os';
import path from 'path';
import { findFreePort, isProcessAlive, killProcess, zooKeeperAnswers } from '../../lib/cli/zookeeper-server';
import { run } from '../helpers/processes';

const BIN = path.resolve(__dirname, '..', '..', '..', 'bin', 'zookeeper');
const PORT_BASE_ATTEMPTS_MAX = 20;

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A base port with `count` consecutive free ports (the CLI's ensemble ports are consecutive). */
async function freePortRun(count: number, avoid: number[] = []): Promise<number> {
  for (let attempt = 0; attempt < PORT_BASE_ATTEMPTS_MAX; attempt += 1) {
    const base = 20_000 + Math.floor(Math.random() * 40_000);
    const ports = Array.from({ length: count }, (_, i) => base + i);
    if (ports.some((port) => avoid.some((other) => Math.abs(other - port) < count))) continue;
    if ((await Promise.all(ports.map(portFree))).every(Boolean)) return base;
  }
  throw new Error(`no run of ${count} free ports found`);
}

describe('cli/zookeeper', () => {
  let dataDir: string;

  const cli = (...args: string[]) => run(process.execPath, [BIN, ...args], { timeoutMs: 45_000 });

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'samsa-zk-cli-'));
  });

  afterEach(async () => {
    for (const dir of [dataDir, ...[1, 2, 3].map((id) => path.join(dataDir, `zk${id}`))]) {
      const pidFile = path.join(dir, 'zookeeper.pid');
      const pid = fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, 'utf8').trim()) : NaN;
      if (Number.isSafeInteger(pid) && pid > 0 && isProcessAlive(pid)) await killProcess(pid);
    }
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

  it('starts a three-node ensemble, reports every node, and stops them all', async () => {
    const clientBase = await freePortRun(3);
    const quorumBase = await freePortRun(3, [clientBase]);
    const electionBase = await freePortRun(3, [clientBase, quorumBase]);
    const started = await cli(
      'start',
      '--ensemble',
      '3',
      '--port',
      String(clientBase),
      '--quorum-port',
      String(quorumBase),
      '--election-port',
      String(electionBase),
      '--data-dir',
      dataDir,
    );
    expect(started.code, started.stderr).to.equal(0);
    const connect = [0, 1, 2].map((i) => `127.0.0.1:${clientBase + i}`).join(',');
    expect(started.stdout).to.contain(connect);
    const pids = [1, 2, 3].map((id) => Number(fs.readFileSync(path.join(dataDir, `zk${id}`, 'zookeeper.pid'), 'utf8')));
    expect(pids.every(isProcessAlive)).to.equal(true);
    const cfg = fs.readFileSync(path.join(dataDir, 'zk2', 'zoo.cfg'), 'utf8');
    expect(cfg)
      .to.contain(`server.3=127.0.0.1:${quorumBase + 2}:${electionBase + 2}`)
      .and.contain('admin.enableServer=false');

    const again = await cli('start', '--ensemble', '3', '--port', String(clientBase), '--data-dir', dataDir);
    expect(again.code, again.stderr).to.equal(0);
    expect(again.stdout).to.contain('already running');

    const running = await cli('status', '--data-dir', dataDir);
    expect(running.code, running.stdout).to.equal(0);
    expect(running.stdout.match(/: leader$/gm)).to.have.length(1);
    expect(running.stdout.match(/: follower$/gm)).to.have.length(2);

    const stopped = await cli('stop', '--data-dir', dataDir);
    expect(stopped.code, stopped.stderr).to.equal(0);
    expect(pids.some(isProcessAlive)).to.equal(false);
    const down = await cli('status', '--data-dir', dataDir);
    expect(down.code).to.equal(1);
    expect(down.stdout).to.contain('0/3 nodes serving');

    // Without --ensemble, start brings back the ensemble recorded in the directory.
    const restarted = await cli('start', '--data-dir', dataDir);
    expect(restarted.code, restarted.stderr).to.equal(0);
    expect(restarted.stdout).to.contain(connect);
    expect((await cli('stop', '--data-dir', dataDir)).code).to.equal(0);
  });

  it('exits 2 with usage on unknown flags or commands', async () => {
    for (const args of [['start', '--bogus'], ['restart'], ['status', '--port', 'x'], ['start', '--ensemble', '2']]) {
      const result = await cli(...args);
      expect(result.code, args.join(' ')).to.equal(2);
      expect(result.stderr).to.contain('usage: bin/zookeeper');
    }
  });
});
