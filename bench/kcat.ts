// kcat (librdkafka) as the reference client of the bench: producing a prepared file of records and
// consuming a known number of them, each timed from spawn to exit (so kcat's connect and metadata
// round trips count against it, never in its favour), each process stopped by PID.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BenchContext } from './context';
import { runToExit } from './processes';

const RUN_TIMEOUT_MS = 10 * 60_000;
/** Bytes per record value in every client case, as in the measurements. */
export const RECORD_BYTES = 100;

/** `records` lines of RECORD_BYTES letters each, written once per run and shared by the cases. */
export function recordsFile(ctx: BenchContext, records: number): string {
  const file = path.join(ctx.work, `records-${records}.txt`);
  if (fs.existsSync(file)) return file;
  const line = `${'A'.repeat(RECORD_BYTES)}\n`;
  const linesPerChunk = 10_000;
  const chunk = line.repeat(linesPerChunk);
  const fd = fs.openSync(file, 'w');
  try {
    for (let left = records; left > 0; left -= linesPerChunk) {
      fs.writeSync(fd, left >= linesPerChunk ? chunk : line.repeat(left));
    }
  } finally {
    fs.closeSync(fd);
  }
  return file;
}

function failed(what: string, exit: { code: number | null; stderr: string }): Error {
  return new Error(`${what} exited ${String(exit.code)}: ${exit.stderr.slice(-2000)}`);
}

/** Produces every line of `file` (null keys, random partitions); returns records per second. */
export async function kcatProduceFile(
  ctx: BenchContext,
  bootstrap: string,
  topic: string,
  file: string,
  records: number,
  acks: '1' | 'all',
): Promise<number> {
  const args = ['-P', '-b', bootstrap, '-t', topic, '-X', `acks=${acks === 'all' ? -1 : 1}`, '-l', file];
  const exit = await runToExit(ctx.procs, 'kcat', args, { timeoutMs: RUN_TIMEOUT_MS });
  if (exit.code !== 0 || /ERROR/.test(exit.stderr)) throw failed('kcat -P', exit);
  return records / exit.seconds;
}

/** Reads `records` records from the beginning of every partition (no group); returns records per second. */
export async function kcatConsume(
  ctx: BenchContext,
  bootstrap: string,
  topic: string,
  records: number,
): Promise<number> {
  const args = ['-C', '-b', bootstrap, '-t', topic, '-o', 'beginning', '-c', String(records), '-e', '-q'];
  const exit = await runToExit(ctx.procs, 'kcat', args, { timeoutMs: RUN_TIMEOUT_MS, stdoutIgnored: true });
  if (exit.code !== 0 || /ERROR/.test(exit.stderr)) throw failed('kcat -C', exit);
  return records / exit.seconds;
}
