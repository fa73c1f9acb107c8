// Proves a partition log assigns offsets and leader epochs by rewriting batch headers in place,
// honours LogAppendTime with a valid CRC, serves whole batches bounded by bytes and by an offset
// (the high watermark), rolls segments by size, time and full index, appends as a follower,
// truncates, keeps the leader-epoch checkpoint, answers offsets by timestamp and flushes; a set
// that breaks off anywhere is refused whole.
import { expect } from 'chai';
import fs from 'fs';
import path from 'path';
import { ManualClock } from '../../lib/util/clock';
import type { LogConfig } from '../../lib/storage/log-config';
import { PartitionLog } from '../../lib/storage/partition-log';
import type { PartitionLogOptions } from '../../lib/storage/log-types';
import { StorageError } from '../../lib/storage/storage-error';
import {
  batchOf,
  crcIsValid,
  decodeBatches,
  decodedOffsets,
  listDir,
  makeTempDir,
  removeTempDir,
  specLogConfig,
} from './fixtures';

describe('storage/partition-log', () => {
  let root: string;
  let dir: string;
  let clock: ManualClock;
  const logs: PartitionLog[] = [];
  beforeEach(() => {
    root = makeTempDir();
    dir = path.join(root, 'orders-0');
    clock = new ManualClock(1_700_000_000_000);
  });
  afterEach(() => {
    for (const log of logs.splice(0)) log.close();
    removeTempDir(root);
  });

  function openLog(config: Partial<LogConfig> = {}, options: Partial<PartitionLogOptions> = {}): PartitionLog {
    const log = PartitionLog.open({ dir, config: specLogConfig(config), clock, ...options });
    logs.push(log);
    return log;
  }

  function expectStorageError(fn: () => unknown, code: number): void {
    try {
      fn();
    } catch (err) {
      expect(err).to.be.instanceOf(StorageError);
      expect((err as StorageError).code).to.equal(code);
      return;
    }
    expect.fail(`expected a StorageError with code ${code}`);
  }

  describe('appendAsLeader', () => {
    it('assigns consecutive offsets and the leader epoch in place, leaving the CRC valid', async () => {
      const log = openLog();
      const first = batchOf(3);
      const info = log.appendAsLeader(first, 7);
      expect(info).to.include({
        firstOffset: 0,
        lastOffset: 2,
        logAppendTimeMs: -1,
        logStartOffset: 0,
        recordCount: 3,
      });
      const second = Buffer.concat([batchOf(2), batchOf(1)]);
      expect(log.appendAsLeader(second, 7)).to.include({ firstOffset: 3, lastOffset: 5 });
      expect(Number(second.readBigInt64BE(0))).to.equal(3);
      expect(second.readInt32BE(12)).to.equal(7);
      expect(crcIsValid(second, 0) && crcIsValid(second, batchOf(2).length)).to.equal(true);
      expect(log.logEndOffset).to.equal(6);
      const batches = await decodeBatches(log.read(0, 1 << 20, { minOneMessage: true }).records);
      expect(batches.map((b) => Number(b.firstOffset))).to.deep.equal([0, 3, 5]);
      expect(batches.every((b) => b.partitionLeaderEpoch === 7)).to.equal(true);
    });

    it('under LogAppendTime stamps the broker time and the timestamp-type bit and recomputes the CRC', async () => {
      const log = openLog({ messageTimestampType: 'LogAppendTime' });
      const batch = batchOf(2, { baseTimestamp: 1000 });
      const info = log.appendAsLeader(batch, 0);
      expect(info.logAppendTimeMs).to.equal(clock.nowMs());
      expect(batch.readInt16BE(21) & 0x08).to.equal(0x08);
      expect(crcIsValid(batch)).to.equal(true);
      const [decoded] = await decodeBatches(log.read(0, 1 << 20, { minOneMessage: true }).records);
      expect(decoded.decoded.map((r) => r.timestamp)).to.deep.equal([clock.nowMs(), clock.nowMs()]);
      expect(log.offsetForTimestamp(clock.nowMs())).to.deep.equal({ offset: 0, timestamp: clock.nowMs() });
    });

    it('rejects a batch set larger than segment.bytes with RECORD_LIST_TOO_LARGE', () => {
      const log = openLog({ segmentBytes: 100 });
      expectStorageError(() => log.appendAsLeader(batchOf(3, { valueBytes: 50 }), 0), 18);
    });

    it('refuses a set whose middle batch breaks off with CORRUPT_MESSAGE and appends none of it', () => {
      const log = openLog();
      const broken = batchOf(2);
      broken.writeInt32BE(broken.length + 100, 8);
      expectStorageError(() => log.appendAsLeader(Buffer.concat([batchOf(1), broken, batchOf(1)]), 0), 2);
      expect([log.logEndOffset, log.sizeInBytes]).to.deep.equal([0, 0]);
    });
  });

  describe('read', () => {
    it('starts at the batch holding the fetch offset and returns whole batches within maxBytes', async () => {
      const log = openLog();
      for (let i = 0; i < 3; i++) log.appendAsLeader(batchOf(3, { valueBytes: 30 }), 0);
      const batchBytes = batchOf(3, { valueBytes: 30 }).length;
      expect(await decodedOffsets(log.read(4, 1 << 20, { minOneMessage: false }).records)).to.deep.equal([
        3, 4, 5, 6, 7, 8,
      ]);
      const bounded = log.read(0, batchBytes * 2 - 1, { minOneMessage: false });
      expect(bounded.records.length).to.equal(batchBytes);
      expect(bounded.firstBatchOffset).to.equal(0);
      expect(log.read(0, 10, { minOneMessage: false }).records.length).to.equal(0);
      expect(log.read(0, 10, { minOneMessage: true }).records.length).to.equal(batchBytes);
    });

    it('stops below maxOffset (the high watermark) and is empty at the bound', async () => {
      const log = openLog();
      for (let i = 0; i < 6; i++) log.appendAsLeader(batchOf(2, { valueBytes: 30 }), 0);
      expect(await decodedOffsets(log.read(0, 1 << 20, { maxOffset: 6, minOneMessage: true }).records)).to.deep.equal([
        0, 1, 2, 3, 4, 5,
      ]);
      expect(await decodedOffsets(log.read(3, 1 << 20, { maxOffset: 8, minOneMessage: true }).records)).to.deep.equal([
        2, 3, 4, 5, 6, 7,
      ]);
      expect(log.read(6, 1 << 20, { maxOffset: 6, minOneMessage: true }).records.length).to.equal(0);
      expect(log.read(12, 1 << 20, { minOneMessage: true }).records.length).to.equal(0);
    });

    it('reads one segment at a time, bounded by maxOffset inside a later segment', async () => {
      const log = openLog({ segmentBytes: 400 });
      for (let i = 0; i < 6; i++) log.appendAsLeader(batchOf(2, { valueBytes: 30 }), 0);
      expect(log.segmentBaseOffsets()).to.deep.equal([0, 4, 8]);
      expect(await decodedOffsets(log.read(0, 1 << 20, { maxOffset: 6, minOneMessage: true }).records)).to.deep.equal([
        0, 1, 2, 3,
      ]);
      expect(await decodedOffsets(log.read(4, 1 << 20, { maxOffset: 6, minOneMessage: true }).records)).to.deep.equal([
        4, 5,
      ]);
    });

    it('throws OFFSET_OUT_OF_RANGE below the log start offset or beyond the log end offset', () => {
      const log = openLog();
      log.appendAsLeader(batchOf(2), 0);
      expectStorageError(() => log.read(3, 100, { minOneMessage: true }), 1);
      expectStorageError(() => log.read(-1, 100, { minOneMessage: true }), 1);
    });
  });

  describe('rolling', () => {
    it('rolls by size into files named by each segment base offset, and reads across them', async () => {
      const log = openLog({ segmentBytes: 300 });
      for (let i = 0; i < 5; i++) log.appendAsLeader(batchOf(2, { valueBytes: 40 }), 0);
      expect(log.segmentBaseOffsets()).to.deep.equal([0, 2, 4, 6, 8]);
      expect(listDir(dir).filter((f) => f.endsWith('.log'))).to.include('00000000000000000006.log');
      expect(await decodedOffsets(log.read(0, 1 << 20, { minOneMessage: true }).records)).to.deep.equal([0, 1]);
      expect(await decodedOffsets(log.read(7, 1 << 20, { minOneMessage: true }).records)).to.deep.equal([6, 7]);
    });

    it('rolls by time once the incoming timestamps are more than segment.ms past the first batch', () => {
      const log = openLog({ segmentMs: 60_000 });
      log.appendAsLeader(batchOf(1, { baseTimestamp: 10_000 }), 0);
      log.appendAsLeader(batchOf(1, { baseTimestamp: 70_000 }), 0);
      expect(log.numberOfSegments).to.equal(1);
      log.appendAsLeader(batchOf(1, { baseTimestamp: 70_001 }), 0);
      expect(log.segmentBaseOffsets()).to.deep.equal([0, 2]);
    });

    it('rolls by wall-clock age when batches carry no timestamps', () => {
      const log = openLog({ segmentMs: 60_000 });
      log.appendAsLeader(batchOf(1, { maxTimestamp: -1 }), 0);
      clock.advance(60_001);
      log.appendAsLeader(batchOf(1, { maxTimestamp: -1 }), 0);
      expect(log.segmentBaseOffsets()).to.deep.equal([0, 1]);
    });

    it('rolls when the index is full', () => {
      const log = openLog({ segmentIndexBytes: 24, indexIntervalBytes: 1 });
      for (let i = 0; i < 6; i++) log.appendAsLeader(batchOf(1, { baseTimestamp: 1000 * (i + 1) }), 0);
      expect(log.segmentBaseOffsets()).to.deep.equal([0, 2, 4]);
    });

    it('roll() starts a segment at the log end offset and a background flush advances the recovery point', async () => {
      const log = openLog();
      log.appendAsLeader(batchOf(3), 0);
      log.roll();
      log.roll(); // the new active segment is empty: nothing to roll
      expect(log.segmentBaseOffsets()).to.deep.equal([0, 3]);
      await log.whenBackgroundFlushed();
      expect(log.recoveryPoint).to.equal(3);
    });
  });

  describe('appendAsFollower', () => {
    it('keeps the leader offsets, allows gaps and rejects offsets below the log end offset', () => {
      const log = openLog();
      expect(log.appendAsFollower(batchOf(2, { baseOffset: 0, partitionLeaderEpoch: 3 }))).to.include({
        firstOffset: 0,
        lastOffset: 1,
      });
      log.appendAsFollower(batchOf(2, { baseOffset: 5, partitionLeaderEpoch: 4 }));
      expect(log.logEndOffset).to.equal(7);
      expect(() => log.appendAsFollower(batchOf(1, { baseOffset: 6 }))).to.throw(StorageError, /below log end offset/);
      expect(log.leaderEpochEntries()).to.deep.equal([
        { epoch: 3, startOffset: 0 },
        { epoch: 4, startOffset: 5 },
      ]);
    });

    it('rejects a batch whose CRC does not match with CORRUPT_MESSAGE', () => {
      const log = openLog();
      const batch = batchOf(2);
      batch[batch.length - 1] ^= 0x01;
      expectStorageError(() => log.appendAsFollower(batch), 2);
    });
  });

  describe('leader epochs', () => {
    it('writes leader-epoch-checkpoint on each new epoch and reloads it', () => {
      const log = openLog();
      log.appendAsLeader(batchOf(2), 0);
      log.appendAsLeader(batchOf(2), 0);
      log.appendAsLeader(batchOf(3), 2);
      expect(fs.readFileSync(path.join(dir, 'leader-epoch-checkpoint'), 'utf8')).to.equal('0\n2\n0 0\n2 4\n');
      expect(log.latestEpoch()).to.equal(2);
      expect(log.endOffsetForEpoch(0)).to.deep.equal({ leaderEpoch: 0, endOffset: 4 });
      expect(log.endOffsetForEpoch(1)).to.deep.equal({ leaderEpoch: 0, endOffset: 4 });
      expect(log.endOffsetForEpoch(2)).to.deep.equal({ leaderEpoch: 2, endOffset: 7 });
      expect(log.endOffsetForEpoch(3)).to.deep.equal({ leaderEpoch: -1, endOffset: -1 });
      log.close();
      const reopened = openLog({}, { hadCleanShutdown: true });
      expect(reopened.leaderEpochEntries()).to.deep.equal([
        { epoch: 0, startOffset: 0 },
        { epoch: 2, startOffset: 4 },
      ]);
    });
  });

  describe('truncation', () => {
    it('truncateTo deletes later segments, trims the epoch cache and high watermark, and appends continue', async () => {
      const log = openLog({ segmentBytes: 300 });
      for (let i = 0; i < 4; i++) log.appendAsLeader(batchOf(2, { valueBytes: 40 }), i);
      log.updateHighWatermark(8);
      expect(log.truncateTo(3)).to.equal(true);
      expect(log.logEndOffset).to.equal(2);
      expect(log.segmentBaseOffsets()).to.deep.equal([0, 2]);
      expect(listDir(dir).filter((f) => f.endsWith('.log'))).to.deep.equal([
        '00000000000000000000.log',
        '00000000000000000002.log',
      ]);
      expect(log.highWatermark).to.equal(2);
      expect(log.leaderEpochEntries().map((e) => e.epoch)).to.deep.equal([0]);
      expect(log.appendAsLeader(batchOf(1), 5).firstOffset).to.equal(2);
      expect(await decodedOffsets(log.read(0, 1 << 20, { minOneMessage: true }).records)).to.deep.equal([0, 1]);
      expect(log.truncateTo(10)).to.equal(false);
    });

    it('truncateFullyAndStartAt empties the log and restarts it at the offset', () => {
      const log = openLog();
      log.appendAsLeader(batchOf(3), 1);
      log.truncateFullyAndStartAt(100);
      expect([log.logStartOffset, log.logEndOffset, log.highWatermark]).to.deep.equal([100, 100, 100]);
      expect(log.leaderEpochEntries()).to.deep.equal([]);
      expect(log.appendAsLeader(batchOf(1), 2).firstOffset).to.equal(100);
      expect(listDir(dir).filter((f) => f.endsWith('.log'))).to.deep.equal(['00000000000000000100.log']);
    });
  });

  it('updateHighWatermark clamps to [log start offset, log end offset]', () => {
    const log = openLog();
    log.appendAsLeader(batchOf(3), 0);
    expect(log.updateHighWatermark(10)).to.equal(3);
    expect(log.updateHighWatermark(-5)).to.equal(0);
  });

  it('offsetForTimestamp finds the first offset whose timestamp is at or after the target across segments', () => {
    const log = openLog({ segmentBytes: 250 });
    for (let i = 0; i < 4; i++) log.appendAsLeader(batchOf(2, { baseTimestamp: 10_000 * (i + 1), valueBytes: 40 }), 0);
    expect(log.numberOfSegments).to.be.greaterThan(1);
    expect(log.offsetForTimestamp(0)).to.deep.equal({ offset: 0, timestamp: 10_000 });
    expect(log.offsetForTimestamp(20_001)).to.deep.equal({ offset: 3, timestamp: 20_001 });
    expect(log.offsetForTimestamp(30_000)).to.deep.equal({ offset: 4, timestamp: 30_000 });
    expect(log.offsetForTimestamp(40_002)).to.equal(null);
  });

  describe('flushing', () => {
    it('flush() advances the recovery point to the log end offset', () => {
      const log = openLog();
      log.appendAsLeader(batchOf(4), 0);
      expect(log.recoveryPoint).to.equal(0);
      log.flush();
      expect(log.recoveryPoint).to.equal(4);
    });

    it('flushes by itself once flush.messages offsets are unflushed', () => {
      const log = openLog({ flushIntervalMessages: 5 });
      log.appendAsLeader(batchOf(4), 0);
      expect(log.recoveryPoint).to.equal(0);
      log.appendAsLeader(batchOf(1), 0);
      expect(log.recoveryPoint).to.equal(5);
    });
  });
});
