// Types for node-zookeeper-client 1.1.3 (the package ships none), covering what lib/zk uses.
// Fields marked "internal" are not public API of the package; lib/zk/session.ts reads them
// only to close a client deterministically and to work around Transaction's version handling.
declare module 'node-zookeeper-client' {
  import { EventEmitter } from 'events';
  import { Socket } from 'net';

  export interface ClientOptions {
    sessionTimeout?: number;
    spinDelay?: number;
    retries?: number;
    sessionId?: Buffer;
    sessionPassword?: Buffer;
  }

  /** A ZooKeeper Stat; longs are 8-byte big-endian buffers. */
  export interface Stat {
    czxid: Buffer;
    mzxid: Buffer;
    ctime: Buffer;
    mtime: Buffer;
    version: number;
    cversion: number;
    aversion: number;
    ephemeralOwner: Buffer;
    dataLength: number;
    numChildren: number;
    pzxid: Buffer;
  }

  export class Exception extends Error {
    static readonly OK: 0;
    static readonly SYSTEM_ERROR: -1;
    static readonly RUNTIME_INCONSISTENCY: -2;
    static readonly DATA_INCONSISTENCY: -3;
    static readonly CONNECTION_LOSS: -4;
    static readonly MARSHALLING_ERROR: -5;
    static readonly UNIMPLEMENTED: -6;
    static readonly OPERATION_TIMEOUT: -7;
    static readonly BAD_ARGUMENTS: -8;
    static readonly API_ERROR: -100;
    static readonly NO_NODE: -101;
    static readonly NO_AUTH: -102;
    static readonly BAD_VERSION: -103;
    static readonly NO_CHILDREN_FOR_EPHEMERALS: -108;
    static readonly NODE_EXISTS: -110;
    static readonly NOT_EMPTY: -111;
    static readonly SESSION_EXPIRED: -112;
    static readonly INVALID_CALLBACK: -113;
    static readonly INVALID_ACL: -114;
    static readonly AUTH_FAILED: -115;
    readonly code: number;
    readonly path: string | undefined;
    getCode(): number;
    getName(): string;
    getPath(): string | undefined;
  }

  export class Event {
    static readonly NODE_CREATED: 1;
    static readonly NODE_DELETED: 2;
    static readonly NODE_DATA_CHANGED: 3;
    static readonly NODE_CHILDREN_CHANGED: 4;
    readonly type: number;
    readonly name: string;
    readonly path: string;
    getType(): number;
    getName(): string;
    getPath(): string;
  }

  export class State {
    static readonly DISCONNECTED: State;
    static readonly SYNC_CONNECTED: State;
    static readonly AUTH_FAILED: State;
    static readonly CONNECTED_READ_ONLY: State;
    static readonly SASL_AUTHENTICATED: State;
    static readonly EXPIRED: State;
    readonly name: string;
    readonly code: number;
    getName(): string;
    getCode(): number;
  }

  export const CreateMode: {
    readonly PERSISTENT: 0;
    readonly EPHEMERAL: 1;
    readonly PERSISTENT_SEQUENTIAL: 2;
    readonly EPHEMERAL_SEQUENTIAL: 3;
  };

  export class Id {
    constructor(scheme: string, id: string);
    readonly scheme: string;
    readonly id: string;
  }

  /** ZooKeeper's permission bits (READ 1, WRITE 2, CREATE 4, DELETE 8, ADMIN 16, ALL 31). */
  export const Permission: {
    readonly READ: 1;
    readonly WRITE: 2;
    readonly CREATE: 4;
    readonly DELETE: 8;
    readonly ADMIN: 16;
    readonly ALL: 31;
  };

  export class ACL {
    constructor(permission: number, id: Id);
    readonly permission: number;
    readonly id: Id;
    static readonly OPEN_ACL_UNSAFE: ACL[];
    static readonly CREATOR_ALL_ACL: ACL[];
    static readonly READ_ACL_UNSAFE: ACL[];
  }

  /** One queued multi op (internal shape, pushed directly to avoid `version || -1`). */
  export interface TransactionOp {
    type: number;
    path: string;
    data?: Buffer | null;
    acls?: ACL[];
    mode?: number;
    version?: number;
  }

  /** One multi result: type is the op code, or -1 (error) with err set. */
  export interface TransactionResult {
    type: number;
    path?: string;
    stat?: Stat;
    err?: number;
  }

  export class Transaction {
    /** internal: the ops queued so far */
    ops: TransactionOp[];
    create(path: string, data?: Buffer | null, acls?: ACL[], mode?: number): Transaction;
    setData(path: string, data: Buffer | null, version?: number): Transaction;
    check(path: string, version?: number): Transaction;
    remove(path: string, version?: number): Transaction;
    commit(callback: (error: Exception | Error | null | undefined, results?: TransactionResult[]) => void): void;
  }

  export type Watcher = (event: Event) => void;
  type Callback<T> = (error: Exception | Error | null | undefined, value?: T) => void;

  /** internal: the connection manager behind a Client */
  export interface ConnectionManager extends EventEmitter {
    state: number;
    socket?: Socket;
  }

  export class Client extends EventEmitter {
    /** internal */
    readonly connectionManager: ConnectionManager;
    connect(): void;
    close(): void;
    getState(): State;
    getSessionId(): Buffer;
    getSessionPassword(): Buffer;
    getSessionTimeout(): number;
    /** Sent now if connected, and again on every reconnect of this client. */
    addAuthInfo(scheme: string, auth: Buffer): void;
    getACL(
      path: string,
      callback: (error: Exception | Error | null | undefined, acls?: ACL[], stat?: Stat) => void,
    ): void;
    create(path: string, data: Buffer | null, acls: ACL[], mode: number, callback: Callback<string>): void;
    remove(path: string, version: number, callback: (error: Exception | Error | null | undefined) => void): void;
    setData(path: string, data: Buffer, version: number, callback: Callback<Stat>): void;
    getData(
      path: string,
      watcher: Watcher | undefined,
      callback: (error: Exception | Error | null | undefined, data?: Buffer, stat?: Stat) => void,
    ): void;
    exists(path: string, watcher: Watcher | undefined, callback: Callback<Stat | null>): void;
    getChildren(
      path: string,
      watcher: Watcher | undefined,
      callback: (error: Exception | Error | null | undefined, children?: string[], stat?: Stat) => void,
    ): void;
    mkdirp(path: string, data: Buffer | null, acls: ACL[], mode: number, callback: Callback<string>): void;
    transaction(): Transaction;
  }

  export function createClient(connectionString: string, options?: ClientOptions): Client;
}
