// Proves retention deletes whole segments from the oldest, by size and by time (on an injected
// clock), only below the high watermark, never the empty active segment, moves the log start
// offset, honours cleanup.policy, and renames files .deleted until file.delete.delay.ms passes.
import { expect } from 'chai';
import path from 'path';
import { ManualClock } from '../../lib/util/clock';
import { silentLogger } from '../../lib/util/logger';
import { FileDeleter } from '../../lib/storage/file-deleter';
import type { LogConfig } from '../../lib/storage/log-config';
import { PartitionLog } from '../../lib/storage/partition-log';
import type { PartitionLogOptions } from '../../lib/storage/log-types';
import { batchOf, listDir, makeTempDir, removeTempDir, specLogConfig } from './fixtures';

const HOUR_MS = 3_600_000;

describe('storage/log-retention', () => {
  let root: string;
  let dir: string;
  let clock: ManualClock;
  const logs: PartitionLog[] = [];
  beforeEach(() => {
    root = makeTempDir();
    dir = path.join(root, 'metrics-0');
    clock = new ManualClock(100 * HOUR_MS);
  });
  afterEach(() => {
    for (const log of logs.splice(0)) log.close();
    removeTempDir(root);
  });

  /** Segments of two 2-record batches each: bases 0, 4, 8, ... */
  function openFilledLog(
    batches: number,
    config: Partial<LogConfig>,
    options: Partial<PartitionLogOptions> = {},
  ): PartitionLog {
    const log = PartitionLog.open({ dir, config: specLogConfig({ segmentBytes: 400, ...config }), clock, ...options });
    logs.push(log);
    for (let i = 0; i < batches; i++) {
      log.appendAsLeader(batchOf(2, { baseTimestamp: (i + 1) * HOUR_MS, valueBytes: 40 }), 0);
    }
    return log;
  }

  function logFiles(): string[] {
    return listDir(dir).filter((f) => f.includes('.log'));
  }

  it('by size: deletes the oldest segments while the log stays at or above retention.bytes without them', () => {
    const log = openFilledLog(6, {});
    log.updateHighWatermark(log.logEndOffset);
    const segmentBytes = log.sizeInBytes / 3;
    log.updateConfig({ ...log.config, retentionBytes: segmentBytes + 1 });
    expect(log.deleteOldSegments()).to.equal(1);
    expect(log.segmentBaseOffsets()).to.deep.equal([4, 8]);
    expect(log.logStartOffset).to.equal(4);
    expect(logFiles()).to.deep.equal(['00000000000000000004.log', '00000000000000000008.log']);
  });

  it('deletes only segments wholly below the high watermark', () => {
    const log = openFilledLog(6, { retentionBytes: 0 });
    log.updateHighWatermark(7);
    expect(log.deleteOldSegments()).to.equal(1);
    expect(log.logStartOffset).to.equal(4);
    log.updateHighWatermark(8);
    expect(log.deleteOldSegments()).to.equal(1);
    expect(log.segmentBaseOffsets()).to.deep.equal([8]);
  });

  it('by time: deletes segments whose newest timestamp is older than retention.ms', () => {
    const log = openFilledLog(6, { retentionMs: 10 * HOUR_MS });
    log.updateHighWatermark(log.logEndOffset);
    const newestInFirstSegment = 2 * HOUR_MS + 1; // second batch: base timestamp + 1 ms for its second record
    clock.set(newestInFirstSegment + 10 * HOUR_MS);
    expect(log.deleteOldSegments()).to.equal(0);
    clock.advance(1);
    expect(log.deleteOldSegments()).to.equal(1);
    expect(log.logStartOffset).to.equal(4);
  });

  it('when every segment has expired, rolls first and keeps an empty active segment at the log end', () => {
    const log = openFilledLog(6, { retentionMs: HOUR_MS });
    log.updateHighWatermark(log.logEndOffset);
    clock.set(1000 * HOUR_MS);
    expect(log.deleteOldSegments()).to.equal(3);
    expect(log.segmentBaseOffsets()).to.deep.equal([12]);
    expect([log.logStartOffset, log.logEndOffset, log.sizeInBytes]).to.deep.equal([12, 12, 0]);
    expect(log.deleteOldSegments()).to.equal(0);
    expect(log.appendAsLeader(batchOf(1), 0).firstOffset).to.equal(12);
  });

  it('applies no time or size retention under cleanup.policy=compact', () => {
    const log = openFilledLog(6, { retentionMs: HOUR_MS, retentionBytes: 0, cleanupPolicy: 'compact' });
    log.updateHighWatermark(log.logEndOffset);
    clock.set(1000 * HOUR_MS);
    expect(log.deleteOldSegments()).to.equal(0);
  });

  it('deletes segments wholly below a log start offset moved by DeleteRecords, whatever the policy', () => {
    const log = openFilledLog(6, { cleanupPolicy: 'compact' });
    log.updateHighWatermark(log.logEndOffset);
    log.maybeIncrementLogStartOffset(9);
    expect(log.deleteOldSegments()).to.equal(2);
    expect(log.segmentBaseOffsets()).to.deep.equal([8]);
    expect(log.logStartOffset).to.equal(9);
  });

  it('renames deleted segments .deleted and removes them only after file.delete.delay.ms', () => {
    const deleter = new FileDeleter(silentLogger());
    const log = openFilledLog(6, { retentionBytes: 0, fileDeleteDelayMs: 60_000 }, { deleter });
    log.updateHighWatermark(4);
    expect(log.deleteOldSegments()).to.equal(1);
    expect(listDir(dir)).to.include.members([
      '00000000000000000000.log.deleted',
      '00000000000000000000.index.deleted',
      '00000000000000000000.timeindex.deleted',
    ]);
    deleter.runAllNow();
    expect(listDir(dir).filter((f) => f.endsWith('.deleted'))).to.deep.equal([]);
  });
});
