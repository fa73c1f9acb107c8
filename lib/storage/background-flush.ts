// Roll-triggered flushes, which Kafka runs on a scheduler thread: here fsync runs in libuv's
// thread pool, one request after another, so the event loop never waits on the disk for them.
import type { Logger } from '../util/logger';
import { fsyncPathsAsync } from './file-io';

export class BackgroundFlusher {
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly logger: Logger,
    private readonly name: string,
    private readonly onError: (err: Error) => void = () => undefined,
  ) {}

  /** fsyncs the paths after earlier requests, then calls onFlushed (not called on failure). */
  schedule(paths: string[], onFlushed: () => void): void {
    this.chain = this.chain
      .then(() => fsyncPathsAsync(paths))
      .then(onFlushed)
      .catch((err: Error) => {
        this.logger.warn(`${this.name}: background flush failed: ${err.message}`);
        this.onError(err);
      });
  }

  /** Resolves once every request scheduled so far has finished. */
  whenIdle(): Promise<void> {
    return this.chain;
  }
}
