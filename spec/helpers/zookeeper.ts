// The real ZooKeeper of a test run (started by spec/setup.ts), a private chroot per spec, and
// session expiry on demand: the standard trick of attaching to a session with its id and
// password and closing it, which the server treats as the session ending.
import { randomBytes } from 'crypto';
import net from 'net';
import { silentLogger } from '../../lib/util/logger';
import type { ZkSecurity } from '../../lib/zk/acl';
import { splitConnectString, WatchEvent, ZkSession, ZkSessionEvent } from '../../lib/zk/session';

export interface SharedZooKeeper {
  connectString: string;
  port: number;
}

let shared: SharedZooKeeper | null = null;

/** Called by spec/setup.ts only. */
export function setSharedZooKeeper(value: SharedZooKeeper | null): void {
  shared = value;
}

export function sharedZooKeeper(): SharedZooKeeper {
  if (!shared) {
    throw new Error('no test ZooKeeper: run mocha with --require dist/spec/setup.js (the root .mocharc.json does)');
  }
  return shared;
}

/** `127.0.0.1:PORT/spec-<label>-<random>`: a chroot no other spec sees (created on first connect). */
export function zkChroot(label: string): string {
  const safe = label.replace(/[^A-Za-z0-9_.-]/g, '-');
  return `${sharedZooKeeper().connectString}/spec-${safe}-${randomBytes(4).toString('hex')}`;
}

/** A session on `connectString` with spec-friendly defaults (open ACLs and anonymous unless `security` says). */
export function openZkSession(
  connectString: string,
  sessionTimeoutMs = 10_000,
  security?: ZkSecurity,
): Promise<ZkSession> {
  return ZkSession.connect(connectString, {
    sessionTimeoutMs,
    connectTimeoutMs: 10_000,
    logger: silentLogger(),
    security,
  });
}

const EXPIRE_ATTEMPTS_MAX = 10;
// ZooKeeperServer.generatePasswd: new java.util.Random(sessionId ^ superSecret).nextBytes(16 bytes).
const ZK_SUPER_SECRET = 0xb3415c00n;
const SESSION_PASSWORD_BYTES = 16;
const JAVA_RANDOM_MULTIPLIER = 0x5deece66dn;
const JAVA_RANDOM_ADDEND = 0xbn;
const JAVA_RANDOM_MASK = (1n << 48n) - 1n;

/**
 * The password ZooKeeper gives session `sessionId` (hex): the server derives it from the id
 * with java.util.Random seeded by `id ^ superSecret`, so whoever sees a session id (e.g. the
 * ephemeralOwner of a broker's registration) can attach to that session. Lets the fault suite
 * expire a broker process's session without the broker revealing anything.
 */
export function sessionPasswordOf(sessionId: string): Buffer {
  const id = BigInt.asIntN(64, BigInt(`0x${sessionId}`));
  let seed = (id ^ ZK_SUPER_SECRET ^ JAVA_RANDOM_MULTIPLIER) & JAVA_RANDOM_MASK;
  const nextInt = (): number => {
    seed = (seed * JAVA_RANDOM_MULTIPLIER + JAVA_RANDOM_ADDEND) & JAVA_RANDOM_MASK;
    return Number(BigInt.asIntN(32, seed >> 16n));
  };
  const password = Buffer.alloc(SESSION_PASSWORD_BYTES);
  for (let i = 0; i < SESSION_PASSWORD_BYTES;) {
    let random = nextInt();
    for (let n = Math.min(SESSION_PASSWORD_BYTES - i, 4); n > 0; n -= 1) {
      password[i++] = random & 0xff;
      random >>= 8;
    }
  }
  return password;
}
const CLOSE_SESSION_OP = -11;

function connectRequest(sessionId: Buffer, password: Buffer): Buffer {
  const body = Buffer.alloc(4 + 8 + 4 + 8 + 4 + password.length + 1);
  let offset = body.writeInt32BE(0, 0); // protocol version
  offset = body.writeBigInt64BE(0n, offset); // last zxid seen
  offset = body.writeInt32BE(10_000, offset); // requested timeout
  offset += sessionId.copy(body, offset);
  offset = body.writeInt32BE(password.length, offset);
  offset += password.copy(body, offset);
  body.writeUInt8(0, offset); // not read-only
  const frame = Buffer.alloc(4);
  frame.writeInt32BE(body.length, 0);
  return Buffer.concat([frame, body]);
}

function closeSessionRequest(): Buffer {
  const frame = Buffer.alloc(12);
  frame.writeInt32BE(8, 0);
  frame.writeInt32BE(1, 4); // xid
  frame.writeInt32BE(CLOSE_SESSION_OP, 8);
  return frame;
}

/**
 * Attaches to the session over a raw connection with closeSession pipelined behind the connect
 * request, so the session's own client has no time to reconnect in between. 'gone' = the server
 * answered the connect with timeout 0; 'retry' = it dropped us first (the client won the race).
 */
function attachAndClose(
  host: string,
  port: number,
  sessionId: Buffer,
  password: Buffer,
): Promise<'gone' | 'closed' | 'retry'> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    let received = Buffer.alloc(0);
    let verdict: 'gone' | 'closed' | null = null;
    const timer = setTimeout(() => socket.destroy(new Error('no answer from ZooKeeper within 5000 ms')), 5000);
    socket.on('connect', () => {
      socket.write(Buffer.concat([connectRequest(sessionId, password), closeSessionRequest()]));
    });
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (verdict !== null || received.length < 12) return;
      const timeoutMs = received.readInt32BE(8); // after frame length and protocol version
      verdict = timeoutMs <= 0 ? 'gone' : 'closed';
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      if (verdict === null && (error as NodeJS.ErrnoException).code !== 'ECONNRESET') reject(error);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(verdict ?? 'retry');
    });
  });
}

/**
 * Ends session `sessionId` (hex, as ZkSession.sessionId) on the server. Its own client then
 * sees 'expired' on its next reconnect. Repeats until the server reports the session gone.
 */
export async function expireSession(connectString: string, sessionId: string, password: Buffer): Promise<void> {
  const { hosts } = splitConnectString(connectString);
  const [host, portText] = hosts.split(',')[0].split(':');
  const port = Number(portText ?? 2181);
  const id = Buffer.from(sessionId.padStart(16, '0'), 'hex');
  for (let attempt = 1; attempt <= EXPIRE_ATTEMPTS_MAX; attempt += 1) {
    if ((await attachAndClose(host, port, id, password)) === 'gone') return;
  }
  throw new Error(`session 0x${sessionId} still alive after ${EXPIRE_ATTEMPTS_MAX} close attempts`);
}

export interface WatchProbe {
  watcher: (event: WatchEvent) => void;
  /** The first event, or a rejection naming `what` after `timeoutMs`. */
  next(what: string, timeoutMs?: number): Promise<WatchEvent>;
  count(): number;
}

/** A watcher to pass to a ZooKeeper read, with a bounded wait for its event. */
export function watchProbe(): WatchProbe {
  let calls = 0;
  let first: WatchEvent | null = null;
  const waiting: Array<(event: WatchEvent) => void> = [];
  return {
    watcher: (event) => {
      calls += 1;
      if (first !== null) return;
      first = event;
      for (const resolve of waiting.splice(0)) resolve(event);
    },
    next: (what, timeoutMs = 5000) =>
      new Promise<WatchEvent>((resolve, reject) => {
        if (first !== null) return resolve(first);
        const timer = setTimeout(
          () => reject(new Error(`no watch event for ${what} within ${timeoutMs} ms`)),
          timeoutMs,
        );
        waiting.push((event) => {
          clearTimeout(timer);
          resolve(event);
        });
      }),
    count: () => calls,
  };
}

/** Resolves on the session's next `event`, or rejects after `timeoutMs`. */
export function nextSessionEvent(session: ZkSession, event: ZkSessionEvent, timeoutMs = 15_000): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`no '${event}' from ZooKeeper session 0x${session.sessionId} within ${timeoutMs} ms`));
    }, timeoutMs);
    const unsubscribe = session.on(event, () => {
      clearTimeout(timer);
      unsubscribe();
      resolve();
    });
  });
}

/** A TCP proxy to ZooKeeper that can stop passing the server's bytes back (a half-open link) or cut every link. */
export async function silencingProxy(
  targetPort: number,
): Promise<{ port: number; silence(on: boolean): void; cut(on: boolean): void; close(): Promise<void> }> {
  let silent = false;
  let cut = false;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    if (cut) {
      client.destroy();
      return;
    }
    const upstream = net.connect({ host: '127.0.0.1', port: targetPort });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk) => {
      if (!silent) client.write(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    silence: (on) => {
      silent = on;
    },
    /** Closes every connection and refuses new ones while on (ZooKeeper unreachable). */
    cut: (on) => {
      cut = on;
      if (on) for (const socket of sockets) socket.destroy();
    },
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
