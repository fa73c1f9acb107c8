// Mocha root hooks: one real ZooKeeper per test run, on a free port with a temporary data dir,
// stopped by PID at the end (and killed if the run dies first). Specs reach it through
// spec/helpers/zookeeper.ts and each takes its own chroot. SAMSA_TEST_ZOOKEEPER=host:port uses
// an already running server instead.
import fs from 'fs';
import os from 'os';
import path from 'path';
import { startZooKeeperServer, ZooKeeperServer } from '../lib/cli/zookeeper-server';
import { createLogger } from '../lib/util/logger';
import { setSharedZooKeeper } from './helpers/zookeeper';

const START_TIMEOUT_MS = 60_000;

let server: ZooKeeperServer | null = null;
let dataDir: string | null = null;

function killNow(): void {
  if (server === null) return;
  try {
    process.kill(server.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

function onSignal(signal: NodeJS.Signals): void {
  killNow();
  process.kill(process.pid, signal); // our once-listener is gone: the default action ends the run
}

export const mochaHooks = {
  async beforeAll(this: Mocha.Context): Promise<void> {
    this.timeout(START_TIMEOUT_MS + 5_000);
    const external = process.env.SAMSA_TEST_ZOOKEEPER;
    if (external) {
      setSharedZooKeeper({ connectString: external, port: Number(external.split(':')[1] ?? 2181) });
      return;
    }
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'samsa-zk-'));
    server = await startZooKeeperServer({
      dataDir,
      startTimeoutMs: START_TIMEOUT_MS,
      logger: createLogger({ name: 'spec-zookeeper', level: process.env.LOG_LEVEL ?? 'warn' }),
    });
    process.once('exit', killNow);
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    setSharedZooKeeper({ connectString: server.connectString, port: server.port });
  },

  async afterAll(this: Mocha.Context): Promise<void> {
    this.timeout(20_000);
    setSharedZooKeeper(null);
    if (server !== null) {
      await server.stop();
      server = null;
      process.removeListener('exit', killNow);
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
    }
    if (dataDir !== null) {
      fs.rmSync(dataDir, { recursive: true, force: true });
      dataDir = null;
    }
  },
};
