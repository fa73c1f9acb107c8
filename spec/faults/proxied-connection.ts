// One connection through the link proxy: the accepted socket (the dialer's side) and the socket to
// the real server, joined by two gates, one per byte direction. A gate forwards chunks as they
// come, holds them (stops reading its source, so the bytes wait in the kernel as they would behind
// a real partition and flow again on heal, TCP-style), or forwards each chunk after a delay. The
// proxy never looks inside the stream after the first request's header (see firstRequestClientId).
import * as net from 'node:net';

/** How one byte direction behaves: forwarded at once, held back, or forwarded `delayMs` late. */
export type GateMode = { kind: 'flow' } | { kind: 'hold' } | { kind: 'delay'; delayMs: number };

/** Bytes waiting in a delaying gate before it stops reading its source (a limit, as everywhere). */
const DELAY_QUEUE_BYTES_MAX = 8 * 1024 * 1024;

/** Forwards one direction (source → dest) under a mode that can change at any time. */
export class Gate {
  private mode: GateMode = { kind: 'flow' };
  private readonly queue: Array<{ chunk: Buffer; dueMs: number }> = [];
  private queuedBytes = 0;
  private timer: NodeJS.Timeout | null = null;
  private destFull = false;
  private bytesForwarded = 0;

  constructor(
    private readonly source: net.Socket,
    private readonly dest: net.Socket,
  ) {
    dest.on('drain', () => {
      this.destFull = false;
      this.updateReading();
    });
  }

  get forwardedBytes(): number {
    return this.bytesForwarded;
  }

  setMode(mode: GateMode): void {
    this.mode = mode;
    if (mode.kind === 'flow') this.flushQueue(Infinity);
    else if (mode.kind === 'delay') this.schedule();
    this.updateReading();
  }

  /** Takes a chunk read from the source (the gate's own 'data' listener, or the classifier's leftover). */
  push(chunk: Buffer): void {
    if (this.mode.kind === 'flow' && this.queue.length === 0) return this.write(chunk);
    const delayMs = this.mode.kind === 'delay' ? this.mode.delayMs : 0;
    this.queue.push({ chunk, dueMs: Date.now() + delayMs });
    this.queuedBytes += chunk.length;
    this.updateReading();
    this.schedule();
  }

  /** Starts taking the source's chunks (after classification has read the first ones). */
  attach(): void {
    this.source.on('data', (chunk: Buffer) => this.push(chunk));
    this.updateReading();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.queue.length = 0;
  }

  private write(chunk: Buffer): void {
    if (this.dest.destroyed) return;
    this.bytesForwarded += chunk.length;
    if (!this.dest.write(chunk)) {
      this.destFull = true;
      this.updateReading();
    }
  }

  private flushQueue(untilMs: number): void {
    while (this.queue.length > 0 && this.queue[0].dueMs <= untilMs) {
      const { chunk } = this.queue.shift() as { chunk: Buffer };
      this.queuedBytes -= chunk.length;
      this.write(chunk);
    }
  }

  private schedule(): void {
    if (this.timer || this.queue.length === 0 || this.mode.kind === 'hold') return;
    const waitMs = Math.max(0, this.queue[0].dueMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.mode.kind === 'hold') return;
      this.flushQueue(Date.now());
      this.updateReading();
      this.schedule();
    }, waitMs);
  }

  /** Reads the source only while bytes may move and neither the destination nor the queue is full. */
  private updateReading(): void {
    if (this.source.destroyed) return;
    const stop = this.mode.kind === 'hold' || this.destFull || this.queuedBytes > DELAY_QUEUE_BYTES_MAX;
    if (stop) this.source.pause();
    else this.source.resume();
  }
}

/** A dialer's socket joined to the real server's; either side closing ends both. */
export class ProxiedConnection {
  readonly forward: Gate;
  readonly backward: Gate;
  private closedValue = false;
  private readonly closeListeners: Array<() => void> = [];

  constructor(
    readonly down: net.Socket,
    readonly up: net.Socket,
  ) {
    this.forward = new Gate(down, up);
    this.backward = new Gate(up, down);
    for (const [socket, other] of [
      [down, up],
      [up, down],
    ] as const) {
      socket.on('end', () => other.end());
      socket.on('close', () => this.close());
      socket.on('error', () => this.close());
    }
  }

  get closed(): boolean {
    return this.closedValue;
  }

  /** Forward = dialer → server (requests), backward = server → dialer (responses). */
  setModes(forward: GateMode, backward: GateMode): void {
    this.forward.setMode(forward);
    this.backward.setMode(backward);
  }

  /** Starts forwarding under the given modes, `firstBytes` (read while classifying) first. */
  open(forward: GateMode, backward: GateMode, firstBytes: Buffer): void {
    this.setModes(forward, backward);
    if (firstBytes.length > 0) this.forward.push(firstBytes);
    this.forward.attach();
    this.backward.attach();
  }

  onClose(listener: () => void): void {
    if (this.closedValue) listener();
    else this.closeListeners.push(listener);
  }

  /** Ends both sides at once; `reset` sends RST, as a refused or cut connection would see. */
  close(reset = false): void {
    if (this.closedValue) return;
    this.closedValue = true;
    this.forward.dispose();
    this.backward.dispose();
    for (const socket of [this.down, this.up]) {
      if (reset && !socket.destroyed && socket.readyState === 'open') socket.resetAndDestroy();
      else socket.destroy();
    }
    for (const listener of this.closeListeners.splice(0)) listener();
  }
}

/** Bytes read while looking for the first request's client id before giving up (a limit). */
export const CLASSIFY_BYTES_MAX = 64 * 1024;

/**
 * The client_id of a Kafka request at the start of `bytes`: size int32, then header v1+
 * (api_key int16, api_version int16, correlation_id int32, client_id nullable int16-length
 * string; flexible v2 headers keep client_id in this form). 'more' = not all there yet;
 * null = not a request this can read (a null client_id counts as no id).
 */
export function firstRequestClientId(bytes: Buffer): string | null | 'more' {
  const HEADER_BEFORE_ID = 4 + 2 + 2 + 4;
  if (bytes.length < HEADER_BEFORE_ID + 2) return 'more';
  const size = bytes.readInt32BE(0);
  const idLength = bytes.readInt16BE(HEADER_BEFORE_ID);
  if (idLength < 0) return null;
  if (size < HEADER_BEFORE_ID - 4 + 2 + idLength) return null;
  const end = HEADER_BEFORE_ID + 2 + idLength;
  if (bytes.length < end) return 'more';
  return bytes.toString('utf8', HEADER_BEFORE_ID + 2, end);
}
