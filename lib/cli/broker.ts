// `bin/broker <server.properties> [--override key=value]...`: starts one broker and stops it
// cleanly on SIGTERM/SIGINT/SIGHUP. Exit codes: 0 clean stop, 1 start-up failure (bad config value,
// broker id in use, ZooKeeper unreachable), 2 usage error.
import { applyOverrides, buildBrokerConfig, ConfigError, readConfigFile, unknownKeys } from '../server/config';
import { Broker } from '../server/broker';
import { createLogger } from '../util/logger';
import { PropertiesError } from '../util/properties';
import { UsageError } from './flags';
import { startOperatorHttp, type OperatorHttp } from '../web';

const USAGE = 'usage: bin/broker <server.properties> [--override key=value]...';

export function parseBrokerArgs(argv: string[]): { file: string; overrides: string[] } {
  let file: string | null = null;
  const overrides: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--override') {
      const pair = argv[++i];
      if (pair === undefined) throw new UsageError('--override needs key=value');
      overrides.push(pair);
    } else if (arg.startsWith('--override=')) {
      overrides.push(arg.slice('--override='.length));
    } else if (arg.startsWith('-')) {
      throw new UsageError(`unknown option ${arg}`);
    } else if (file === null) {
      file = arg;
    } else {
      throw new UsageError(`unexpected argument ${arg}`);
    }
  }
  if (file === null) throw new UsageError('a properties file is required');
  return { file, overrides };
}

export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseBrokerArgs(argv);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  let config;
  let raw;
  try {
    raw = applyOverrides(readConfigFile(parsed.file), parsed.overrides);
    config = buildBrokerConfig(raw);
  } catch (err) {
    const what = err instanceof ConfigError || err instanceof PropertiesError ? '' : `cannot read ${parsed.file}: `;
    process.stderr.write(`ERROR ${what}${(err as Error).message}\n`);
    return 1;
  }
  const logger = createLogger({
    level: config.logLevel,
    name: config.brokerId >= 0 ? `broker-${config.brokerId}` : 'broker',
  });
  for (const key of unknownKeys(raw)) logger.warn(`unknown configuration key '${key}' is ignored`);
  const broker = new Broker(config, logger);
  // Signal handlers go in before anything is announced, so a SIGTERM that follows the
  // "started" line (or arrives during start-up) always gets the clean shutdown.
  const signalled = onceSignalled(logger);
  const started = broker.start().then(
    () => true,
    (err: Error) => {
      logger.error(`start-up failed: ${err.message}`);
      return false;
    },
  );
  let http: OperatorHttp | null = null;
  const stopAll = async () => {
    await http?.stop().catch((err: Error) => logger.warn(`operator HTTP port: ${err.message}`));
    await broker.stop();
  };
  const first = await Promise.race([started, signalled.then(() => 'signal' as const)]);
  if (first !== true) {
    // A signal during start-up lets start-up finish before the clean stop.
    const ok = first === 'signal' ? await started : false;
    await broker.stop();
    return ok ? 0 : 1;
  }
  try {
    http = await startOperatorHttp(broker, logger);
  } catch (err) {
    logger.error(`start-up failed: operator HTTP port: ${(err as Error).message}`);
    await broker.stop();
    return 1;
  }
  const where = broker
    .boundListeners()
    .map((l) => `${l.listenerName}://${l.host || '0.0.0.0'}:${l.port}`)
    .join(', ');
  logger.info(`Samsa broker ${broker.brokerId} started; listening on ${where}`);
  await signalled;
  try {
    await stopAll();
    return 0;
  } catch {
    return 1;
  }
}

/**
 * The first of SIGTERM, SIGINT or SIGHUP (a closed terminal) starts the clean stop; later ones
 * are ignored, as a JVM ignores them while its shutdown hooks run: Ctrl-C under `make run` or
 * `timeout` signal the whole process group and the runner signals each broker as well, and a
 * second default-action signal would cut the clean stop short.
 */
function onceSignalled(logger: ReturnType<typeof createLogger>): Promise<void> {
  return new Promise((resolve) => {
    let received = false;
    const stop = (signal: NodeJS.Signals) => {
      logger.info(received ? `${signal} received; already shutting down` : `${signal} received; shutting down`);
      received = true;
      resolve();
    };
    for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, stop);
  });
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    // Winston writes asynchronously; give it a tick before exiting.
    setImmediate(() => process.exit(code));
  });
}
