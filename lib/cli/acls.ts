// `bin/acls` — kafka-acls.sh's flags against any Kafka-compatible broker with an authorizer:
//   --bootstrap-server HOST:PORT (--add | --remove | --list)
//   [--allow-principal P]... [--deny-principal P]... [--allow-host H]... [--deny-host H]...
//   [--operation OP]... [--topic T]... [--group G]... [--cluster] [--transactional-id ID]...
//   [--resource-pattern-type literal|prefixed|any|match] [--principal P] [--force]
// --add and --remove go through CreateAcls and DeleteAcls, --list through DescribeAcls; with
// --authorizer-properties zookeeper.connect=... instead of a broker, through ZooKeeper directly.
import { flagValue, UsageError } from './flags';
import { toolMain } from './tool-main';
import { Admin } from '../client/admin';
import { securityFromPropertiesFile } from '../client/security-config';
import { ClientError } from '../client/errors';
import { createAclsApi } from '../protocol/apis/create-acls';
import { deleteAclsApi, type DeleteAclsMatchingAcl } from '../protocol/apis/delete-acls';
import { describeAclsApi } from '../protocol/apis/describe-acls';
import {
  type AclOperationName,
  aclOperations,
  AclOperationCode,
  CLUSTER_RESOURCE_NAME,
  PatternTypeCode,
  type PermissionTypeName,
  permissionTypes,
  PermissionTypeCode,
  resourceTypes,
  type ResourceTypeName,
  ResourceTypeCode,
} from '../protocol/acl-types';
import { ErrorCode } from '../protocol/error-codes';
import { entries, entryText, patternText } from './acls-format';
import { runAclsOnZooKeeper } from './acls-zookeeper';

export const USAGE = `usage: bin/acls (--bootstrap-server HOST:PORT [--command-config FILE] | --authorizer-properties zookeeper.connect=CONNECT)
                (--add | --remove | --list) [options]
  --command-config FILE                      client properties (security.protocol, ssl.*, sasl.*) for a secured listener
  --authorizer-properties k=v                zookeeper.connect (also zookeeper.set.acl, zookeeper.digest.credentials):
                                             read and write the ACL znodes directly, as kafka-acls.sh 2.8 could
  --allow-principal P / --deny-principal P   principal of the form User:name (repeatable)
  --allow-host H / --deny-host H             host the ACL applies to (default *)
  --operation OP                             Read, Write, Create, Delete, Alter, Describe, ClusterAction,
                                             DescribeConfigs, AlterConfigs, IdempotentWrite, All (default All)
  --topic T, --group G, --transactional-id ID, --cluster   resources (repeatable)
  --resource-pattern-type literal|prefixed|any|match        default literal (--list: any)
  --principal P                              with --list: only that principal's ACLs
  --force                                    do not ask before removing (bin/acls never asks)`;

type PatternFlag = 'LITERAL' | 'PREFIXED' | 'ANY' | 'MATCH';

export interface AclsArgs {
  /** Empty when the ACLs are reached through ZooKeeper. */
  bootstrapServer: string;
  /** Client properties file for a secured listener (Kafka's --command-config). */
  commandConfig?: string;
  authorizerProperties: Record<string, string>;
  action: 'add' | 'remove' | 'list';
  principals: Array<{ principal: string; permission: PermissionTypeName }>;
  allowHosts: string[];
  denyHosts: string[];
  operations: AclOperationName[];
  resources: Array<{ resourceType: ResourceTypeName; name: string }>;
  patternType: PatternFlag | null;
  listPrincipal: string | null;
}

const ACTIONS = ['--add', '--remove', '--list'];

export function parseAclsArgs(argv: string[]): AclsArgs {
  const args: Omit<AclsArgs, 'bootstrapServer' | 'action'> & Partial<AclsArgs> = {
    principals: [],
    allowHosts: [],
    denyHosts: [],
    operations: [],
    resources: [],
    patternType: null,
    listPrincipal: null,
    authorizerProperties: {},
  };
  const value = (i: number, flag: string): string => flagValue(argv, i, flag);
  const resource = (resourceType: ResourceTypeName, name: string) => args.resources.push({ resourceType, name });
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (ACTIONS.includes(flag)) {
      if (args.action) throw new UsageError('give exactly one of --add, --remove, --list');
      args.action = flag.slice(2) as AclsArgs['action'];
    } else if (flag === '--bootstrap-server') args.bootstrapServer = value(i++, flag);
    else if (flag === '--command-config') args.commandConfig = value(i++, flag);
    else if (flag === '--authorizer-properties') {
      const pair = value(i++, flag);
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new UsageError(`--authorizer-properties expects key=value, got '${pair}'`);
      args.authorizerProperties[pair.slice(0, eq)] = pair.slice(eq + 1);
    } else if (flag === '--allow-principal') args.principals.push({ principal: value(i++, flag), permission: 'Allow' });
    else if (flag === '--deny-principal') args.principals.push({ principal: value(i++, flag), permission: 'Deny' });
    else if (flag === '--allow-host') args.allowHosts.push(value(i++, flag));
    else if (flag === '--deny-host') args.denyHosts.push(value(i++, flag));
    else if (flag === '--operation') args.operations.push(operation(value(i++, flag)));
    else if (flag === '--topic') resource('Topic', value(i++, flag));
    else if (flag === '--group') resource('Group', value(i++, flag));
    else if (flag === '--transactional-id') resource('TransactionalId', value(i++, flag));
    else if (flag === '--cluster') resource('Cluster', CLUSTER_RESOURCE_NAME);
    else if (flag === '--resource-pattern-type') args.patternType = patternFlag(value(i++, flag));
    else if (flag === '--principal') args.listPrincipal = value(i++, flag);
    else if (flag === '--force') continue;
    else throw new UsageError(`unknown option ${flag}`);
  }
  const viaZooKeeper = args.authorizerProperties['zookeeper.connect'] !== undefined;
  if (!args.bootstrapServer === !viaZooKeeper)
    throw new UsageError('give one of --bootstrap-server or --authorizer-properties zookeeper.connect=...');
  if (!args.action) throw new UsageError('give one of --add, --remove, --list');
  return checked({ ...args, bootstrapServer: args.bootstrapServer ?? '', action: args.action });
}

function checked(args: AclsArgs): AclsArgs {
  if (args.action === 'add') {
    if (args.principals.length === 0) throw new UsageError('--add needs --allow-principal or --deny-principal');
    if (args.resources.length === 0) throw new UsageError('--add needs a resource (--topic, --group, --cluster, ...)');
    if (args.patternType === 'ANY' || args.patternType === 'MATCH')
      throw new UsageError('--add takes --resource-pattern-type literal or prefixed');
  }
  if (args.action === 'remove' && args.resources.length === 0)
    throw new UsageError('--remove needs a resource (--topic, --group, --cluster, ...)');
  return args;
}

function operation(text: string): AclOperationName {
  const parsed = aclOperations.parse(text);
  if (!parsed) throw new UsageError(`unknown operation '${text}' (one of ${aclOperations.names.join(', ')})`);
  return parsed;
}

function patternFlag(text: string): PatternFlag {
  const upper = text.toUpperCase();
  if (upper !== 'LITERAL' && upper !== 'PREFIXED' && upper !== 'ANY' && upper !== 'MATCH')
    throw new UsageError(`--resource-pattern-type must be literal, prefixed, any or match, not '${text}'`);
  return upper;
}

const PATTERN_CODES: Record<PatternFlag, number> = PatternTypeCode;

export async function runAcls(args: AclsArgs, out: (line: string) => void): Promise<number> {
  if (args.bootstrapServer === '') {
    await runAclsOnZooKeeper(args, out);
    return 0;
  }
  const security = args.commandConfig ? securityFromPropertiesFile(args.commandConfig) : undefined;
  const admin = await Admin.connect(args.bootstrapServer, 'samsa-acls', security);
  try {
    const connection = await admin.cluster.anyConnection();
    if (args.action === 'add') await add(connection, args, out);
    else if (args.action === 'remove') await remove(connection, args, out);
    else await list(connection, args, out);
    return 0;
  } finally {
    await admin.close();
  }
}

type Connection = Awaited<ReturnType<Admin['cluster']['anyConnection']>>;
const VERSIONS = { min: 1, max: 2 };

async function add(connection: Connection, args: AclsArgs, out: (line: string) => void): Promise<void> {
  const patternType = args.patternType ?? 'LITERAL';
  const creations = args.resources.flatMap((r) =>
    entries(args).map((e) => ({
      resourceType: resourceTypes.code(r.resourceType),
      resourceName: r.name,
      resourcePatternType: PATTERN_CODES[patternType],
      principal: e.principal,
      host: e.host,
      operation: aclOperations.code(e.operation),
      permissionType: permissionTypes.code(e.permission),
    })),
  );
  const { response } = await connection.request(createAclsApi, { creations }, VERSIONS);
  const failed = response.results.find((r) => r.errorCode !== ErrorCode.NONE);
  if (failed) throw ClientError.fromErrorCode(failed.errorCode, 'CreateAcls', failed.errorMessage);
  for (const r of args.resources) {
    out(`Adding ACLs for resource \`${patternText(r.resourceType, r.name, patternType)}\`: `);
    for (const e of entries(args)) out(` \t${entryText(e.principal, e.host, e.operation, e.permission)} `);
  }
}

async function remove(connection: Connection, args: AclsArgs, out: (line: string) => void): Promise<void> {
  const patternType = args.patternType ?? 'LITERAL';
  const wanted = args.principals.length > 0 ? entries(args) : [null];
  const filters = args.resources.flatMap((r) =>
    wanted.map((e) => ({
      resourceTypeFilter: resourceTypes.code(r.resourceType),
      resourceNameFilter: r.name,
      patternTypeFilter: PATTERN_CODES[patternType],
      principalFilter: e?.principal ?? null,
      hostFilter: e?.host ?? null,
      operation: e ? aclOperations.code(e.operation) : AclOperationCode.ANY,
      permissionType: e ? permissionTypes.code(e.permission) : PermissionTypeCode.ANY,
    })),
  );
  const { response } = await connection.request(deleteAclsApi, { filters }, VERSIONS);
  for (const result of response.filterResults) {
    if (result.errorCode !== ErrorCode.NONE)
      throw ClientError.fromErrorCode(result.errorCode, 'DeleteAcls', result.errorMessage);
    for (const m of result.matchingAcls) out(`Removed ${describeWire(m)}`);
  }
}

async function list(connection: Connection, args: AclsArgs, out: (line: string) => void): Promise<void> {
  const patternType = args.patternType ?? 'ANY';
  const filters =
    args.resources.length > 0
      ? args.resources.map((r) => ({ type: resourceTypes.code(r.resourceType), name: r.name as string | null }))
      : [{ type: ResourceTypeCode.ANY, name: null }];
  for (const f of filters) {
    const { response } = await connection.request(
      describeAclsApi,
      {
        resourceTypeFilter: f.type,
        resourceNameFilter: f.name,
        patternTypeFilter: PATTERN_CODES[patternType],
        principalFilter: args.listPrincipal,
        hostFilter: null,
        operation: AclOperationCode.ANY,
        permissionType: PermissionTypeCode.ANY,
      },
      VERSIONS,
    );
    if (response.errorCode !== ErrorCode.NONE)
      throw ClientError.fromErrorCode(response.errorCode, 'DescribeAcls', response.errorMessage);
    for (const r of response.resources) {
      out(`Current ACLs for resource \`${wirePatternText(r.resourceType, r.resourceName, r.patternType)}\`: `);
      for (const a of r.acls) out(` \t${wireEntryText(a)} `);
      out('');
    }
  }
}

function wirePatternText(typeCode: number, name: string, patternCode: number): string {
  const type = resourceTypes.byCode(typeCode);
  const pattern = Object.entries(PatternTypeCode).find(([, c]) => c === patternCode)?.[0] ?? 'UNKNOWN';
  return type ? patternText(type, name, pattern) : `ResourcePattern(resourceType=${typeCode}, name=${name})`;
}

function wireEntryText(a: { principal: string; host: string; operation: number; permissionType: number }): string {
  const op = aclOperations.byCode(a.operation);
  const permission = permissionTypes.byCode(a.permissionType);
  if (!op || !permission) return `(principal=${a.principal}, host=${a.host}, operation=${a.operation})`;
  return entryText(a.principal, a.host, op, permission);
}

function describeWire(m: DeleteAclsMatchingAcl): string {
  return `${wirePatternText(m.resourceType, m.resourceName, m.patternType)} ${wireEntryText(m)}`;
}

export function main(argv: string[]): Promise<number> {
  return toolMain(argv, USAGE, parseAclsArgs, runAcls);
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
