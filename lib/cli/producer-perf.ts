// `bin/producer-perf` — kafka-producer-perf-test.sh's flags and output: sends --num-records
// records of --record-size bytes (one random payload, no keys) as fast as --throughput allows,
// prints Kafka's progress line every 5 s (--reporting-interval, Samsa's own flag, changes that)
// and Kafka's summary line at the end. Latency is per record,
// from send() to its acknowledgement.
import { flagValue, integerFlag, UsageError } from './flags';
import { toolMain } from './tool-main';
import { Producer, ProducerOptions, ProducerRecord } from '../client/producer';
import { producerOptionsFromProperties, splitProperty } from '../client/producer-config';
import { readPropertiesFile } from '../util/properties';
import { PerfStats } from './producer-perf-stats';

export const USAGE = `usage: bin/producer-perf --topic T --num-records N --record-size BYTES --throughput N|-1
    (--producer-props key=value... | --bootstrap-server HOST:PORT) [--producer-props key=value...]
  --throughput -1 means no limit (records/sec otherwise)
  --producer-props  Kafka producer properties: bootstrap.servers acks linger.ms batch.size compression.type ...
  --producer.config FILE  a producer properties file (security.protocol, ssl.*, ...); --producer-props win
  --reporting-interval MS  ms between progress lines (default 5000, as Kafka's tool; Samsa's own flag)`;

export interface ProducerPerfArgs {
  topic: string;
  numRecords: number;
  recordSize: number;
  /** Records per second; <= 0: unlimited. */
  throughput: number;
  reportingIntervalMs: number;
  options: ProducerOptions;
  ignoredProperties: string[];
}

/** Kafka's ProducerPerformance prints a window line every 5 s. */
const REPORTING_INTERVAL_MS = 5000;
/** The send loop yields to the event loop this often so batches go out while it runs. */
const YIELD_EVERY_RECORDS = 500;
/**
 * An unthrottled send loop reads the clock once per this many records (and after every yield): a
 * clock read costs about a tenth of what a whole record costs the producer, and 50 sends take well
 * under a millisecond, the resolution latencies are reported in.
 */
const CLOCK_EVERY_RECORDS = 50;

const VALUE_FLAGS = [
  '--topic',
  '--num-records',
  '--record-size',
  '--throughput',
  '--bootstrap-server',
  '--reporting-interval',
];

export function parseProducerPerfArgs(argv: string[]): ProducerPerfArgs {
  const flags: Record<string, string> = {};
  const props: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--producer-props') {
      while (i + 1 < argv.length && !argv[i + 1].startsWith('--')) {
        const [k, v] = splitProperty(argv[++i]);
        props[k] = v;
      }
    } else if (flag === '--producer.config') {
      Object.assign(props, readPropertiesFile(flagValue(argv, i++, flag)), { ...props });
    } else if (VALUE_FLAGS.includes(flag)) {
      flags[flag] = flagValue(argv, i++, flag);
    } else throw new UsageError(`unknown option ${flag}`);
  }
  if (flags['--bootstrap-server']) props['bootstrap.servers'] = flags['--bootstrap-server'];
  for (const required of ['--topic', '--num-records', '--record-size', '--throughput']) {
    if (flags[required] === undefined) throw new UsageError(`${required} is required`);
  }
  if (!props['bootstrap.servers'])
    throw new UsageError('give --producer-props bootstrap.servers=HOST:PORT or --bootstrap-server');
  const { options, ignored } = producerOptionsFromProperties({ 'client.id': 'producer-performance', ...props });
  return {
    topic: flags['--topic'],
    numRecords: integerFlag(flags['--num-records'], '--num-records', 1),
    recordSize: integerFlag(flags['--record-size'], '--record-size', 0),
    throughput: integerFlag(flags['--throughput'], '--throughput', -1),
    reportingIntervalMs:
      flags['--reporting-interval'] === undefined
        ? REPORTING_INTERVAL_MS
        : integerFlag(flags['--reporting-interval'], '--reporting-interval', 1),
    options,
    ignoredProperties: ignored,
  };
}

/** Random uppercase letters, like Kafka's tool (one payload reused for every record). */
function makePayload(size: number): Buffer {
  const payload = Buffer.alloc(size);
  for (let i = 0; i < size; i++) payload[i] = 65 + Math.floor(Math.random() * 26);
  return payload;
}

export async function runProducerPerf(args: ProducerPerfArgs, out: (line: string) => void): Promise<void> {
  for (const key of args.ignoredProperties) process.stderr.write(`WARN: ignoring unknown producer property ${key}\n`);
  const producer = new Producer(args.options);
  const stats = new PerfStats(args.numRecords, out);
  const payload = makePayload(args.recordSize);
  let firstError: Error | null = null;
  // A timer, not the acknowledgements, paces the lines, so a stall shows as "0 records sent".
  const reporter = setInterval(() => stats.reportWindow(), args.reportingIntervalMs);
  try {
    await producer.connect();
    const startMs = Date.now();
    // Every record is the same, so one send argument serves them all (the producer copies the
    // payload into its batch); per record the tool adds one acknowledgement callback. The send time
    // doubles as the record's timestamp, so the producer need not read the clock again.
    const message = { value: payload, timestamp: startMs };
    const record = { topic: args.topic, messages: [message] };
    const onError = (error: Error): void => {
      firstError ??= error;
    };
    const ackClock = new TurnClock();
    const throttled = args.throughput > 0;
    for (let i = 0; i < args.numRecords; i++) {
      if (throttled || i % CLOCK_EVERY_RECORDS === 0) message.timestamp = Date.now();
      sendTimed(producer, record, message.timestamp, stats, args.recordSize, onError, ackClock);
      if (i % YIELD_EVERY_RECORDS === YIELD_EVERY_RECORDS - 1) {
        await new Promise((resolve) => setImmediate(resolve));
        await producer.waitForBufferSpace();
        if (firstError) break;
        message.timestamp = Date.now();
      }
      if (throttled) await throttle(i + 1, args.throughput, startMs);
    }
    await producer.flush();
  } finally {
    clearInterval(reporter);
    await producer.close();
  }
  if (firstError) throw firstError;
  stats.printTotal();
}

/** One send whose acknowledgement records its latency: a callback, not a promise, per record. */
function sendTimed(
  producer: Producer,
  record: ProducerRecord,
  sendMs: number,
  stats: PerfStats,
  recordSize: number,
  onError: (error: Error) => void,
  ackClock: TurnClock,
): void {
  producer.sendWithCallback(record, (error) => {
    if (error === null) stats.record(ackClock.now() - sendMs, recordSize);
    else onError(error);
  });
}

/**
 * The time, read once per turn of the event loop: every record of an acknowledged batch is
 * settled in one synchronous loop, and they were all acknowledged at the same moment.
 */
class TurnClock {
  private cachedMs = -1;
  private readonly forget = (): void => {
    this.cachedMs = -1;
  };

  now(): number {
    if (this.cachedMs < 0) {
      this.cachedMs = Date.now();
      queueMicrotask(this.forget);
    }
    return this.cachedMs;
  }
}

/** Sleeps while more than `throughput` records per second have been sent since `startMs`. */
async function throttle(sent: number, throughput: number, startMs: number): Promise<void> {
  const dueMs = startMs + (sent * 1000) / throughput;
  const aheadMs = dueMs - Date.now();
  if (aheadMs >= 2) await new Promise((resolve) => setTimeout(resolve, aheadMs));
}

export function main(argv: string[]): Promise<number> {
  return toolMain(argv, USAGE, parseProducerPerfArgs, runProducerPerf);
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
