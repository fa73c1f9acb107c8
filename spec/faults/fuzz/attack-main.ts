// A separate process for the heavy attacks of the hostile-input scenario, so that neither the
// fuzz loop's CPU nor ten thousand idle sockets land in the harness process, whose workloads
// and probes must measure the broker and not their own starved event loop (or its descriptors).
//   node attack-main.js fuzz <host> <port> <count> <runSeed> <concurrency> <deadlineMs>
//     prints one JSON line: FuzzStats
//   node attack-main.js idle <host> <port> <count>
//     prints {"opened":n,"failed":n} once connected, {"allClosedByBrokerAfterMs":ms} if the broker
//     closes every one of them, and holds the rest until SIGTERM or stdin closes, then prints
//     {"closedByBroker":n} and exits
import { buildSeedRequests } from './seed-requests';
import { fuzzBroker } from './sender';
import { openIdleConnections } from './idle-attacks';

export const FUZZ_TOPIC = 'fuzz-target';
export const FUZZ_GROUP = 'fuzz-group';

async function fuzz(args: string[]): Promise<void> {
  const [host, port, count, runSeed, concurrency, deadlineMs] = args;
  const seeds = await buildSeedRequests({ topic: FUZZ_TOPIC, group: FUZZ_GROUP, clientId: 'samsa-fuzz' });
  const stats = await fuzzBroker({
    host,
    port: Number(port),
    seeds,
    runSeed: Number(runSeed),
    count: Number(count),
    concurrency: Number(concurrency),
    requestsPerConnectionMax: 8,
    replyTimeoutMs: 5000,
    deadline: Date.now() + Number(deadlineMs),
  });
  process.stdout.write(`${JSON.stringify(stats)}\n`);
}

async function idle(args: string[]): Promise<void> {
  const [host, port, count] = args;
  const held = await openIdleConnections(host, Number(port), Number(count));
  const openedAt = Date.now();
  process.stdout.write(`${JSON.stringify({ opened: held.opened, failed: held.failed })}\n`);
  const watch = setInterval(() => {
    if (held.opened === 0 || held.closedByBroker() < held.opened) return;
    clearInterval(watch);
    process.stdout.write(`${JSON.stringify({ allClosedByBrokerAfterMs: Date.now() - openedAt })}\n`);
  }, 500);
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.stdin.once('end', resolve);
    process.stdin.resume();
  });
  clearInterval(watch);
  const closedByBroker = held.closedByBroker();
  held.closeAll();
  process.stdout.write(`${JSON.stringify({ closedByBroker })}\n`);
}

if (require.main === module) {
  const [mode, ...args] = process.argv.slice(2);
  const run =
    mode === 'fuzz' ? fuzz(args) : mode === 'idle' ? idle(args) : Promise.reject(new Error(`unknown mode ${mode}`));
  run.then(
    () => process.exit(0),
    (err: Error) => {
      process.stderr.write(`${err.stack ?? err.message}\n`);
      process.exit(1);
    },
  );
}
