// Runs a replicated ZooKeeper ensemble of Debian's ZooKeeper on 127.0.0.1 (bin/zookeeper start
// --ensemble N, and the fault suite's ensemble scenarios). Each node has its own directory
// `<dir>/zk<id>` holding zoo.cfg, myid, its data, zookeeper.out and zookeeper.pid; the layout
// of the whole ensemble is `<dir>/ensemble.json`, so a later `stop`/`status` (another process)
// finds every node. Nodes are only ever signalled by the pid recorded for them, after checking
// that the process still is ZooKeeper.
import { ChildProcess } from 'child_process';
import fs from 'fs';
import net from 'net';
import path from 'path';
import type { Logger } from '../util/logger';
import { silentLogger } from '../util/logger';
import {
  ensureZooKeeperInstalled,
  findFreePort,
  isProcessAlive,
  outputTail,
  pollUntil,
  spawnZooKeeperWithConfig,
  ZOOKEEPER_HOST,
} from './zookeeper-server';

export const ENSEMBLE_FILE = 'ensemble.json';
const PID_FILE = 'zookeeper.pid';
const START_TIMEOUT_MS = 60_000;
const KILL_WAIT_MS = 10_000;
const STOP_GRACE_MS = 10_000;
const PROBE_TIMEOUT_MS = 1_000;
const FOUR_LETTER_REPLY_BYTES_MAX = 64 * 1024;
const HEAP_MB = 128;
const DEFAULT_TICK_TIME_MS = 2000;

export interface EnsembleNode {
  /** The server id (myid), 1-based. */
  id: number;
  clientPort: number;
  quorumPort: number;
  electionPort: number;
  dataDir: string;
}

export interface EnsembleLayout {
  tickTimeMs: number;
  nodes: EnsembleNode[];
}

/** 'leader' | 'follower' while the node is part of a quorum; null when it is down or not serving. */
export type ZooKeeperMode = 'leader' | 'follower' | 'standalone' | null;

export const DEFAULT_QUORUM_PORT = 2888;
export const DEFAULT_ELECTION_PORT = 3888;

/** Consecutive ports from each base, node i taking base + i - 1 (bin/zookeeper --ensemble). */
export function fixedLayout(
  dir: string,
  size: number,
  clientPortBase: number,
  quorumPortBase = DEFAULT_QUORUM_PORT,
  electionPortBase = DEFAULT_ELECTION_PORT,
): EnsembleLayout {
  const nodes = Array.from({ length: size }, (_, i) => ({
    id: i + 1,
    clientPort: clientPortBase + i,
    quorumPort: quorumPortBase + i,
    electionPort: electionPortBase + i,
    dataDir: path.join(path.resolve(dir), `zk${i + 1}`),
  }));
  return { tickTimeMs: DEFAULT_TICK_TIME_MS, nodes };
}

/** Every port picked free on 127.0.0.1 (distinct; one can still be taken before java binds it). */
export async function freeLayout(
  dir: string,
  size: number,
  tickTimeMs = DEFAULT_TICK_TIME_MS,
): Promise<EnsembleLayout> {
  const ports = new Set<number>();
  while (ports.size < size * 3) ports.add(await findFreePort());
  const list = [...ports];
  const nodes = Array.from({ length: size }, (_, i) => ({
    id: i + 1,
    clientPort: list[i * 3],
    quorumPort: list[i * 3 + 1],
    electionPort: list[i * 3 + 2],
    dataDir: path.join(path.resolve(dir), `zk${i + 1}`),
  }));
  return { tickTimeMs, nodes };
}

export function ensembleCfgText(layout: EnsembleLayout, node: EnsembleNode): string {
  return [
    `tickTime=${layout.tickTimeMs}`,
    'initLimit=10',
    'syncLimit=5',
    `dataDir=${node.dataDir}`,
    `clientPort=${node.clientPort}`,
    `clientPortAddress=${ZOOKEEPER_HOST}`,
    // The admin server listens on 8080 in every node by default: three on one host would clash.
    'admin.enableServer=false',
    'maxSessionTimeout=60000',
    'maxClientCnxns=0',
    // srvr tells leader from follower; the fault suite kills the leader first.
    '4lw.commands.whitelist=ruok,srvr,stat',
    ...layout.nodes.map((peer) => `server.${peer.id}=${ZOOKEEPER_HOST}:${peer.quorumPort}:${peer.electionPort}`),
    '',
  ].join('\n');
}

/** Writes `<dir>/ensemble.json` and each node's zoo.cfg and myid. */
export function writeEnsemble(dir: string, layout: EnsembleLayout): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const node of layout.nodes) {
    fs.mkdirSync(node.dataDir, { recursive: true });
    fs.writeFileSync(path.join(node.dataDir, 'zoo.cfg'), ensembleCfgText(layout, node));
    fs.writeFileSync(path.join(node.dataDir, 'myid'), `${node.id}\n`);
  }
  fs.writeFileSync(path.join(dir, ENSEMBLE_FILE), `${JSON.stringify(layout, null, 2)}\n`);
}

export function readEnsemble(dir: string): EnsembleLayout | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, ENSEMBLE_FILE), 'utf8')) as EnsembleLayout;
  } catch {
    return null;
  }
}

export function connectStringOf(layout: EnsembleLayout): string {
  return layout.nodes.map((node) => `${ZOOKEEPER_HOST}:${node.clientPort}`).join(',');
}

/** Sends a four-letter word and returns the whole reply (null when nothing answers in time). */
export function fourLetterWord(port: number, word: string, timeoutMs = PROBE_TIMEOUT_MS): Promise<string | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let done = false;
    const finish = (reply: string | null): void => {
      if (done) return;
      done = true;
      socket.destroy();
      resolve(reply);
    };
    const socket = net.connect({ host: ZOOKEEPER_HOST, port }, () => socket.write(word));
    socket.setTimeout(timeoutMs, () => finish(null));
    socket.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes <= FOUR_LETTER_REPLY_BYTES_MAX) chunks.push(chunk);
    });
    socket.on('error', () => finish(null));
    socket.on('close', () => finish(chunks.length > 0 ? Buffer.concat(chunks).toString('latin1') : null));
  });
}

/** The node's role from `srvr` ("Mode: leader"); null when down or not serving (no quorum). */
export async function modeOf(port: number): Promise<ZooKeeperMode> {
  const reply = await fourLetterWord(port, 'srvr');
  const match = reply === null ? null : /^Mode: (leader|follower|standalone)\s*$/m.exec(reply);
  return match ? (match[1] as ZooKeeperMode) : null;
}

function pidFile(node: EnsembleNode): string {
  return path.join(node.dataDir, PID_FILE);
}

/** The pid recorded for `node`, if that process is alive and (where /proc tells) is ZooKeeper. */
export function recordedPid(node: EnsembleNode): number | null {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(pidFile(node), 'utf8').trim());
  } catch {
    return null;
  }
  if (!Number.isSafeInteger(pid) || pid <= 0 || !isProcessAlive(pid)) return null;
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('QuorumPeerMain') ? pid : null;
  } catch {
    return pid;
  }
}

/** Starts java for one node (config already written); records its pid. */
export function spawnNode(node: EnsembleNode, detached: boolean): ChildProcess {
  const child = spawnZooKeeperWithConfig(node.dataDir, path.join(node.dataDir, 'zoo.cfg'), {
    detached,
    heapMb: HEAP_MB,
  });
  if (child.pid !== undefined) fs.writeFileSync(pidFile(node), `${child.pid}\n`);
  return child;
}

/** Waits until every listed node serves as leader or follower; fails fast when one exits. */
export async function waitUntilQuorum(nodes: readonly EnsembleNode[], deadlineMs: number): Promise<void> {
  const pending = new Set(nodes);
  const ok = await pollUntil(async () => {
    for (const node of [...pending]) {
      if (recordedPid(node) === null) throw new Error(`ZooKeeper node ${node.id} exited:\n${outputTail(node.dataDir)}`);
      if ((await modeOf(node.clientPort)) !== null) pending.delete(node);
    }
    return pending.size === 0;
  }, deadlineMs);
  if (!ok) {
    const ids = [...pending].map((node) => node.id).join(', ');
    throw new Error(`ZooKeeper node(s) ${ids} did not join a quorum in time`);
  }
}

/** Signals the recorded pid of `node` and waits until it is gone (SIGTERM escalates to SIGKILL). */
export async function killNode(node: EnsembleNode, signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
  const pid = recordedPid(node);
  if (pid === null) return;
  process.kill(pid, signal);
  const graceMs = signal === 'SIGKILL' ? KILL_WAIT_MS : STOP_GRACE_MS;
  if (!(await pollUntil(() => !isProcessAlive(pid), Date.now() + graceMs))) {
    if (signal === 'SIGKILL') throw new Error(`ZooKeeper node ${node.id} (pid ${pid}) survived SIGKILL`);
    process.kill(pid, 'SIGKILL');
    if (!(await pollUntil(() => !isProcessAlive(pid), Date.now() + KILL_WAIT_MS))) {
      throw new Error(`ZooKeeper node ${node.id} (pid ${pid}) survived SIGKILL`);
    }
  }
  fs.rmSync(pidFile(node), { force: true });
}

export interface ZooKeeperEnsemble {
  readonly layout: EnsembleLayout;
  /** `host:port,host:port,host:port` (no chroot). */
  readonly connectString: string;
  pid(id: number): number | null;
  isRunning(id: number): boolean;
  mode(id: number): Promise<ZooKeeperMode>;
  /** The id of the node that answers `srvr` with "Mode: leader", or null. */
  leaderId(): Promise<number | null>;
  stopNode(id: number, signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Starts a stopped node again; with `waitForQuorum` resolves once it serves (needs a quorum). */
  startNode(id: number, options?: { waitForQuorum?: boolean }): Promise<void>;
  stop(): Promise<void>;
}

export interface EnsembleOptions {
  /** Parent directory; node n lives in `<dir>/zk<n>`. */
  dir: string;
  /** Default: three nodes on free ports. */
  layout?: EnsembleLayout;
  size?: number;
  /** Detached nodes outlive this process (bin/zookeeper); attached ones are children. */
  detached?: boolean;
  startTimeoutMs?: number;
  logger?: Logger;
}

/** Starts every node of the ensemble and resolves once all of them serve in one quorum. */
export async function startZooKeeperEnsemble(options: EnsembleOptions): Promise<ZooKeeperEnsemble> {
  const logger = options.logger ?? silentLogger();
  await ensureZooKeeperInstalled(logger);
  const layout = options.layout ?? (await freeLayout(options.dir, options.size ?? 3));
  writeEnsemble(options.dir, layout);
  const detached = options.detached ?? false;
  const startTimeoutMs = options.startTimeoutMs ?? START_TIMEOUT_MS;
  const ensemble = new EnsembleHandle(layout, detached, startTimeoutMs);
  for (const node of layout.nodes) ensemble.spawn(node);
  try {
    await waitUntilQuorum(layout.nodes, Date.now() + startTimeoutMs);
  } catch (error) {
    await ensemble.stop();
    throw error;
  }
  logger.info(`ZooKeeper ensemble serving on ${ensemble.connectString}`);
  return ensemble;
}

class EnsembleHandle implements ZooKeeperEnsemble {
  readonly connectString: string;
  private readonly children = new Map<number, ChildProcess>();

  constructor(
    readonly layout: EnsembleLayout,
    private readonly detached: boolean,
    private readonly startTimeoutMs: number,
  ) {
    this.connectString = connectStringOf(layout);
  }

  spawn(node: EnsembleNode): void {
    const child = spawnNode(node, this.detached);
    if (this.detached) child.unref();
    this.children.set(node.id, child);
  }

  pid(id: number): number | null {
    return recordedPid(this.node(id));
  }

  isRunning(id: number): boolean {
    return this.pid(id) !== null;
  }

  mode(id: number): Promise<ZooKeeperMode> {
    return modeOf(this.node(id).clientPort);
  }

  async leaderId(): Promise<number | null> {
    for (const node of this.layout.nodes) {
      if ((await modeOf(node.clientPort)) === 'leader') return node.id;
    }
    return null;
  }

  async stopNode(id: number, signal: 'SIGTERM' | 'SIGKILL' = 'SIGKILL'): Promise<void> {
    await killNode(this.node(id), signal);
    this.children.delete(id);
  }

  async startNode(id: number, options: { waitForQuorum?: boolean } = {}): Promise<void> {
    const node = this.node(id);
    if (this.isRunning(id)) throw new Error(`ZooKeeper node ${id} is already running (pid ${String(this.pid(id))})`);
    this.spawn(node);
    if (options.waitForQuorum ?? true) await waitUntilQuorum([node], Date.now() + this.startTimeoutMs);
  }

  async stop(): Promise<void> {
    const failures: string[] = [];
    await Promise.all(
      this.layout.nodes.map((node) => killNode(node, 'SIGTERM').catch((error: Error) => failures.push(error.message))),
    );
    this.children.clear();
    if (failures.length > 0) throw new Error(failures.join('; '));
  }

  private node(id: number): EnsembleNode {
    const node = this.layout.nodes.find((candidate) => candidate.id === id);
    if (!node) throw new RangeError(`no ZooKeeper node ${id} in this ensemble`);
    return node;
  }
}
