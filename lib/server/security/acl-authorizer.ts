// Kafka 2.8's AclAuthorizer: ACLs live in ZooKeeper (zk/acl-znodes), every broker keeps them all
// in memory and answers checks from there. A broker loads them at start, then follows both
// change paths: each notification names one changed pattern, which is re-read, so an ACL
// written through any broker (or by another tool) applies on every broker within a watch
// round-trip, without a restart. Writes go to ZooKeeper first and update this cache after.
import {
  type AclBinding,
  type AclEntry,
  type AclOperationName,
  patternKey,
  type ResourcePattern,
  type ResourceTypeName,
  sameAclEntry,
  WILDCARD_RESOURCE,
} from '../../protocol/acl-types';
import {
  AclPaths,
  ensureAclPaths,
  latestAclChange,
  purgeAclChanges,
  readAclChanges,
  readAllAcls,
  readResourceAcls,
  updateResourceAcls,
} from '../../zk/acl-znodes';
import type { ZkSession } from '../../zk/session';
import type { Logger } from '../../util/logger';
import { type AclBindingFilter, filterMatches } from './acl-filter';
import { decide } from './acl-rules';
import type { Authorizer, ResourceRef } from './authorizer';
import { type KafkaPrincipal, principalToString } from './principal';

export interface AclAuthorizerOptions {
  session(): ZkSession;
  /** super.users: "Type:name" principals allowed everything. */
  superUsers: readonly string[];
  allowEveryoneIfNoAclFound: boolean;
  logger: Logger;
}

const CHANGE_PATHS = [AclPaths.literalChanges, AclPaths.extendedChanges] as const;
/** Kafka's AclAuthorizer purges change notifications this old. */
const CHANGE_EXPIRATION_MS = 15 * 60 * 1000;
/** After a failed pass over a change path (ZooKeeper unreachable), the next try. */
const CHANGE_RETRY_BACKOFF_MS = 1000;

export class AclAuthorizer implements Authorizer {
  /** Literal patterns by resource type and name; prefixed ones by resource type (few, scanned). */
  private readonly literal = new Map<string, AclEntry[]>();
  private readonly prefixed = new Map<ResourceTypeName, Map<string, AclEntry[]>>();
  private readonly lastChange = new Map<string, string>();
  private readonly superUsers: ReadonlySet<string>;
  /** Change handling is serial: one pass at a time, in notification order. */
  private changes: Promise<void> = Promise.resolve();
  private stopped = false;
  private retryTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: AclAuthorizerOptions) {
    this.superUsers = new Set(options.superUsers);
  }

  /** Loads every ACL and starts following the change paths (again after a new session). */
  async start(): Promise<void> {
    const session = this.options.session();
    await ensureAclPaths(session);
    for (const path of CHANGE_PATHS) this.lastChange.set(path, await latestAclChange(session, path));
    const all = await readAllAcls(session);
    this.literal.clear();
    this.prefixed.clear();
    for (const { pattern, entries } of all) this.store(pattern, entries);
    this.options.logger.info(`authorizer loaded ACLs of ${all.length} resource patterns`);
    for (const path of CHANGE_PATHS) this.followChanges(session, path);
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
  }

  authorize(principal: KafkaPrincipal, host: string, operation: AclOperationName, resource: ResourceRef): boolean {
    const name = principalToString(principal);
    if (this.superUsers.has(name)) return true;
    const allowed = decide(
      this.applying(resource),
      { principal: name, host, operation },
      this.options.allowEveryoneIfNoAclFound,
    );
    if (!allowed) {
      this.options.logger.debug(
        `principal ${name} from ${host} denied ${operation} on ${resource.resourceType}:${resource.name}`,
      );
    }
    return allowed;
  }

  async createAcls(bindings: readonly AclBinding[]): Promise<void> {
    for (const [, group] of byPattern(bindings)) {
      const { pattern } = group[0];
      const adding = group.map((b) => b.entry);
      await updateResourceAcls(this.options.session(), pattern, (current) => [
        ...current,
        ...adding.filter((e, i) => !current.some((c) => sameAclEntry(c, e)) && firstOf(adding, e) === i),
      ]);
      await this.refresh(pattern);
    }
  }

  async deleteAcls(filters: readonly AclBindingFilter[]): Promise<AclBinding[][]> {
    const candidates = filters.map((filter) => this.allBindings().filter((b) => filterMatches(filter, b)));
    const removed: AclBinding[][] = filters.map(() => []);
    for (const [, group] of byPattern(candidates.flat())) {
      const { pattern } = group[0];
      const before = await updateResourceAcls(this.options.session(), pattern, (current) =>
        current.filter((e) => !filters.some((f) => filterMatches(f, { pattern, entry: e }))),
      );
      await this.refresh(pattern);
      // What was stored decides what was removed: another broker may have changed it meanwhile.
      filters.forEach((f, i) => {
        for (const entry of before) if (filterMatches(f, { pattern, entry })) removed[i].push({ pattern, entry });
      });
    }
    return removed;
  }

  describeAcls(filter: AclBindingFilter): AclBinding[] {
    return this.allBindings().filter((b) => filterMatches(filter, b));
  }

  /** The ACLs of every stored pattern that applies: the literal name, the wildcard, each prefix. */
  private applying({ resourceType, name }: ResourceRef): AclEntry[] {
    const exact = this.literal.get(literalKey(resourceType, name)) ?? [];
    const wildcard = this.literal.get(literalKey(resourceType, WILDCARD_RESOURCE)) ?? [];
    const prefixes = [...(this.prefixed.get(resourceType) ?? [])]
      .filter(([prefix]) => name.startsWith(prefix))
      .flatMap(([, entries]) => entries);
    return [...exact, ...wildcard, ...prefixes];
  }

  private store(pattern: ResourcePattern, entries: AclEntry[]): void {
    if (pattern.patternType === 'LITERAL') {
      const key = literalKey(pattern.resourceType, pattern.name);
      if (entries.length === 0) this.literal.delete(key);
      else this.literal.set(key, entries);
      return;
    }
    const byPrefix = this.prefixed.get(pattern.resourceType) ?? new Map<string, AclEntry[]>();
    if (entries.length === 0) byPrefix.delete(pattern.name);
    else byPrefix.set(pattern.name, entries);
    this.prefixed.set(pattern.resourceType, byPrefix);
  }

  private allBindings(): AclBinding[] {
    const literal = [...this.literal.entries()].flatMap(([key, entries]) => {
      const colon = key.indexOf(':');
      const pattern = {
        resourceType: key.slice(0, colon) as ResourceTypeName,
        name: key.slice(colon + 1),
        patternType: 'LITERAL' as const,
      };
      return entries.map((entry) => ({ pattern, entry }));
    });
    const prefixed = [...this.prefixed.entries()].flatMap(([resourceType, byPrefix]) =>
      [...byPrefix.entries()].flatMap(([name, entries]) => {
        const pattern = { resourceType, name, patternType: 'PREFIXED' as const };
        return entries.map((entry) => ({ pattern, entry }));
      }),
    );
    return [...literal, ...prefixed];
  }

  private async refresh(pattern: ResourcePattern): Promise<void> {
    const { entries } = await readResourceAcls(this.options.session(), pattern);
    this.store(pattern, entries);
  }

  private followChanges(session: ZkSession, changePath: string): void {
    const pass = async (): Promise<void> => {
      if (this.stopped || session !== this.options.session()) return;
      const after = this.lastChange.get(changePath) ?? '';
      const changes = await readAclChanges(session, changePath, after, () => this.followChanges(session, changePath));
      for (const { name, pattern } of changes) {
        await this.refresh(pattern);
        this.lastChange.set(changePath, name);
      }
      if (changes.length > 0) await purgeAclChanges(session, changePath, Date.now() - CHANGE_EXPIRATION_MS);
    };
    this.changes = this.changes.then(pass).catch((err: Error) => {
      // lastChange stays where it was, and the watch may not be set: try the pass again shortly.
      this.options.logger.error(`reading ACL changes under ${changePath} failed: ${err.message}`);
      if (this.stopped) return;
      this.retryTimer = setTimeout(() => this.followChanges(session, changePath), CHANGE_RETRY_BACKOFF_MS);
      this.retryTimer.unref();
    });
  }
}

function literalKey(resourceType: ResourceTypeName, name: string): string {
  return `${resourceType}:${name}`;
}

function byPattern(bindings: readonly AclBinding[]): Map<string, AclBinding[]> {
  const groups = new Map<string, AclBinding[]>();
  for (const b of bindings) groups.set(patternKey(b.pattern), [...(groups.get(patternKey(b.pattern)) ?? []), b]);
  return groups;
}

function firstOf(entries: readonly AclEntry[], entry: AclEntry): number {
  return entries.findIndex((e) => sameAclEntry(e, entry));
}

/** super.users as configured ("User:admin;User:bob") to its principals. */
export function parseSuperUsers(text: string | null): string[] {
  return (text ?? '')
    .split(';')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}
