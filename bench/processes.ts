// Every process the bench starts (brokers, kcat, the perf tools) goes through one ProcessGroup,
// which stops each by its PID: a case stops its own in `finally`, the suite stops whatever is
// left when it ends, and an exit hook SIGKILLs stragglers if the bench itself dies. Nothing here
// signals a process it did not spawn.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ChildProcess, spawn, SpawnOptions } from 'node:child_process';

export const ROOT = path.resolve(__dirname, '..', '..');
const STOP_GRACE_MS = 15_000;
const BROKER_START_MS = 60_000;
const OUTPUT_KEPT_BYTES = 64 * 1024;

/** SIGKILL by PID for exit hooks, where nothing can be awaited; a process already gone is fine. */
export function killNow(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already exited
  }
}

export class ProcessGroup {
  private readonly children = new Set<ChildProcess>();
  private readonly killAll = (): void => {
    for (const c of this.children) if (c.pid !== undefined && c.exitCode === null) killNow(c.pid);
  };

  /** `stopGraceMs`: how long a SIGTERM'd process may take before SIGKILL (a broker's controlled shutdown). */
  constructor(private readonly stopGraceMs = STOP_GRACE_MS) {
    process.once('exit', this.killAll);
  }

  spawn(command: string, args: string[], options: SpawnOptions = {}): ChildProcess {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    this.children.add(child);
    child.once('exit', () => this.children.delete(child));
    child.once('error', () => this.children.delete(child));
    return child;
  }

  /** SIGTERM by PID, SIGKILL after a grace period; resolves once the process has exited. */
  async stop(child: ChildProcess): Promise<void> {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), this.stopGraceMs);
    await exited;
    clearTimeout(timer);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.children].map((c) => this.stop(c)));
    process.removeListener('exit', this.killAll);
  }
}

export interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
}

/** Runs a command to its exit (killed by PID past `timeoutMs`), timing it from spawn to exit. */
export function runToExit(
  group: ProcessGroup,
  command: string,
  args: string[],
  options: { timeoutMs: number; env?: NodeJS.ProcessEnv; stdoutIgnored?: boolean },
): Promise<Exit> {
  const start = process.hrtime.bigint();
  const child = group.spawn(command, args, {
    env: options.env ?? process.env,
    stdio: ['ignore', options.stdoutIgnored ? 'ignore' : 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} did not finish within ${options.timeoutMs} ms: ${stderr}`));
    }, options.timeoutMs);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, seconds: Number(process.hrtime.bigint() - start) / 1e9 });
    });
  });
}

export interface BrokerProcess {
  id: number;
  child: ChildProcess;
  pid: number;
  port: number;
  output: () => string;
}

/** A `bin/broker` process with its own properties file under `work`, on a free port. */
export function startBroker(
  group: ProcessGroup,
  zkConnect: string,
  work: string,
  id: number,
  extraProps: string[] = [],
): Promise<BrokerProcess> {
  const file = path.join(work, `bench-${id}.properties`);
  fs.writeFileSync(
    file,
    [
      `broker.id=${id}`,
      'listeners=PLAINTEXT://127.0.0.1:0',
      `log.dirs=${work}/data-${id}`,
      `zookeeper.connect=${zkConnect}`,
      'message.max.bytes=10485760',
      'group.initial.rebalance.delay.ms=0',
      ...extraProps,
    ].join('\n'),
  );
  const child = group.spawn(path.join(ROOT, 'bin', 'broker'), [file], { env: { ...process.env, LOG_LEVEL: 'info' } });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void group.stop(child);
      reject(new Error(`broker ${id} did not start within ${BROKER_START_MS} ms: ${out}`));
    }, BROKER_START_MS);
    const onData = (c: Buffer) => {
      // Keep reading (a full pipe would stall the broker) but only the start-up and a recent tail.
      out =
        out.length > OUTPUT_KEPT_BYTES ? out.slice(0, OUTPUT_KEPT_BYTES / 2) + out.slice(-OUTPUT_KEPT_BYTES / 2) : out;
      out += c.toString();
      const m = /listening on PLAINTEXT:\/\/[^:]+:(\d+)/.exec(out);
      if (m && /started/.test(out)) {
        clearTimeout(timer);
        resolve({ id, child, pid: child.pid as number, port: Number(m[1]), output: () => out });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`broker ${id} exited ${String(code)}: ${out}`));
    });
  });
}

/** A field of /proc/<pid>/status in MB (VmRSS: resident now; VmHWM: the peak resident so far). */
export function procStatusMB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  if (!match) throw new Error(`/proc/${pid}/status has no ${field}`);
  return Number(match[1]) / 1024;
}
