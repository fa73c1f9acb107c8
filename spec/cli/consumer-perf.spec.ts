// Proves bin/consumer-perf runs like kafka-consumer-perf-test.sh as a child process: it reads
// --messages messages through a group and prints Kafka's CSV header and a summary line whose
// columns hold the counts read; with too few messages it gives up after --timeout.
import { expect } from 'chai';
import * as path from 'node:path';
import { PROJECT_ROOT, startBroker, stopAllBrokers, TestBroker } from '../helpers/broker';
import { kcatProduce } from '../helpers/kcat';
import { run } from '../helpers/processes';
import { Admin } from '../../lib/client/admin';
import { HEADER } from '../../lib/cli/consumer-perf';

const TOOL = path.join(PROJECT_ROOT, 'bin', 'consumer-perf');

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
});
