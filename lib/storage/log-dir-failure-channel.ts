// Kafka's LogDirFailureChannel: the one place where an I/O error met under a log dir (disk
// full, file system gone read-only, EIO) turns that whole dir offline. Storage code runs its
// disk work through guard(); nothing else catches I/O errors. An offline dir stays offline until
// the broker restarts: every later operation on it is refused with KAFKA_STORAGE_ERROR, so no
// half-written file there is ever read again. Listeners (log manager, replica manager) hear of
// each failed dir once, on a later tick, as Kafka's LogDirFailureHandler thread does; the guard
// refuses the dir at once, so that delay never lets a read or write through.
import { silentLogger, type Logger } from '../util/logger';
import { StorageError } from './storage-error';

export type LogDirFailureListener = (logDir: string) => void;

/** An error raised by a system call (fs): what Kafka's IOException covers. */
export function isIoError(err: unknown): err is NodeJS.ErrnoException {
  const e = err as NodeJS.ErrnoException | null;
  return e instanceof Error && typeof e.syscall === 'string' && typeof e.code === 'string';
}

export class LogDirFailureChannel {
  private readonly offline = new Map<string, string>();
  private readonly listeners = new Set<LogDirFailureListener>();

  constructor(private readonly logger: Logger = silentLogger()) {}

  isOffline(logDir: string): boolean {
    return this.offline.has(logDir);
  }

  offlineLogDirs(): string[] {
    return [...this.offline.keys()];
  }

  /** Why the dir went offline (the first error), or undefined while it is online. */
  reasonOf(logDir: string): string | undefined {
    return this.offline.get(logDir);
  }

  onFailure(listener: LogDirFailureListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Marks the dir offline; the first report wins and listeners hear of it once. */
  markOffline(logDir: string, what: string, cause: Error): void {
    if (this.offline.has(logDir)) return;
    const reason = `${what}: ${cause.message}`;
    this.offline.set(logDir, reason);
    this.logger.error(`log dir ${logDir} is offline after an I/O error (${reason})`);
    const listeners = [...this.listeners];
    setImmediate(() => {
      for (const listener of listeners) {
        try {
          listener(logDir);
        } catch (err) {
          this.logger.error(`handling the failure of log dir ${logDir} failed: ${(err as Error).stack ?? String(err)}`);
        }
      }
    });
  }

  /**
   * Runs disk work for `logDir`: refused when the dir is offline; an I/O error inside marks the
   * dir offline and surfaces as KAFKA_STORAGE_ERROR (code 56). Other errors pass unchanged.
   */
  guard<T>(logDir: string, what: string, work: () => T): T {
    this.requireOnline(logDir, what);
    try {
      return work();
    } catch (err) {
      throw this.failed(logDir, what, err);
    }
  }

  /** guard() for work that finishes off the event loop (a read from the thread pool). */
  async guardAsync<T>(logDir: string, what: string, work: () => Promise<T>): Promise<T> {
    this.requireOnline(logDir, what);
    try {
      return await work();
    } catch (err) {
      throw this.failed(logDir, what, err);
    }
  }

  /** What a guarded failure surfaces as: an I/O error takes the dir offline first. */
  private failed(logDir: string, what: string, err: unknown): unknown {
    if (!isIoError(err)) return err;
    this.markOffline(logDir, what, err);
    return new StorageError('KAFKA_STORAGE_ERROR', `${what} failed in log dir ${logDir}: ${err.message}`);
  }

  requireOnline(logDir: string, what: string): void {
    if (this.offline.has(logDir)) {
      throw new StorageError(
        'KAFKA_STORAGE_ERROR',
        `${what}: log dir ${logDir} is offline (${this.offline.get(logDir)})`,
      );
    }
  }
}
