// ZooKeeper's own access control for Kafka's znodes (`zookeeper.set.acl`), decided by path as
// Kafka 2.8's ZkData.defaultAcls does, so a znode another part of Samsa adds gets the right ACL
// without knowing about ACLs. The identity is a ZooKeeper digest credential (user:password)
// shared by every broker of a cluster: "creator" then means "the brokers".
import { createHash } from 'node:crypto';
import { ZkError } from './errors';

export type ZkPermission = 'read' | 'write' | 'create' | 'delete' | 'admin';

/** One ZooKeeper ACL entry: `scheme:id` holds `permissions` (as zkCli's getAcl shows it). */
export interface ZkAcl {
  scheme: string;
  id: string;
  permissions: ZkPermission[];
}

export interface ZkDigestCredential {
  username: string;
  password: string;
}

/** How a session creates znodes and who it is: open ACLs and no identity unless both are set. */
export interface ZkSecurity {
  /** zookeeper.set.acl: create znodes with the creator-all (and, where not sensitive, world-read) ACLs. */
  setAcl: boolean;
  /** Sent as a `digest` auth packet on every (re)connect; required when setAcl is true. */
  digest: ZkDigestCredential | null;
}

export const OPEN_SECURITY: ZkSecurity = { setAcl: false, digest: null };

export const ALL_PERMISSIONS: readonly ZkPermission[] = ['read', 'write', 'create', 'delete', 'admin'];

// ZkData.SensitiveRootPaths: SCRAM credentials, broker configs (encrypted passwords) and
// delegation tokens; everything at or under these is hidden from the world.
export const SENSITIVE_ROOT_PATHS: readonly string[] = ['/config/users', '/config/brokers', '/delegation_token/tokens'];

// The old consumers' tree stays open in Kafka: clients of any identity write under it.
const ALWAYS_OPEN_PATH = '/consumers';

const WORLD_ALL: ZkAcl = { scheme: 'world', id: 'anyone', permissions: [...ALL_PERMISSIONS] };
const WORLD_READ: ZkAcl = { scheme: 'world', id: 'anyone', permissions: ['read'] };
// ZooKeeper's `auth` scheme: the server replaces it with every identity the creating session
// authenticated as (ZooDefs.Ids.CREATOR_ALL_ACL).
const CREATOR_ALL: ZkAcl = { scheme: 'auth', id: '', permissions: [...ALL_PERMISSIONS] };

export function isSensitivePath(path: string): boolean {
  return SENSITIVE_ROOT_PATHS.some((root) => path.startsWith(root));
}

/** The ACL a znode at `path` (chroot-relative) is created with. */
export function defaultAcls(setAcl: boolean, path: string): ZkAcl[] {
  if (!setAcl || path === ALWAYS_OPEN_PATH) return [WORLD_ALL];
  return isSensitivePath(path) ? [CREATOR_ALL] : [CREATOR_ALL, WORLD_READ];
}

/** `user:password` (zkCli's `addauth digest` argument); the password may contain ':'. */
export function parseDigestCredential(text: string): ZkDigestCredential {
  const colon = text.indexOf(':');
  if (colon <= 0 || colon === text.length - 1) {
    throw new ZkError('BAD_ARGUMENTS', 'a ZooKeeper digest credential is user:password, both non-empty');
  }
  return { username: text.slice(0, colon), password: text.slice(colon + 1) };
}

/** The auth packet's payload for the `digest` scheme. */
export function digestAuth(credential: ZkDigestCredential): Buffer {
  return Buffer.from(`${credential.username}:${credential.password}`, 'utf8');
}

/** The id ZooKeeper's DigestAuthenticationProvider records: user:base64(sha1(user:password)). */
export function digestId(credential: ZkDigestCredential): string {
  const hash = createHash('sha1').update(digestAuth(credential)).digest('base64');
  return `${credential.username}:${hash}`;
}

/** From the config keys zookeeper.set.acl and zookeeper.digest.credentials (broker and tools alike). */
export function zkSecurityFrom(setAcl: boolean, credentials: string | null): ZkSecurity {
  const digest = credentials === null || credentials.trim() === '' ? null : parseDigestCredential(credentials.trim());
  return { setAcl, digest };
}

/** Refuses a setting that would make every create fail with INVALID_ACL (Kafka refuses to start too). */
export function checkSecurity(security: ZkSecurity): void {
  if (security.setAcl && security.digest === null) {
    throw new ZkError(
      'BAD_ARGUMENTS',
      'zookeeper.set.acl is true but no ZooKeeper credential is configured (zookeeper.digest.credentials)',
    );
  }
}
