// Proves bin/producer-perf speaks kafka-producer-perf-test.sh's flags and output: it sends the
// requested number of records of the requested size, ends with Kafka's summary line (records/sec,
// MB/sec, latency average, maximum and percentiles), and the records are in the topic.
import { expect } from 'chai';
import * as path from 'node:path';
import { startBroker, stopAllBrokers, TestBroker, PROJECT_ROOT } from '../helpers/broker';
import { kcatConsumeAll } from '../helpers/kcat';
import { run } from '../helpers/processes';

const TOOL = path.join(PROJECT_ROOT, 'bin', 'producer-perf');
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
    expect(Date.now() - started).to.be.at.least(1400);
    expect(result.stdout.trim().split('\n').pop()).to.match(SUMMARY);
  });

  it('exits 2 on a usage error', async () => {
    const result = await run(TOOL, ['--topic', 'x', '--num-records', '10']);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.match(/--record-size is required/);
  });
});
