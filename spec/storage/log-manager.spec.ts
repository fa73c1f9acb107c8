// Proves the log manager loads every partition dir of every log dir, honours the clean-shutdown
// marker and the checkpoint files, places new partitions in the least loaded dir, deletes
// partitions by renaming them -delete, runs retention and checkpoints on timers, and shuts down
// leaving checkpoints plus the marker.
import { expect } from 'chai';
import fs from 'fs';
import path from 'path';
import { ManualClock } from '../../lib/util/clock';
import type { LogConfig } from '../../lib/storage/log-config';
import { LogManager } from '../../lib/storage/log-manager';
import { waitUntil } from '../helpers/wait';
import { batchOf, listDir, makeTempDir, removeTempDir, specLogConfig } from './fixtures';

describe('storage/log-manager', () => {
  let root: string;
  let dirA: string;
  let dirB: string;
  let clock: ManualClock;
  const managers: LogManager[] = [];
  beforeEach(() => {
    root = makeTempDir();
    dirA = path.join(root, 'a');
    dirB = path.join(root, 'b');
    clock = new ManualClock(1_700_000_000_000);
  });
  afterEach(() => {
    for (const manager of managers.splice(0)) manager.stopSchedulers();
    removeTempDir(root);
  });

  function start(config: Partial<LogConfig> = {}, logDirs = [dirA, dirB]): LogManager {
    const manager = new LogManager({ logDirs, defaultConfig: specLogConfig(config), clock });
    managers.push(manager);
    manager.startup();
    return manager;
  }

  function read(file: string): string {
    return fs.readFileSync(file, 'utf8');
  }

  it('creates new partitions in the log dir holding the fewest', () => {
    const manager = start();
    for (const p of [0, 1, 2]) manager.getOrCreateLog('orders', p);
    expect(listDir(dirA).filter((n) => n.startsWith('orders'))).to.deep.equal(['orders-0', 'orders-2']);
    expect(listDir(dirB).filter((n) => n.startsWith('orders'))).to.deep.equal(['orders-1']);
    expect(manager.getOrCreateLog('orders', 1)).to.equal(manager.getLog('orders', 1));
    expect(manager.allLogs()).to.have.length(3);
  });

  it('shuts down with checkpoints and the clean-shutdown marker, and restarts from them', () => {
    const manager = start();
    const log = manager.getOrCreateLog('orders', 0);
    log.appendAsLeader(batchOf(5), 0);
    log.updateHighWatermark(4);
    manager.shutdown();
    expect(read(path.join(dirA, 'recovery-point-offset-checkpoint'))).to.equal('0\n1\norders 0 5\n');
    expect(read(path.join(dirA, 'replication-offset-checkpoint'))).to.equal('0\n1\norders 0 4\n');
    expect(read(path.join(dirA, 'log-start-offset-checkpoint'))).to.equal('0\n0\n');
    expect(read(path.join(dirB, 'recovery-point-offset-checkpoint'))).to.equal('0\n0\n');
    expect(fs.existsSync(path.join(dirA, '.kafka_cleanshutdown'))).to.equal(true);

    const restarted = start();
    expect(fs.existsSync(path.join(dirA, '.kafka_cleanshutdown'))).to.equal(false);
    const reloaded = restarted.getLog('orders', 0)!;
    expect([reloaded.logEndOffset, reloaded.highWatermark, reloaded.recoveryPoint]).to.deep.equal([5, 4, 5]);
  });

  it('skips recovery after a clean shutdown but recovers after a crash', () => {
    const manager = start();
    manager.getOrCreateLog('orders', 0).appendAsLeader(batchOf(3), 0);
    manager.getOrCreateLog('orders', 0).appendAsLeader(batchOf(3), 0);
    manager.shutdown();
    const file = path.join(dirA, 'orders-0', '00000000000000000000.log');
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 5] ^= 0xff;
    fs.writeFileSync(file, bytes);
    const trusting = start();
    expect(trusting.getLog('orders', 0)!.logEndOffset).to.equal(6); // the marker said clean: no scan
    trusting.checkpointAll(); // a periodic checkpoint, then a crash: no shutdown, no marker
    const recovering = start();
    expect(recovering.getLog('orders', 0)!.logEndOffset).to.equal(3);
  });

  it('removes leftover -delete dirs and ignores -future and foreign dirs at startup', () => {
    for (const name of [
      'orders-0.0123456789abcdef0123456789abcdef-delete',
      'orders-1.0123456789abcdef0123456789abcdef-future',
      'lost+found',
    ]) {
      fs.mkdirSync(path.join(dirA, name), { recursive: true });
    }
    const manager = start({ fileDeleteDelayMs: 0 }, [dirA]);
    expect(manager.allLogs()).to.have.length(0);
    expect(listDir(dirA)).to.deep.equal(['.lock', 'lost+found', 'orders-1.0123456789abcdef0123456789abcdef-future']);
  });

  it('refuses to start when one partition lives in two log dirs', () => {
    fs.mkdirSync(path.join(dirA, 'orders-0'), { recursive: true });
    fs.mkdirSync(path.join(dirB, 'orders-0'), { recursive: true });
    expect(() => start()).to.throw(/duplicate log directories for orders-0/);
  });

  it('deletes a partition by renaming it -delete and removing it after file.delete.delay.ms', () => {
    const manager = start({ fileDeleteDelayMs: 60_000 }, [dirA]);
    manager.getOrCreateLog('orders', 0).appendAsLeader(batchOf(2), 0);
    manager.getOrCreateLog('orders', 1);
    expect(manager.deleteLog('orders', 0)).to.equal(true);
    expect(manager.deleteLog('orders', 0)).to.equal(false);
    expect(manager.getLog('orders', 0)).to.equal(undefined);
    expect(listDir(dirA).some((n) => /^orders-0\.[0-9a-f]{32}-delete$/.test(n))).to.equal(true);
    expect(read(path.join(dirA, 'recovery-point-offset-checkpoint'))).to.equal('0\n1\norders 1 0\n');
    manager.shutdown();
    expect(listDir(dirA).some((n) => n.endsWith('-delete'))).to.equal(false);
  });

  it('applies a topic config change to existing logs and to new partitions', () => {
    const manager = start();
    const before = manager.getOrCreateLog('orders', 0);
    manager.setTopicConfig('orders', specLogConfig({ retentionMs: 1234 }));
    expect(before.config.retentionMs).to.equal(1234);
    expect(manager.getOrCreateLog('orders', 1).config.retentionMs).to.equal(1234);
    expect(manager.getOrCreateLog('other', 0).config.retentionMs).to.equal(specLogConfig().retentionMs);
  });

  it('runs retention and checkpoints on its timers', async () => {
    const manager = start({ segmentBytes: 300, retentionMs: 1000 }, [dirA]);
    const log = manager.getOrCreateLog('orders', 0);
    for (let i = 0; i < 4; i++) log.appendAsLeader(batchOf(2, { baseTimestamp: clock.nowMs(), valueBytes: 40 }), 0);
    log.updateHighWatermark(log.logEndOffset);
    clock.advance(5000);
    manager.startSchedulers({ retentionCheckIntervalMs: 10, checkpointIntervalMs: 10 });
    await waitUntil(() => log.logStartOffset === 8, {
      timeoutMs: 2000,
      intervalMs: 5,
      message: 'retention to delete the expired segments',
    });
    await waitUntil(() => fs.existsSync(path.join(dirA, 'replication-offset-checkpoint')), {
      timeoutMs: 2000,
      intervalMs: 5,
      message: 'a checkpoint',
    });
    manager.stopSchedulers();
    expect(log.segmentBaseOffsets()).to.deep.equal([8]);
  });

  it('treats an unreadable checkpoint as absent (a full recovery instead of a refusal)', () => {
    const manager = start({}, [dirA]);
    manager.getOrCreateLog('orders', 0).appendAsLeader(batchOf(3), 0);
    manager.checkpointAll();
    fs.writeFileSync(path.join(dirA, 'recovery-point-offset-checkpoint'), 'garbage\n');
    const restarted = start({}, [dirA]);
    expect(restarted.getLog('orders', 0)!.logEndOffset).to.equal(3);
  });
});
