// `bin/consumer-perf` — kafka-consumer-perf-test.sh over the Samsa Consumer: joins a group, reads
// --messages messages (from the earliest offset unless --from-latest), and prints Kafka's CSV
// header and summary line on stdout. Progress goes to stderr every --reporting-interval ms
// (to stdout in Kafka's per-interval format with --show-detailed-stats).
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
const DETAIL_HEADER =
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
    if (!args.hideHeader) out(HEADER);
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
    clearInterval(reporter);
    process.removeListener('SIGINT', stop);
    process.removeListener('SIGTERM', stop);
    await consumer.close();
  }
  const result = { ...totals, startMs, endMs: Math.max(endMs, startMs), rebalanceMs };
  out(summaryLine(result));
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

function progressReporter(
  args: ConsumerPerfArgs,
  totals: Totals,
  startMs: number,
  rebalanceMs: () => number,
  out: (l: string) => void,
  err: (l: string) => void,
): NodeJS.Timeout {
  let last = { ms: startMs, messages: 0, bytes: 0 };
  if (args.showDetailedStats) out(DETAIL_HEADER);
  return setInterval(() => {
    const now = Date.now();
    const mb = (totals.bytes - last.bytes) / (1024 * 1024);
    const sec = Math.max(now - last.ms, 1) / 1000;
    const count = totals.messages - last.messages;
    if (args.showDetailedStats) {
      out(
        [
          formatTime(now),
          '0',
          (totals.bytes / (1024 * 1024)).toFixed(4),
          (mb / sec).toFixed(4),
          String(totals.messages),
          (count / sec).toFixed(4),
          String(rebalanceMs()),
          String(now - last.ms),
          (mb / sec).toFixed(4),
          (count / sec).toFixed(4),
        ].join(', '),
      );
    } else {
      err(
        `${formatTime(now)} consumed ${totals.messages} of ${args.messages} messages (${(count / sec).toFixed(1)} msg/s, ${(mb / sec).toFixed(2)} MB/s)`,
      );
    }
    last = { ms: now, messages: totals.messages, bytes: totals.bytes };
  }, args.reportingIntervalMs);
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
