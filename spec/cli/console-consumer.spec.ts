// Proves bin/console-consumer behaves like kafka-console-consumer.sh as a child process: prints
// values (and keys, timestamps, partitions, offsets on request) one per line, stops after
// --max-messages or --timeout-ms with "Processed a total of N messages" on stderr, reads one
// partition from a chosen offset, and on SIGTERM commits and leaves its group cleanly.
import { expect } from 'chai';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { PROJECT_ROOT, startBroker, stopAllBrokers, TestBroker } from '../helpers/broker';
import { kcatProduce } from '../helpers/kcat';
import { run } from '../helpers/processes';
import { waitUntil } from '../helpers/wait';
import { openZkSession } from '../helpers/zookeeper';
import { Admin } from '../../lib/client/admin';

const TOOL = path.join(PROJECT_ROOT, 'bin', 'console-consumer');

describe('bin/console-consumer', function () {
  this.timeout(60000);
  let broker: TestBroker;

  before(async () => {
    broker = await startBroker({
      label: 'cli-console-consumer',
      props: {
        'offsets.topic.num.partitions': 3,
        'offsets.topic.replication.factor': 1,
        'group.initial.rebalance.delay.ms': 0,
      },
    });
    const admin = await Admin.connect(broker.bootstrap);
    await admin.createTopics([
      { topic: 'lines', numPartitions: 1, replicationFactor: 1 },
      { topic: 'grouped', numPartitions: 2, replicationFactor: 1 },
    ]);
    admin.close();
    await kcatProduce(
      broker.bootstrap,
      'lines',
      Array.from({ length: 5 }, (_, i) => `key${i}:value${i}`),
    );
  });
  after(stopAllBrokers);

  it('prints values from the beginning and exits 0 after --max-messages', async () => {
    const result = await run(
      TOOL,
      ['--bootstrap-server', broker.bootstrap, '--topic', 'lines', '--from-beginning', '--max-messages', '5'],
      { timeoutMs: 30000 },
    );
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.equal('value0\nvalue1\nvalue2\nvalue3\nvalue4\n');
    expect(result.stderr).to.contain('Processed a total of 5 messages');
  });

  it('prints keys, timestamps, partitions and offsets with --property, and reads one partition from an offset', async () => {
    const result = await run(
      TOOL,
      [
        '--bootstrap-server',
        broker.bootstrap,
        '--topic',
        'lines',
        '--partition',
        '0',
        '--offset',
        '3',
        '--max-messages',
        '2',
        '--property',
        'print.key=true',
        '--property',
        'key.separator=|',
        '--property',
        'print.timestamp=true',
        '--property',
        'print.partition=true',
        '--property',
        'print.offset=true',
      ],
      { timeoutMs: 30000 },
    );
    expect(result.code, result.stderr).to.equal(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).to.have.length(2);
    lines.forEach((line, i) =>
      expect(line).to.match(
        new RegExp(`^CreateTime:\\d+\\|Partition:0\\|Offset:${3 + i}\\|key${3 + i}\\|value${3 + i}$`),
      ),
    );
  });

  it('gives up after --timeout-ms without messages and still reports the count', async () => {
    const result = await run(
      TOOL,
      ['--bootstrap-server', broker.bootstrap, '--topic', 'lines', '--timeout-ms', '1500'],
      { timeoutMs: 30000 },
    );
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.equal('');
    expect(result.stderr).to.contain('Processed a total of 0 messages');
  });

  it('commits and leaves its group on SIGTERM', async () => {
    await kcatProduce(
      broker.bootstrap,
      'grouped',
      Array.from({ length: 8 }, (_, i) => `k${i}:g${i}`),
    );
    const child = spawn(
      TOOL,
      ['--bootstrap-server', broker.bootstrap, '--topic', 'grouped', '--group', 'console-g', '--from-beginning'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await waitUntil(() => stdout.trim().split('\n').length === 8, {
        timeoutMs: 30000,
        message: `eight lines (stderr: ${stderr})`,
      });
      process.kill(child.pid as number, 'SIGTERM');
      expect(await exited).to.equal(0);
    } finally {
      if (child.exitCode === null) process.kill(child.pid as number, 'SIGKILL');
    }
    expect(stdout.trim().split('\n').sort()).to.deep.equal(Array.from({ length: 8 }, (_, i) => `g${i}`));
    expect(stderr).to.contain('Processed a total of 8 messages');
    const zk = await openZkSession(broker.connectString);
    try {
      const offsets = await Promise.all(
        [0, 1].map(async (p) =>
          Number((await zk.getData(`/consumers/console-g/offsets/grouped/${p}`)).data?.toString()),
        ),
      );
      expect(offsets[0] + offsets[1]).to.equal(8);
      await waitUntil(
        async () => (await zk.getChildren('/consumers/console-g/ids').catch(() => [] as string[])).length === 0,
        { timeoutMs: 5000, message: 'the member registration to be gone' },
      );
    } finally {
      await zk.close();
    }
  });
});
