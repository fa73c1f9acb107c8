// A promise-shaped ZooKeeper session over node-zookeeper-client. It turns the package's
// callbacks into bounded promises (every request has a deadline, even when queued while
// disconnected) and its Exceptions into ZkError; watcher and listener code never throws into the
// package. One ZkSession = one ZooKeeper session: after 'expired' it is dead and the owner
// builds a new one, as Kafka's KafkaZkClient does.
import { EventEmitter } from 'events';
import type { Socket } from 'net';
import { performance } from 'node:perf_hooks';
import { ACL, Client, createClient, Event as ClientEvent } from 'node-zookeeper-client';
import type { Logger } from '../util/logger';
import { checkSecurity, defaultAcls, digestAuth, OPEN_SECURITY, ZkAcl, ZkSecurity } from './acl';
import {
  closeClient,
  CREATE_MODE_FLAGS,
  CreateMode,
  fromPackageAcl,
  multiError,
  splitConnectString,
  toOpResult,
  toPackageAcls,
  toTransactionOp,
  toZkError,
  toZkStat,
  WATCH_EVENT_TYPES,
  Watcher,
  ZkOp,
  ZkOpResult,
  ZkStat,
  guardReplyParsing,
} from './client-adapter';
import { ZkError } from './errors';

export { splitConnectString, toZkStat };
export type { CreateMode, WatchEvent, WatchEventType, Watcher, ZkOp, ZkOpResult, ZkStat } from './client-adapter';

const SPIN_DELAY_MS = 500;
const SUBTREE_NODES_MAX = 100_000;
const WATCHDOG_INTERVAL_MS = 250;

export type ZkSessionEvent = 'connected' | 'disconnected' | 'expired';
export type ZkSessionState = 'connecting' | 'connected' | 'disconnected' | 'expired' | 'closed';

export interface ZkSessionOptions {
  sessionTimeoutMs: number;
  /** Bound on the initial connect; defaults to sessionTimeoutMs. */
  connectTimeoutMs?: number;
  /** Bound on every request; defaults to sessionTimeoutMs. */
  requestTimeoutMs?: number;
  logger: Logger;
  /** ACLs of created znodes and the session's identity; open and anonymous when absent. */
  security?: ZkSecurity;
  /** Told each request's milliseconds from sent to answered (ZooKeeperRequestLatencyMs). */
  requestLatencyMs?: { observe(ms: number): void };
}

export class ZkSession {
  private readonly events = new EventEmitter();
  private readonly pending = new Set<(error: ZkError) => void>();
  /**
   * Requests made while disconnected, held here rather than in node-zookeeper-client's queue:
   * the package would send a queued request whenever the connection comes back, even one its
   * caller gave up on long before (a write applied 20 s after it "timed out", during a quorum
   * loss). Held here, a timed-out request is dropped and never reaches the server.
   */
  private readonly awaitingConnection = new Set<() => void>();
  private stateValue: ZkSessionState = 'connecting';
  private readonly requestTimeoutMs: number;
  private readonly logger: Logger;
  private lastReceivedMs = Date.now();
  private watchedSocket: Socket | null = null;
  private readonly watchdog: NodeJS.Timeout;
  private readonly setAcl: boolean;
  private readonly requestLatencyMs: { observe(ms: number): void } | null;

  private constructor(
    private readonly client: Client,
    readonly connectString: string,
    options: ZkSessionOptions,
  ) {
    this.requestTimeoutMs = options.requestTimeoutMs ?? options.sessionTimeoutMs;
    this.logger = options.logger;
    this.requestLatencyMs = options.requestLatencyMs ?? null;
    const security = options.security ?? OPEN_SECURITY;
    this.setAcl = security.setAcl;
    // The package re-sends it after every reconnect; a new session (after expiry) gets it from the same options.
    if (security.digest !== null) client.addAuthInfo('digest', digestAuth(security.digest));
    client.on('connected', () => this.onConnected());
    client.on('disconnected', () => this.onDisconnected());
    client.on('expired', () => this.onExpired());
    this.watchdog = setInterval(() => this.checkServerSilence(), WATCHDOG_INTERVAL_MS);
    this.watchdog.unref();
  }

  /** Connects; a chroot suffix is created first (through a chroot-less session) if missing. */
  static async connect(connectString: string, options: ZkSessionOptions): Promise<ZkSession> {
    const { hosts, chroot } = splitConnectString(connectString);
    if (chroot !== null) {
      const bootstrap = await ZkSession.open(hosts, options);
      try {
        if (await bootstrap.createRecursive(chroot)) options.logger.info(`created ZooKeeper chroot ${chroot}`);
      } finally {
        await bootstrap.close();
      }
    }
    return ZkSession.open(connectString, options);
  }

  private static open(connectString: string, options: ZkSessionOptions): Promise<ZkSession> {
    if (!(options.sessionTimeoutMs > 0)) throw new RangeError('sessionTimeoutMs must be positive');
    checkSecurity(options.security ?? OPEN_SECURITY);
    const client = createClient(connectString, {
      sessionTimeout: options.sessionTimeoutMs,
      spinDelay: SPIN_DELAY_MS,
      retries: 0,
    });
    guardReplyParsing(client, options.logger);
    const session = new ZkSession(client, connectString, options);
    return session.awaitFirstConnect(options.connectTimeoutMs ?? options.sessionTimeoutMs);
  }

  private awaitFirstConnect(connectTimeoutMs: number): Promise<ZkSession> {
    return new Promise<ZkSession>((resolve, reject) => {
      const timer = setTimeout(() => {
        unsubscribe();
        void this.close();
        reject(
          new ZkError(
            'CONNECTION_LOSS',
            `could not connect to ZooKeeper at ${this.connectString} within ${connectTimeoutMs} ms`,
          ),
        );
      }, connectTimeoutMs);
      const unsubscribe = this.on('connected', () => {
        clearTimeout(timer);
        unsubscribe();
        resolve(this);
      });
      this.client.connect();
    });
  }

  get state(): ZkSessionState {
    return this.stateValue;
  }

  /** 16 hex digits, as ephemeralOwner is shown. */
  get sessionId(): string {
    return this.client.getSessionId().toString('hex');
  }

  get sessionPassword(): Buffer {
    return this.client.getSessionPassword();
  }

  /** The timeout the server granted (it clamps the requested one to its min/max). */
  get sessionTimeoutMs(): number {
    return this.client.getSessionTimeout();
  }

  /** Subscribes to a lifecycle event; returns the unsubscribe function. */
  on(event: ZkSessionEvent, listener: () => void | Promise<void>): () => void {
    const fail = (error: unknown): void => {
      this.logger.error(`ZooKeeper '${event}' listener failed`, { error: String(error) });
    };
    const safe = (): void => {
      try {
        const result = listener();
        if (result instanceof Promise) result.catch(fail);
      } catch (error) {
        fail(error);
      }
    };
    this.events.on(event, safe);
    return () => {
      this.events.off(event, safe);
    };
  }

  create(path: string, data: Buffer | null, mode: CreateMode = 'persistent'): Promise<string> {
    return this.request<string>('create', path, (done) =>
      this.client.create(path, data, this.aclsOf(path), CREATE_MODE_FLAGS[mode], done),
    );
  }

  /** The ACL a znode at `path` gets when this session creates it. */
  private aclsOf(path: string): ACL[] {
    return toPackageAcls(defaultAcls(this.setAcl, path));
  }

  getACL(path: string): Promise<ZkAcl[]> {
    return this.request('getACL', path, (done) =>
      this.client.getACL(path, (error, acls) => done(error, (acls ?? []).map(fromPackageAcl))),
    );
  }

  /**
   * Creates `path` (with `data`, as `mode`) and any missing parents (persistent, null data).
   * Returns false when `path` already existed.
   */
  async createRecursive(path: string, data: Buffer | null = null, mode: CreateMode = 'persistent'): Promise<boolean> {
    try {
      await this.create(path, data, mode);
      return true;
    } catch (error) {
      if (error instanceof ZkError && error.code === 'NODE_EXISTS') return false;
      if (!(error instanceof ZkError && error.code === 'NO_NODE')) throw error;
    }
    const parent = path.slice(0, path.lastIndexOf('/'));
    if (parent.length > 0) await this.createRecursive(parent);
    try {
      await this.create(path, data, mode);
      return true;
    } catch (error) {
      if (error instanceof ZkError && error.code === 'NODE_EXISTS') return false;
      throw error;
    }
  }

  getData(path: string, watcher?: Watcher): Promise<{ data: Buffer | null; stat: ZkStat }> {
    return this.request('getData', path, (done) =>
      this.client.getData(path, this.wrapWatcher(watcher), (error, data, stat) =>
        error || !stat
          ? done(error ?? new Error('no stat in reply'))
          : done(null, { data: data ?? null, stat: toZkStat(stat) }),
      ),
    );
  }

  getChildren(path: string, watcher?: Watcher): Promise<string[]> {
    return this.request('getChildren', path, (done) =>
      this.client.getChildren(path, this.wrapWatcher(watcher), (error, children) => done(error, children ?? [])),
    );
  }

  /** Null when the node does not exist; a watcher then fires on its creation. */
  exists(path: string, watcher?: Watcher): Promise<ZkStat | null> {
    return this.request('exists', path, (done) =>
      this.client.exists(path, this.wrapWatcher(watcher), (error, stat) => done(error, stat ? toZkStat(stat) : null)),
    );
  }

  /** Conditional write; expectedVersion -1 means unconditional (avoid: name the version). */
  setData(path: string, data: Buffer | null, expectedVersion: number): Promise<ZkStat> {
    return this.request('setData', path, (done) =>
      this.client.setData(path, data ?? Buffer.alloc(0), expectedVersion, (error, stat) =>
        done(error, stat ? toZkStat(stat) : undefined),
      ),
    );
  }

  delete(path: string, expectedVersion = -1): Promise<void> {
    return this.request<void>('delete', path, (done) =>
      this.client.remove(path, expectedVersion, (error) => done(error)),
    );
  }

  /** `path` and all its descendants, parents before children (empty when `path` is missing). */
  async listSubtree(path: string): Promise<string[]> {
    const result: string[] = [];
    const queue = [path];
    while (queue.length > 0) {
      const current = queue.shift() as string;
      let children: string[];
      try {
        children = await this.getChildren(current);
      } catch (error) {
        if (error instanceof ZkError && error.code === 'NO_NODE') continue;
        throw error;
      }
      result.push(current);
      if (result.length + queue.length + children.length > SUBTREE_NODES_MAX) {
        throw new ZkError('BAD_ARGUMENTS', `subtree of ${path} has more than ${SUBTREE_NODES_MAX} znodes`, path);
      }
      for (const child of children) queue.push(current === '/' ? `/${child}` : `${current}/${child}`);
    }
    return result;
  }

  /** Deletes `path` and its descendants; missing nodes are fine. */
  async deleteRecursive(path: string): Promise<void> {
    const nodes = await this.listSubtree(path);
    for (const node of nodes.reverse()) {
      try {
        await this.delete(node, -1);
      } catch (error) {
        if (!(error instanceof ZkError && error.code === 'NO_NODE')) throw error;
      }
    }
  }

  /** Atomic multi; on failure the ZkError names the failing op (`opIndex`) and its path. */
  multi(ops: readonly ZkOp[]): Promise<ZkOpResult[]> {
    if (ops.length === 0) return Promise.resolve([]);
    return this.request<ZkOpResult[]>('multi', ops[0].path, (done) => {
      const transaction = this.client.transaction();
      for (const op of ops) transaction.ops.push(toTransactionOp(op, (path) => this.aclsOf(path)));
      transaction.commit((error, results) => {
        if (error) done(multiError(error, ops, results));
        else done(null, (results ?? []).map(toOpResult));
      });
    });
  }

  /** Closes the session (its ephemeral znodes go at once); bounded, idempotent. */
  async close(): Promise<void> {
    if (this.stateValue === 'closed') return;
    this.stateValue = 'closed';
    clearInterval(this.watchdog);
    this.rejectPending(new ZkError('CONNECTION_LOSS', 'ZooKeeper session closed'));
    this.events.removeAllListeners();
    await closeClient(this.client, this.logger);
  }

  private onConnected(): void {
    if (this.stateValue === 'closed' || this.stateValue === 'expired') return;
    this.lastReceivedMs = Date.now();
    if (this.stateValue === 'disconnected') this.logger.info(`ZooKeeper session 0x${this.sessionId} reconnected`);
    this.stateValue = 'connected';
    const held = [...this.awaitingConnection];
    this.awaitingConnection.clear();
    for (const dispatch of held) dispatch();
    this.events.emit('connected');
  }

  private onDisconnected(): void {
    if (this.stateValue !== 'connected') return;
    this.stateValue = 'disconnected';
    this.logger.warn(`ZooKeeper session 0x${this.sessionId} disconnected; reconnecting`);
    this.events.emit('disconnected');
  }

  private onExpired(): void {
    if (this.stateValue === 'closed' || this.stateValue === 'expired') return;
    this.stateValue = 'expired';
    clearInterval(this.watchdog);
    this.logger.warn(`ZooKeeper session 0x${this.sessionId} expired`);
    this.rejectPending(new ZkError('SESSION_EXPIRED', `ZooKeeper session 0x${this.sessionId} expired`));
    // The package stops reconnecting after expiry; dropping the socket makes that immediate.
    this.client.connectionManager.socket?.destroy();
    this.events.emit('expired');
  }

  private watchSocket(socket: Socket): void {
    this.watchedSocket = socket;
    this.lastReceivedMs = Date.now();
    socket.on('data', () => {
      this.lastReceivedMs = Date.now();
    });
  }

  /**
   * node-zookeeper-client pings but never notices unanswered pings or handshakes, so a half-open
   * connection (or one the server attached to an already closed session) would look alive
   * forever. Like ZooKeeper's Java client, drop a connection after 2/3 of the session timeout
   * without a byte from the server; the reconnect then resumes the session or reports expiry.
   */
  private checkServerSilence(): void {
    if (this.stateValue === 'closed' || this.stateValue === 'expired') return;
    const socket = this.client.connectionManager.socket;
    if (!socket || socket.destroyed) return;
    if (socket !== this.watchedSocket) return this.watchSocket(socket);
    const readTimeoutMs = Math.floor((this.client.getSessionTimeout() * 2) / 3);
    const silentMs = Date.now() - this.lastReceivedMs;
    if (silentMs <= readTimeoutMs) return;
    this.logger.warn(`ZooKeeper session 0x${this.sessionId}: nothing from the server for ${silentMs} ms; reconnecting`);
    socket.destroy();
  }

  /** Resolves once the session is connected (at once if it is); rejects after `timeoutMs` or on expiry/close. */
  whenConnected(timeoutMs: number): Promise<void> {
    if (this.stateValue === 'connected') return Promise.resolve();
    if (this.stateValue === 'expired' || this.stateValue === 'closed') {
      return Promise.reject(
        new ZkError('SESSION_EXPIRED', `ZooKeeper session 0x${this.sessionId} is ${this.stateValue}`),
      );
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        unsubscribe();
        reject(
          new ZkError(
            'CONNECTION_LOSS',
            `ZooKeeper session 0x${this.sessionId} not reconnected within ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
      const unsubscribe = this.on('connected', () => {
        clearTimeout(timer);
        unsubscribe();
        resolve();
      });
    });
  }

  private rejectPending(error: ZkError): void {
    this.awaitingConnection.clear();
    const aborts = [...this.pending];
    this.pending.clear();
    for (const abort of aborts) abort(error);
  }

  private refusal(path: string): ZkError | null {
    if (this.stateValue === 'closed')
      return new ZkError('CONNECTION_LOSS', `ZooKeeper session is closed (${path})`, path);
    if (this.stateValue === 'expired') {
      return new ZkError('SESSION_EXPIRED', `ZooKeeper session 0x${this.sessionId} has expired (${path})`, path);
    }
    return null;
  }

  private request<T>(what: string, path: string, run: (done: (error: unknown, value?: T) => void) => void): Promise<T> {
    const refused = this.refusal(path);
    if (refused) return Promise.reject(refused);
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const settle = (error: ZkError | null, value?: T): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.pending.delete(abort);
        this.awaitingConnection.delete(dispatch);
        if (error) reject(error);
        else resolve(value as T);
      };
      const abort = (error: ZkError): void => settle(error);
      const dispatch = (): void => {
        if (settled) return;
        const sentMs = performance.now();
        try {
          run((error, value) => {
            this.requestLatencyMs?.observe(performance.now() - sentMs);
            settle(error ? toZkError(error, what, path) : null, value);
          });
        } catch (error) {
          settle(toZkError(error, what, path));
        }
      };
      const timer = setTimeout(() => {
        settle(new ZkError('OPERATION_TIMEOUT', `${what} ${path}: no answer within ${this.requestTimeoutMs} ms`, path));
      }, this.requestTimeoutMs);
      this.pending.add(abort);
      if (this.stateValue === 'disconnected') this.awaitingConnection.add(dispatch);
      else dispatch();
    });
  }

  private wrapWatcher(watcher: Watcher | undefined): ((event: ClientEvent) => void) | undefined {
    if (!watcher) return undefined;
    let fired = false;
    return (event) => {
      if (fired || this.stateValue === 'closed') return;
      fired = true;
      const fail = (error: unknown): void => {
        this.logger.error('ZooKeeper watcher failed', { error: String(error) });
      };
      try {
        const result = watcher({ type: WATCH_EVENT_TYPES[event.getType()] ?? 'dataChanged', path: event.getPath() });
        if (result instanceof Promise) result.catch(fail);
      } catch (error) {
        fail(error);
      }
    };
  }
}
