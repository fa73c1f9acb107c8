// A tool process whose output lines are watched as they arrive, so a spec can tell a live
// progress line (printed while the tool still runs) from one printed at exit. Stopped by PID
// when its deadline passes or when the spec stops it.
import { spawn, type ChildProcess } from 'node:child_process';

export interface LiveProcess {
  readonly child: ChildProcess;
  readonly stdout: string[];
  readonly stderr: string[];
  /** True until the process has exited. */
  running(): boolean;
  /** Resolves with the exit code once the process ends (killed by PID after `timeoutMs`). */
  readonly exited: Promise<number | null>;
  stop(): void;
}

function splitLines(stream: NodeJS.ReadableStream, into: string[]): void {
  let partial = '';
  stream.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    into.push(...lines);
  });
  stream.on('end', () => {
    if (partial !== '') into.push(partial);
  });
}

export function spawnLive(command: string, args: string[], timeoutMs: number): LiveProcess {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const stdout: string[] = [];
  const stderr: string[] = [];
  splitLines(child.stdout, stdout);
  splitLines(child.stderr, stderr);
  let done = false;
  const stop = (): void => {
    if (!done && child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
  };
  const timer = setTimeout(stop, timeoutMs);
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      done = true;
      clearTimeout(timer);
      resolve(code);
    });
  });
  const running = (): boolean => child.exitCode === null && child.signalCode === null;
  return { child, stdout, stderr, running, exited, stop };
}
