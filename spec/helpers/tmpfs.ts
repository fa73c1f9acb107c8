// A real small file system for storage fault specs and scenarios (they run as root, as CI
// does): a tmpfs of a given size that can be filled to the last byte (writes then fail with
// ENOSPC) and made read-only (writes then fail with EROFS). Whoever mounts one unmounts it in an
// after hook; unmount() peels every layer it added.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const FILLER_NAME = '.filler';
const FILL_CHUNK_BYTES = 64 * 1024;
const UNMOUNT_LAYERS_MAX = 4;

export class Tmpfs {
  private mounted = 0;

  private constructor(readonly dir: string) {}

  /** Mounts a tmpfs of sizeBytes on a fresh temporary directory. */
  static mount(label: string, sizeBytes: number): Tmpfs {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `samsa-${label}-`));
    const tmpfs = new Tmpfs(dir);
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeBytes}`, 'tmpfs', dir], { stdio: 'pipe' });
    tmpfs.mounted++;
    return tmpfs;
  }

  /**
   * Fills the file system with a filler file until a write fails with ENOSPC, leaving
   * `leaveBytes` free (rounded by the kernel to pages) when given. Returns the filler's size.
   */
  fill(leaveBytes = 0): number {
    const fillerPath = path.join(this.dir, FILLER_NAME);
    const fd = fs.openSync(fillerPath, 'a');
    const chunk = Buffer.alloc(FILL_CHUNK_BYTES, 0x5a);
    // Without leaveBytes the loop ends on ENOSPC: each write either makes progress or throws.
    const targetBytes = leaveBytes > 0 ? Math.max(0, this.freeBytes() - leaveBytes) : Number.MAX_SAFE_INTEGER;
    try {
      for (let written = 0; written < targetBytes;) {
        written += fs.writeSync(fd, chunk, 0, Math.min(chunk.length, targetBytes - written));
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
    } finally {
      fs.closeSync(fd);
    }
    return fs.statSync(fillerPath).size;
  }

  /** Removes the filler: the space is free again. */
  release(): void {
    fs.rmSync(path.join(this.dir, FILLER_NAME), { force: true });
  }

  freeBytes(): number {
    const stats = fs.statfsSync(this.dir);
    return stats.bavail * stats.bsize;
  }

  /**
   * Makes the file system read-only under its users' feet. `mount -o remount,ro` is refused
   * (EBUSY) while a process holds files open for writing, which a broker always does, so a
   * read-only bind of the dir is mounted over it: every open, create and rename there fails with
   * EROFS, while descriptors opened before keep writing to the layer below (as on a disk that
   * fails part by part).
   */
  makeReadOnly(): void {
    execFileSync('mount', ['--bind', '-o', 'ro', this.dir, this.dir], { stdio: 'pipe' });
    this.mounted++;
  }

  /** Removes the read-only layer makeReadOnly added: the file system is writable again. */
  makeWritable(): void {
    if (this.mounted < 2) return;
    execFileSync('umount', ['-l', this.dir], { stdio: 'pipe' });
    this.mounted--;
  }

  /** Unmounts every layer mounted here (lazily, so a process still using it cannot block), then removes the dir. */
  unmount(): void {
    for (let layer = 0; layer < UNMOUNT_LAYERS_MAX && this.mounted > 0; layer++) {
      execFileSync('umount', ['-l', this.dir], { stdio: 'pipe' });
      this.mounted--;
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
