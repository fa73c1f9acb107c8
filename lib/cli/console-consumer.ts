// `bin/console-consumer` — kafka-console-consumer.sh's flags over the Samsa Consumer: prints each
// message (value, optionally timestamp/partition/offset/key) one per line on stdout, and
// "Processed a total of N messages" on stderr at exit. Without --group and --partition it joins
// a generated group (as Kafka does, without committing); SIGINT/SIGTERM leave the group cleanly.
import { securityFromProperties } from '../client/security-config';
import { toolMain } from './tool-main';
import { readPropertiesFile } from '../util/properties';
import { flagValue, integerFlag, UsageError } from './flags';
import { randomInt } from 'node:crypto';
import { Consumer, ConsumerMessage, IteratedMessage } from '../client/consumer';
import { createLogger } from '../util/logger';

export const USAGE = `usage: bin/console-consumer --bootstrap-server HOST:PORT --topic T [options]
options:
  --from-beginning              start at the earliest offset when there is no committed offset
  --group G                     consume as a member of group G (offsets are committed)
  --partition P                 read only partition P (no group membership)
  --offset N|earliest|latest    with --partition: where to start (default latest)
  --max-messages N              exit after N messages
  --timeout-ms N                exit when no message arrives for N ms
  --property print.key=true|print.timestamp=true|print.partition=true|print.offset=true|
             print.value=false|key.separator=SEP|line.separator=SEP
  --consumer-property key=value security.protocol, sasl.mechanism, sasl.username, sasl.password,
                                sasl.jaas.config, ssl.* (repeatable)
  --consumer.config FILE        consumer properties file with the same keys`;

export { UsageError };

export interface ConsoleConsumerArgs {
  bootstrapServer: string;
  topic: string;
  fromBeginning: boolean;
  group?: string;
  partition?: number;
  offset?: number | 'earliest' | 'latest';
  maxMessages?: number;
  timeoutMs?: number;
  properties: Record<string, string>;
  /** Kafka client properties; only the security ones are read. */
  consumerProperties?: Map<string, string>;
}

export function parseConsoleConsumerArgs(argv: string[]): ConsoleConsumerArgs {
  const args: Partial<ConsoleConsumerArgs> & { properties: Record<string, string>; fromBeginning: boolean } = {
    properties: {},
    fromBeginning: false,
  };
  const value = (i: number, flag: string): string => flagValue(argv, i, flag);
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--bootstrap-server') args.bootstrapServer = value(i++, flag);
    else if (flag === '--topic') args.topic = value(i++, flag);
    else if (flag === '--from-beginning') args.fromBeginning = true;
    else if (flag === '--group') args.group = value(i++, flag);
    else if (flag === '--partition') args.partition = nonNegativeInt(value(i++, flag), flag);
    else if (flag === '--offset') args.offset = parseOffset(value(i++, flag));
    else if (flag === '--max-messages') args.maxMessages = nonNegativeInt(value(i++, flag), flag);
    else if (flag === '--timeout-ms') args.timeoutMs = nonNegativeInt(value(i++, flag), flag);
    else if (flag === '--property') {
      const pair = value(i++, flag);
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new UsageError(`--property expects key=value, got '${pair}'`);
      args.properties[pair.slice(0, eq)] = pair.slice(eq + 1);
    } else if (flag === '--consumer-property') {
      const pair = value(i++, flag);
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new UsageError(`--consumer-property expects key=value, got '${pair}'`);
      args.consumerProperties = (args.consumerProperties ?? new Map()).set(pair.slice(0, eq), pair.slice(eq + 1));
    } else if (flag === '--consumer.config') {
      // The file's keys, under any --consumer-property given before or after it.
      const file = new Map(Object.entries(readPropertiesFile(value(i++, flag))));
      args.consumerProperties = new Map([...file, ...(args.consumerProperties ?? [])]);
    } else throw new UsageError(`unknown option ${flag}`);
  }
  if (!args.bootstrapServer) throw new UsageError('--bootstrap-server is required');
  if (!args.topic) throw new UsageError('--topic is required');
  if (args.offset !== undefined && args.partition === undefined) throw new UsageError('--offset needs --partition');
  if (args.offset !== undefined && args.fromBeginning) throw new UsageError('give either --offset or --from-beginning');
  return args as ConsoleConsumerArgs;
}

function nonNegativeInt(text: string, flag: string): number {
  return integerFlag(text, flag, 0);
}

function parseOffset(text: string): number | 'earliest' | 'latest' {
  if (text === 'earliest' || text === 'latest') return text;
  return nonNegativeInt(text, '--offset');
}

/** Kafka's DefaultMessageFormatter: columns joined by key.separator, then line.separator. */
export function messageFormatter(
  properties: Record<string, string>,
): (m: ConsumerMessage & { partition: number }) => string {
  const on = (name: string, fallback: boolean) => (properties[name] ?? String(fallback)).toLowerCase() === 'true';
  const printKey = on('print.key', false);
  const printValue = on('print.value', true);
  const printTimestamp = on('print.timestamp', false);
  const printPartition = on('print.partition', false);
  const printOffset = on('print.offset', false);
  const keySeparator = unescape(properties['key.separator'] ?? '\t');
  const lineSeparator = unescape(properties['line.separator'] ?? '\n');
  return (m) => {
    const columns: string[] = [];
    if (printTimestamp) columns.push(m.timestamp >= 0 ? `CreateTime:${m.timestamp}` : 'NO_TIMESTAMP');
    if (printPartition) columns.push(`Partition:${m.partition}`);
    if (printOffset) columns.push(`Offset:${m.offset}`);
    if (printKey) columns.push(m.key === null ? 'null' : m.key.toString('utf8'));
    if (printValue) columns.push(m.value === null ? 'null' : m.value.toString('utf8'));
    return columns.join(keySeparator) + lineSeparator;
  };
}

function unescape(text: string): string {
  return text.replace(/\\t/g, '\t').replace(/\\n/g, '\n');
}

export async function runConsoleConsumer(
  args: ConsoleConsumerArgs,
  write: (text: string) => Promise<void> | void,
): Promise<number> {
  const groupGiven = args.group !== undefined;
  const groupId = args.group ?? (args.partition === undefined ? `console-consumer-${randomInt(100000)}` : undefined);
  const consumer = new Consumer({
    brokers: args.bootstrapServer.split(','),
    groupId,
    clientId: 'console-consumer',
    security: securityFromProperties(args.consumerProperties ?? new Map()),
    autoOffsetReset: args.fromBeginning ? 'earliest' : 'latest',
    // A generated group is not meant to be reused: do not fill the offset store with it.
    autoCommit: groupGiven,
    logger: createLogger({ level: process.env.LOG_LEVEL ?? 'error' }),
  });
  if (args.partition !== undefined)
    consumer.assign([
      {
        topic: args.topic,
        partition: args.partition,
        offset: args.offset ?? (args.fromBeginning ? 'earliest' : 'latest'),
      },
    ]);
  else consumer.subscribe([args.topic]);
  const format = messageFormatter(args.properties);
  let count = 0;
  let idleTimer: NodeJS.Timeout | null = null;
  const armIdleTimer = () => {
    if (args.timeoutMs === undefined) return;
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      process.stderr.write(
        `[${new Date().toISOString()}] ERROR Error processing message, terminating consumer process: TimeoutException\n`,
      );
      void consumer.close();
    }, args.timeoutMs);
  };
  const stop = () => void consumer.close();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    if (args.maxMessages !== 0) {
      await consumer.connect();
      armIdleTimer();
      for await (const message of consumer as AsyncIterable<IteratedMessage>) {
        await write(format(message));
        count += 1;
        armIdleTimer();
        if (args.maxMessages !== undefined && count >= args.maxMessages) break;
      }
    }
  } finally {
    if (idleTimer) clearTimeout(idleTimer);
    await consumer.close();
    process.stderr.write(`Processed a total of ${count} messages\n`);
    process.removeListener('SIGINT', stop);
    process.removeListener('SIGTERM', stop);
  }
  return 0;
}

/** Writes to stdout, waiting when the pipe is full so memory stays bounded. */
function writeStdout(text: string): Promise<void> | void {
  if (process.stdout.write(text)) return;
  return new Promise((resolve) => process.stdout.once('drain', resolve));
}

export function main(argv: string[]): Promise<number> {
  return toolMain(argv, USAGE, parseConsoleConsumerArgs, (args) => runConsoleConsumer(args, writeStdout));
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
