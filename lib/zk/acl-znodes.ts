// ACLs in ZooKeeper exactly as Kafka 2.8's AclAuthorizer keeps them (ZkData's ZkAclStore and
// ZkAclChangeStore): one znode per resource pattern holding {"version":1,"acls":[...]}, literal
// patterns under /kafka-acl/<ResourceType>/<name>, prefixed ones under
// /kafka-acl-extended/prefixed/<ResourceType>/<name>. Every rewrite is conditional on the
// version read, and each changed pattern leaves a sequential notification
// (/kafka-acl-changes/acl_changes_<seq> holding "TOPIC:orders" for literal patterns,
// /kafka-acl-extended-changes/acl_changes_<seq> holding a JSON event for the others) that every
// broker watches to refresh its cache. Deciding what an ACL allows is the authorizer's, not this module's.
import {
  type AclEntry,
  type ResourcePattern,
  type StoredPatternType,
  aclOperations,
  patternTypes,
  permissionTypes,
  resourceTypes,
} from '../protocol/acl-types';
import { isZkError } from './errors';
import { fail, jsonBytes, parseJsonObject, stringField, versionIn, type ZnodeSource } from './json-fields';
import type { Watcher, ZkSession } from './session';

export const AclPaths = {
  literal: '/kafka-acl',
  extended: '/kafka-acl-extended',
  prefixed: '/kafka-acl-extended/prefixed',
  literalChanges: '/kafka-acl-changes',
  extendedChanges: '/kafka-acl-extended-changes',
  changePrefix: 'acl_changes_',
} as const;

/** Conflicting writers tolerated before an update gives up (each retry means another writer won). */
const UPDATE_ATTEMPTS_MAX = 50;

export function aclStorePath(patternType: StoredPatternType): string {
  return patternType === 'LITERAL' ? AclPaths.literal : AclPaths.prefixed;
}

export function aclResourcePath(pattern: ResourcePattern): string {
  if (pattern.name.length === 0 || pattern.name.includes('/'))
    throw new Error(`invalid resource name '${pattern.name}'`);
  return `${aclStorePath(pattern.patternType)}/${pattern.resourceType}/${pattern.name}`;
}

export function encodeAcls(entries: readonly AclEntry[]): Buffer {
  return jsonBytes({
    version: 1,
    acls: entries.map((e) => ({
      principal: e.principal,
      permissionType: e.permissionType,
      operation: e.operation,
      host: e.host,
    })),
  });
}

export function decodeAcls(path: string, data: Buffer | null): AclEntry[] {
  const source: ZnodeSource = { path, data };
  // Kafka reads an empty resource znode as "no ACLs".
  if (data === null || data.length === 0) return [];
  const object = parseJsonObject(source);
  versionIn(source, object, 1, 1);
  const acls = object.acls;
  if (!Array.isArray(acls)) fail(source, 'acls is not an array');
  return acls.map((value: unknown) => decodeAclEntry(source, value));
}

function decodeAclEntry(source: ZnodeSource, value: unknown): AclEntry {
  if (typeof value !== 'object' || value === null) fail(source, 'an ACL is not an object');
  const object = value as Record<string, unknown>;
  const permissionType = permissionTypes.parse(stringField(source, object, 'permissionType'));
  const operation = aclOperations.parse(stringField(source, object, 'operation'));
  if (!permissionType) fail(source, `unknown permissionType ${String(object.permissionType)}`);
  if (!operation) fail(source, `unknown operation ${String(object.operation)}`);
  return {
    principal: stringField(source, object, 'principal'),
    permissionType,
    operation,
    host: stringField(source, object, 'host'),
  };
}

/** A notification's path and data for a changed pattern (literal and extended stores differ). */
export function encodeAclChange(pattern: ResourcePattern): { prefix: string; data: Buffer } {
  const type = resourceTypes.enumName(pattern.resourceType);
  if (pattern.patternType === 'LITERAL') {
    return {
      prefix: `${AclPaths.literalChanges}/${AclPaths.changePrefix}`,
      data: Buffer.from(`${type}:${pattern.name}`, 'utf8'),
    };
  }
  const event = { version: 1, resourceType: type, name: pattern.name, patternType: pattern.patternType };
  return { prefix: `${AclPaths.extendedChanges}/${AclPaths.changePrefix}`, data: jsonBytes(event) };
}

export function decodeAclChange(path: string, data: Buffer | null): ResourcePattern {
  const source: ZnodeSource = { path, data };
  if (data === null) fail(source, 'no data');
  if (path.startsWith(`${AclPaths.literalChanges}/`)) {
    const text = data.toString('utf8');
    const colon = text.indexOf(':');
    const resourceType = colon > 0 ? resourceTypes.parse(text.slice(0, colon)) : undefined;
    if (!resourceType) fail(source, `expected ResourceType:name, got '${text}'`);
    return { resourceType, name: text.slice(colon + 1), patternType: 'LITERAL' };
  }
  const object = parseJsonObject(source);
  versionIn(source, object, 1, 1);
  const resourceType = resourceTypes.parse(stringField(source, object, 'resourceType'));
  const patternType = patternTypes.parse(stringField(source, object, 'patternType'));
  if (!resourceType || !patternType) fail(source, 'unknown resourceType or patternType');
  return { resourceType, name: stringField(source, object, 'name'), patternType };
}

/** Kafka's createAclPaths: the two stores with a child per resource type, and both change paths. */
export async function ensureAclPaths(session: ZkSession): Promise<void> {
  for (const store of [AclPaths.literal, AclPaths.prefixed]) {
    for (const type of resourceTypes.names) await session.createRecursive(`${store}/${type}`);
  }
  await session.createRecursive(AclPaths.literalChanges);
  await session.createRecursive(AclPaths.extendedChanges);
}

export interface VersionedAcls {
  entries: AclEntry[];
  /** The znode's version, or null when the pattern has no znode. */
  version: number | null;
}

export async function readResourceAcls(session: ZkSession, pattern: ResourcePattern): Promise<VersionedAcls> {
  const path = aclResourcePath(pattern);
  try {
    const { data, stat } = await session.getData(path);
    return { entries: decodeAcls(path, data), version: stat.version };
  } catch (err) {
    if (isZkError(err, 'NO_NODE')) return { entries: [], version: null };
    throw err;
  }
}

/**
 * Rewrites one pattern's ACLs as `update` decides from what is stored, conditionally on the
 * version read (a lost race re-reads). An empty result deletes the znode, as Kafka does. A
 * change notification is written only when something changed. Returns what was stored before.
 */
export async function updateResourceAcls(
  session: ZkSession,
  pattern: ResourcePattern,
  update: (current: readonly AclEntry[]) => AclEntry[],
): Promise<AclEntry[]> {
  const path = aclResourcePath(pattern);
  for (let attempt = 1; attempt <= UPDATE_ATTEMPTS_MAX; attempt++) {
    const current = await readResourceAcls(session, pattern);
    const next = update(current.entries);
    if (sameEntries(current.entries, next)) return current.entries;
    if (!(await writeVersioned(session, path, current.version, next))) continue;
    const change = encodeAclChange(pattern);
    await session.createRecursive(change.prefix, change.data, 'persistent_sequential');
    return current.entries;
  }
  throw new Error(`could not update the ACLs of ${path} in ${UPDATE_ATTEMPTS_MAX} attempts`);
}

/** False when another writer changed the znode since it was read. */
async function writeVersioned(
  session: ZkSession,
  path: string,
  version: number | null,
  entries: readonly AclEntry[],
): Promise<boolean> {
  try {
    if (version === null) return await session.createRecursive(path, encodeAcls(entries));
    if (entries.length === 0) await session.delete(path, version);
    else await session.setData(path, encodeAcls(entries), version);
    return true;
  } catch (err) {
    if (isZkError(err, 'BAD_VERSION') || isZkError(err, 'NO_NODE')) return false;
    throw err;
  }
}

function sameEntries(a: readonly AclEntry[], b: readonly AclEntry[]): boolean {
  return a.length === b.length && JSON.stringify(a) === JSON.stringify(b);
}

/** Every stored pattern with its ACLs (the authorizer's full load). */
export async function readAllAcls(
  session: ZkSession,
): Promise<Array<{ pattern: ResourcePattern; entries: AclEntry[] }>> {
  const result: Array<{ pattern: ResourcePattern; entries: AclEntry[] }> = [];
  for (const patternType of ['LITERAL', 'PREFIXED'] as const) {
    for (const resourceType of resourceTypes.names) {
      for (const name of await childrenOrNone(session, `${aclStorePath(patternType)}/${resourceType}`)) {
        const pattern = { resourceType, name, patternType };
        const { entries } = await readResourceAcls(session, pattern);
        if (entries.length > 0) result.push({ pattern, entries });
      }
    }
  }
  return result;
}

async function childrenOrNone(session: ZkSession, path: string, watcher?: Watcher): Promise<string[]> {
  try {
    return await session.getChildren(path, watcher);
  } catch (err) {
    if (isZkError(err, 'NO_NODE')) return [];
    throw err;
  }
}

/**
 * Pending notifications of one change path newer than `afterName`, oldest first, with their
 * patterns; sets a one-shot child watch. Notifications deleted meanwhile are skipped.
 */
export async function readAclChanges(
  session: ZkSession,
  changePath: string,
  afterName: string,
  watcher?: Watcher,
): Promise<Array<{ name: string; pattern: ResourcePattern }>> {
  const names = (await childrenOrNone(session, changePath, watcher)).filter((n) => n > afterName).sort();
  const changes: Array<{ name: string; pattern: ResourcePattern }> = [];
  for (const name of names) {
    const path = `${changePath}/${name}`;
    try {
      changes.push({ name, pattern: decodeAclChange(path, (await session.getData(path)).data) });
    } catch (err) {
      if (!isZkError(err, 'NO_NODE')) throw err;
    }
  }
  return changes;
}

/**
 * Deletes the notifications of a change path created before `cutoffMs` (Kafka's
 * ZkNodeChangeNotificationListener purges those older than 15 minutes: every broker has long
 * applied them). One deleted meanwhile by another broker is skipped.
 */
export async function purgeAclChanges(session: ZkSession, changePath: string, cutoffMs: number): Promise<number> {
  let purged = 0;
  for (const name of await childrenOrNone(session, changePath)) {
    const path = `${changePath}/${name}`;
    const stat = await session.exists(path);
    if (stat === null || stat.ctimeMs >= cutoffMs) continue;
    try {
      await session.delete(path, stat.version);
      purged++;
    } catch (err) {
      if (!isZkError(err, 'NO_NODE') && !isZkError(err, 'BAD_VERSION')) throw err;
    }
  }
  return purged;
}

/** The newest notification's name on a change path ('' when there is none). */
export async function latestAclChange(session: ZkSession, changePath: string): Promise<string> {
  const names = (await childrenOrNone(session, changePath)).sort();
  return names.length > 0 ? names[names.length - 1] : '';
}
