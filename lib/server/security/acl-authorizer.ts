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
  sameAclEntry,
} from '../../protocol/acl-types';
import {
  AclPaths,
  ensureAclPaths,
  latestAclChange,
  readAclChanges,
  readAllAcls,
  readResourceAcls,
  updateResourceAcls,
} from '../../zk/acl-znodes';
import type { ZkSession } from '../../zk/session';
import type { Logger } from '../../util/logger';
import { type AclBindingFilter, filterMatches } from './acl-filter';
import { decide, patternMatches } from './acl-rules';
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

export class AclAuthorizer implements Authorizer {
  private readonly acls = new Map<string, { pattern: ResourcePattern; entries: AclEntry[] }>();
  private readonly lastChange = new Map<string, string>();
  private readonly superUsers: ReadonlySet<string>;
  /** Change handling is serial: one pass at a time, in notification order. */
  private changes: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly options: AclAuthorizerOptions) {
    this.superUsers = new Set(options.superUsers);
  }

  /** Loads every ACL and starts following the change paths (again after a new session). */
  async start(): Promise<void> {
    const session = this.options.session();
    await ensureAclPaths(session);
    for (const path of CHANGE_PATHS) this.lastChange.set(path, await latestAclChange(session, path));
    const all = await readAllAcls(session);
    this.acls.clear();
    for (const { pattern, entries } of all) this.acls.set(patternKey(pattern), { pattern, entries });
    this.options.logger.info(`authorizer loaded ACLs of ${all.length} resource patterns`);
    for (const path of CHANGE_PATHS) this.followChanges(session, path);
  }

  stop(): void {
    this.stopped = true;
  }

  authorize(principal: KafkaPrincipal, host: string, operation: AclOperationName, resource: ResourceRef): boolean {
    const name = principalToString(principal);
    if (this.superUsers.has(name)) return true;
    const applying: AclEntry[] = [];
    for (const { pattern, entries } of this.acls.values()) {
      if (patternMatches(pattern, resource.resourceType, resource.name)) applying.push(...entries);
    }
    const allowed = decide(applying, { principal: name, host, operation }, this.options.allowEveryoneIfNoAclFound);
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

  private allBindings(): AclBinding[] {
    return [...this.acls.values()].flatMap(({ pattern, entries }) => entries.map((entry) => ({ pattern, entry })));
  }

  private async refresh(pattern: ResourcePattern): Promise<void> {
    const { entries } = await readResourceAcls(this.options.session(), pattern);
    if (entries.length === 0) this.acls.delete(patternKey(pattern));
    else this.acls.set(patternKey(pattern), { pattern, entries });
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
    };
    this.changes = this.changes.then(pass).catch((err: Error) => {
      // A failed pass leaves lastChange where it was: the next notification (or session) retries it.
      this.options.logger.error(`reading ACL changes under ${changePath} failed: ${err.message}`);
    });
  }
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
