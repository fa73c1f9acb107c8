// Proves bin/producer-perf speaks kafka-producer-perf-test.sh's flags and output: it sends the
// requested number of records of the requested size, ends with Kafka's summary line (records/sec,
// MB/sec, latency average, maximum and percentiles), and the records are in the topic, stamped
// with the times they were sent (the tool gives the producer its send time); while it
// runs it prints Kafka's window line every reporting interval, live (before it exits), also while
// the broker is frozen and nothing is acknowledged ("0 records sent").
import { expect } from 'chai';
import * as path from 'node:path';
import { spawnBroker, startBroker, stopAllBrokers, tempDir, TestBroker, PROJECT_ROOT } from '../helpers/broker';
import { zkChroot } from '../helpers/zookeeper';
import { kcatConsumeAll } from '../helpers/kcat';
import { run } from '../helpers/processes';
import { spawnLive } from '../helpers/live-lines';
import { waitUntil } from '../helpers/wait';

const TOOL = path.join(PROJECT_ROOT, 'bin', 'producer-perf');
const WINDOW =
  /^(\d+) records sent, [\d.]+ records\/sec \([\d.]+ MB\/sec\), [\d.]+ ms avg latency, [\d.]+ ms max latency\.$/;
const SUMMARY =
  /^(\d+) records sent, [\d.]+ records\/sec \([\d.]+ MB\/sec\), [\d.]+ ms avg latency, [\d.]+ ms max latency, \d+ ms 50th, \d+ ms 95th, \d+ ms 99th, \d+ ms 99\.9th\.$/;

describe('bin/producer-perf', function () {
  this.timeout(60000);
  let broker: TestBroker;

  before(async () => {
    broker = await startBroker({
      label: 'producer-perf-cli',
      props: { 'num.partitions': 2, 'auto.create.topics.enable': true },
    });
  });
  after(stopAllBrokers);

  it('sends N records of S bytes and prints the summary line', async () => {
    const result = await run(TOOL, [
      '--topic',
      'perf-t',
      '--num-records',
      '5000',
      '--record-size',
      '64',
      '--throughput',
      '-1',
      '--producer-props',
      `bootstrap.servers=${broker.bootstrap}`,
      'acks=all',
      'linger.ms=5',
      'batch.size=16384',
      'compression.type=snappy',
    ]);
    expect(result.code, result.stderr).to.equal(0);
    const lines = result.stdout.trim().split('\n');
    const summary = SUMMARY.exec(lines[lines.length - 1]);
    expect(summary, result.stdout).to.not.equal(null);
    expect(Number(summary![1])).to.equal(5000);
    const read = await kcatConsumeAll(broker.bootstrap, 'perf-t');
    expect(read).to.have.length(5000);
    for (const m of read) expect(m.payload).to.match(/^[A-Z]{64}$/);
  });

  it('accepts --bootstrap-server and honours --throughput', async () => {
    const started = Date.now();
    const result = await run(TOOL, [
      '--bootstrap-server',
      broker.bootstrap,
      '--topic',
      'perf-slow',
      '--num-records',
      '300',
      '--record-size',
      '10',
      '--throughput',
      '200',
      '--producer-props',
      'acks=1',
    ]);
    expect(result.code, result.stderr).to.equal(0);
    const finished = Date.now();
    expect(finished - started).to.be.at.least(1400);
    expect(result.stdout.trim().split('\n').pop()).to.match(SUMMARY);
    const stamps = (await kcatConsumeAll(broker.bootstrap, 'perf-slow')).map((m) => m.ts);
    expect(stamps).to.have.length(300);
    for (const ts of stamps) expect(ts).to.be.within(started, finished);
    expect(Math.max(...stamps) - Math.min(...stamps), 'paced sends carry their own send times').to.be.at.least(1000);
  });

  it('prints a window line every --reporting-interval while it runs, then the summary', async () => {
    // 1500 records at 500/s: about 3 s, so 300 ms windows give several lines before the end.
    const tool = spawnLive(
      TOOL,
      [
        '--bootstrap-server',
        broker.bootstrap,
        '--topic',
        'perf-progress',
        '--num-records',
        '1500',
        '--record-size',
        '20',
        '--throughput',
        '500',
        '--reporting-interval',
        '300',
      ],
      45000,
    );
    try {
      await waitUntil(() => tool.stdout.some((l) => WINDOW.test(l) && !l.startsWith('0 ')), {
        timeoutMs: 20000,
        message: 'a window line with records in it',
      });
      expect(tool.running(), 'the first window line arrives while the tool still runs').to.equal(true);
      expect(await tool.exited, tool.stderr.join('\n')).to.equal(0);
    } finally {
      tool.stop();
    }
    const lines = tool.stdout.filter((l) => l !== '');
    const summary = SUMMARY.exec(lines[lines.length - 1]);
    expect(summary, lines.join('\n')).to.not.equal(null);
    expect(Number(summary![1])).to.equal(1500);
    const windows = lines.slice(0, -1);
    for (const line of windows) expect(line).to.match(WINDOW);
    expect(windows.length, lines.join('\n')).to.be.at.least(4);
    // The windows cover everything acknowledged before the last tick; the rest is in the summary.
    const windowed = windows.reduce((sum, l) => sum + Number(WINDOW.exec(l)![1]), 0);
    expect(windowed).to.be.within(1, 1500);
  });

  it('exits 2 on a usage error', async () => {
    const result = await run(TOOL, ['--topic', 'x', '--num-records', '10']);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.match(/--record-size is required/);
    const interval = await run(TOOL, [
      '--bootstrap-server',
      broker.bootstrap,
      '--topic',
      'x',
      '--num-records',
      '10',
      '--record-size',
      '1',
      '--throughput',
      '-1',
      '--reporting-interval',
      '0',
    ]);
    expect(interval.code).to.equal(2);
    expect(interval.stderr).to.match(/--reporting-interval must be a positive integer, got '0'/);
  });
});

describe('bin/producer-perf against a frozen broker', function () {
  this.timeout(90000);
  after(stopAllBrokers);

  it('keeps printing window lines, with 0 records, while nothing is acknowledged', async () => {
    const broker = await spawnBroker({
      props: {
        'broker.id': 1,
        listeners: 'PLAINTEXT://127.0.0.1:0',
        'log.dirs': tempDir('perf-frozen'),
        'zookeeper.connect': zkChroot('perf-frozen'),
        'zookeeper.session.timeout.ms': 10000,
        'auto.create.topics.enable': true,
      },
    });
    // 3000 records at 300/s: 10 s, of which the broker spends about one frozen.
    const tool = spawnLive(
      TOOL,
      [
        '--bootstrap-server',
        broker.bootstrap,
        '--topic',
        'perf-frozen',
        '--num-records',
        '3000',
        '--record-size',
        '20',
        '--throughput',
        '300',
        '--reporting-interval',
        '250',
        '--producer-props',
        'request.timeout.ms=30000',
      ],
      60000,
    );
    let frozen = false;
    try {
      await waitUntil(() => tool.stdout.some((l) => WINDOW.test(l) && !l.startsWith('0 ')), {
        timeoutMs: 20000,
        message: 'a window line with records in it',
      });
      const seen = tool.stdout.length;
      process.kill(broker.pid, 'SIGSTOP');
      frozen = true;
      await waitUntil(() => tool.stdout.slice(seen).some((l) => WINDOW.exec(l)?.[1] === '0'), {
        timeoutMs: 5000,
        message: 'a "0 records sent" window while the broker is frozen',
      });
      expect(tool.running()).to.equal(true);
      process.kill(broker.pid, 'SIGCONT');
      frozen = false;
      expect(await tool.exited, tool.stderr.join('\n')).to.equal(0);
    } finally {
      if (frozen) process.kill(broker.pid, 'SIGCONT');
      tool.stop();
    }
    const summary = SUMMARY.exec(tool.stdout.filter((l) => l !== '').pop() ?? '');
    expect(summary, tool.stdout.join('\n')).to.not.equal(null);
    expect(Number(summary![1])).to.equal(3000);
  });
});
