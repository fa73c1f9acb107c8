// `bin/zkcli` — the installed zkCli.sh (Debian's zookeeper package) pointed at the ZooKeeper a
// broker uses, chroot included: `bin/zkcli [--zookeeper CONNECT | --config FILE] [zkCli args]`.
// ZooKeeper 3.x clients take the chroot as a suffix of the connect string, so
// `-server host:port/chroot` makes zkCli's paths relative to the chroot, as the broker sees them.
// Owns argument handling only; zkCli.sh's own output and exit code pass through unchanged.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { parseProperties } from '../util/properties';
import { flagValue, UsageError } from './flags';
import { toolMain } from './tool-main';

export const ZKCLI_SCRIPT = '/usr/share/zookeeper/bin/zkCli.sh';
const PROJECT_ROOT = path.resolve(__dirname, '..', '..', '..');
export const DEFAULT_CONFIG = path.join(PROJECT_ROOT, 'config', 'server.properties');

export const USAGE = `usage: bin/zkcli [--zookeeper HOST:PORT[,HOST:PORT...][/chroot] | --config FILE] [zkCli.sh command...]
  --zookeeper CONNECT  connect string, chroot included (default: zookeeper.connect of the config file)
  --config FILE        broker properties to read zookeeper.connect from (default: config/server.properties)
  with no command, zkCli.sh's interactive shell starts; e.g. bin/zkcli ls /brokers/ids`;

export { UsageError };

export interface ZkCliArgs {
  connect: string;
  /** What follows our own flags, handed to zkCli.sh as they are. */
  command: string[];
}

export function parseZkCliArgs(
  argv: string[],
  readFile: (file: string) => string = (f) => fs.readFileSync(f, 'utf8'),
): ZkCliArgs {
  let connect: string | undefined;
  let config: string | undefined;
  let i = 0;
  for (; i < argv.length; i++) {
    const flag = argv[i];
    if (flag !== '--zookeeper' && flag !== '--config') break;
    const value = flagValue(argv, i, flag);
    if (flag === '--zookeeper') connect = value;
    else config = value;
    i++;
  }
  if (connect !== undefined && config !== undefined) throw new UsageError('give --zookeeper or --config, not both');
  return { connect: connect ?? connectFromConfig(config ?? DEFAULT_CONFIG, readFile), command: argv.slice(i) };
}

function connectFromConfig(file: string, readFile: (file: string) => string): string {
  let text: string;
  try {
    text = readFile(file);
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
  }
  const connect = parseProperties(text).get('zookeeper.connect');
  if (!connect) throw new UsageError(`${file} has no zookeeper.connect`);
  return connect;
}

/** Runs zkCli.sh with the terminal attached; resolves with its exit code. */
export function runZkCli(args: ZkCliArgs, script = ZKCLI_SCRIPT): Promise<number> {
  if (!fs.existsSync(script)) {
    return Promise.reject(
      new Error(`${script} not found: install Debian's zookeeper package (apt-get install zookeeper)`),
    );
  }
  return new Promise((resolve, reject) => {
    const child = spawn(script, ['-server', args.connect, ...args.command], { stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

export function main(argv: string[]): Promise<number> {
  return toolMain(
    argv,
    USAGE,
    (a) => parseZkCliArgs(a),
    (args) => runZkCli(args),
  );
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
