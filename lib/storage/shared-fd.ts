// A segment's .log descriptor, shared by the synchronous work on the event loop (appends, index
// scans, hot reads) and the asynchronous positioned reads that serve cold fetches from libuv's
// thread pool. Its close waits for the reads in flight: the kernel hands a closed descriptor's
// number to the next open, so a read still queued on it would return another file's bytes. A
// read that outlives a rename or unlink (retention) still reads the segment's own inode.
import fs from 'fs';

/** A read asked of a descriptor whose segment was closed, deleted or truncated away meanwhile. */
export class SegmentClosedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SegmentClosedError';
  }
}

function readAt(fd: number, buf: Buffer, offset: number, length: number, position: number): Promise<number> {
  return new Promise((resolve, reject) => {
    fs.read(fd, buf, offset, length, position, (err, bytesRead) => (err ? reject(err) : resolve(bytesRead)));
  });
}

export class SharedFd {
  private readsInFlight = 0;
  private closeRequested = false;

  constructor(
    readonly fd: number,
    private readonly name: string,
  ) {}

  get isClosed(): boolean {
    return this.closeRequested;
  }

  /** Reads up to `length` bytes at `position` off the event loop, looping over short reads. */
  async readFully(buf: Buffer, length: number, position: number): Promise<number> {
    if (this.closeRequested) throw new SegmentClosedError(`${this.name} was closed before the read`);
    this.readsInFlight++;
    try {
      let done = 0;
      while (done < length) {
        const n = await readAt(this.fd, buf, done, length - done, position + done);
        if (n === 0) break;
        done += n;
      }
      return done;
    } finally {
      this.readsInFlight--;
      if (this.closeRequested && this.readsInFlight === 0) this.release();
    }
  }

  /** Closes now, or once the last read in flight has finished. */
  close(): void {
    if (this.closeRequested) return;
    this.closeRequested = true;
    if (this.readsInFlight === 0) this.release();
  }

  private release(): void {
    fs.closeSync(this.fd);
  }
}
