// The partition's leader-epoch history: for each epoch, the first offset written in it. Followers
// truncate by it (OffsetsForLeaderEpoch) instead of by their high watermark. Persisted to
// leader-epoch-checkpoint on every change, as Kafka does.
import { EpochEntry, readLeaderEpochCheckpoint, writeLeaderEpochCheckpoint } from './checkpoint-file';
import { assertStorage } from './storage-error';

export const UNDEFINED_EPOCH = -1;
export const UNDEFINED_EPOCH_OFFSET = -1;

export interface EpochEndOffset {
  leaderEpoch: number;
  endOffset: number;
}

export class LeaderEpochCache {
  private epochs: EpochEntry[];

  private constructor(
    private readonly filePath: string,
    entries: EpochEntry[],
  ) {
    this.epochs = entries;
  }

  static load(filePath: string): LeaderEpochCache {
    return new LeaderEpochCache(filePath, readLeaderEpochCheckpoint(filePath));
  }

  entries(): readonly EpochEntry[] {
    return this.epochs;
  }

  /** The newest epoch, or UNDEFINED_EPOCH (-1) when none is known. */
  latestEpoch(): number {
    return this.epochs.length === 0 ? UNDEFINED_EPOCH : this.epochs[this.epochs.length - 1].epoch;
  }

  /**
   * Records `epoch` only when it is newer than every cached one: how appends and a new leader's
   * election add epochs, so an older epoch arriving late can never cut the history.
   */
  assignIfNewer(epoch: number, startOffset: number): boolean {
    if (epoch < 0 || epoch <= this.latestEpoch()) return false;
    this.assign(epoch, startOffset);
    return true;
  }

  /** Records that `epoch` starts at `startOffset`, dropping entries it contradicts. */
  assign(epoch: number, startOffset: number): void {
    assertStorage(epoch >= 0 && startOffset >= 0, `bad epoch entry (${epoch}, ${startOffset})`);
    const latest = this.epochs[this.epochs.length - 1];
    if (latest !== undefined && latest.epoch === epoch && latest.startOffset <= startOffset) return;
    this.epochs = this.epochs.filter((e) => e.epoch < epoch && e.startOffset < startOffset);
    this.epochs.push({ epoch, startOffset });
    this.flush();
  }

  /**
   * Kafka's OffsetsForLeaderEpoch answer: the largest epoch <= requested and the start offset of
   * the first later epoch (or the log end offset when the requested epoch is the latest).
   */
  endOffsetFor(requestedEpoch: number, logEndOffset: number): EpochEndOffset {
    const undefinedAnswer = { leaderEpoch: UNDEFINED_EPOCH, endOffset: UNDEFINED_EPOCH_OFFSET };
    if (requestedEpoch === UNDEFINED_EPOCH || this.epochs.length === 0) return undefinedAnswer;
    if (requestedEpoch === this.latestEpoch()) return { leaderEpoch: requestedEpoch, endOffset: logEndOffset };
    const higherIndex = this.epochs.findIndex((e) => e.epoch > requestedEpoch);
    if (higherIndex < 0) return undefinedAnswer;
    const higher = this.epochs[higherIndex];
    if (higherIndex === 0) return { leaderEpoch: requestedEpoch, endOffset: higher.startOffset };
    return { leaderEpoch: this.epochs[higherIndex - 1].epoch, endOffset: higher.startOffset };
  }

  /** The log was truncated to endOffset: epochs starting at or after it never happened. */
  truncateFromEnd(endOffset: number): void {
    const kept = this.epochs.filter((e) => e.startOffset < endOffset);
    if (endOffset < 0 || kept.length === this.epochs.length) return;
    this.epochs = kept;
    this.flush();
  }

  /** The log now starts at startOffset: the epoch covering it is moved up to start there. */
  truncateFromStart(startOffset: number): void {
    let lastRemoved = -1;
    while (lastRemoved + 1 < this.epochs.length && this.epochs[lastRemoved + 1].startOffset <= startOffset)
      lastRemoved++;
    if (lastRemoved < 0) return;
    const covering = this.epochs[lastRemoved];
    if (lastRemoved === 0 && covering.startOffset === startOffset) return;
    this.epochs = [{ epoch: covering.epoch, startOffset }, ...this.epochs.slice(lastRemoved + 1)];
    this.flush();
  }

  clear(): void {
    if (this.epochs.length === 0) return;
    this.epochs = [];
    this.flush();
  }

  private flush(): void {
    writeLeaderEpochCheckpoint(this.filePath, this.epochs);
  }
}
