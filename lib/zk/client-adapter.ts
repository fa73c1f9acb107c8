// The seam between node-zookeeper-client's shapes (8-byte buffers, numeric codes, raw multi
// ops, connect strings) and lib/zk's (numbers, hex session ids, ZkError, tagged ops).
// Only session.ts imports it; everything else sees these types through session.ts.
import { ACL, Client, Id, Permission, Stat, TransactionOp, TransactionResult } from 'node-zookeeper-client';
import type { Logger } from '../util/logger';
import { ALL_PERMISSIONS, ZkAcl, ZkPermission } from './acl';
import { ZkError, zkErrorCodeOf } from './errors';

export type CreateMode = 'persistent' | 'ephemeral' | 'persistent_sequential' | 'ephemeral_sequential';

export const CREATE_MODE_FLAGS: Record<CreateMode, number> = {
  persistent: 0,
  ephemeral: 1,
  persistent_sequential: 2,
  ephemeral_sequential: 3,
};

// ZooKeeper wire op codes for multi. Ops are queued directly because the package's
// Transaction.check/setData/remove turn an expected version of 0 into -1 (`version || -1`).
const OP_CREATE = 1;
const OP_DELETE = 2;
const OP_SET_DATA = 5;
const OP_CHECK = 13;

// node-zookeeper-client ConnectionManager states (internal).
const CM_CLOSED = -2;
const CM_SESSION_EXPIRED = -3;
const CLOSE_WAIT_MS = 3000;

export interface ZkStat {
  czxid: number;
  mzxid: number;
  pzxid: number;
  ctimeMs: number;
  mtimeMs: number;
  version: number;
  cversion: number;
  aversion: number;
  /** 16 hex digits; all zeros for a persistent znode. */
  ephemeralOwner: string;
  dataLength: number;
  numChildren: number;
}

export type WatchEventType = 'created' | 'deleted' | 'dataChanged' | 'childrenChanged';
export interface WatchEvent {
  type: WatchEventType;
  path: string;
}
/** One-shot: called at most once, for the first change after registration. */
export type Watcher = (event: WatchEvent) => void | Promise<void>;

export type ZkOp =
  | { op: 'create'; path: string; data: Buffer | null; mode: CreateMode }
  | { op: 'setData'; path: string; data: Buffer | null; version: number }
  | { op: 'check'; path: string; version: number }
  | { op: 'delete'; path: string; version: number };

export type ZkOpResult =
  { op: 'create'; path: string } | { op: 'setData'; stat: ZkStat } | { op: 'check' } | { op: 'delete' };

export const WATCH_EVENT_TYPES: Record<number, WatchEventType> = {
  1: 'created',
  2: 'deleted',
  3: 'dataChanged',
  4: 'childrenChanged',
};

const PERMISSION_BITS: Record<ZkPermission, number> = {
  read: Permission.READ,
  write: Permission.WRITE,
  create: Permission.CREATE,
  delete: Permission.DELETE,
  admin: Permission.ADMIN,
};

export function toPackageAcls(acls: readonly ZkAcl[]): ACL[] {
  return acls.map((acl) => {
    const bits = acl.permissions.reduce((sum, permission) => sum | PERMISSION_BITS[permission], 0);
    return new ACL(bits, new Id(acl.scheme, acl.id));
  });
}

export function fromPackageAcl(acl: ACL): ZkAcl {
  const permissions = ALL_PERMISSIONS.filter((permission) => (acl.permission & PERMISSION_BITS[permission]) !== 0);
  return { scheme: acl.id.scheme, id: acl.id.id, permissions };
}

function longToNumber(value: Buffer): number {
  return Number(value.readBigInt64BE(0));
}

export function toZkStat(stat: Stat): ZkStat {
  return {
    czxid: longToNumber(stat.czxid),
    mzxid: longToNumber(stat.mzxid),
    pzxid: longToNumber(stat.pzxid),
    ctimeMs: longToNumber(stat.ctime),
    mtimeMs: longToNumber(stat.mtime),
    version: stat.version,
    cversion: stat.cversion,
    aversion: stat.aversion,
    ephemeralOwner: stat.ephemeralOwner.toString('hex'),
    dataLength: stat.dataLength,
    numChildren: stat.numChildren,
  };
}

export function toZkError(error: unknown, what: string, path: string | null): ZkError {
  if (error instanceof ZkError) return error;
  const where = path === null ? what : `${what} ${path}`;
  const numeric = (error as { code?: unknown } | null)?.code;
  if (typeof numeric === 'number') {
    const code = zkErrorCodeOf(numeric);
    return new ZkError(code, `${where}: ${code}`, path);
  }
  // The package reports bad arguments (invalid path, oversized data) by throwing assertions.
  const message = error instanceof Error ? error.message : String(error);
  return new ZkError('BAD_ARGUMENTS', `${where}: ${message}`, path);
}

/** Splits `host:port,host:port/chroot` into the host list and the chroot (null when none). */
export function splitConnectString(connectString: string): { hosts: string; chroot: string | null } {
  const slash = connectString.indexOf('/');
  if (slash < 0) return { hosts: connectString, chroot: null };
  const hosts = connectString.slice(0, slash);
  const chroot = connectString.slice(slash);
  if (hosts.length === 0) throw new ZkError('BAD_ARGUMENTS', `zookeeper connect string has no host: ${connectString}`);
  if (chroot === '/') return { hosts, chroot: null };
  if (chroot.endsWith('/') || chroot.includes('//')) {
    throw new ZkError('BAD_ARGUMENTS', `invalid chroot path in zookeeper connect string: ${connectString}`);
  }
  return { hosts, chroot };
}

/** `aclsOf` gives a created znode's ACL from its path (lib/zk/acl.ts's defaultAcls). */
export function toTransactionOp(op: ZkOp, aclsOf: (path: string) => ACL[]): TransactionOp {
  switch (op.op) {
    case 'create':
      return {
        type: OP_CREATE,
        path: op.path,
        data: op.data ?? undefined,
        acls: aclsOf(op.path),
        mode: CREATE_MODE_FLAGS[op.mode],
      };
    case 'setData':
      return { type: OP_SET_DATA, path: op.path, data: op.data ?? Buffer.alloc(0), version: op.version };
    case 'check':
      return { type: OP_CHECK, path: op.path, version: op.version };
    case 'delete':
      return { type: OP_DELETE, path: op.path, version: op.version };
  }
}

export function toOpResult(result: TransactionResult): ZkOpResult {
  switch (result.type) {
    case OP_CREATE:
      return { op: 'create', path: result.path ?? '' };
    case OP_SET_DATA:
      return { op: 'setData', stat: toZkStat(result.stat as Stat) };
    case OP_CHECK:
      return { op: 'check' };
    default:
      return { op: 'delete' };
  }
}

export function multiError(error: unknown, ops: readonly ZkOp[], results: TransactionResult[] | undefined): ZkError {
  const failed = (results ?? []).findIndex((result) => result.err !== undefined && result.err !== 0);
  if (failed < 0 || failed >= ops.length) return toZkError(error, 'multi', null);
  const op = ops[failed];
  const code = zkErrorCodeOf(results?.[failed].err ?? -1);
  return new ZkError(code, `multi op ${failed} (${op.op} ${op.path}) failed: ${code}`, op.path, failed);
}

type ReplyParser = (this: ParsingManager, data: Buffer) => void;
interface ParsingManager {
  onSocketData: ReplyParser;
  pendingBuffer: Buffer | null;
  socket?: { destroy(): void };
}

/**
 * node-zookeeper-client throws from its socket 'data' handler when a reply carries an error code it
 * does not know (seen from a ZooKeeper server shutting down mid-reply), which would end the
 * process as an uncaught exception. Such a reply is treated as the library treats other garbled
 * ones: the connection is dropped, and the client reconnects; the request it answered times out.
 */
export function guardReplyParsing(client: Client, logger: Logger): void {
  const manager = client.connectionManager as unknown as ParsingManager;
  const parse = manager.onSocketData;
  manager.onSocketData = function guarded(this: ParsingManager, data: Buffer): void {
    try {
      parse.call(this, data);
    } catch (error) {
      logger.warn(`ZooKeeper sent a reply the client cannot read (${(error as Error).message}); reconnecting`);
      this.pendingBuffer = null;
      this.socket?.destroy();
    }
  };
}

/** Closes the client's session and connection; bounded: a client that does not close is dropped. */
export function closeClient(client: Client, logger: Logger): Promise<void> {
  const manager = client.connectionManager;
  if (manager.state === CM_CLOSED) return Promise.resolve();
  if (manager.state === CM_SESSION_EXPIRED) {
    manager.socket?.destroy();
    return Promise.resolve();
  }
  return new Promise<void>((resolve) => {
    const finish = (): void => {
      clearTimeout(timer);
      manager.removeListener('state', onState);
      resolve();
    };
    const onState = (state: number): void => {
      if (state === CM_CLOSED) finish();
    };
    const timer = setTimeout(() => {
      const sessionId = client.getSessionId().toString('hex');
      logger.warn(`ZooKeeper session 0x${sessionId} did not close within ${CLOSE_WAIT_MS} ms; dropping it`);
      manager.socket?.destroy();
      finish();
    }, CLOSE_WAIT_MS);
    manager.on('state', onState);
    try {
      client.close();
    } catch (error) {
      logger.warn('closing ZooKeeper client failed', { error: String(error) });
      manager.socket?.destroy();
      finish();
    }
  });
}
