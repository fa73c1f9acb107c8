// The sparse .index file: 8-byte entries (int32 offset relative to the segment base, int32 byte
// position of the batch in the .log), strictly increasing, big-endian, no header.
import { IndexFile } from './index-file';
import { assertStorage } from './storage-error';

export const OFFSET_INDEX_ENTRY_BYTES = 8;

export interface OffsetPosition {
  offset: number;
  position: number;
}

export class OffsetIndex extends IndexFile {
  constructor(filePath: string, baseOffset: number, maxIndexBytes: number) {
    super(filePath, baseOffset, maxIndexBytes, OFFSET_INDEX_ENTRY_BYTES);
  }

  isFull(): boolean {
    return this.entries >= this.maxEntries;
  }

  /** Offset of the last entry, or the base offset when empty. */
  lastOffset(): number {
    const n = this.entries;
    return n === 0 ? this.baseOffset : this.entry(n - 1).offset;
  }

  entry(i: number): OffsetPosition {
    const buf = this.entryBuffer();
    const at = i * OFFSET_INDEX_ENTRY_BYTES;
    return { offset: this.baseOffset + buf.readInt32BE(at), position: buf.readInt32BE(at + 4) };
  }

  append(offset: number, position: number): void {
    const n = this.entries;
    assertStorage(!this.isFull(), `offset index ${this.path} is full (${n} entries)`);
    assertStorage(n === 0 || offset > this.lastOffset(), `index offset ${offset} not above ${this.lastOffset()}`);
    const relative = offset - this.baseOffset;
    assertStorage(relative >= 0 && relative <= 0x7fffffff, `offset ${offset} outside segment ${this.baseOffset}`);
    this.appendEntry((buf, at) => {
      buf.writeInt32BE(relative, at);
      buf.writeInt32BE(position, at + 4);
    });
  }

  /** The entry with the largest offset <= target, or (base offset, 0) when there is none. */
  lookup(targetOffset: number): OffsetPosition {
    const slot = this.largestSlotAtMost(targetOffset);
    return slot < 0 ? { offset: this.baseOffset, position: 0 } : this.entry(slot);
  }

  /** Removes every entry whose offset is >= the given offset. */
  truncateTo(offset: number): void {
    const slot = this.largestSlotAtMost(offset);
    const keep = slot < 0 ? 0 : this.entry(slot).offset === offset ? slot : slot + 1;
    this.truncateToEntries(keep);
  }

  protected validEntryCount(buf: Buffer, entriesInFile: number): number {
    let previousRelative = -1;
    let previousPosition = 0;
    for (let i = 0; i < entriesInFile; i++) {
      const relative = buf.readInt32BE(i * OFFSET_INDEX_ENTRY_BYTES);
      const position = buf.readInt32BE(i * OFFSET_INDEX_ENTRY_BYTES + 4);
      // A real entry never points at position 0 (the first batch gets none), so zeros are padding.
      if (relative <= previousRelative || position <= previousPosition) return i;
      previousRelative = relative;
      previousPosition = position;
    }
    return entriesInFile;
  }

  private largestSlotAtMost(targetOffset: number): number {
    const relativeTarget = targetOffset - this.baseOffset;
    const buf = this.entryBuffer();
    let low = 0;
    let high = this.entries - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      if (buf.readInt32BE(mid * OFFSET_INDEX_ENTRY_BYTES) <= relativeTarget) {
        found = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return found;
  }
}
