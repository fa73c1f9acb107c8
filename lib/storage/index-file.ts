// Mechanics shared by the sparse .index and .timeindex files. The entries live in an in-memory
// buffer (read lazily on first use, so idle segments cost nothing at startup) and are written
// through with positional writes instead of mmap. While a segment is active its index file is
// preallocated to the configured maximum, as Kafka does; rolling or closing trims it to the
// entries, which is what lets a later open trust the file length.
import fs from 'fs';
import { fileSize, openReadWrite, writeFully } from './file-io';
import { assertStorage } from './storage-error';

export abstract class IndexFile {
  private buf: Buffer | null = null;
  private count = 0;
  private fd: number | null = null;
  private maxEntryCount: number;

  protected constructor(
    private filePath: string,
    readonly baseOffset: number,
    maxIndexBytes: number,
    readonly entryBytes: number,
  ) {
    this.maxEntryCount = Math.floor(maxIndexBytes / entryBytes);
  }

  get path(): string {
    return this.filePath;
  }

  get entries(): number {
    this.load();
    return this.count;
  }

  get maxEntries(): number {
    return this.maxEntryCount;
  }

  /** What can be checked without trusting the content: the file exists and holds whole entries. */
  isSane(): boolean {
    const size = fileSize(this.filePath);
    return size >= 0 && size % this.entryBytes === 0;
  }

  /** Opens for appending and preallocates the file to the maximum size. */
  openForAppend(maxIndexBytes: number): void {
    this.load();
    this.maxEntryCount = Math.floor(maxIndexBytes / this.entryBytes);
    if (this.fd === null) this.fd = openReadWrite(this.filePath);
    const preallocated = Math.max(this.maxEntryCount, this.count) * this.entryBytes;
    fs.ftruncateSync(this.fd, preallocated);
  }

  /** Cuts the file to its entries and releases the descriptor (segment rolled or closed). */
  trimToValidSize(): void {
    const validBytes = this.count * this.entryBytes;
    if (this.fd !== null) {
      fs.ftruncateSync(this.fd, validBytes);
      fs.closeSync(this.fd);
      this.fd = null;
    } else if (this.buf !== null) {
      const size = fileSize(this.filePath);
      if (size >= 0 && size !== validBytes) fs.truncateSync(this.filePath, validBytes);
    }
  }

  flush(): void {
    if (this.fd !== null) {
      fs.fsyncSync(this.fd);
    } else if (fileSize(this.filePath) >= 0) {
      const fd = fs.openSync(this.filePath, 'r');
      try {
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
    }
  }

  close(): void {
    this.trimToValidSize();
  }

  /** Releases the descriptor without touching the file (its log dir is offline). */
  closeHandle(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }

  /** Closes and removes the file; a missing file is fine. */
  deleteFile(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
    fs.rmSync(this.filePath, { force: true });
  }

  renameTo(newPath: string): void {
    fs.renameSync(this.filePath, newPath);
    this.filePath = newPath;
  }

  /** Drops every entry (used by recovery before rebuilding). */
  reset(): void {
    this.truncateToEntries(0);
  }

  /** Entries beyond the valid prefix (e.g. zero padding after a crash) are not entries. */
  protected abstract validEntryCount(buf: Buffer, entriesInFile: number): number;

  protected entryBuffer(): Buffer {
    return this.load();
  }

  protected appendEntry(write: (buf: Buffer, at: number) => void): void {
    const buf = this.ensureCapacity(this.count + 1);
    const at = this.count * this.entryBytes;
    write(buf, at);
    if (this.fd === null) this.fd = openReadWrite(this.filePath);
    writeFully(this.fd, buf, at, at, at + this.entryBytes);
    this.count++;
  }

  /** Keeps the first n entries; the dropped ones are zeroed on disk so a crash cannot revive them. */
  protected truncateToEntries(n: number): void {
    this.load();
    assertStorage(n >= 0 && n <= this.count, `cannot truncate ${this.count} index entries to ${n}`);
    if (n === this.count) return;
    const from = n * this.entryBytes;
    const to = this.count * this.entryBytes;
    if (this.fd === null) this.fd = openReadWrite(this.filePath);
    writeFully(this.fd, Buffer.alloc(to - from), from);
    this.count = n;
  }

  private load(): Buffer {
    if (this.buf !== null) return this.buf;
    const size = fileSize(this.filePath);
    const content = size > 0 ? fs.readFileSync(this.filePath) : Buffer.alloc(0);
    const entriesInFile = Math.floor(content.length / this.entryBytes);
    this.count = entriesInFile === 0 ? 0 : this.validEntryCount(content, entriesInFile);
    this.buf = content;
    return content;
  }

  private ensureCapacity(entries: number): Buffer {
    const current = this.load();
    if (current.length >= entries * this.entryBytes) return current;
    const grown = Buffer.alloc(
      Math.max(entries, 64, Math.floor(current.length / this.entryBytes) * 2) * this.entryBytes,
    );
    current.copy(grown, 0, 0, this.count * this.entryBytes);
    this.buf = grown;
    return grown;
  }
}
