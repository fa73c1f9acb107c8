// `bin/configs` — kafka-configs.sh's flags for users' SCRAM credentials:
//   --alter --add-config 'SCRAM-SHA-256=[password=…],SCRAM-SHA-512=[iterations=8192,password=…]'
//     --entity-type users --entity-name alice
//   --alter --delete-config 'SCRAM-SHA-512' --entity-type users --entity-name alice
//   --describe --entity-type users [--entity-name alice]
// through --bootstrap-server (DescribeUserScramCredentials/AlterUserScramCredentials, with
// --command-config for a secured listener) or --zookeeper (writing /config/users directly, as
// Kafka 2.8 allows for creating the first admin user before any broker can authenticate it).
import { flagValue, integerFlag, UsageError } from './flags';
import { toolMain } from './tool-main';
import { Admin } from '../client/admin';
import { securityFromPropertiesFile } from '../client/security-config';
import type { ScramAlteration } from '../client/admin-scram';
import { ZkSession } from '../zk/session';
import { zkSecurityFrom } from '../zk/acl';
import { alterUserConfig, listConfiguredUsers, readUserConfig } from '../zk/user-config-znodes';
import {
  credentialFromPassword,
  isScramMechanism,
  parseCredential,
  SCRAM_ITERATIONS_MIN,
  SCRAM_MECHANISMS,
  formatCredential,
  type ScramMechanism,
} from '../network/scram';
import { silentLogger } from '../util/logger';

export const USAGE = `usage: bin/configs (--bootstrap-server HOST:PORT [--command-config FILE] | --zookeeper HOST:PORT[/chroot] [--digest USER:PASSWORD])
  --entity-type users [--entity-name USER] (--describe | --alter [--add-config C] [--delete-config K])
  --add-config 'SCRAM-SHA-256=[password=P],SCRAM-SHA-512=[iterations=8192,password=P]'
  --delete-config 'SCRAM-SHA-512[,SCRAM-SHA-256]'`;

export interface ConfigsArgs {
  bootstrapServer?: string;
  zookeeper?: string;
  commandConfig?: string;
  /** ZooKeeper digest credential, as the brokers authenticate with zookeeper.set.acl: the user znodes get their secure ACLs. */
  digest?: string;
  action: 'alter' | 'describe';
  entityName?: string;
  add: Array<{ mechanism: ScramMechanism; iterations: number; password: string }>;
  remove: ScramMechanism[];
}

export { UsageError };

export function parseConfigsArgs(argv: string[]): ConfigsArgs {
  const args: Partial<ConfigsArgs> & Pick<ConfigsArgs, 'add' | 'remove'> = { add: [], remove: [] };
  let entityType: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): string => flagValue(argv, i++, flag);
    if (flag === '--alter' || flag === '--describe') {
      if (args.action) throw new UsageError('give exactly one of --alter, --describe');
      args.action = flag.slice(2) as ConfigsArgs['action'];
    } else if (flag === '--bootstrap-server') args.bootstrapServer = value();
    else if (flag === '--zookeeper') args.zookeeper = value();
    else if (flag === '--command-config') args.commandConfig = value();
    else if (flag === '--digest') args.digest = value();
    else if (flag === '--entity-type') entityType = value();
    else if (flag === '--entity-name') args.entityName = value();
    else if (flag === '--add-config') args.add.push(...parseAddConfig(value()));
    else if (flag === '--delete-config') args.remove.push(...parseDeleteConfig(value()));
    else throw new UsageError(`unknown option ${flag}`);
  }
  if ((args.bootstrapServer === undefined) === (args.zookeeper === undefined)) {
    throw new UsageError('give exactly one of --bootstrap-server, --zookeeper');
  }
  if (entityType !== 'users') throw new UsageError('--entity-type users is the only entity type bin/configs handles');
  if (!args.action) throw new UsageError('give one of --alter, --describe');
  if (args.action === 'alter') {
    if (!args.entityName) throw new UsageError('--alter needs --entity-name');
    if (args.add.length + args.remove.length === 0)
      throw new UsageError('--alter needs --add-config or --delete-config');
  }
  return args as ConfigsArgs;
}

/** `SCRAM-SHA-256=[password=p],SCRAM-SHA-512=[iterations=8192,password=p]`: commas inside [] belong to the entry. */
function parseAddConfig(text: string): ConfigsArgs['add'] {
  const entries = text.match(/[^,=]+=(\[[^\]]*\]|[^,]*)/g) ?? [];
  if (entries.join(',') !== text) throw new UsageError(`--add-config '${text}' is not key=[k=v,...] pairs`);
  return entries.map((entry) => {
    const eq = entry.indexOf('=');
    const mechanism = entry.slice(0, eq).trim();
    if (!isScramMechanism(mechanism)) throw new UsageError(`--add-config: ${mechanism} is not a SCRAM mechanism`);
    const inner = new Map(
      entry
        .slice(eq + 1)
        .replace(/^\[|\]$/g, '')
        .split(',')
        .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)] as [string, string]),
    );
    const password = inner.get('password');
    if (!password) throw new UsageError(`--add-config: ${mechanism} needs [password=…]`);
    const iterationsText = inner.get('iterations');
    const iterations =
      iterationsText === undefined ? SCRAM_ITERATIONS_MIN : integerFlag(iterationsText, `${mechanism} iterations`, 1);
    return { mechanism, iterations, password };
  });
}

function parseDeleteConfig(text: string): ScramMechanism[] {
  return text.split(',').map((name) => {
    const mechanism = name.trim();
    if (!isScramMechanism(mechanism)) throw new UsageError(`--delete-config: ${mechanism} is not a SCRAM mechanism`);
    return mechanism;
  });
}

export async function runConfigs(args: ConfigsArgs, out: (line: string) => void): Promise<number> {
  return args.zookeeper !== undefined ? viaZookeeper(args, args.zookeeper, out) : viaBroker(args, out);
}

async function viaBroker(args: ConfigsArgs, out: (line: string) => void): Promise<number> {
  const security = args.commandConfig ? securityFromPropertiesFile(args.commandConfig) : undefined;
  const admin = new Admin({ brokers: (args.bootstrapServer ?? '').split(','), clientId: 'samsa-configs', security });
  try {
    await admin.connect();
    if (args.action === 'describe') {
      const users = await admin.describeUserScramCredentials(args.entityName ? [args.entityName] : null);
      for (const [user, infos] of users) {
        const list = infos.map((i) => `${i.mechanism}=iterations=${i.iterations}`).join(', ');
        out(`SCRAM credential configs for user-principal '${user}' are ${list}`);
      }
      return 0;
    }
    const user = args.entityName as string;
    const alterations: ScramAlteration[] = [
      ...args.remove.map((mechanism) => ({ user, mechanism, delete: true as const })),
      ...args.add.map((a) => ({ user, ...a })),
    ];
    await admin.alterUserScramCredentials(alterations);
    out(`Completed updating config for user ${user}.`);
    return 0;
  } finally {
    await admin.close();
  }
}

async function viaZookeeper(args: ConfigsArgs, connect: string, out: (line: string) => void): Promise<number> {
  const session = await ZkSession.connect(connect, {
    sessionTimeoutMs: 30000,
    connectTimeoutMs: 15000,
    logger: silentLogger(),
    security: zkSecurityFrom(args.digest !== undefined, args.digest ?? null),
  });
  try {
    if (args.action === 'describe') {
      const users = args.entityName ? [args.entityName] : await listConfiguredUsers(session);
      for (const user of users) {
        const config = await readUserConfig(session, user);
        const list = SCRAM_MECHANISMS.filter((m) => config[m] !== undefined)
          .map((m) => `${m}=iterations=${parseCredential(config[m]).iterations}`)
          .join(', ');
        out(`Configs for user-principal '${user}' are ${list}`);
      }
      return 0;
    }
    const user = args.entityName as string;
    const change: Record<string, string | null> = {};
    for (const mechanism of args.remove) change[mechanism] = null;
    for (const a of args.add)
      change[a.mechanism] = formatCredential(credentialFromPassword(a.mechanism, a.password, a.iterations));
    await alterUserConfig(session, user, change);
    out(`Completed updating config for entity: user-principal '${user}'.`);
    return 0;
  } finally {
    await session.close();
  }
}

if (require.main === module) {
  void toolMain(process.argv.slice(2), USAGE, parseConfigsArgs, runConfigs).then((code) => process.exit(code));
}
