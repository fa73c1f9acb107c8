// Brokers for specs: in-process (port 0, temp log dir) or as real `bin/broker` processes.
// Every broker is registered for teardown the moment it is created; processes are stopped by
// PID.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn, ChildProcess } from 'node:child_process';
import { Broker } from '../../lib/server/broker';
import { buildBrokerConfig } from '../../lib/server/config';
import { silentLogger, createLogger } from '../../lib/util/logger';
import { zkChroot } from './zookeeper';
import { waitUntil } from './wait';
import { startOperatorHttp, type OperatorHttp } from '../../lib/web';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..', '..');

export function tempDir(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `samsa-${label}-`));
}

export function brokerProperties(props: Record<string, string | number | boolean>): Map<string, string> {
  return new Map(Object.entries(props).map(([k, v]) => [k, String(v)]));
}

export interface TestBroker {
  broker: Broker;
  port: number;
  bootstrap: string;
  logDir: string;
  connectString: string;
  /** The operator HTTP port (/metrics, console) when the props set samsa.http.listener. */
  http: OperatorHttp | null;
  stop(): Promise<void>;
}

const running = new Set<{ stop(): Promise<unknown> }>();

/** Stops everything the current spec started (call from afterEach). */
export async function stopAllBrokers(): Promise<void> {
  const all = [...running];
  running.clear();
  await Promise.all(all.map((b) => b.stop().catch(() => undefined)));
}

export async function startBroker(options: {
  label: string;
  connectString?: string;
  brokerId?: number;
  logDir?: string;
  props?: Record<string, string | number | boolean>;
}): Promise<TestBroker> {
  const connectString = options.connectString ?? zkChroot(options.label);
  const logDir = options.logDir ?? tempDir(options.label);
  const config = buildBrokerConfig(
    brokerProperties({
      'broker.id': options.brokerId ?? 0,
      listeners: 'PLAINTEXT://127.0.0.1:0',
      'log.dirs': logDir,
      'zookeeper.connect': connectString,
      'zookeeper.session.timeout.ms': 10000,
      ...options.props,
    }),
  );
  const logger = process.env.SPEC_LOG_LEVEL ? createLogger({ level: process.env.SPEC_LOG_LEVEL }) : silentLogger();
  const broker = new Broker(config, logger);
  let stopped = false;
  const handle: TestBroker = {
    broker,
    port: 0,
    bootstrap: '',
    logDir,
    connectString,
    http: null,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      running.delete(handle);
      await handle.http?.stop();
      await broker.stop();
    },
  };
  running.add(handle);
  await broker.start();
  handle.http = await startOperatorHttp(broker, logger);
  handle.port = broker.boundListeners()[0].port;
  handle.bootstrap = `127.0.0.1:${handle.port}`;
  return handle;
}

export interface BrokerProcess {
  child: ChildProcess;
  pid: number;
  port: number;
  bootstrap: string;
  output(): string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Runs `bin/broker` with a generated properties file; resolves once it listens. */
export async function spawnBroker(options: {
  props: Record<string, string | number | boolean>;
  args?: string[];
  waitForListening?: boolean;
}): Promise<BrokerProcess> {
  const dir = tempDir('props');
  const file = path.join(dir, 'server.properties');
  fs.writeFileSync(
    file,
    Object.entries(options.props)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join('\n') + '\n',
  );
  const child = spawn(path.join(PROJECT_ROOT, 'bin', 'broker'), [file, ...(options.args ?? [])], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'info' },
  });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => {
    output += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    output += c.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let exitCode: number | null | undefined;
  void exited.then((code) => {
    exitCode = code;
  });
  const handle: BrokerProcess = {
    child,
    pid: child.pid as number,
    port: 0,
    bootstrap: '',
    output: () => output,
    exited,
    stop: async (signal: NodeJS.Signals = 'SIGTERM') => {
      running.delete(handle);
      if (exitCode !== undefined) return exitCode;
      process.kill(child.pid as number, signal);
      const timer = setTimeout(() => {
        if (exitCode === undefined) process.kill(child.pid as number, 'SIGKILL');
      }, 15000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
  running.add(handle);
  if (options.waitForListening === false) return handle;
  const listening = waitUntil(
    () => {
      const m = /started; listening on PLAINTEXT:\/\/[^:]+:(\d+)/.exec(output);
      return m ? Number(m[1]) : 0;
    },
    { timeoutMs: 30000, message: 'the broker process to start listening' },
  );
  const died = exited.then((code) => {
    throw new Error(`broker exited with ${String(code)} before listening:\n${output}`);
  });
  died.catch(() => undefined);
  listening.catch(() => undefined);
  const port = await Promise.race([listening, died]);
  handle.port = port;
  handle.bootstrap = `127.0.0.1:${port}`;
  return handle;
}
