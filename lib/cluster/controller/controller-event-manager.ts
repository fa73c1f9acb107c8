// The controller's single serial queue: ZooKeeper watches, timers and requests only enqueue
// typed events; one loop applies each to completion before taking the next, so controller state
// is never touched by two things at once.
import type { Logger } from '../../util/logger';

export interface ControllerEvent {
  readonly name: string;
  process(): Promise<void>;
}

export class ControllerEventManager {
  private readonly queue: ControllerEvent[] = [];
  private running = false;
  private stopped = false;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly logger: Logger,
    private readonly queueMax: number,
  ) {}

  put(event: ControllerEvent): void {
    if (this.stopped) return;
    if (this.queue.length >= this.queueMax) {
      // A full queue means the loop is wedged; dropping silently would lose decisions.
      throw new Error(`controller event queue is full (${this.queueMax}); dropping ${event.name}`);
    }
    this.queue.push(event);
    if (!this.running) void this.run();
  }

  /** Resolves when the queue is empty and no event is being processed. */
  idle(): Promise<void> {
    if (!this.running && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.queue.length = 0;
    await this.idle();
  }

  private async run(): Promise<void> {
    this.running = true;
    while (this.queue.length > 0) {
      const event = this.queue.shift() as ControllerEvent;
      try {
        await event.process();
      } catch (err) {
        this.logger.error(`controller event ${event.name} failed: ${(err as Error).stack ?? String(err)}`);
      }
    }
    this.running = false;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
