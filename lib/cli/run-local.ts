// `make run`: a local cluster for development. Starts a standalone ZooKeeper (bin/zookeeper,
// under data/zookeeper) when nothing answers at the configured zookeeper.connect, then one
// bin/broker process per config file; Ctrl-C stops the brokers (SIGTERM, clean shutdown) and
// the ZooKeeper it started.
import * as path from 'node:path';
import { spawn, ChildProcess } from 'node:child_process';
import { buildBrokerConfig, readConfigFile } from '../server/config';
import { zooKeeperAnswers } from './zookeeper-server';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const DEFAULT_CONFIGS = ['config/server-1.properties', 'config/server-2.properties', 'config/server-3.properties'];

function zookeeperHostPort(configFile: string): { host: string; port: number } {
  const config = buildBrokerConfig(readConfigFile(configFile));
  const first = config.zookeeperConnect.split('/')[0].split(',')[0];
  const [host, port] = first.split(':');
  return { host, port: Number(port) };
}

function runToEnd(command: string, args: string[]): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', cwd: ROOT });
    child.once('exit', (code) => resolve(code));
  });
}

async function ensureZooKeeper(configFile: string): Promise<boolean> {
  const { host, port } = zookeeperHostPort(configFile);
  if (await zooKeeperAnswers(host, port)) {
    console.log(`ZooKeeper answers at ${host}:${port}; using it`);
    return false;
  }
  if (!['127.0.0.1', 'localhost', '::1'].includes(host)) {
    throw new Error(`ZooKeeper at ${host}:${port} does not answer, and it is not local so it cannot be started here`);
  }
  const code = await runToEnd(path.join(ROOT, 'bin', 'zookeeper'), ['start', '--port', String(port), '--data-dir', path.join(ROOT, 'data', 'zookeeper')]);
  if (code !== 0) throw new Error('bin/zookeeper start failed');
  return true;
}

async function main(argv: string[]): Promise<number> {
  const configs = (argv.length > 0 ? argv : DEFAULT_CONFIGS).map((f) => path.resolve(ROOT, f));
  const startedZooKeeper = await ensureZooKeeper(configs[0]);
  const brokers: ChildProcess[] = configs.map((file) => {
    console.log(`starting broker from ${path.relative(ROOT, file)}`);
    return spawn(path.join(ROOT, 'bin', 'broker'), [file], { stdio: 'inherit', cwd: ROOT });
  });
  const exits = brokers.map((b) => new Promise<void>((resolve) => b.once('exit', () => resolve())));
  let stopping = false;
  const stopAll = () => {
    if (stopping) return;
    stopping = true;
    for (const b of brokers) if (b.exitCode === null && b.pid) process.kill(b.pid, 'SIGTERM');
  };
  process.on('SIGINT', stopAll);
  process.on('SIGTERM', stopAll);
  await Promise.race([Promise.all(exits), new Promise<void>((resolve) => brokers.forEach((b) => b.once('exit', () => { stopAll(); resolve(); })))]);
  await Promise.all(exits);
  if (startedZooKeeper) {
    await runToEnd(path.join(ROOT, 'bin', 'zookeeper'), ['stop', '--data-dir', path.join(ROOT, 'data', 'zookeeper')]);
  }
  return 0;
}

main(process.argv.slice(2)).then((code) => process.exit(code), (err: Error) => {
  console.error(`make run: ${err.message}`);
  process.exit(1);
});
