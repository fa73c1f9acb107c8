// `make run`: a local cluster for development. Starts a standalone ZooKeeper (bin/zookeeper,
// under data/zookeeper or --zookeeper-data-dir) when nothing answers at the configured
// zookeeper.connect, then one bin/broker process per config file. SIGINT (Ctrl-C), SIGTERM (a
// supervisor, `timeout`, or make forwarding its own SIGTERM) and SIGHUP all stop the brokers
// (SIGTERM each, clean shutdown) and then the ZooKeeper it started — also when the signal comes
// while ZooKeeper or the brokers are still starting. GNU make forwards SIGTERM to this process
// but not SIGHUP (make then only waits for us); a closed terminal signals the whole group anyway.
import * as path from 'node:path';
import { spawn, ChildProcess } from 'node:child_process';
import { buildBrokerConfig, readConfigFile } from '../server/config';
import { zooKeeperAnswers } from './zookeeper-server';
import { flagValue, UsageError } from './flags';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const DEFAULT_CONFIGS = ['config/server-1.properties', 'config/server-2.properties', 'config/server-3.properties'];
const DEFAULT_ZOOKEEPER_DATA_DIR = path.join('data', 'zookeeper');
const STOP_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export const USAGE = 'usage: node dist/lib/cli/run-local.js [--zookeeper-data-dir DIR] [server.properties...]';

export interface RunLocalArgs {
  configs: string[];
  zookeeperDataDir: string;
}

/** Paths are resolved against the project root, where `make run` runs. */
export function parseRunLocalArgs(argv: readonly string[]): RunLocalArgs {
  const configs: string[] = [];
  let zookeeperDataDir = DEFAULT_ZOOKEEPER_DATA_DIR;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--zookeeper-data-dir') {
      zookeeperDataDir = flagValue(argv, i, argv[i]);
      i++;
    } else if (argv[i].startsWith('-')) throw new UsageError(`unknown option ${argv[i]}`);
    else configs.push(argv[i]);
  }
  return {
    configs: (configs.length > 0 ? configs : DEFAULT_CONFIGS).map((f) => path.resolve(ROOT, f)),
    zookeeperDataDir: path.resolve(ROOT, zookeeperDataDir),
  };
}

/**
 * Resolves on the first stop signal. Installed before anything starts: without a handler a
 * signal during start-up would end this process at once and orphan the detached ZooKeeper.
 * Later signals are ignored; the stop already under way finishes.
 */
function stopRequested(): { promise: Promise<NodeJS.Signals>; received: () => boolean } {
  let received = false;
  const promise = new Promise<NodeJS.Signals>((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      if (received) return;
      received = true;
      console.log(`make run: ${signal} received; stopping the brokers, then the ZooKeeper started here`);
      resolve(signal);
    };
    for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  });
  return { promise, received: () => received };
}

function zookeeperHostPort(configFile: string): { host: string; port: number } {
  const config = buildBrokerConfig(readConfigFile(configFile));
  const first = config.zookeeperConnect.split('/')[0].split(',')[0];
  const [host, port] = first.split(':');
  return { host, port: Number(port) };
}

/** Runs bin/zookeeper in its own process group, so a Ctrl-C cannot cut a start or stop short. */
function zookeeperCommand(args: string[]): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(path.join(ROOT, 'bin', 'zookeeper'), args, { stdio: 'inherit', cwd: ROOT, detached: true });
    child.once('error', () => resolve(null));
    child.once('exit', (code) => resolve(code));
  });
}

/** True when this run started ZooKeeper (and so must stop it). */
async function ensureZooKeeper(configFile: string, dataDir: string): Promise<boolean> {
  const { host, port } = zookeeperHostPort(configFile);
  if (await zooKeeperAnswers(host, port)) {
    console.log(`ZooKeeper answers at ${host}:${port}; using it`);
    return false;
  }
  if (!['127.0.0.1', 'localhost', '::1'].includes(host)) {
    throw new Error(`ZooKeeper at ${host}:${port} does not answer, and it is not local so it cannot be started here`);
  }
  console.log(`no ZooKeeper answers at ${host}:${port}; starting one with data in ${dataDir}`);
  const code = await zookeeperCommand(['start', '--port', String(port), '--data-dir', dataDir]);
  if (code !== 0) throw new Error('bin/zookeeper start failed');
  return true;
}

function exitOf(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Runs one broker per config until a stop signal or the first broker exit, then stops them all. */
async function runBrokers(configs: string[], stop: Promise<NodeJS.Signals>): Promise<void> {
  const brokers: ChildProcess[] = configs.map((file) => {
    const child = spawn(path.join(ROOT, 'bin', 'broker'), [file], { stdio: 'inherit', cwd: ROOT });
    console.log(`starting broker from ${path.relative(ROOT, file)} (pid ${String(child.pid)})`);
    return child;
  });
  const exits = brokers.map(exitOf);
  await Promise.race([stop, ...exits]);
  for (const b of brokers) if (b.exitCode === null && b.signalCode === null && b.pid) process.kill(b.pid, 'SIGTERM');
  await Promise.all(exits);
}

async function main(argv: string[]): Promise<number> {
  const stop = stopRequested();
  const { configs, zookeeperDataDir } = parseRunLocalArgs(argv);
  const startedZooKeeper = await ensureZooKeeper(configs[0], zookeeperDataDir);
  try {
    if (!stop.received()) await runBrokers(configs, stop.promise);
  } finally {
    if (startedZooKeeper) await zookeeperCommand(['stop', '--data-dir', zookeeperDataDir]);
  }
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: Error) => {
      console.error(`make run: ${err.message}`);
      if (err instanceof UsageError) console.error(USAGE);
      process.exit(err instanceof UsageError ? 2 : 1);
    },
  );
}
