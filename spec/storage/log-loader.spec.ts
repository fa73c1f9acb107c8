// Proves a partition log survives restarts: a clean reopen keeps everything without rescanning,
// a crash reopen keeps every valid batch, a torn or corrupted tail is cut back to the last valid
// batch (and later segments go), recovery starts at the recovery point, and leftovers of
// interrupted work are cleared.
import { expect } from 'chai';
import fs from 'fs';
import path from 'path';
import { ManualClock } from '../../lib/util/clock';
import type { LogConfig } from '../../lib/storage/log-config';
import { PartitionLog } from '../../lib/storage/partition-log';
import type { PartitionLogOptions } from '../../lib/storage/log-types';
import { batchOf, decodedOffsets, listDir, makeTempDir, removeTempDir, specLogConfig } from './fixtures';

describe('storage/log-loader (recovery)', () => {
  let root: string;
  let dir: string;
  let clock: ManualClock;
  const logs: PartitionLog[] = [];
  beforeEach(() => {
    root = makeTempDir();
    dir = path.join(root, 'events-3');
    clock = new ManualClock(1_700_000_000_000);
  });
  afterEach(() => {
    for (const log of logs.splice(0)) log.close();
    removeTempDir(root);
  });

  /** Crashed logs are left open on purpose: a crash never closes anything. */
  function openLog(
    options: Partial<PartitionLogOptions> = {},
    config: Partial<LogConfig> = {},
    track = true,
  ): PartitionLog {
    const log = PartitionLog.open({ dir, config: specLogConfig(config), clock, ...options });
    if (track) logs.push(log);
    return log;
  }

  function fillLog(log: PartitionLog, batches: number, recordsPerBatch = 2): void {
    for (let i = 0; i < batches; i++)
      log.appendAsLeader(batchOf(recordsPerBatch, { baseTimestamp: 1000 * (i + 1), valueBytes: 40 }), i);
  }

  async function allOffsets(log: PartitionLog): Promise<number[]> {
    const offsets: number[] = [];
    let next = log.logStartOffset;
    for (let guard = 0; next < log.logEndOffset && guard < 1000; guard++) {
      const read = log.read(next, 1 << 20, { minOneMessage: true });
      const batchOffsets = await decodedOffsets(read.records);
      offsets.push(...batchOffsets);
      next = batchOffsets.length > 0 ? batchOffsets[batchOffsets.length - 1] + 1 : next + 1;
    }
    return offsets;
  }

  function logFile(baseOffset: number): string {
    return path.join(dir, `${String(baseOffset).padStart(20, '0')}.log`);
  }

  it('reopens after a clean close with every offset, segment and epoch, recovery point at the end', async () => {
    const log = openLog({}, { segmentBytes: 400 }, false);
    fillLog(log, 5);
    log.close();
    const reopened = openLog({ hadCleanShutdown: true, highWatermark: 8 }, { segmentBytes: 400 });
    expect(reopened.logEndOffset).to.equal(10);
    expect(reopened.segmentBaseOffsets()).to.deep.equal(log.segmentBaseOffsets());
    expect(reopened.recoveryPoint).to.equal(10);
    expect(reopened.highWatermark).to.equal(8);
    expect(reopened.leaderEpochEntries()).to.have.length(5);
    expect(await allOffsets(reopened)).to.deep.equal([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(reopened.appendAsLeader(batchOf(1), 5).firstOffset).to.equal(10);
  });

  it('reopens after a crash (no close, no marker) keeping every valid batch', async () => {
    const crashed = openLog({}, { segmentBytes: 400 }, false);
    fillLog(crashed, 5);
    const reopened = openLog({ recoveryPoint: 0 }, { segmentBytes: 400 });
    expect(reopened.logEndOffset).to.equal(10);
    expect(reopened.recoveryPoint).to.equal(0);
    expect(await allOffsets(reopened)).to.deep.equal([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(reopened.offsetForTimestamp(3000)).to.deep.equal({ offset: 4, timestamp: 3000 });
  });

  it('cuts a batch torn mid-way back to the last valid batch, and appends continue from there', async () => {
    const crashed = openLog({}, {}, false);
    fillLog(crashed, 3);
    const file = logFile(0);
    fs.truncateSync(file, fs.statSync(file).size - 25);
    const reopened = openLog();
    expect(reopened.logEndOffset).to.equal(4);
    expect(reopened.appendAsLeader(batchOf(1), 9).firstOffset).to.equal(4);
    expect(await allOffsets(reopened)).to.deep.equal([0, 1, 2, 3, 4]);
  });

  it('drops a last batch whose bytes were flipped (CRC mismatch)', async () => {
    const crashed = openLog({}, {}, false);
    fillLog(crashed, 3);
    const file = logFile(0);
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 10] ^= 0x5a;
    fs.writeFileSync(file, bytes);
    const reopened = openLog();
    expect(reopened.logEndOffset).to.equal(4);
    expect(await allOffsets(reopened)).to.deep.equal([0, 1, 2, 3]);
    expect(reopened.leaderEpochEntries().map((e) => e.epoch)).to.deep.equal([0, 1]);
  });

  it('deletes the segments after one that recovery had to truncate', () => {
    const crashed = openLog({}, { segmentBytes: 400 }, false);
    fillLog(crashed, 6);
    expect(crashed.segmentBaseOffsets()).to.deep.equal([0, 4, 8]);
    fs.truncateSync(logFile(4), fs.statSync(logFile(4)).size - 5);
    const reopened = openLog({ recoveryPoint: 4 }, { segmentBytes: 400 });
    expect(reopened.segmentBaseOffsets()).to.deep.equal([0, 4]);
    expect(reopened.logEndOffset).to.equal(6);
    expect(listDir(dir).filter((f) => f.endsWith('.log'))).to.deep.equal([
      '00000000000000000000.log',
      '00000000000000000004.log',
    ]);
  });

  it('does not rescan segments below the recovery point', () => {
    const crashed = openLog({}, { segmentBytes: 400 }, false);
    fillLog(crashed, 6);
    crashed.flush(8);
    const bytes = fs.readFileSync(logFile(0));
    bytes[bytes.length - 10] ^= 0x5a; // below the recovery point: trusted, not checked
    fs.writeFileSync(logFile(0), bytes);
    const reopened = openLog({ recoveryPoint: 8 }, { segmentBytes: 400 });
    expect(reopened.segmentBaseOffsets()).to.deep.equal([0, 4, 8]);
    expect(reopened.logEndOffset).to.equal(12);
  });

  it('rebuilds a missing index even after a clean shutdown', async () => {
    const log = openLog({}, { segmentBytes: 400, indexIntervalBytes: 50 }, false);
    fillLog(log, 6);
    log.close();
    fs.rmSync(path.join(dir, '00000000000000000000.index'));
    const reopened = openLog({ hadCleanShutdown: true }, { segmentBytes: 400, indexIntervalBytes: 50 });
    expect(fs.existsSync(path.join(dir, '00000000000000000000.index'))).to.equal(true);
    expect(await decodedOffsets(reopened.read(3, 1 << 20, { minOneMessage: true }).records)).to.deep.equal([2, 3]);
  });

  it('removes .deleted, .cleaned and .swap leftovers and orphan indexes', () => {
    const log = openLog({}, {}, false);
    fillLog(log, 1);
    log.close();
    for (const name of [
      '00000000000000000050.log.deleted',
      '00000000000000000050.index.swap',
      'x.cleaned',
      '00000000000000000077.index',
    ]) {
      fs.writeFileSync(path.join(dir, name), 'junk');
    }
    openLog({ hadCleanShutdown: true });
    expect(listDir(dir)).to.deep.equal([
      '00000000000000000000.index',
      '00000000000000000000.log',
      '00000000000000000000.timeindex',
      'leader-epoch-checkpoint',
    ]);
  });

  it('starts empty at the log start offset when the segments end below it', () => {
    const log = openLog({}, {}, false);
    fillLog(log, 2);
    log.close();
    const reopened = openLog({ hadCleanShutdown: true, logStartOffset: 50 });
    expect([reopened.logStartOffset, reopened.logEndOffset]).to.deep.equal([50, 50]);
    expect(reopened.segmentBaseOffsets()).to.deep.equal([50]);
  });

  it('rebuilds the leader-epoch history from the batches when its checkpoint is lost in a crash', () => {
    const crashed = openLog({}, {}, false);
    fillLog(crashed, 3);
    fs.rmSync(path.join(dir, 'leader-epoch-checkpoint'));
    const reopened = openLog();
    expect(reopened.leaderEpochEntries()).to.deep.equal([
      { epoch: 0, startOffset: 0 },
      { epoch: 1, startOffset: 2 },
      { epoch: 2, startOffset: 4 },
    ]);
  });
});
