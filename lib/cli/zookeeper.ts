// bin/zookeeper: start, stop or query a local standalone ZooKeeper (or, with --ensemble N, a
// replicated ensemble of N nodes on 127.0.0.1) for development.
// The server runs detached with its pid in <dataDir>/zookeeper.pid and its output in
// <dataDir>/zookeeper.out (an ensemble: the same per node under <dataDir>/zk<id>, its layout in
// <dataDir>/ensemble.json); stop only ever signals the pids recorded there, after checking that
// each process still is ZooKeeper.
import fs from 'fs';
import path from 'path';
import {
  ensureZooKeeperInstalled,
  isProcessAlive,
  killProcess,
  outputTail,
  readConfiguredPort,
  spawnZooKeeper,
  waitUntilServing,
  ZOOKEEPER_HOST,
  ZOOKEEPER_OUT_FILE,
  zooKeeperAnswers,
} from './zookeeper-server';
import { ensembleStart, ensembleStatus, ensembleStop, isEnsembleDir } from './zookeeper-ensemble-cli';
import { DEFAULT_ELECTION_PORT, DEFAULT_QUORUM_PORT } from './zookeeper-ensemble';
import { UsageError } from './flags';

const DEFAULT_PORT = 2181;
const DEFAULT_DATA_DIR = path.join('data', 'zookeeper');
const PID_FILE = 'zookeeper.pid';
const START_TIMEOUT_MS = 30_000;

export const USAGE = `usage: bin/zookeeper start|stop|status [--port N] [--data-dir DIR] [--ensemble N]
  start    run a standalone ZooKeeper in the background (pid in DIR/${PID_FILE}, output in DIR/${ZOOKEEPER_OUT_FILE})
  stop     stop the ZooKeeper recorded in DIR/${PID_FILE} (or every node of the ensemble in DIR)
  status   exit 0 if it is running (an ensemble: every node serving in a quorum), 1 if not
  --port N        client port (default ${DEFAULT_PORT}; stop/status default to DIR/zoo.cfg's port);
                  an ensemble's node i gets client port N+i-1, quorum port 2888+i-1, election port 3888+i-1
  --data-dir DIR  data directory (default ./${DEFAULT_DATA_DIR}); an ensemble's node i lives in DIR/zk<i>
  --ensemble N    start a replicated ensemble of N nodes (3 or 5) on 127.0.0.1 instead of a standalone server
  --quorum-port N, --election-port N   first quorum and election ports of an ensemble (default ${DEFAULT_QUORUM_PORT}, ${DEFAULT_ELECTION_PORT})
`;

export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  cwd: string;
}

interface Options {
  command: 'start' | 'stop' | 'status';
  port: number | null;
  dataDir: string;
  ensemble: number | null;
  quorumPort: number;
  electionPort: number;
}

function parsePort(text: string | undefined): number {
  const port = Number(text);
  if (text === undefined || !/^\d+$/.test(text) || port < 1 || port > 65535) {
    throw new UsageError(`invalid port: ${String(text)}`);
  }
  return port;
}

function parseEnsembleSize(text: string): number {
  // An ensemble of 1 is standalone; even sizes tolerate no more failures than the odd size below.
  if (text !== '3' && text !== '5') throw new UsageError(`invalid ensemble size: ${text} (3 or 5)`);
  return Number(text);
}

export function parseArgs(argv: readonly string[], cwd: string): Options {
  const [command, ...rest] = argv;
  if (command !== 'start' && command !== 'stop' && command !== 'status') {
    throw new UsageError(command === undefined ? 'missing command' : `unknown command: ${command}`);
  }
  const options: Options = {
    command,
    port: null,
    dataDir: path.resolve(cwd, DEFAULT_DATA_DIR),
    ensemble: null,
    quorumPort: DEFAULT_QUORUM_PORT,
    electionPort: DEFAULT_ELECTION_PORT,
  };
  for (let i = 0; i < rest.length; i += 1) {
    const equals = rest[i].startsWith('--') ? rest[i].indexOf('=') : -1;
    const flag = equals < 0 ? rest[i] : rest[i].slice(0, equals);
    const inline = equals < 0 ? undefined : rest[i].slice(equals + 1);
    const value = (): string => {
      if (inline !== undefined) return inline;
      i += 1;
      if (rest[i] === undefined) throw new UsageError(`${flag} needs a value`);
      return rest[i];
    };
    if (flag === '--port') options.port = parsePort(value());
    else if (flag === '--data-dir') options.dataDir = path.resolve(cwd, value());
    else if (flag === '--ensemble') options.ensemble = parseEnsembleSize(value());
    else if (flag === '--quorum-port') options.quorumPort = parsePort(value());
    else if (flag === '--election-port') options.electionPort = parsePort(value());
    else throw new UsageError(`unknown option: ${flag}`);
  }
  return options;
}

function pidFilePath(dataDir: string): string {
  return path.join(dataDir, PID_FILE);
}

function readPid(dataDir: string): number | null {
  try {
    const pid = Number(fs.readFileSync(pidFilePath(dataDir), 'utf8').trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** The recorded pid, if that process is alive and (where /proc tells) is ZooKeeper. */
function runningPid(dataDir: string): number | null {
  const pid = readPid(dataDir);
  if (pid === null || !isProcessAlive(pid)) return null;
  try {
    const commandLine = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return commandLine.includes('QuorumPeerMain') ? pid : null;
  } catch {
    return pid;
  }
}

function portOf(options: Options): number {
  return options.port ?? readConfiguredPort(options.dataDir) ?? DEFAULT_PORT;
}

async function start(options: Options, io: CliIo): Promise<number> {
  const port = options.port ?? DEFAULT_PORT;
  const where = `${ZOOKEEPER_HOST}:${port}`;
  if (await zooKeeperAnswers(ZOOKEEPER_HOST, port)) {
    io.stdout.write(`ZooKeeper already answers on ${where}; not starting another\n`);
    return 0;
  }
  const existing = runningPid(options.dataDir);
  if (existing !== null) {
    const pidFile = pidFilePath(options.dataDir);
    io.stderr.write(`ZooKeeper pid ${existing} (from ${pidFile}) is running but not answering on ${where}\n`);
    return 1;
  }
  await ensureZooKeeperInstalled();
  const child = spawnZooKeeper(options.dataDir, port, { detached: true });
  child.unref();
  const pid = child.pid;
  if (pid === undefined) {
    io.stderr.write(`could not start java:\n${outputTail(options.dataDir)}\n`);
    return 1;
  }
  fs.writeFileSync(pidFilePath(options.dataDir), `${pid}\n`);
  try {
    await waitUntilServing(port, Date.now() + START_TIMEOUT_MS, () => isProcessAlive(pid));
  } catch (error) {
    await killProcess(pid);
    fs.rmSync(pidFilePath(options.dataDir), { force: true });
    const reason = error instanceof Error ? error.message : String(error);
    io.stderr.write(`${reason}; output:\n${outputTail(options.dataDir)}\n`);
    return 1;
  }
  io.stdout.write(`ZooKeeper started (pid ${pid}) on ${where}, data in ${options.dataDir}\n`);
  return 0;
}

async function stop(options: Options, io: CliIo): Promise<number> {
  const pid = runningPid(options.dataDir);
  if (pid === null) {
    fs.rmSync(pidFilePath(options.dataDir), { force: true });
    io.stdout.write(`no ZooKeeper running from ${options.dataDir}\n`);
    return 0;
  }
  await killProcess(pid);
  fs.rmSync(pidFilePath(options.dataDir), { force: true });
  io.stdout.write(`ZooKeeper (pid ${pid}) stopped\n`);
  return 0;
}

async function status(options: Options, io: CliIo): Promise<number> {
  const port = portOf(options);
  const where = `${ZOOKEEPER_HOST}:${port}`;
  const pid = runningPid(options.dataDir);
  const answers = await zooKeeperAnswers(ZOOKEEPER_HOST, port);
  if (answers) {
    io.stdout.write(`running on ${where}${pid === null ? '' : ` (pid ${pid})`}\n`);
    return 0;
  }
  io.stdout.write(pid === null ? `not running (${where})\n` : `pid ${pid} is alive but not answering on ${where}\n`);
  return 1;
}

/** start/stop/status of an ensemble; `start` without --ensemble restarts the one recorded in DIR. */
function runEnsemble(options: Options, io: CliIo): Promise<number> {
  if (options.command === 'stop') return ensembleStop(options.dataDir, io);
  if (options.command === 'status') return ensembleStatus(options.dataDir, io);
  const ports = {
    clientPortBase: options.port ?? DEFAULT_PORT,
    quorumPortBase: options.quorumPort,
    electionPortBase: options.electionPort,
  };
  return ensembleStart(options.dataDir, options.ensemble, ports, io);
}

/** Returns the process exit code. */
export async function main(
  argv: readonly string[],
  io: CliIo = { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() },
): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout.write(USAGE);
    return 0;
  }
  let options: Options;
  try {
    options = parseArgs(argv, io.cwd);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`${error.message}\n${USAGE}`);
    return 2;
  }
  try {
    if (options.ensemble !== null || isEnsembleDir(options.dataDir)) return await runEnsemble(options, io);
    if (options.command === 'start') return await start(options, io);
    if (options.command === 'stop') return await stop(options, io);
    return await status(options, io);
  } catch (error) {
    io.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
