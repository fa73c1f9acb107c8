// Proves that `make run` stops everything it started when a supervisor signals it, as Ctrl-C
// does: SIGTERM to make's PID alone (GNU make forwards SIGTERM to its recipe's process) stops
// the brokers and the ZooKeeper that run started — also when the signal arrives while that
// ZooKeeper is still starting — and SIGTERM or SIGHUP sent straight to the run-local node process
// does the same. "Stopped" means the processes are gone and their ports refuse connections.
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { spawn, ChildProcess } from 'node:child_process';
import { findFreePort, isProcessAlive, zooKeeperAnswers } from '../../lib/cli/zookeeper-server';
import { PROJECT_ROOT, tempDir } from '../helpers/broker';
import { waitUntil } from '../helpers/wait';

const START_TIMEOUT_MS = 90000;
const STOP_TIMEOUT_MS = 45000;

interface LocalRun {
  child: ChildProcess;
  output(): string;
  brokerPorts: number[];
  zooKeeperPort: number;
  zooKeeperDataDir: string;
}

async function writeConfigs(
  dir: string,
  brokers: number,
  zooKeeperPort: number,
): Promise<{ files: string[]; ports: number[] }> {
  const files: string[] = [];
  const ports: number[] = [];
  for (let id = 1; id <= brokers; id++) {
    const port = await findFreePort();
    const file = path.join(dir, `server-${id}.properties`);
    fs.writeFileSync(
      file,
      [
        `broker.id=${id}`,
        `listeners=PLAINTEXT://127.0.0.1:${port}`,
        `log.dirs=${path.join(dir, `broker-${id}`)}`,
        `zookeeper.connect=127.0.0.1:${zooKeeperPort}`,
        'zookeeper.session.timeout.ms=6000',
        'controlled.shutdown.retry.backoff.ms=500',
        '',
      ].join('\n'),
    );
    files.push(file);
    ports.push(port);
  }
  return { files, ports };
}

/** `make run` (build taken as done: `-o build`, the spec run has just built) or run-local itself. */
async function startRun(via: 'make' | 'node', brokers: number): Promise<LocalRun> {
  const dir = tempDir('run-local');
  const zooKeeperPort = await findFreePort();
  const zooKeeperDataDir = path.join(dir, 'zookeeper');
  const { files, ports } = await writeConfigs(dir, brokers, zooKeeperPort);
  const [command, args] =
    via === 'make'
      ? [
          'make',
          [
            '--no-print-directory',
            '-o',
            'build',
            'run',
            `CONFIGS=${files.join(' ')}`,
            `ZOOKEEPER_DATA_DIR=${zooKeeperDataDir}`,
          ],
        ]
      : [
          process.execPath,
          [
            path.join(PROJECT_ROOT, 'dist', 'lib', 'cli', 'run-local.js'),
            '--zookeeper-data-dir',
            zooKeeperDataDir,
            ...files,
          ],
        ];
  const child = spawn(command, args as string[], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => {
    output += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    output += c.toString();
  });
  return { child, output: () => output, brokerPorts: ports, zooKeeperPort, zooKeeperDataDir };
}

function pidsStarted(run: LocalRun): number[] {
  const brokers = [...run.output().matchAll(/starting broker from .* \(pid (\d+)\)/g)].map((m) => Number(m[1]));
  const zooKeeper = [...run.output().matchAll(/ZooKeeper started \(pid (\d+)\)/g)].map((m) => Number(m[1]));
  return [...brokers, ...zooKeeper];
}

/** Exited and reaped, or a zombie (exited, its reaper not yet run). */
function processGone(pid: number): boolean {
  if (!isProcessAlive(pid)) return true;
  try {
    return /^\d+ \(.*\) Z /.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

function portRefuses(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

async function waitForBrokers(run: LocalRun): Promise<void> {
  await waitUntil(
    () => (run.output().match(/Samsa broker \d+ started; listening/g) ?? []).length === run.brokerPorts.length,
    { timeoutMs: START_TIMEOUT_MS, message: `${run.brokerPorts.length} broker(s) to listen` },
  );
  expect(await zooKeeperAnswers('127.0.0.1', run.zooKeeperPort), 'run started its own ZooKeeper').to.equal(true);
}

function zooCfg(run: LocalRun): string {
  return path.join(run.zooKeeperDataDir, 'zoo.cfg');
}

/** A ZooKeeper start under way ends with its pid printed (or a failure), whatever its parent does. */
function waitForZooKeeperStartToConclude(run: LocalRun): Promise<boolean> {
  const concluded = /ZooKeeper started \(pid \d+\)|could not start|exited during start-up|did not answer/;
  return waitUntil(() => !fs.existsSync(zooCfg(run)) || concluded.test(run.output()), {
    timeoutMs: START_TIMEOUT_MS,
    message: 'bin/zookeeper start to conclude',
  });
}

async function expectEverythingStopped(run: LocalRun, pids: number[]): Promise<void> {
  const startedMs = Date.now();
  await waitUntil(
    async () => {
      if (run.child.exitCode === null && run.child.signalCode === null) return false;
      if (!pids.every(processGone)) return false;
      const refused = await Promise.all([...run.brokerPorts, run.zooKeeperPort].map(portRefuses));
      return refused.every(Boolean);
    },
    {
      timeoutMs: STOP_TIMEOUT_MS,
      intervalMs: 200,
      message: `make run and everything it started to stop; output:\n${run.output()}`,
    },
  );
  expect(Date.now() - startedMs).to.be.below(STOP_TIMEOUT_MS);
}

describe("make run under a supervisor's signals", function () {
  this.timeout(START_TIMEOUT_MS + STOP_TIMEOUT_MS + 30000);
  let current: LocalRun | null = null;

  afterEach(async () => {
    const run = current;
    current = null;
    if (!run) return;
    await waitForZooKeeperStartToConclude(run).catch(() => undefined);
    // Whatever a failed case left behind, by the PIDs this run reported (and its own).
    const leftovers = [run.child.pid as number, ...pidsStarted(run)];
    const pidFile = path.join(run.zooKeeperDataDir, 'zookeeper.pid');
    if (fs.existsSync(pidFile)) leftovers.push(Number(fs.readFileSync(pidFile, 'utf8').trim()));
    for (const pid of leftovers) if (pid > 0 && !processGone(pid)) process.kill(pid, 'SIGKILL');
  });

  it('stops the brokers and its ZooKeeper when make alone gets SIGTERM', async () => {
    current = await startRun('make', 2);
    await waitForBrokers(current);
    const pids = pidsStarted(current);
    expect(pids).to.have.length(3);
    process.kill(current.child.pid as number, 'SIGTERM');
    await expectEverythingStopped(current, pids);
    expect(current.output())
      .to.match(/broker 1 stopped/)
      .and.to.match(/broker 2 stopped/);
  });

  it('stops the ZooKeeper it is starting when make gets SIGTERM during that start', async () => {
    current = await startRun('make', 1);
    const run = current;
    // bin/zookeeper start writes zoo.cfg just before it spawns java: the start is under way.
    await waitUntil(() => fs.existsSync(zooCfg(run)), {
      timeoutMs: START_TIMEOUT_MS,
      message: 'ZooKeeper start to begin',
    });
    process.kill(run.child.pid as number, 'SIGTERM');
    // bin/zookeeper start finishes whatever its parent does: only then is there a pid to check.
    await waitForZooKeeperStartToConclude(run);
    await expectEverythingStopped(run, pidsStarted(run));
    expect(run.output()).to.match(/ZooKeeper started \(pid \d+\)/);
    expect(run.output()).not.to.match(/starting broker/);
  });

  for (const signal of ['SIGTERM', 'SIGHUP'] as const) {
    it(`stops the brokers and its ZooKeeper when the run-local process itself gets ${signal}`, async () => {
      current = await startRun('node', 1);
      await waitForBrokers(current);
      const pids = pidsStarted(current);
      expect(pids).to.have.length(2);
      process.kill(current.child.pid as number, signal);
      await expectEverythingStopped(current, pids);
      expect(current.output()).to.match(/broker 1 stopped/);
    });
  }
});
