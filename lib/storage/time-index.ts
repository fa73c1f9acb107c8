// The sparse .timeindex file: 12-byte entries (int64 timestamp, int32 relative offset) meaning
// "the largest timestamp seen up to this offset". Only strictly increasing timestamps are kept.
import { NO_TIMESTAMP } from '../protocol/batch-header';
import { readInt64 } from '../protocol/reader';
import { writeInt64 } from '../protocol/writer';
import { IndexFile } from './index-file';
import { assertStorage } from './storage-error';

export const TIME_INDEX_ENTRY_BYTES = 12;

export interface TimestampOffset {
  timestamp: number;
  offset: number;
}

export class TimeIndex extends IndexFile {
  constructor(filePath: string, baseOffset: number, maxIndexBytes: number) {
    super(filePath, baseOffset, maxIndexBytes, TIME_INDEX_ENTRY_BYTES);
  }

  /** Full one entry early, keeping room for the final entry written when the segment rolls. */
  isFull(): boolean {
    return this.entries >= this.maxEntries - 1;
  }

  entry(i: number): TimestampOffset {
    const buf = this.entryBuffer();
    const at = i * TIME_INDEX_ENTRY_BYTES;
    return { timestamp: readInt64(buf, at), offset: this.baseOffset + buf.readInt32BE(at + 8) };
  }

  /** The last entry, or (no timestamp, base offset) when empty. */
  lastEntry(): TimestampOffset {
    const n = this.entries;
    return n === 0 ? { timestamp: NO_TIMESTAMP, offset: this.baseOffset } : this.entry(n - 1);
  }

  maybeAppend(timestamp: number, offset: number, skipFullCheck = false): void {
    const n = this.entries;
    const last = this.lastEntry();
    assertStorage(skipFullCheck || !this.isFull(), `time index ${this.path} is full (${n} entries)`);
    assertStorage(n === 0 || offset >= last.offset, `time index offset ${offset} below ${last.offset}`);
    assertStorage(n === 0 || timestamp >= last.timestamp, `time index timestamp ${timestamp} below ${last.timestamp}`);
    if (timestamp <= last.timestamp) return;
    const relative = offset - this.baseOffset;
    assertStorage(relative >= 0 && relative <= 0x7fffffff, `offset ${offset} outside segment ${this.baseOffset}`);
    this.appendEntry((buf, at) => {
      writeInt64(buf, at, timestamp);
      buf.writeInt32BE(relative, at + 8);
    });
  }

  /** The entry with the largest timestamp <= target, or (no timestamp, base offset) if none. */
  lookup(targetTimestamp: number): TimestampOffset {
    const buf = this.entryBuffer();
    let low = 0;
    let high = this.entries - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      if (readInt64(buf, mid * TIME_INDEX_ENTRY_BYTES) <= targetTimestamp) {
        found = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return found < 0 ? { timestamp: NO_TIMESTAMP, offset: this.baseOffset } : this.entry(found);
  }

  /** Removes every entry whose offset is >= the given offset. */
  truncateTo(offset: number): void {
    let keep = this.entries;
    while (keep > 0 && this.entry(keep - 1).offset >= offset) keep--;
    this.truncateToEntries(keep);
  }

  protected validEntryCount(buf: Buffer, entriesInFile: number): number {
    let previousTimestamp = Number.NEGATIVE_INFINITY;
    let previousRelative = 0;
    for (let i = 0; i < entriesInFile; i++) {
      const timestamp = readInt64(buf, i * TIME_INDEX_ENTRY_BYTES);
      const relative = buf.readInt32BE(i * TIME_INDEX_ENTRY_BYTES + 8);
      if (timestamp <= previousTimestamp || relative < previousRelative) return i;
      previousTimestamp = timestamp;
      previousRelative = relative;
    }
    return entriesInFile;
  }
}
