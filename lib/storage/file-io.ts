// Synchronous positional file I/O helpers. Storage runs on the single event loop: appends happen
// in arrival order and reads are served from the page cache, so sync calls keep ordering trivial.
import fs from 'fs';

/** Reads up to `length` bytes at `position`, looping over short reads; returns bytes read. */
export function readFully(fd: number, buf: Buffer, bufOffset: number, length: number, position: number): number {
  let done = 0;
  while (done < length) {
    const n = fs.readSync(fd, buf, bufOffset + done, length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done;
}

/** Writes all of buf[start, end) at `position`, looping over short writes. */
export function writeFully(fd: number, buf: Buffer, position: number, start = 0, end = buf.length): void {
  let done = start;
  while (done < end) {
    done += fs.writeSync(fd, buf, done, end - done, position + (done - start));
  }
}

export function openReadWrite(filePath: string): number {
  return fs.openSync(filePath, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o644);
}

export function fileSize(filePath: string): number {
  try {
    return fs.statSync(filePath).size;
  } catch (err) {
    if (isNotFound(err)) return -1;
    throw err;
  }
}

export function isNotFound(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | null)?.code === 'ENOENT';
}

/** Makes a rename or a file creation durable: the directory entry itself must be fsynced. */
export function fsyncDirectory(dirPath: string): void {
  const fd = fs.openSync(dirPath, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes a whole file durably: temp file, fsync, atomic rename, fsync of the directory. */
export function writeFileAtomically(filePath: string, content: string | Buffer, dirPath: string): void {
  const tmpPath = `${filePath}.tmp`;
  const fd = fs.openSync(tmpPath, 'w', 0o644);
  try {
    const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    writeFully(fd, data, 0);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmpPath, filePath);
  fsyncDirectory(dirPath);
}

/** Removes a file or directory tree; missing paths are fine (deletion is idempotent). */
export function removePath(target: string): void {
  fs.rmSync(target, { recursive: true, force: true });
}

/** fsyncs files off the event loop (libuv pool); files removed meanwhile are skipped. */
export async function fsyncPathsAsync(paths: string[]): Promise<void> {
  for (const target of paths) {
    let handle: fs.promises.FileHandle | undefined;
    try {
      handle = await fs.promises.open(target, 'r');
      await handle.sync();
    } catch (err) {
      if (!isNotFound(err)) throw err;
    } finally {
      await handle?.close();
    }
  }
}
