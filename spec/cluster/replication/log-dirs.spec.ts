// Proves what DescribeLogDirs reports from a log manager with two real log dirs: each dir lists
// the partition logs it holds with their size in bytes (the segment files' length) and Kafka's
// offset lag (0 for a hosted partition, -1 for a log no hosted partition owns); a topic filter
// keeps only the partitions named; a dir taken offline by an I/O error is listed with
// KAFKA_STORAGE_ERROR and no partitions while the other dir is still described.
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeLogDirs, INVALID_OFFSET_LAG } from '../../../lib/cluster/replication/log-dirs';
import { LogDirFailureChannel } from '../../../lib/storage/log-dir-failure-channel';
import { LogManager } from '../../../lib/storage/log-manager';
import { ErrorCode } from '../../../lib/protocol/error-codes';
import { ManualClock } from '../../../lib/util/clock';
import { silentLogger } from '../../../lib/util/logger';
import { batchOf, makeTempDir, removeTempDir, specLogConfig } from '../../storage/fixtures';

describe('cluster/replication/log-dirs', () => {
  let first: string;
  let second: string;
  let manager: LogManager;
  let failures: LogDirFailureChannel;

  beforeEach(() => {
    first = makeTempDir();
    second = makeTempDir();
    failures = new LogDirFailureChannel(silentLogger());
    manager = new LogManager({
      logDirs: [first, second],
      defaultConfig: specLogConfig(),
      clock: new ManualClock(1),
      failureChannel: failures,
    });
    manager.startup();
  });

  afterEach(() => {
    manager.shutdown();
    removeTempDir(first);
    removeTempDir(second);
  });

  const segmentBytes = (dir: string) =>
    fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.log'))
      .reduce((sum, f) => sum + fs.statSync(path.join(dir, f)).size, 0);

  it('lists each dir with its logs, their sizes on disk and offset lags', () => {
    const a0 = manager.getOrCreateLog('a', 0);
    const a1 = manager.getOrCreateLog('a', 1);
    a0.appendAsLeader(batchOf(5, { valueBytes: 100 }), 0);
    a1.appendAsLeader(batchOf(2, { valueBytes: 10 }), 0);
    const hosted = (topic: string, partition: number) => topic === 'a' && partition === 0;
    const dirs = describeLogDirs(manager, hosted, null);
    expect(dirs.map((d) => [d.logDir, d.errorCode])).to.deep.equal([
      [path.resolve(first), ErrorCode.NONE],
      [path.resolve(second), ErrorCode.NONE],
    ]);
    const all = dirs.flatMap((d) => d.partitions.map((p) => ({ ...p, dir: d.logDir })));
    expect(all).to.deep.equal([
      { topic: 'a', partition: 0, sizeBytes: segmentBytes(a0.dir), offsetLag: 0, dir: path.dirname(a0.dir) },
      {
        topic: 'a',
        partition: 1,
        sizeBytes: segmentBytes(a1.dir),
        offsetLag: INVALID_OFFSET_LAG,
        dir: path.dirname(a1.dir),
      },
    ]);
    expect(all[0].sizeBytes).to.be.greaterThan(all[1].sizeBytes).and.greaterThan(500);
  });

  it('keeps only the partitions a filter names', () => {
    manager.getOrCreateLog('a', 0);
    manager.getOrCreateLog('a', 1);
    manager.getOrCreateLog('b', 0);
    const dirs = describeLogDirs(
      manager,
      () => true,
      new Map([
        ['a', new Set([1])],
        ['c', new Set([0])],
      ]),
    );
    expect(dirs.flatMap((d) => d.partitions.map((p) => `${p.topic}-${p.partition}`))).to.deep.equal(['a-1']);
  });

  it('lists an offline dir with KAFKA_STORAGE_ERROR and no partitions, the other still described', () => {
    const a0 = manager.getOrCreateLog('a', 0);
    const a1 = manager.getOrCreateLog('a', 1);
    const failed = path.dirname(a1.dir);
    failures.markOffline(failed, 'spec', new Error('EIO: simulated'));
    const dirs = describeLogDirs(manager, () => true, null);
    const byDir = new Map(dirs.map((d) => [d.logDir, d]));
    expect(byDir.get(path.resolve(failed))).to.deep.equal({
      logDir: path.resolve(failed),
      errorCode: ErrorCode.KAFKA_STORAGE_ERROR,
      partitions: [],
    });
    expect(byDir.get(path.resolve(path.dirname(a0.dir)))?.partitions.map((p) => p.partition)).to.deep.equal([0]);
  });
});
