// End-to-end latency at a fixed rate with kcat on both ends. A timer in this process paces
// 100-byte records into `kcat -P` (linger.ms=0) at the rate asked; each record carries the
// microsecond (this process's monotonic clock) at which it was handed to kcat. `kcat -C` prints
// each record's value as it arrives, and this process takes the difference on receipt, so
// producer, broker(s), consumer and both pipes are all inside the figure. Records stamped during
// the warm-up, or after the window, are received but not counted.
import { ChildProcess } from 'node:child_process';
import { BenchContext } from './context';
import { Histogram } from './histogram';
import { RECORD_BYTES } from './kcat';

const STAMP_DIGITS = 15;
/**
 * kcat -P (1.7.1) reads its input in 1,024-byte blocks and produces a record only once the block
 * holding its end is complete, so newline-separated records written at a steady pace would wait
 * in kcat for the next write: the tool's own delay, up to a tick. Records written as whole blocks
 * pass straight through: each record with its delimiter is 128 bytes (100 B value, a 28-byte
 * delimiter) and every write is a multiple of 8 of them.
 */
const KCAT_BLOCK_BYTES = 1024;
const LINE_BYTES = 128;
const RECORDS_PER_BLOCK = KCAT_BLOCK_BYTES / LINE_BYTES;
const DELIMITER = '|'.repeat(LINE_BYTES - RECORD_BYTES);
const TICK_MS = 1;
const READY_TIMEOUT_MS = 30_000;
const DRAIN_TIMEOUT_MS = 30_000;

export interface LatencyResult {
  histogramUs: Histogram;
  sent: number;
  received: number;
  achievedPerSec: number;
}

function nowUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

function recordLine(stampUs: number): string {
  return String(stampUs).padStart(STAMP_DIGITS, '0').padEnd(RECORD_BYTES, 'x') + DELIMITER;
}

/** Counts "% Reached end of topic" notices: every partition assigned and at its end means ready. */
function untilAtEnd(consumer: ChildProcess, partitions: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = 0;
    let text = '';
    const timer = setTimeout(
      () => reject(new Error(`kcat -C not at the end of ${partitions} partitions: ${text}`)),
      READY_TIMEOUT_MS,
    );
    consumer.stderr?.on('data', (c: Buffer) => {
      text += c.toString();
      seen = (text.match(/Reached end of topic/g) ?? []).length;
      if (seen >= partitions) {
        clearTimeout(timer);
        resolve();
      }
    });
    consumer.once('exit', (code) => reject(new Error(`kcat -C exited ${String(code)}: ${text}`)));
  });
}

/**
 * kcat -C with its stdout block-buffered (4 KiB: about 40 records, under 1 ms at 50,000/s): with
 * -u it writes each field of each record separately and, on this 2-core machine, falls seconds
 * behind at 50,000 records/s, which would be the tool's lag and not the broker's.
 */
function startConsumer(ctx: BenchContext, bootstrap: string, topic: string): ChildProcess {
  return ctx.procs.spawn('kcat', ['-C', '-b', bootstrap, '-t', topic, '-o', 'end', '-f', '%s\n']);
}

export async function measureLatency(
  ctx: BenchContext,
  bootstrap: string,
  topic: string,
  partitions: number,
  acks: '1' | 'all',
): Promise<LatencyResult> {
  const { latencyRatePerSec: rate, latencySeconds, latencyWarmupSeconds } = ctx.sizes;
  const consumer = startConsumer(ctx, bootstrap, topic);
  const producerArgs = [
    '-P',
    '-D',
    DELIMITER,
    '-b',
    bootstrap,
    '-t',
    topic,
    '-X',
    'linger.ms=0',
    '-X',
    `acks=${acks === 'all' ? -1 : 1}`,
  ];
  const producer = ctx.procs.spawn('kcat', producerArgs, { stdio: ['pipe', 'ignore', 'pipe'] });
  let producerErr = '';
  producer.stderr?.on('data', (c: Buffer) => (producerErr = (producerErr + c.toString()).slice(-4000)));
  // A dead kcat -P shows up as its exit (reported by pace) rather than as a crash on the pipe.
  producer.stdin?.on('error', () => undefined);
  try {
    await untilAtEnd(consumer, partitions);
    const t0 = nowUs();
    const window = {
      fromUs: t0 + latencyWarmupSeconds * 1e6,
      toUs: t0 + (latencyWarmupSeconds + latencySeconds) * 1e6,
    };
    const receiver = receive(consumer, window);
    const paced = await pace(producer, t0, rate, window.toUs, () => receiver.receivedBeforeEnd).catch((e: Error) => {
      throw new Error(`${e.message}; ${receiver.receivedBeforeEnd} received: ${producerErr}`);
    });
    return {
      histogramUs: receiver.histogramUs,
      sent: paced.sentBeforeEnd,
      received: receiver.receivedBeforeEnd,
      achievedPerSec: paced.sentBeforeEnd / ((window.toUs - t0) / 1e6),
    };
  } finally {
    producer.stdin?.end();
    await Promise.all([ctx.procs.stop(producer), ctx.procs.stop(consumer)]);
  }
}

/** Takes each record's latency on receipt; counts those stamped inside the window's end. */
function receive(consumer: ChildProcess, window: { fromUs: number; toUs: number }) {
  const state = { histogramUs: new Histogram(), receivedBeforeEnd: 0 };
  let partial = '';
  consumer.stdout?.on('data', (chunk: Buffer) => {
    const at = nowUs();
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() as string;
    for (const line of lines) {
      const stamp = Number(line.slice(0, STAMP_DIGITS));
      if (stamp >= window.toUs) continue;
      state.receivedBeforeEnd++;
      if (stamp >= window.fromUs) state.histogramUs.record(at - stamp);
    }
  });
  return state;
}

/**
 * Writes the records due every tick, in whole kcat blocks, stamped as they are written, until the
 * window ends; then goes on at the same rate (records not counted) until every record of the
 * window has arrived, because kcat -C's block-buffered output holds the last few until more come.
 */
function pace(
  producer: ChildProcess,
  t0: number,
  ratePerSec: number,
  endUs: number,
  receivedBeforeEnd: () => number,
): Promise<{ sentBeforeEnd: number }> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let sentBeforeEnd = -1;
    producer.once('exit', (code) => reject(new Error(`kcat -P exited ${String(code)} while pacing`)));
    const tick = () => {
      const now = nowUs();
      if (now >= endUs && sentBeforeEnd < 0) sentBeforeEnd = sent;
      if (sentBeforeEnd >= 0 && receivedBeforeEnd() >= sentBeforeEnd) return resolve({ sentBeforeEnd });
      if (now > endUs + DRAIN_TIMEOUT_MS * 1000)
        return reject(new Error(`kcat -C did not receive every record: ${sentBeforeEnd} sent`));
      const dueNow = Math.floor(((now - t0) / 1e6) * ratePerSec);
      const due = sent + Math.floor((dueNow - sent) / RECORDS_PER_BLOCK) * RECORDS_PER_BLOCK;
      if (due > sent) {
        producer.stdin?.write(recordLine(now).repeat(due - sent));
        sent = due;
      }
      setTimeout(tick, TICK_MS);
    };
    tick();
  });
}
