// `bin/console-producer` — kafka-console-producer.sh's flags: one record per stdin line, keyed
// with `--property parse.key=true` (split at key.separator, a tab by default). Exits 0 once stdin
// ends and every record is acknowledged; a failed record is reported on stderr and makes it exit 1.
import { flagValue, UsageError } from './flags';
import * as readline from 'node:readline';
import type { Readable } from 'node:stream';
import { toolMain } from './tool-main';
import { Producer, ProducerOptions } from '../client/producer';
import { parseAcks, parseCompression, producerOptionsFromProperties, splitProperty } from '../client/producer-config';
import { readPropertiesFile } from '../util/properties';

export const USAGE = `usage: bin/console-producer --bootstrap-server HOST:PORT[,HOST:PORT...] --topic T [options]
  --property parse.key=true|false     read "key<separator>value" lines (default false)
  --property key.separator=SEP        separator between key and value (default: tab)
  --compression-type none|gzip|snappy|lz4|zstd   (also --compression-codec)
  --acks all|1|0                      (also --request-required-acks; default all)
  --batch-size BYTES                  (batch.size)
  --timeout MS                        (linger.ms)
  --producer-property key=value       any Kafka producer property, repeatable
  --producer.config FILE              producer properties file (security.protocol, ssl.*, acks, ...)
Reads one record per line from stdin.`;

export interface ConsoleProducerArgs {
  topic: string;
  parseKey: boolean;
  keySeparator: string;
  options: ProducerOptions;
}

export function parseConsoleProducerArgs(argv: string[]): ConsoleProducerArgs {
  const properties: Record<string, string> = {};
  const producerProps: Record<string, string> = {};
  const flags: Record<string, string> = {};
  const value = (i: number, flag: string): string => flagValue(argv, i, flag);
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--property') {
      const [k, v] = splitProperty(value(i++, flag));
      properties[k] = v;
    } else if (flag === '--producer.config') {
      Object.assign(producerProps, readPropertiesFile(value(i++, flag)), { ...producerProps });
    } else if (flag === '--producer-property') {
      const [k, v] = splitProperty(value(i++, flag));
      producerProps[k] = v;
    } else if (
      [
        '--bootstrap-server',
        '--broker-list',
        '--topic',
        '--compression-type',
        '--compression-codec',
        '--acks',
        '--request-required-acks',
        '--batch-size',
        '--timeout',
      ].includes(flag)
    ) {
      flags[flag] = value(i++, flag);
    } else throw new UsageError(`unknown option ${flag}`);
  }
  const bootstrap = flags['--bootstrap-server'] ?? flags['--broker-list'] ?? producerProps['bootstrap.servers'];
  if (!bootstrap) throw new UsageError('--bootstrap-server is required');
  if (!flags['--topic']) throw new UsageError('--topic is required');
  return {
    topic: flags['--topic'],
    parseKey: (properties['parse.key'] ?? 'false').trim() === 'true',
    keySeparator: properties['key.separator'] ?? '\t',
    options: buildOptions(bootstrap, flags, producerProps),
  };
}

function buildOptions(
  bootstrap: string,
  flags: Record<string, string>,
  producerProps: Record<string, string>,
): ProducerOptions {
  const { options } = producerOptionsFromProperties({
    'client.id': 'console-producer',
    ...producerProps,
    'bootstrap.servers': bootstrap,
  });
  const compression = flags['--compression-type'] ?? flags['--compression-codec'];
  if (compression !== undefined) options.compression = parseCompression(compression, '--compression-type');
  const acks = flags['--acks'] ?? flags['--request-required-acks'];
  if (acks !== undefined) options.acks = parseAcks(acks, '--acks');
  if (flags['--batch-size'] !== undefined) options.batchBytes = positive(flags['--batch-size'], '--batch-size');
  if (flags['--timeout'] !== undefined) options.lingerMs = positive(flags['--timeout'], '--timeout');
  return options;
}

function positive(text: string, flag: string): number {
  if (!/^\d+$/.test(text) || Number(text) <= 0)
    throw new UsageError(`${flag} must be a positive integer, got '${text}'`);
  return Number(text);
}

/** Produces every line of `input`; rejects (after sending all it could) if any record failed. */
export async function runConsoleProducer(
  args: ConsoleProducerArgs,
  input: Readable,
  errorLine: (line: string) => void,
): Promise<void> {
  const producer = new Producer(args.options);
  let failures = 0;
  const onError = (lineNumber: number) => (error: Error) => {
    failures++;
    errorLine(`Error when sending line ${lineNumber} to topic ${args.topic}: ${error.message}`);
  };
  try {
    await producer.connect();
    const lines = readline.createInterface({ input, crlfDelay: Infinity });
    let lineNumber = 0;
    for await (const line of lines) {
      lineNumber++;
      const message = toMessage(line, lineNumber, args);
      producer.sendOne(args.topic, message).catch(onError(lineNumber));
      if (producer.bufferedBytes > 0) await producer.waitForBufferSpace();
    }
  } finally {
    await producer.close();
  }
  if (failures > 0) throw new Error(`${failures} record(s) could not be sent`);
}

function toMessage(line: string, lineNumber: number, args: ConsoleProducerArgs): { key: string | null; value: string } {
  if (!args.parseKey) return { key: null, value: line };
  const at = line.indexOf(args.keySeparator);
  if (at < 0) throw new Error(`No key separator found on line number ${lineNumber}: '${line}'`);
  return { key: line.slice(0, at), value: line.slice(at + args.keySeparator.length) };
}

export function main(argv: string[]): Promise<number> {
  return toolMain(argv, USAGE, parseConsoleProducerArgs, (args) =>
    runConsoleProducer(args, process.stdin, (line) => process.stderr.write(`${line}\n`)),
  );
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
