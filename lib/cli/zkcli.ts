// `bin/zkcli` — the installed zkCli.sh (Debian's zookeeper package) pointed at the ZooKeeper a
// broker uses, chroot included: `bin/zkcli [--zookeeper CONNECT | --config FILE] [--digest USER:PASSWORD] [zkCli args]`.
// ZooKeeper 3.x clients take the chroot as a suffix of the connect string, so
// `-server host:port/chroot` makes zkCli's paths relative to the chroot, as the broker sees them.
// With a digest credential (--digest, or the config file's zookeeper.digest.credentials) zkCli
// reads its commands from a pipe that starts with `addauth digest …`: zkCli takes no credential
// on its command line, and the password then never shows in a process list.
// Owns argument handling only; zkCli.sh's own output and exit code pass through unchanged.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { parseProperties } from '../util/properties';
import { parseDigestCredential } from '../zk/acl';
import { flagValue, UsageError } from './flags';
import { toolMain } from './tool-main';

export const ZKCLI_SCRIPT = '/usr/share/zookeeper/bin/zkCli.sh';
const PROJECT_ROOT = path.resolve(__dirname, '..', '..', '..');
export const DEFAULT_CONFIG = path.join(PROJECT_ROOT, 'config', 'server.properties');
const CREDENTIALS_KEY = 'zookeeper.digest.credentials';

export const USAGE = `usage: bin/zkcli [--zookeeper HOST:PORT[,HOST:PORT...][/chroot] | --config FILE] [--digest USER:PASSWORD] [zkCli.sh command...]
  --zookeeper CONNECT  connect string, chroot included (default: zookeeper.connect of the config file)
  --config FILE        broker properties to read zookeeper.connect (and ${CREDENTIALS_KEY}) from
                       (default: config/server.properties)
  --digest USER:PASS   authenticate as the brokers do (default: ${CREDENTIALS_KEY} of the config file
                       when the connect string comes from it); without one, only world-readable znodes read
  with no command, zkCli.sh's interactive shell starts; e.g. bin/zkcli ls /brokers/ids`;

export { UsageError };

export interface ZkCliArgs {
  connect: string;
  /** user:password sent with `addauth digest` before the command; null: anonymous. */
  digest: string | null;
  /** What follows our own flags, handed to zkCli.sh as they are. */
  command: string[];
}

const OWN_FLAGS = new Set(['--zookeeper', '--config', '--digest']);

export function parseZkCliArgs(
  argv: string[],
  readFile: (file: string) => string = (f) => fs.readFileSync(f, 'utf8'),
): ZkCliArgs {
  const given = new Map<string, string>();
  let i = 0;
  for (; i < argv.length && OWN_FLAGS.has(argv[i]); i += 2) given.set(argv[i], flagValue(argv, i, argv[i]));
  const connect = given.get('--zookeeper');
  const config = given.get('--config');
  if (connect !== undefined && config !== undefined) throw new UsageError('give --zookeeper or --config, not both');
  const digest = given.get('--digest');
  if (digest !== undefined) checkDigest(digest, '--digest');
  const command = argv.slice(i);
  if (connect !== undefined) return { connect, digest: digest ?? null, command };
  const props = readConfig(config ?? DEFAULT_CONFIG, readFile);
  return { connect: props.connect, digest: digest ?? props.digest, command };
}

function checkDigest(text: string, where: string): void {
  try {
    parseDigestCredential(text);
  } catch (error) {
    throw new UsageError(`${where}: ${(error as Error).message}`);
  }
}

function readConfig(file: string, readFile: (file: string) => string): { connect: string; digest: string | null } {
  let text: string;
  try {
    text = readFile(file);
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
  }
  const props = parseProperties(text);
  const connect = props.get('zookeeper.connect');
  if (!connect) throw new UsageError(`${file} has no zookeeper.connect`);
  const digest = props.get(CREDENTIALS_KEY)?.trim() || null;
  if (digest !== null) checkDigest(digest, `${file} ${CREDENTIALS_KEY}`);
  return { connect, digest };
}

/** One argument as zkCli's line parser reads it back: quoted when it holds blanks or quotes. */
function quoteForZkCli(arg: string): string {
  if (arg !== '' && !/[\s'"]/.test(arg)) return arg;
  if (!arg.includes("'")) return `'${arg}'`;
  if (!arg.includes('"')) return `"${arg}"`;
  throw new UsageError(`zkCli cannot take an argument holding both quote characters: ${arg}`);
}

/** Runs zkCli.sh with the terminal attached (stdin piped when authenticating); resolves with its exit code. */
export function runZkCli(args: ZkCliArgs, script = ZKCLI_SCRIPT): Promise<number> {
  if (!fs.existsSync(script)) {
    return Promise.reject(
      new Error(`${script} not found: install Debian's zookeeper package (apt-get install zookeeper)`),
    );
  }
  if (args.digest === null) return spawnZkCli(script, ['-server', args.connect, ...args.command], null);
  const lines = [`addauth digest ${args.digest}`];
  if (args.command.length > 0) lines.push(args.command.map(quoteForZkCli).join(' '));
  return spawnZkCli(script, ['-server', args.connect], `${lines.join('\n')}\n`, args.command.length === 0);
}

function spawnZkCli(script: string, argv: string[], input: string | null, thenTerminal = false): Promise<number> {
  return new Promise((resolve, reject) => {
    const stdin = input === null ? 'inherit' : 'pipe';
    const child = spawn(script, argv, { stdio: [stdin, 'inherit', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
    if (input === null || !child.stdin) return;
    child.stdin.on('error', () => undefined);
    child.stdin.write(input);
    if (thenTerminal) process.stdin.pipe(child.stdin);
    else child.stdin.end();
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
