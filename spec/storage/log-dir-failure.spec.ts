// Proves an I/O error in a log dir takes that whole dir offline, on real file systems (a small
// tmpfs filled to ENOSPC, or made read-only for EROFS): the failing append is rolled back so no
// partial batch stays in the segment, every later operation on the dir answers
// KAFKA_STORAGE_ERROR (56), listeners hear of it once, and the log manager forgets the dir's logs
// while logs in its other dir keep appending, reading and checkpointing. The segments read
// back clean (CRC, no torn tail) once the space is back.
import { expect } from 'chai';
import fs from 'fs';
import path from 'path';
import { ManualClock } from '../../lib/util/clock';
import { LogDirFailureChannel, isIoError } from '../../lib/storage/log-dir-failure-channel';
import { LogManager } from '../../lib/storage/log-manager';
import { PartitionLog } from '../../lib/storage/partition-log';
import { StorageError } from '../../lib/storage/storage-error';
import { CLEAN_SHUTDOWN_FILE, REPLICATION_OFFSET_CHECKPOINT_FILE } from '../../lib/storage/log-files';
import { Tmpfs } from '../helpers/tmpfs';
import { checkLogDir, checkSegmentFile } from '../helpers/segment-check';
import { waitUntil } from '../helpers/wait';
import { batchOf, makeTempDir, removeTempDir, specLogConfig } from './fixtures';

const KAFKA_STORAGE_ERROR = 56;
const TMPFS_BYTES = 1024 * 1024;

function storageErrorOf(work: () => unknown): StorageError {
  try {
    work();
  } catch (err) {
    expect(err).to.be.instanceOf(StorageError);
    return err as StorageError;
  }
  return expect.fail('expected a StorageError') as never;
}

/** Appends batches of ~8 KiB until the disk refuses one; returns the error and the sizes around it. */
function appendUntilFull(
  log: PartitionLog,
  segmentFile: string,
): { error: StorageError; sizeBefore: number; sizeAfter: number } {
  for (let i = 0; i < 1000; i++) {
    const sizeBefore = fs.statSync(segmentFile).size;
    try {
      log.appendAsLeader(batchOf(8, { valueBytes: 1000, prefix: `b${i}-` }), 0);
    } catch (err) {
      expect(err).to.be.instanceOf(StorageError);
      return { error: err as StorageError, sizeBefore, sizeAfter: fs.statSync(segmentFile).size };
    }
  }
  return expect.fail('the disk never filled up') as never;
}

describe('storage/log-dir-failure', function () {
  this.timeout(20000);
  let root: string;
  let tmpfs: Tmpfs | null = null;
  const closers: Array<() => void> = [];
  beforeEach(() => {
    root = makeTempDir();
    tmpfs = Tmpfs.mount('logdir-spec', TMPFS_BYTES);
  });
  afterEach(() => {
    for (const close of closers.splice(0)) close();
    tmpfs?.unmount();
    tmpfs = null;
    removeTempDir(root);
  });

  describe('LogDirFailureChannel', () => {
    it('turns a system call error into KAFKA_STORAGE_ERROR, takes the dir offline once and refuses it afterwards', async () => {
      const channel = new LogDirFailureChannel();
      const heard: string[] = [];
      channel.onFailure((dir) => heard.push(dir));
      const missing = path.join(root, 'no-such-dir', 'file');
      const error = storageErrorOf(() => channel.guard('/data/a', 'open', () => fs.openSync(missing, 'r')));
      expect(error.code).to.equal(KAFKA_STORAGE_ERROR);
      expect(channel.isOffline('/data/a')).to.equal(true);
      expect(channel.reasonOf('/data/a')).to.match(/open: ENOENT/);
      channel.markOffline('/data/a', 'again', new Error('second report'));
      expect(heard, 'listeners run on a later tick').to.deep.equal([]);
      await waitUntil(() => heard.length > 0, { timeoutMs: 1000, message: 'the failure listener' });
      expect(heard).to.deep.equal(['/data/a']);
      let ran = false;
      expect(
        storageErrorOf(() =>
          channel.guard('/data/a', 'read', () => {
            ran = true;
          }),
        ).code,
      ).to.equal(KAFKA_STORAGE_ERROR);
      expect(ran, 'work on an offline dir is not even started').to.equal(false);
      expect(channel.guard('/data/b', 'read', () => 7)).to.equal(7);
    });

    it('lets errors that are not I/O errors through unchanged, leaving the dir online', () => {
      const channel = new LogDirFailureChannel();
      const bug = new RangeError('a storage bug, not a disk');
      expect(() =>
        channel.guard('/data/a', 'append', () => {
          throw bug;
        }),
      ).to.throw(bug);
      expect(channel.isOffline('/data/a')).to.equal(false);
      expect(isIoError(bug)).to.equal(false);
    });
  });

  describe('PartitionLog on a full disk', () => {
    it('rolls the failed append back, refuses the dir with KAFKA_STORAGE_ERROR, and recovers every earlier batch', () => {
      const fsys = tmpfs as Tmpfs;
      const channel = new LogDirFailureChannel();
      const dir = path.join(fsys.dir, 'orders-0');
      const log = PartitionLog.open({
        dir,
        config: specLogConfig({ indexIntervalBytes: 1 }),
        clock: new ManualClock(1),
        failureChannel: channel,
      });
      closers.push(() => log.close());
      log.appendAsLeader(batchOf(4), 0);
      fsys.fill();
      const segmentFile = path.join(dir, '00000000000000000000.log');
      const { error, sizeBefore, sizeAfter } = appendUntilFull(log, segmentFile);
      expect(error.code).to.equal(KAFKA_STORAGE_ERROR);
      expect(error.message).to.match(/ENOSPC/);
      expect(sizeAfter, 'the partial batch is cut off again').to.equal(sizeBefore);
      expect(channel.isOffline(fsys.dir)).to.equal(true);
      const endOffset = log.logEndOffset;
      expect(storageErrorOf(() => log.read(0, 1 << 20, { minOneMessage: true })).code).to.equal(KAFKA_STORAGE_ERROR);
      expect(storageErrorOf(() => log.appendAsLeader(batchOf(1), 0)).code).to.equal(KAFKA_STORAGE_ERROR);
      expect(storageErrorOf(() => log.flush()).code).to.equal(KAFKA_STORAGE_ERROR);
      log.close();

      expect(checkSegmentFile(segmentFile).problems).to.deep.equal([]);
      fsys.release();
      const reopened = PartitionLog.open({ dir, config: specLogConfig(), clock: new ManualClock(2) });
      closers.push(() => reopened.close());
      expect(reopened.logEndOffset, 'recovery keeps every appended batch').to.equal(endOffset);
      expect(reopened.appendAsLeader(batchOf(1), 1).firstOffset).to.equal(endOffset);
    });
  });

  describe('LogManager with a failing and a healthy log dir', () => {
    function startManager(failingDir: string): { manager: LogManager; healthyDir: string } {
      const healthyDir = path.join(root, 'healthy');
      const manager = new LogManager({
        logDirs: [failingDir, healthyDir],
        defaultConfig: specLogConfig(),
        clock: new ManualClock(1),
      });
      manager.startup();
      closers.push(() => manager.stopSchedulers());
      return { manager, healthyDir };
    }

    it('forgets the full dir and its logs while the other dir keeps serving, checkpointing and creating logs', async () => {
      const fsys = tmpfs as Tmpfs;
      const { manager, healthyDir } = startManager(fsys.dir);
      const onTmpfs = manager.getOrCreateLog('orders', 0);
      const onDisk = manager.getOrCreateLog('orders', 1);
      expect([onTmpfs.logDir, onDisk.logDir]).to.deep.equal([fsys.dir, healthyDir]);
      onTmpfs.appendAsLeader(batchOf(2), 0);
      fsys.fill();
      appendUntilFull(onTmpfs, path.join(onTmpfs.dir, '00000000000000000000.log'));
      await waitUntil(() => manager.getLog('orders', 0) === undefined, {
        timeoutMs: 2000,
        message: 'the failed log to be dropped',
      });

      expect(manager.liveLogDirs()).to.deep.equal([healthyDir]);
      expect(manager.offlineLogDirs()).to.deep.equal([fsys.dir]);
      expect(storageErrorOf(() => manager.getOrCreateLog('orders', 0)).code, 'never recreated elsewhere').to.equal(
        KAFKA_STORAGE_ERROR,
      );
      expect(manager.getOrCreateLog('orders', 2).logDir).to.equal(healthyDir);
      expect(onDisk.appendAsLeader(batchOf(3), 0).lastOffset).to.equal(2);
      expect(onDisk.read(0, 1 << 20, { minOneMessage: true }).records.length).to.be.greaterThan(0);
      onDisk.updateHighWatermark(3);
      manager.checkpointAll();
      expect(fs.readFileSync(path.join(healthyDir, REPLICATION_OFFSET_CHECKPOINT_FILE), 'utf8')).to.match(
        /^orders 1 3$/m,
      );
      manager.shutdown();
      expect(fs.existsSync(path.join(healthyDir, CLEAN_SHUTDOWN_FILE))).to.equal(true);
      expect(
        fs.existsSync(path.join(fsys.dir, CLEAN_SHUTDOWN_FILE)),
        'no clean-shutdown marker on the failed dir',
      ).to.equal(false);
      expect(checkLogDir(fsys.dir).flatMap((r) => r.problems)).to.deep.equal([]);
    });

    it('takes a read-only dir offline at the first write that opens a file there (a roll, a checkpoint)', async () => {
      const fsys = tmpfs as Tmpfs;
      const { manager, healthyDir } = startManager(fsys.dir);
      const onTmpfs = manager.getOrCreateLog('orders', 0);
      onTmpfs.appendAsLeader(batchOf(2), 0);
      fsys.makeReadOnly();
      const error = storageErrorOf(() => onTmpfs.roll());
      expect(error.code).to.equal(KAFKA_STORAGE_ERROR);
      expect(error.message).to.match(/EROFS/);
      expect(() => manager.checkpointAll(), 'checkpoints skip the failed dir').not.to.throw();
      await waitUntil(() => manager.getLog('orders', 0) === undefined, {
        timeoutMs: 2000,
        message: 'the failed log to be dropped',
      });
      expect(manager.liveLogDirs()).to.deep.equal([healthyDir]);
    });

    it('starts without a dir that cannot be loaded, and refuses to start when no dir can', () => {
      const fsys = tmpfs as Tmpfs;
      fsys.makeReadOnly();
      const unloadable = path.join(fsys.dir, 'logs');
      const { manager, healthyDir } = startManager(unloadable);
      expect(manager.liveLogDirs()).to.deep.equal([healthyDir]);
      expect(manager.getOrCreateLog('orders', 0).logDir).to.equal(healthyDir);
      const alone = new LogManager({
        logDirs: [unloadable],
        defaultConfig: specLogConfig(),
        clock: new ManualClock(1),
      });
      expect(() => alone.startup()).to.throw(/all log dirs failed/);
    });
  });
});
