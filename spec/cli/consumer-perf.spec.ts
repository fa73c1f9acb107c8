// Proves bin/consumer-perf runs like kafka-consumer-perf-test.sh as a child process: it reads
// --messages messages through a group and prints Kafka's CSV header and a summary line whose
// columns hold the counts read; with too few messages it gives up after --timeout. While it runs
// it reports progress every --reporting-interval, live: on stderr, or with --show-detailed-stats
// as Kafka's per-interval CSV lines on stdout, the last one closing the final interval.
import { expect } from 'chai';
import * as path from 'node:path';
import { PROJECT_ROOT, startBroker, stopAllBrokers, TestBroker } from '../helpers/broker';
import { kcatProduce } from '../helpers/kcat';
import { run } from '../helpers/processes';
import { Admin } from '../../lib/client/admin';
import { DETAIL_HEADER, HEADER } from '../../lib/cli/consumer-perf';
import { spawnLive } from '../helpers/live-lines';
import { waitUntil } from '../helpers/wait';

const TOOL = path.join(PROJECT_ROOT, 'bin', 'consumer-perf');
const PROGRESS =
  /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d:\d{3} consumed (\d+) of 5000 messages \([\d.]+ msg\/s, [\d.]+ MB\/s\)$/;

describe('bin/consumer-perf', function () {
  this.timeout(60000);
  let broker: TestBroker;

  before(async () => {
    broker = await startBroker({
      label: 'cli-consumer-perf',
      props: {
        'offsets.topic.num.partitions': 3,
        'offsets.topic.replication.factor': 1,
        'group.initial.rebalance.delay.ms': 0,
      },
    });
    const admin = await Admin.connect(broker.bootstrap);
    await admin.createTopics([{ topic: 'perf', numPartitions: 3, replicationFactor: 1 }]);
    admin.close();
    await kcatProduce(
      broker.bootstrap,
      'perf',
      Array.from({ length: 3000 }, (_, i) => `k:${'x'.repeat(98)}${String(i % 10).padStart(2, '0')}`),
    );
  });
  after(stopAllBrokers);

  it('reads --messages messages and prints the header and summary line', async () => {
    const result = await run(
      TOOL,
      ['--bootstrap-server', broker.bootstrap, '--topic', 'perf', '--messages', '2500', '--timeout', '20000'],
      { timeoutMs: 45000 },
    );
    expect(result.code, result.stderr).to.equal(0);
    const [header, summary, ...rest] = result.stdout.trim().split('\n');
    expect(header).to.equal(HEADER);
    expect(rest).to.deep.equal([]);
    const fields = summary.split(', ');
    expect(fields).to.have.length(10);
    expect(fields[0]).to.match(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d:\d{3}$/);
    expect(fields[4]).to.equal('2500');
    // 2500 messages of 1-byte keys and 100-byte values.
    expect(Number(fields[2])).to.be.closeTo((2500 * 101) / (1024 * 1024), 0.0001);
    for (const i of [3, 5, 8, 9]) expect(Number(fields[i])).to.be.above(0);
  });

  it('gives up after --timeout when fewer messages exist, still printing the summary', async () => {
    const result = await run(
      TOOL,
      [
        '--bootstrap-server',
        broker.bootstrap,
        '--topic',
        'perf',
        '--messages',
        '5000',
        '--timeout',
        '1500',
        '--hide-header',
      ],
      { timeoutMs: 45000 },
    );
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stderr).to.contain('Exiting before consuming the expected number of messages');
    const lines = result.stdout.trim().split('\n');
    expect(lines).to.have.length(1);
    expect(lines[0].split(', ')[4]).to.equal('3000');
  });

  it('prints a progress line on stderr every --reporting-interval while it runs', async () => {
    // 5000 wanted, 3000 there: the tool waits out --timeout after the last one, still reporting.
    const tool = spawnLive(
      TOOL,
      [
        '--bootstrap-server',
        broker.bootstrap,
        '--topic',
        'perf',
        '--messages',
        '5000',
        '--timeout',
        '2000',
        '--reporting-interval',
        '200',
      ],
      45000,
    );
    try {
      await waitUntil(() => tool.stderr.some((l) => PROGRESS.exec(l)?.[1] === '3000'), {
        timeoutMs: 30000,
        message: 'a progress line counting all 3000 messages',
      });
      expect(tool.running(), 'the progress line arrives while the tool still runs').to.equal(true);
      expect(await tool.exited, tool.stderr.join('\n')).to.equal(0);
    } finally {
      tool.stop();
    }
    const counts = tool.stderr.flatMap((l) => {
      const m = PROGRESS.exec(l);
      return m ? [Number(m[1])] : [];
    });
    expect(counts.length, tool.stderr.join('\n')).to.be.at.least(5);
    expect(counts).to.deep.equal([...counts].sort((a, b) => a - b));
    expect(tool.stdout.filter((l) => l !== '')).to.have.length(2);
  });

  it("with --show-detailed-stats prints Kafka's interval lines on stdout, the last one at the total", async () => {
    const result = await run(
      TOOL,
      [
        '--bootstrap-server',
        broker.bootstrap,
        '--topic',
        'perf',
        '--messages',
        '5000',
        '--timeout',
        '1500',
        '--reporting-interval',
        '250',
        '--show-detailed-stats',
      ],
      { timeoutMs: 45000 },
    );
    expect(result.code, result.stderr).to.equal(0);
    const [header, ...lines] = result.stdout.trim().split('\n');
    expect(header).to.equal(DETAIL_HEADER);
    expect(lines.length, result.stdout).to.be.at.least(4);
    const rows = lines.map((l) => l.split(', '));
    for (const row of rows) {
      expect(row).to.have.length(10);
      expect(row[0]).to.match(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d:\d{3}$/);
      // rebalance.time.ms + fetch.time.ms make up the interval, never negative.
      expect(Number(row[6])).to.be.at.least(0);
    }
    const totals = rows.map((r) => Number(r[4]));
    expect(totals).to.deep.equal([...totals].sort((a, b) => a - b));
    expect(totals[totals.length - 1]).to.equal(3000);
    expect(Number(rows[rows.length - 1][2])).to.be.closeTo((3000 * 101) / (1024 * 1024), 0.0001);
    // The group's one rebalance is reported once, in the interval it finished in.
    expect(rows.filter((r) => Number(r[6]) > 0).length).to.be.at.most(1);
  });
});
