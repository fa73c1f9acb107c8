// Requests that must wait for something to happen to a partition (a long-poll fetch waiting
// for bytes, an acks=all produce waiting for the high watermark) park here, keyed by
// partition. Appends and high-watermark moves call `checkAndComplete(key)`; each operation also
// has a deadline. No polling loop: nothing runs unless an event or a timer fires.

export interface DelayedOperation {
  /** Completes the operation if its condition now holds; returns whether it did. */
  tryComplete(): boolean;
  /** Completes the operation because its deadline passed. */
  expire(): void;
}

interface Entry {
  op: DelayedOperation;
  keys: string[];
  timer: NodeJS.Timeout;
}

export class DelayedOperations {
  private readonly byKey = new Map<string, Set<Entry>>();
  private count = 0;

  constructor(
    readonly name: string,
    private readonly operationsMax: number,
  ) {}

  /**
   * Tries the operation once, then parks it under `keys` until it completes or `timeoutMs`
   * passes. When the purgatory is full the operation is expired at once (bounded memory).
   * Returns whether it was parked.
   */
  tryCompleteElseWatch(op: DelayedOperation, keys: string[], timeoutMs: number): boolean {
    if (op.tryComplete()) return false;
    if (this.count >= this.operationsMax || timeoutMs <= 0) {
      op.expire();
      return false;
    }
    const entry: Entry = { op, keys, timer: setTimeout(() => this.onTimeout(entry), timeoutMs) };
    this.count++;
    for (const key of keys) {
      let set = this.byKey.get(key);
      if (!set) {
        set = new Set();
        this.byKey.set(key, set);
      }
      set.add(entry);
    }
    return true;
  }

  /** Re-checks every operation waiting on `key`. */
  checkAndComplete(key: string): void {
    const set = this.byKey.get(key);
    if (!set) return;
    for (const entry of [...set]) {
      if (entry.op.tryComplete()) this.remove(entry);
    }
  }

  /** Re-checks every waiting operation (a broker-wide condition changed, e.g. ZooKeeper session loss). */
  checkAndCompleteAll(): void {
    for (const key of [...this.byKey.keys()]) this.checkAndComplete(key);
  }

  /** Expires everything now: used at shutdown so no request hangs. */
  expireAll(): void {
    const all = new Set<Entry>();
    for (const set of this.byKey.values()) for (const e of set) all.add(e);
    for (const entry of all) {
      this.remove(entry);
      entry.op.expire();
    }
  }

  get size(): number {
    return this.count;
  }

  private onTimeout(entry: Entry): void {
    if (!this.remove(entry)) return;
    entry.op.expire();
  }

  private remove(entry: Entry): boolean {
    let found = false;
    clearTimeout(entry.timer);
    for (const key of entry.keys) {
      const set = this.byKey.get(key);
      if (set?.delete(entry)) found = true;
      if (set && set.size === 0) this.byKey.delete(key);
    }
    if (found) this.count--;
    return found;
  }
}

/** Told when a request is parked here (RemoteTimeMs starts). */
export interface ParkListener {
  parked(): void;
}

export function partitionKey(topic: string, partition: number): string {
  return `${topic}-${partition}`;
}
