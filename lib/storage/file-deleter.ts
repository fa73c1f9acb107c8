// Deferred removal of files and directories already renamed out of the way (.deleted segments,
// <topic>-<partition>.<uuid>-delete dirs). Kafka waits file.delete.delay.ms so readers holding
// the old files can finish; pending removals run at once on shutdown so nothing is left behind.
import type { Logger } from '../util/logger';
import { removePath } from './file-io';

/** setTimeout accepts at most 2^31-1 ms; longer delays are capped to that. */
const MAX_TIMER_DELAY_MS = 0x7fffffff;

export class FileDeleter {
  private readonly pending = new Map<NodeJS.Timeout, string[]>();

  constructor(private readonly logger: Logger) {}

  /** Removes the paths after delayMs (at once when delayMs <= 0). */
  schedule(paths: string[], delayMs: number): void {
    if (delayMs <= 0) {
      this.remove(paths);
      return;
    }
    const timer = setTimeout(
      () => {
        this.pending.delete(timer);
        this.remove(paths);
      },
      Math.min(delayMs, MAX_TIMER_DELAY_MS),
    );
    timer.unref();
    this.pending.set(timer, paths);
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  /** Runs every pending removal now. */
  runAllNow(): void {
    for (const [timer, paths] of [...this.pending]) {
      clearTimeout(timer);
      this.pending.delete(timer);
      this.remove(paths);
    }
  }

  private remove(paths: string[]): void {
    for (const target of paths) {
      try {
        removePath(target);
      } catch (err) {
        this.logger.warn(`could not remove ${target}: ${(err as Error).message}`);
      }
    }
  }
}
