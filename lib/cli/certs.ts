// `bin/certs --dir DIR [--broker NAME]... [--client NAME]... [--key-password PW] [--days N]`:
// a Kafka operator's "make me test certificates" helper. With openssl it makes a CA and, per
// broker and client, a key and a certificate signed by it, in PEM:
//   ca.crt (the trust store: ssl.truststore.location), ca.key,
//   <name>.key and <name>.crt (separate files, as kcat and kafka-python take them),
//   <name>.pem (key then certificate chain: Kafka's PEM ssl.keystore.location).
// Broker certificates carry SANs for localhost and 127.0.0.1 so host name checks pass locally.
// Subjects are "CN=<name>,OU=Samsa,O=Samsa test" (the principal is User:CN=<name>,OU=...).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { flagValue, integerFlag, UsageError } from './flags';
import { toolMain } from './tool-main';

export const USAGE = `usage: bin/certs --dir DIR [--broker NAME]... [--client NAME]... [--key-password PW] [--days N]
  makes DIR/ca.crt, DIR/ca.key and, per name, NAME.key, NAME.crt and NAME.pem (key + chain)
  defaults: --broker broker --client client --days 365; --key-password encrypts the NAME keys`;

export interface CertsArgs {
  dir: string;
  brokers: string[];
  clients: string[];
  keyPassword?: string;
  days: number;
}

export function parseCertsArgs(argv: string[]): CertsArgs {
  const args: CertsArgs = { dir: '', brokers: [], clients: [], days: 365 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): string => flagValue(argv, i++, flag);
    if (flag === '--dir') args.dir = value();
    else if (flag === '--broker') args.brokers.push(certName(value(), flag));
    else if (flag === '--client') args.clients.push(certName(value(), flag));
    else if (flag === '--key-password') args.keyPassword = value();
    else if (flag === '--days') args.days = integerFlag(value(), flag, 1);
    else throw new UsageError(`unknown option ${flag}`);
  }
  if (args.dir === '') throw new UsageError('--dir is required');
  if (args.brokers.length === 0) args.brokers.push('broker');
  if (args.clients.length === 0) args.clients.push('client');
  return args;
}

function certName(text: string, flag: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(text) || text === 'ca') {
    throw new UsageError(`${flag} takes a file-name-safe name other than 'ca', got '${text}'`);
  }
  return text;
}

export async function runCerts(args: CertsArgs, out: (line: string) => void): Promise<void> {
  fs.mkdirSync(args.dir, { recursive: true });
  const file = (name: string) => path.join(args.dir, name);
  openssl(
    ['req', '-x509', '-new', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', String(args.days)].concat([
      '-subj',
      '/O=Samsa test/CN=Samsa test CA',
      '-keyout',
      file('ca.key'),
      '-out',
      file('ca.crt'),
    ]),
  );
  for (const name of args.brokers) issue(args, name, ['DNS:localhost', 'IP:127.0.0.1', `DNS:${name}`]);
  for (const name of args.clients) issue(args, name, []);
  out(`CA: ${file('ca.crt')}`);
  for (const name of [...args.brokers, ...args.clients]) {
    out(`${name}: ${file(`${name}.pem`)} (key ${file(`${name}.key`)}, certificate ${file(`${name}.crt`)})`);
  }
}

/** A key and a CA-signed certificate for `name`; SANs make it a server certificate. */
function issue(args: CertsArgs, name: string, sans: string[]): void {
  const file = (suffix: string) => path.join(args.dir, `${name}${suffix}`);
  const extensions = file('.ext');
  fs.writeFileSync(
    extensions,
    [
      'basicConstraints=CA:FALSE',
      'keyUsage=digitalSignature,keyEncipherment',
      `extendedKeyUsage=${sans.length > 0 ? 'serverAuth,clientAuth' : 'clientAuth'}`,
      ...(sans.length > 0 ? [`subjectAltName=${sans.join(',')}`] : []),
    ].join('\n') + '\n',
  );
  const encrypt = args.keyPassword === undefined ? ['-nodes'] : ['-passout', `pass:${args.keyPassword}`];
  openssl(
    ['req', '-new', '-newkey', 'rsa:2048', ...encrypt, '-subj', `/O=Samsa test/OU=Samsa/CN=${name}`].concat([
      '-keyout',
      file('.key'),
      '-out',
      file('.csr'),
    ]),
  );
  openssl(
    ['x509', '-req', '-in', file('.csr'), '-CA', path.join(args.dir, 'ca.crt')]
      .concat(['-CAkey', path.join(args.dir, 'ca.key'), '-CAcreateserial', '-sha256', '-days', String(args.days)])
      .concat(['-extfile', extensions, '-out', file('.crt')]),
  );
  const chain = [file('.key'), file('.crt'), path.join(args.dir, 'ca.crt')].map((f) => fs.readFileSync(f, 'utf8'));
  fs.writeFileSync(file('.pem'), chain.join(''), { mode: 0o600 });
  fs.chmodSync(file('.key'), 0o600);
  for (const scratch of [file('.csr'), extensions]) fs.rmSync(scratch, { force: true });
}

function openssl(argv: string[]): void {
  try {
    execFileSync('openssl', argv, { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(`openssl ${argv[0]} failed: ${stderr || (err as Error).message}`);
  }
}

export function main(argv: string[]): Promise<number> {
  return toolMain(argv, USAGE, parseCertsArgs, runCerts);
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
