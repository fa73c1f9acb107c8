// Proves the fetch path's asynchronous reads: a cold read (outside the active segment's tail) runs
// off the event loop and returns the same stored bytes as the synchronous read; a read in flight
// when retention deletes its segment completes with that segment's bytes even when the freed
// descriptor number is reused at once; a read a truncation overtakes answers from the log as it
// is after the truncation (the follower's new batches), not cut to the old plan's length; and log positions count the bytes between two offsets
// across segment rolls (what a long-poll fetch waits on).
import { expect } from 'chai';
import crypto from 'crypto';
import fs from 'fs';
import path from 'path';
import { ManualClock } from '../../lib/util/clock';
import { PartitionLog } from '../../lib/storage/partition-log';
import { batchOf, crcIsValid, decodedOffsets, makeTempDir, removeTempDir, specLogConfig } from './fixtures';

const THREAD_POOL_SIZE = Number(process.env.UV_THREADPOOL_SIZE ?? 4);

/** Occupies every libuv worker for a while, so reads queued after it wait their turn. */
function saturateThreadPool(): Promise<unknown[]> {
  const jobs = Array.from(
    { length: THREAD_POOL_SIZE },
    () =>
      new Promise((resolve, reject) =>
        crypto.pbkdf2('busy', 'salt', 200_000, 32, 'sha256', (err, key) => (err ? reject(err) : resolve(key))),
      ),
  );
  return Promise.all(jobs);
}

describe('storage/log-reads (asynchronous fetch reads)', function () {
  this.timeout(20000);
  let root: string;
  let log: PartitionLog;
  const decoys: number[] = [];

  beforeEach(() => {
    root = makeTempDir();
    log = PartitionLog.open({
      dir: path.join(root, 'orders-0'),
      config: specLogConfig(),
      clock: new ManualClock(1_700_000_000_000),
    });
  });
  afterEach(() => {
    for (const fd of decoys.splice(0)) fs.closeSync(fd);
    log.close();
    removeTempDir(root);
  });

  /** Three segments of 5 records each: [0, 5), [5, 10) and the active [10, 15). */
  function threeSegments(): void {
    for (let base = 0; base < 15; base += 5) {
      if (base > 0) log.roll();
      log.appendAsLeader(batchOf(5, { prefix: `s${base}-`, valueBytes: 200 }), 0);
    }
    log.updateHighWatermark(log.logEndOffset);
    expect(log.segmentBaseOffsets()).to.deep.equal([0, 5, 10]);
  }

  it('serves a cold read off the event loop with the bytes the synchronous read returns', async () => {
    threeSegments();
    const expected = log.read(0, 1 << 20, { minOneMessage: true }).records;
    const busy = saturateThreadPool();
    let settled = false;
    const read = log.readAsync(0, 1 << 20, { minOneMessage: true }).finally(() => (settled = true));
    await new Promise(setImmediate);
    expect(settled, 'the read waits for a worker while the event loop runs on').to.equal(false);
    await busy;
    const { records, firstBatchOffset } = await read;
    expect(records.equals(expected)).to.equal(true);
    expect(firstBatchOffset).to.equal(0);
    expect(await decodedOffsets(records)).to.deep.equal([0, 1, 2, 3, 4]);
  });

  it('reads the active tail and bounds every read by maxOffset, as read() does', async () => {
    threeSegments();
    const tail = await log.readAsync(12, 1 << 20, { minOneMessage: true });
    expect(tail.records.equals(log.read(12, 1 << 20, { minOneMessage: true }).records)).to.equal(true);
    expect(await decodedOffsets(tail.records)).to.deep.equal([10, 11, 12, 13, 14]);
    const bounded = await log.readAsync(5, 1 << 20, { minOneMessage: true, maxOffset: 5 });
    expect(bounded.records.length).to.equal(0);
  });

  it('completes a read in flight with its own segment bytes when retention deletes the segment meanwhile', async () => {
    threeSegments();
    const expected = log.read(0, 1 << 20, { minOneMessage: true }).records;
    const busy = saturateThreadPool();
    const read = log.readAsync(0, 1 << 20, { minOneMessage: true });
    expect(log.deleteOldSegments()).to.equal(3);
    expect(fs.readdirSync(path.join(root, 'orders-0')).some((f) => f.startsWith('00000000000000000000'))).to.equal(
      false,
    );
    // The kernel hands out the lowest free descriptor: had the segment's been closed under the
    // queued read, one of these files would now answer it.
    for (let i = 0; i < 16; i++) {
      const file = path.join(root, `decoy-${i}`);
      fs.writeFileSync(file, Buffer.alloc(64 * 1024, 'X'));
      decoys.push(fs.openSync(file, 'r'));
    }
    await busy;
    const { records } = await read;
    expect(records.equals(expected)).to.equal(true);
    expect(crcIsValid(records)).to.equal(true);
    expect(log.logStartOffset).to.equal(15);
  });

  it('plans a read again when a truncation overtakes it, answering from the log as it is after it', async () => {
    threeSegments();
    const plannedBytes = log.read(5, 1 << 20, { minOneMessage: true }).records.length;
    const busy = saturateThreadPool();
    const read = log.readAsync(5, 1 << 20, { minOneMessage: true });
    // A leader turned follower: its tail from offset 5 goes and the new leader's batches follow.
    expect(log.truncateTo(5)).to.equal(true);
    // Longer than the segment the read was planned on: a read of the old plan's length would cut it.
    const replacement = Buffer.concat([
      batchOf(3, { baseOffset: 5, partitionLeaderEpoch: 1, prefix: 'new-', valueBytes: 50 }),
      batchOf(5, { baseOffset: 8, partitionLeaderEpoch: 1, prefix: 'new-', valueBytes: 300 }),
    ]);
    expect(replacement.length).to.be.above(plannedBytes);
    log.appendAsFollower(replacement);
    log.updateHighWatermark(log.logEndOffset);
    await busy;
    const { records, firstBatchOffset } = await read;
    expect(records.equals(replacement)).to.equal(true);
    expect(firstBatchOffset).to.equal(5);
  });

  it('refuses a read of an offset retention has removed with OFFSET_OUT_OF_RANGE', async () => {
    threeSegments();
    log.deleteOldSegments();
    const failure = await log.readAsync(0, 1 << 20, { minOneMessage: true }).then(
      () => null,
      (err: unknown) => err,
    );
    expect((failure as { code?: number } | null)?.code).to.equal(1);
  });

  it('counts the bytes between two log positions across segment rolls', () => {
    threeSegments();
    const sizes = fs
      .readdirSync(path.join(root, 'orders-0'))
      .filter((f) => f.endsWith('.log'))
      .sort()
      .map((f) => fs.statSync(path.join(root, 'orders-0', f)).size);
    const start = log.positionOf(0);
    expect(log.bytesBetween(start, log.logEndPosition())).to.equal(sizes[0] + sizes[1] + sizes[2]);
    expect(log.bytesBetween(log.positionOf(5), log.positionOf(10))).to.equal(sizes[1]);
    expect(log.bytesBetween(log.positionOf(10), log.highWatermarkPosition())).to.equal(sizes[2]);
    expect(log.bytesBetween(log.positionOf(10), start)).to.be.below(0);
  });
});
