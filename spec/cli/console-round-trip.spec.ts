// Proves the console tools round-trip a file of keyed lines: bin/console-producer writes it
// (keys split at a separator, snappy batches), bin/console-consumer prints the same lines back
// with print.key, every line exactly once and each key's lines in file order.
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT, startBroker, stopAllBrokers, TestBroker, tempDir } from '../helpers/broker';
import { run } from '../helpers/processes';

const PRODUCER = path.join(PROJECT_ROOT, 'bin', 'console-producer');
const CONSUMER = path.join(PROJECT_ROOT, 'bin', 'console-consumer');

describe('console tools round trip', function () {
  this.timeout(60000);
  let broker: TestBroker;

  before(async () => {
    broker = await startBroker({
      label: 'console-round-trip',
      props: {
        'num.partitions': 4,
        'offsets.topic.num.partitions': 1,
        'offsets.topic.replication.factor': 1,
        'group.initial.rebalance.delay.ms': 0,
      },
    });
  });
  after(stopAllBrokers);

  it('reads back a file of keyed lines exactly as written', async () => {
    const lines = Array.from(
      { length: 300 },
      (_, i) => `customer-${i % 23}|order ${i} – ${'✓'.repeat(i % 3)} total=${(i * 7) % 100}`,
    );
    const file = path.join(tempDir('round-trip'), 'orders.txt');
    fs.writeFileSync(file, lines.join('\n') + '\n');
    const produced = await run(
      PRODUCER,
      [
        '--bootstrap-server',
        broker.bootstrap,
        '--topic',
        'round-trip',
        '--property',
        'parse.key=true',
        '--property',
        'key.separator=|',
        '--compression-type',
        'snappy',
      ],
      { input: fs.readFileSync(file) },
    );
    expect(produced.code, produced.stderr).to.equal(0);

    const consumed = await run(
      CONSUMER,
      [
        '--bootstrap-server',
        broker.bootstrap,
        '--topic',
        'round-trip',
        '--from-beginning',
        '--max-messages',
        String(lines.length),
        '--property',
        'print.key=true',
        '--property',
        'key.separator=|',
      ],
      { timeoutMs: 30000 },
    );
    expect(consumed.code, consumed.stderr).to.equal(0);
    const printed = consumed.stdout.split('\n').filter((l) => l !== '');
    expect([...printed].sort()).to.deep.equal([...lines].sort());
    for (const key of ['customer-0', 'customer-7', 'customer-22']) {
      const ofKey = (list: string[]) => list.filter((l) => l.startsWith(`${key}|`));
      expect(ofKey(printed), key).to.deep.equal(ofKey(lines));
    }
    expect(consumed.stderr).to.contain(`Processed a total of ${lines.length} messages`);
  });
});
