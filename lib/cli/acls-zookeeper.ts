// bin/acls with --authorizer-properties zookeeper.connect=HOST:PORT[/chroot], as kafka-acls.sh
// 2.8 still offered: the ACL znodes are read and rewritten directly (conditional writes and
// change notifications, zk/acl-znodes), so the first ACLs can be written before any principal
// may alter them through a broker. zookeeper.set.acl and zookeeper.digest.credentials, given
// the same way, make it create znodes as the brokers do.
import { type AclBinding, type AclEntry, type ResourcePattern, sameAclEntry } from '../protocol/acl-types';
import { type AclBindingFilter, filterMatches } from '../server/security/acl-filter';
import { silentLogger } from '../util/logger';
import { zkSecurityFrom } from '../zk/acl';
import { readAllAcls, updateResourceAcls } from '../zk/acl-znodes';
import { ZkSession } from '../zk/session';
import type { AclsArgs } from './acls';
import { entries, entryText, patternText } from './acls-format';

const SESSION_TIMEOUT_MS = 10000;

export async function runAclsOnZooKeeper(args: AclsArgs, out: (line: string) => void): Promise<void> {
  const props = args.authorizerProperties;
  const session = await ZkSession.connect(props['zookeeper.connect'], {
    sessionTimeoutMs: SESSION_TIMEOUT_MS,
    logger: silentLogger(),
    security: zkSecurityFrom(props['zookeeper.set.acl'] === 'true', props['zookeeper.digest.credentials'] ?? null),
  });
  try {
    if (args.action === 'add') await add(session, args, out);
    else if (args.action === 'remove') await remove(session, args, out);
    else await list(session, args, out);
  } finally {
    await session.close();
  }
}

function patternsOf(args: AclsArgs): ResourcePattern[] {
  const patternType = args.patternType === 'PREFIXED' ? 'PREFIXED' : 'LITERAL';
  return args.resources.map((r) => ({ ...r, patternType }));
}

function entriesOf(args: AclsArgs): AclEntry[] {
  return entries(args).map((e) => ({ ...e, permissionType: e.permission }));
}

async function add(session: ZkSession, args: AclsArgs, out: (line: string) => void): Promise<void> {
  const adding = entriesOf(args);
  for (const pattern of patternsOf(args)) {
    await updateResourceAcls(session, pattern, (current) => [
      ...current,
      ...adding.filter((e) => !current.some((c) => sameAclEntry(c, e))),
    ]);
    out(`Adding ACLs for resource \`${patternText(pattern.resourceType, pattern.name, pattern.patternType)}\`: `);
    for (const e of adding) out(` \t${entryText(e.principal, e.host, e.operation, e.permissionType)} `);
  }
}

/** Without a principal, every ACL of the resource goes (as kafka-acls.sh --remove does). */
async function remove(session: ZkSession, args: AclsArgs, out: (line: string) => void): Promise<void> {
  const removing = args.principals.length > 0 ? entriesOf(args) : null;
  for (const pattern of patternsOf(args)) {
    const before = await updateResourceAcls(session, pattern, (current) =>
      current.filter((c) => removing !== null && !removing.some((e) => sameAclEntry(c, e))),
    );
    for (const e of before.filter((c) => removing === null || removing.some((r) => sameAclEntry(c, r)))) {
      out(
        `Removed ${patternText(pattern.resourceType, pattern.name, pattern.patternType)} ` +
          entryText(e.principal, e.host, e.operation, e.permissionType),
      );
    }
  }
}

async function list(session: ZkSession, args: AclsArgs, out: (line: string) => void): Promise<void> {
  const filters: AclBindingFilter[] = (args.resources.length > 0 ? args.resources : [null]).map((r) => ({
    resourceType: r?.resourceType ?? 'ANY',
    name: r?.name ?? null,
    patternType: args.patternType ?? 'ANY',
    principal: args.listPrincipal,
    host: null,
    operation: 'ANY',
    permissionType: 'ANY',
  }));
  for (const { pattern, entries: stored } of await readAllAcls(session)) {
    const shown = stored.filter((entry) => filters.some((f) => filterMatches(f, { pattern, entry } as AclBinding)));
    if (shown.length === 0) continue;
    out(`Current ACLs for resource \`${patternText(pattern.resourceType, pattern.name, pattern.patternType)}\`: `);
    for (const e of shown) out(` \t${entryText(e.principal, e.host, e.operation, e.permissionType)} `);
    out('');
  }
}
