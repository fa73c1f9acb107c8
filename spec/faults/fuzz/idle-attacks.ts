// Attacks that cost a broker file descriptors and patience rather than parsing: many idle
// connections held open, and a slow-loris client that sends a well-formed request one byte at a
// time. Both are bounded (count, duration) and release every socket they opened.
import * as net from 'node:net';
import { frameChunks } from '../../../lib/network/frame-decoder';
import { encodeRequestHeader } from '../../../lib/protocol/header';
import { metadataApi } from '../../../lib/protocol/apis/metadata';

export interface IdleConnections {
  /** Sockets that connected. */
  opened: number;
  /** Connections that failed to open (e.g. the broker or we ran out of descriptors). */
  failed: number;
  /** Open sockets the broker has since closed. */
  closedByBroker(): number;
  closeAll(): void;
}

/** Opens `count` connections (at most `parallel` connecting at once) and leaves them silent. */
export async function openIdleConnections(
  host: string,
  port: number,
  count: number,
  parallel = 200,
): Promise<IdleConnections> {
  const sockets: net.Socket[] = [];
  let closedByBroker = 0;
  let failed = 0;
  let releasing = false;
  let next = 0;
  const openOne = (): Promise<void> =>
    new Promise((resolve) => {
      const socket = net.connect({ host, port });
      const timer = setTimeout(() => socket.destroy(new Error('connect timed out')), 10000);
      socket.once('connect', () => {
        clearTimeout(timer);
        sockets.push(socket);
        socket.once('close', () => {
          if (!releasing) closedByBroker++;
        });
        resolve();
      });
      socket.on('error', () => undefined);
      socket.once('close', () => {
        clearTimeout(timer);
        if (!sockets.includes(socket)) failed++;
        resolve();
      });
    });
  const lanes = Array.from({ length: Math.min(parallel, count) }, async () => {
    while (next < count) {
      next++;
      await openOne();
    }
  });
  await Promise.all(lanes);
  return {
    opened: sockets.length,
    failed,
    closedByBroker: () => closedByBroker,
    closeAll: () => {
      releasing = true;
      for (const s of sockets) s.destroy();
    },
  };
}

export interface SlowLorisReport {
  bytesSent: number;
  /** The request was complete and the broker answered it. */
  answered: boolean;
  closedByBroker: boolean;
  durationMs: number;
}

/**
 * Writes `request` (a whole frame) one byte every `byteIntervalMs` for at most `durationMs`;
 * when the last byte goes out before the time is up it waits for the answer (bounded by the same
 * duration). A broker must neither block others meanwhile nor fail the request when it completes.
 */
export function slowLoris(
  host: string,
  port: number,
  request: Buffer,
  options: { durationMs: number; byteIntervalMs: number },
): Promise<SlowLorisReport> {
  const started = Date.now();
  return new Promise((resolve) => {
    const report: SlowLorisReport = { bytesSent: 0, answered: false, closedByBroker: false, durationMs: 0 };
    const socket = net.connect({ host, port });
    let timer: NodeJS.Timeout | undefined;
    let finished = false;
    const finish = (): void => {
      if (finished) return;
      finished = true;
      clearInterval(timer);
      clearTimeout(deadline);
      report.durationMs = Date.now() - started;
      socket.destroy();
      resolve(report);
    };
    const deadline = setTimeout(finish, options.durationMs);
    socket.on('error', () => undefined);
    socket.on('data', () => {
      report.answered = true;
      finish();
    });
    socket.once('close', () => {
      if (!finished) report.closedByBroker = true;
      finish();
    });
    socket.once('connect', () => {
      timer = setInterval(() => {
        if (report.bytesSent >= request.length) return;
        socket.write(request.subarray(report.bytesSent, report.bytesSent + 1));
        report.bytesSent++;
      }, options.byteIntervalMs);
    });
  });
}

/**
 * A complete Metadata v1 frame asking for brokers only: what the slow-loris dribbles. Its client
 * id is padded so the frame is about `frameBytes` long (a byte a second: its length in seconds).
 */
export function metadataFrame(correlationId: number, frameBytes = 0): Buffer {
  const clientId = 'slow-loris'.padEnd(Math.max(10, frameBytes - 18), '.');
  const header = encodeRequestHeader({ apiKey: metadataApi.apiKey, apiVersion: 1, correlationId, clientId }, 1);
  const body = metadataApi.encodeRequest(
    {
      topics: [],
      allowAutoTopicCreation: false,
      includeClusterAuthorizedOperations: false,
      includeTopicAuthorizedOperations: false,
    },
    1,
  );
  return Buffer.concat(frameChunks([header, ...body]));
}
