// `bin/consumer-perf` — kafka-consumer-perf-test.sh over the Samsa Consumer: joins a group, reads
// --messages messages (from the earliest offset unless --from-latest), and prints Kafka's CSV
// header and summary line on stdout. Progress goes to stderr every --reporting-interval ms;
// with --show-detailed-stats stdout holds Kafka's per-interval header and lines instead, the
// last line closing the final, partial interval.
import { securityFromPropertiesFile } from '../client/security-config';
import { randomInt } from 'node:crypto';
import { Consumer, type ConsumerMessage } from '../client/consumer';
import { createLogger } from '../util/logger';
import { UsageError } from './flags';

export const USAGE = `usage: bin/consumer-perf --bootstrap-server HOST:PORT --topic T --messages N [options]
options:
  --group G                    consumer group (default perf-consumer-<random>)
  --from-latest                start at the end of the log instead of the beginning
  --timeout N                  give up when no message arrives for N ms (default 10000)
  --fetch-size N               bytes per partition per fetch (default 1048576)
  --reporting-interval N       ms between progress reports (default 5000)
  --show-detailed-stats        print per-interval stats on stdout
  --hide-header                do not print the CSV header
  --consumer.config FILE       consumer properties (security.protocol, ssl.truststore.location, ssl.keystore.location, ...)`;

export const HEADER =
  'start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec';
export const DETAIL_HEADER =
  'time, threadId, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec';

export interface ConsumerPerfArgs {
  bootstrapServer: string;
  topic: string;
  messages: number;
  group: string;
  fromLatest: boolean;
  timeoutMs: number;
  fetchSize: number;
  reportingIntervalMs: number;
  showDetailedStats: boolean;
  hideHeader: boolean;
  /** --consumer.config: a consumer properties file (security settings). */
  consumerConfig?: string;
}

export function parseConsumerPerfArgs(argv: string[]): ConsumerPerfArgs {
  const args: Partial<ConsumerPerfArgs> = {
    group: `perf-consumer-${randomInt(100000)}`,
    fromLatest: false,
    timeoutMs: 10000,
    fetchSize: 1024 * 1024,
    reportingIntervalMs: 5000,
    showDetailedStats: false,
    hideHeader: false,
  };
  const value = (i: number, flag: string): string => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--bootstrap-server' || flag === '--broker-list') args.bootstrapServer = value(i++, flag);
    else if (flag === '--topic') args.topic = value(i++, flag);
    else if (flag === '--consumer.config') args.consumerConfig = value(i++, flag);
    else if (flag === '--messages') args.messages = positiveInt(value(i++, flag), flag);
    else if (flag === '--group') args.group = value(i++, flag);
    else if (flag === '--from-latest') args.fromLatest = true;
    else if (flag === '--timeout') args.timeoutMs = positiveInt(value(i++, flag), flag);
    else if (flag === '--fetch-size') args.fetchSize = positiveInt(value(i++, flag), flag);
    else if (flag === '--reporting-interval') args.reportingIntervalMs = positiveInt(value(i++, flag), flag);
    else if (flag === '--show-detailed-stats') args.showDetailedStats = true;
    else if (flag === '--hide-header') args.hideHeader = true;
    else throw new UsageError(`unknown option ${flag}`);
  }
  if (!args.bootstrapServer) throw new UsageError('--bootstrap-server is required');
  if (!args.topic) throw new UsageError('--topic is required');
  if (!args.messages) throw new UsageError('--messages is required');
  return args as ConsumerPerfArgs;
}

function positiveInt(text: string, flag: string): number {
  if (!/^\d+$/.test(text) || Number(text) <= 0)
    throw new UsageError(`${flag} must be a positive integer, got '${text}'`);
  return Number(text);
}

/** Kafka's "yyyy-MM-dd HH:mm:ss:SSS" in local time. */
export function formatTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}:${p(d.getMilliseconds(), 3)}`;
}

interface Totals {
  messages: number;
  bytes: number;
}

export interface PerfResult extends Totals {
  startMs: number;
  endMs: number;
  rebalanceMs: number;
}

/** The summary line: the same columns and number formats as Kafka's tool. */
export function summaryLine(r: PerfResult): string {
  const mb = r.bytes / (1024 * 1024);
  const elapsedSec = Math.max(r.endMs - r.startMs, 1) / 1000;
  const fetchMs = Math.max(r.endMs - r.startMs - r.rebalanceMs, 0);
  const fetchSec = Math.max(fetchMs, 1) / 1000;
  return [
    formatTime(r.startMs),
    formatTime(r.endMs),
    mb.toFixed(4),
    (mb / elapsedSec).toFixed(4),
    String(r.messages),
    (r.messages / elapsedSec).toFixed(4),
    String(r.rebalanceMs),
    String(fetchMs),
    (mb / fetchSec).toFixed(4),
    (r.messages / fetchSec).toFixed(4),
  ].join(', ');
}

export async function runConsumerPerf(
  args: ConsumerPerfArgs,
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<PerfResult> {
  const consumer = new Consumer({
    brokers: args.bootstrapServer.split(','),
    groupId: args.group,
    clientId: 'consumer-perf',
    security: args.consumerConfig ? securityFromPropertiesFile(args.consumerConfig) : undefined,
    autoOffsetReset: args.fromLatest ? 'latest' : 'earliest',
    maxPartitionBytes: args.fetchSize,
    logger: createLogger({ level: process.env.LOG_LEVEL ?? 'error' }),
  });
  const totals: Totals = { messages: 0, bytes: 0 };
  const startMs = Date.now();
  let rebalanceMs = 0;
  let lastActivityMs = startMs;
  consumer.once('assign', () => {
    rebalanceMs = Date.now() - startMs;
    lastActivityMs = Date.now();
  });
  if (!args.hideHeader) out(args.showDetailedStats ? DETAIL_HEADER : HEADER);
  const reporter = progressReporter(args, totals, startMs, () => rebalanceMs, out, err);
  let endMs = startMs;
  const watchdog = setInterval(
    () => {
      if (Date.now() - lastActivityMs < args.timeoutMs) return;
      err(
        `WARNING: Exiting before consuming the expected number of messages: timeout (${args.timeoutMs} ms) exceeded. You can use the --timeout option to increase the timeout.`,
      );
      void consumer.close();
    },
    Math.min(args.timeoutMs, 200),
  );
  const stop = () => void consumer.close();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await consumer.connect();
    consumer.subscribe([args.topic]);
    await consumer.run({
      eachBatch: async ({ messages }) => {
        // Count exactly --messages, as Kafka's tool does record by record.
        const count = Math.min(messages.length, args.messages - totals.messages);
        totals.bytes += payloadBytes(messages, count);
        totals.messages += count;
        endMs = lastActivityMs = Date.now();
        if (totals.messages >= args.messages) await consumer.close();
      },
    });
  } finally {
    clearInterval(watchdog);
    reporter.stop();
    process.removeListener('SIGINT', stop);
    process.removeListener('SIGTERM', stop);
    await consumer.close();
  }
  const result = { ...totals, startMs, endMs: Math.max(endMs, startMs), rebalanceMs };
  if (args.showDetailedStats) reporter.report();
  else out(summaryLine(result));
  return result;
}

/** Key and value bytes of the first `count` messages (what Kafka's tool counts as data consumed). */
function payloadBytes(messages: ConsumerMessage[], count: number): number {
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const { key, value } = messages[i];
    if (key !== null) bytes += key.length;
    if (value !== null) bytes += value.length;
  }
  return bytes;
}

interface Mark {
  ms: number;
  messages: number;
  bytes: number;
  rebalanceMs: number;
}

/**
 * Kafka's --show-detailed-stats line for one interval: totals so far, then the interval's rates;
 * rebalance.time.ms is the rebalancing done within the interval and the fetch.* rates are over
 * the rest of it, as in Kafka's ConsumerPerformance.
 */
export function detailedLine(last: Mark, now: Mark): string {
  const mb = (now.bytes - last.bytes) / (1024 * 1024);
  const count = now.messages - last.messages;
  const intervalMs = Math.max(now.ms - last.ms, 1);
  const rebalanceMs = now.rebalanceMs - last.rebalanceMs;
  const fetchMs = intervalMs - rebalanceMs;
  const perFetchSec = (n: number) => (fetchMs <= 0 ? 0 : (1000 * n) / fetchMs);
  return [
    formatTime(now.ms),
    '0',
    (now.bytes / (1024 * 1024)).toFixed(4),
    ((1000 * mb) / intervalMs).toFixed(4),
    String(now.messages),
    ((1000 * count) / intervalMs).toFixed(4),
    String(rebalanceMs),
    String(fetchMs),
    perFetchSec(mb).toFixed(4),
    perFetchSec(count).toFixed(4),
  ].join(', ');
}

/** The progress line on stderr when stdout keeps Kafka's plain output. */
export function progressLine(last: Mark, now: Mark, expected: number): string {
  const sec = Math.max(now.ms - last.ms, 1) / 1000;
  const mb = (now.bytes - last.bytes) / (1024 * 1024);
  return `${formatTime(now.ms)} consumed ${now.messages} of ${expected} messages (${((now.messages - last.messages) / sec).toFixed(1)} msg/s, ${(mb / sec).toFixed(2)} MB/s)`;
}

/** Reports progress every --reporting-interval; `report` also closes the last, partial interval. */
function progressReporter(
  args: ConsumerPerfArgs,
  totals: Totals,
  startMs: number,
  rebalanceMs: () => number,
  out: (l: string) => void,
  err: (l: string) => void,
): { report(): void; stop(): void } {
  let last: Mark = { ms: startMs, messages: 0, bytes: 0, rebalanceMs: 0 };
  const report = (): void => {
    const now: Mark = { ms: Date.now(), ...totals, rebalanceMs: rebalanceMs() };
    if (args.showDetailedStats) out(detailedLine(last, now));
    else err(progressLine(last, now, args.messages));
    last = now;
  };
  const timer = setInterval(report, args.reportingIntervalMs);
  return { report, stop: () => clearInterval(timer) };
}

export async function main(argv: string[]): Promise<number> {
  let args: ConsumerPerfArgs;
  try {
    args = parseConsumerPerfArgs(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  try {
    await runConsumerPerf(
      args,
      (l) => process.stdout.write(`${l}\n`),
      (l) => process.stderr.write(`${l}\n`),
    );
    return 0;
  } catch (error) {
    process.stderr.write(`Error: ${(error as Error).message}\n`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
