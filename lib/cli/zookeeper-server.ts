// Runs Debian's ZooKeeper as a standalone server for development (bin/zookeeper) and for the
// test harness (spec/setup.ts). It owns zoo.cfg in the data dir, the java process it spawned
// and nothing else: it never kills a process it did not start, and every wait has a deadline.
import { ChildProcess, spawn, spawnSync } from 'child_process';
import fs from 'fs';
import net from 'net';
import path from 'path';
import type { Logger } from '../util/logger';
import { silentLogger } from '../util/logger';
import { ZkSession } from '../zk/session';

export const ZOOKEEPER_JAR = '/usr/share/java/zookeeper.jar';
export const ZOOKEEPER_CONF_DIR = '/etc/zookeeper/conf';
const MAIN_CLASS = 'org.apache.zookeeper.server.quorum.QuorumPeerMain';
export const ZOOKEEPER_HOST = '127.0.0.1';
export const ZOOKEEPER_OUT_FILE = 'zookeeper.out';

const START_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 10_000;
const KILL_WAIT_MS = 5_000;
const POLL_INTERVAL_MS = 100;
const PROBE_TIMEOUT_MS = 1_000;
const FREE_PORT_ATTEMPTS_MAX = 3;
const APT_TIMEOUT_MS = 10 * 60_000;

export interface ZooKeeperServerOptions {
  /** 0 or undefined: pick a free port. */
  port?: number;
  dataDir: string;
  logger?: Logger;
  startTimeoutMs?: number;
  tickTimeMs?: number;
}

export interface ZooKeeperServer {
  port: number;
  pid: number;
  connectString: string;
  dataDir: string;
  stop(): Promise<void>;
}

export function zooCfgText(dataDir: string, port: number, tickTimeMs = 2000): string {
  return [
    `tickTime=${tickTimeMs}`,
    `dataDir=${path.resolve(dataDir)}`,
    `clientPort=${port}`,
    `clientPortAddress=${ZOOKEEPER_HOST}`,
    'admin.enableServer=false',
    'maxSessionTimeout=60000',
    // Tests and local clusters open many sessions from one address; the default caps at 60.
    'maxClientCnxns=0',
    '4lw.commands.whitelist=ruok,srvr,stat',
    '',
  ].join('\n');
}

/** Writes `<dataDir>/zoo.cfg` (creating the dir); returns its path. */
export function writeZooCfg(dataDir: string, port: number, tickTimeMs?: number): string {
  fs.mkdirSync(dataDir, { recursive: true });
  const cfgPath = path.join(dataDir, 'zoo.cfg');
  fs.writeFileSync(cfgPath, zooCfgText(dataDir, port, tickTimeMs));
  return cfgPath;
}

/** `clientPort` from an existing `<dataDir>/zoo.cfg`, or null. */
export function readConfiguredPort(dataDir: string): number | null {
  try {
    const match = /^clientPort=(\d+)\s*$/m.exec(fs.readFileSync(path.join(dataDir, 'zoo.cfg'), 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

export function isZooKeeperInstalled(): boolean {
  return fs.existsSync(ZOOKEEPER_JAR);
}

/** Installs Debian's `zookeeper` package when missing and we are root; otherwise says what to run. */
export async function ensureZooKeeperInstalled(logger: Logger = silentLogger()): Promise<void> {
  if (isZooKeeperInstalled()) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`ZooKeeper is not installed (${ZOOKEEPER_JAR} is missing): run \`sudo apt-get install zookeeper\``);
  }
  for (const args of [['update'], ['install', '-y', 'zookeeper']]) {
    logger.info(`running apt-get ${args.join(' ')}`);
    const result = spawnSync('apt-get', args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: APT_TIMEOUT_MS,
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (result.status !== 0) {
      const output = `${result.stdout?.toString() ?? ''}${result.stderr?.toString() ?? ''}`.slice(-2000);
      const status = String(result.status);
      throw new Error(
        `apt-get ${args.join(' ')} failed (status ${status}); run \`apt-get install zookeeper\`:\n${output}`,
      );
    }
  }
  if (!isZooKeeperInstalled()) throw new Error(`apt-get installed zookeeper but ${ZOOKEEPER_JAR} is still missing`);
}

export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, ZOOKEEPER_HOST, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Sends ZooKeeper's `ruok` four-letter word; true when it answers `imok`. */
export function zooKeeperAnswers(host: string, port: number, timeoutMs = PROBE_TIMEOUT_MS): Promise<boolean> {
  return new Promise((resolve) => {
    let reply = '';
    let done = false;
    const finish = (answer: boolean): void => {
      if (done) return;
      done = true;
      socket.destroy();
      resolve(answer);
    };
    const socket = net.connect({ host, port }, () => socket.write('ruok'));
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      if (reply.includes('imok')) finish(true);
    });
    socket.on('error', () => finish(false));
    socket.on('close', () => finish(reply.includes('imok')));
  });
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Polls until `check` holds or `deadlineMs` (epoch ms) passes; returns whether it held. */
export async function pollUntil(check: () => boolean | Promise<boolean>, deadlineMs: number): Promise<boolean> {
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= deadlineMs) return false;
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone (bounded). */
export async function killProcess(pid: number, graceMs = STOP_GRACE_MS): Promise<void> {
  if (!signal(pid, 'SIGTERM')) return;
  if (await pollUntil(() => !isProcessAlive(pid), Date.now() + graceMs)) return;
  signal(pid, 'SIGKILL');
  if (!(await pollUntil(() => !isProcessAlive(pid), Date.now() + KILL_WAIT_MS))) {
    throw new Error(`process ${pid} survived SIGKILL for ${KILL_WAIT_MS} ms`);
  }
}

function signal(pid: number, name: NodeJS.Signals): boolean {
  try {
    process.kill(pid, name);
    return true;
  } catch {
    return false;
  }
}

export function outputTail(dataDir: string, bytes = 2000): string {
  try {
    const text = fs.readFileSync(path.join(dataDir, ZOOKEEPER_OUT_FILE), 'utf8');
    return text.slice(-bytes);
  } catch {
    return '';
  }
}

/** Spawns java with output appended to `<dataDir>/zookeeper.out`. */
export function spawnZooKeeper(
  dataDir: string,
  port: number,
  options: { detached: boolean; tickTimeMs?: number },
): ChildProcess {
  return spawnZooKeeperWithConfig(dataDir, writeZooCfg(dataDir, port, options.tickTimeMs), options);
}

/** Spawns java on an already written config file; output goes to `<dataDir>/zookeeper.out`. */
export function spawnZooKeeperWithConfig(
  dataDir: string,
  cfgPath: string,
  options: { detached: boolean; heapMb?: number },
): ChildProcess {
  const out = fs.openSync(path.join(dataDir, ZOOKEEPER_OUT_FILE), 'a');
  try {
    const child = spawn(
      'java',
      [
        `-Xmx${options.heapMb ?? 256}m`,
        '-cp',
        `${ZOOKEEPER_CONF_DIR}:${ZOOKEEPER_JAR}`,
        `-Dzookeeper.log.dir=${path.resolve(dataDir)}`,
        '-Dzookeeper.root.logger=INFO,CONSOLE',
        MAIN_CLASS,
        cfgPath,
      ],
      { detached: options.detached, stdio: ['ignore', out, out] },
    );
    child.on('error', () => undefined); // reported through the exit check of the readiness wait
    return child;
  } finally {
    fs.closeSync(out);
  }
}

/** Waits until `ruok` answers and a client session can be opened; fails fast if `alive` turns false. */
export async function waitUntilServing(port: number, deadlineMs: number, alive: () => boolean): Promise<void> {
  const answered = await pollUntil(async () => !alive() || (await zooKeeperAnswers(ZOOKEEPER_HOST, port)), deadlineMs);
  if (!alive()) throw new Error(`ZooKeeper exited during start-up`);
  if (!answered) throw new Error(`ZooKeeper did not answer ruok on ${ZOOKEEPER_HOST}:${port} in time`);
  const remainingMs = Math.max(1000, deadlineMs - Date.now());
  const session = await ZkSession.connect(`${ZOOKEEPER_HOST}:${port}`, {
    sessionTimeoutMs: 10_000,
    connectTimeoutMs: remainingMs,
    logger: silentLogger(),
  });
  await session.close();
}

function exitOf(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function stopChild(child: ChildProcess): Promise<void> {
  const exited = exitOf(child);
  const within = (ms: number): Promise<boolean> =>
    Promise.race([
      exited.then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms).unref()),
    ]);
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  if (await within(STOP_GRACE_MS)) return;
  child.kill('SIGKILL');
  if (!(await within(KILL_WAIT_MS))) throw new Error(`ZooKeeper pid ${String(child.pid)} survived SIGKILL`);
}

async function startOnce(options: ZooKeeperServerOptions, port: number, logger: Logger): Promise<ZooKeeperServer> {
  const child = spawnZooKeeper(options.dataDir, port, { detached: false, tickTimeMs: options.tickTimeMs });
  const pid = child.pid;
  const deadlineMs = Date.now() + (options.startTimeoutMs ?? START_TIMEOUT_MS);
  const alive = (): boolean => child.exitCode === null && child.signalCode === null && pid !== undefined;
  try {
    await waitUntilServing(port, deadlineMs, alive);
  } catch (error) {
    await stopChild(child);
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${reason} (port ${port}, data dir ${options.dataDir}); output:\n${outputTail(options.dataDir)}`);
  }
  let stopping: Promise<void> | null = null;
  logger.info(`ZooKeeper pid ${String(pid)} serving on ${ZOOKEEPER_HOST}:${port}`);
  return {
    port,
    pid: pid as number,
    connectString: `${ZOOKEEPER_HOST}:${port}`,
    dataDir: options.dataDir,
    stop: () => (stopping ??= stopChild(child)),
  };
}

/** Starts a standalone ZooKeeper child process and resolves once it serves clients. */
export async function startZooKeeperServer(options: ZooKeeperServerOptions): Promise<ZooKeeperServer> {
  const logger = options.logger ?? silentLogger();
  await ensureZooKeeperInstalled(logger);
  if (options.port) {
    if (await zooKeeperAnswers(ZOOKEEPER_HOST, options.port)) {
      throw new Error(`something already answers as ZooKeeper on ${ZOOKEEPER_HOST}:${options.port}`);
    }
    return startOnce(options, options.port, logger);
  }
  // A picked port can be taken before java binds it; then the process exits and we pick again.
  for (let attempt = 1; ; attempt += 1) {
    const port = await findFreePort();
    try {
      return await startOnce(options, port, logger);
    } catch (error) {
      if (attempt >= FREE_PORT_ATTEMPTS_MAX) throw error;
      logger.warn(`ZooKeeper failed to start on port ${port}; trying another`, { error: String(error) });
    }
  }
}
