// Proves bin/console-producer speaks kafka-console-producer.sh's flags: every stdin line becomes
// one record, `parse.key`/`key.separator` split keys off (keyed lines land on the key's murmur2
// partition, as kcat reads them back), compression and acks flags work, and bad input or a
// missing broker end with exit 1 and a message on stderr.
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { partitionForKey } from '../../lib/client/partitioner';
import { startBroker, stopAllBrokers, TestBroker, PROJECT_ROOT, tempDir } from '../helpers/broker';
import { kcatConsumeAll } from '../helpers/kcat';
import { run } from '../helpers/processes';

const TOOL = path.join(PROJECT_ROOT, 'bin', 'console-producer');

describe('bin/console-producer', function () {
  this.timeout(60000);
  let broker: TestBroker;

  before(async () => {
    broker = await startBroker({
      label: 'console-producer-cli',
      props: { 'num.partitions': 3, 'auto.create.topics.enable': true },
    });
  });
  after(stopAllBrokers);

  it('produces keyed lines from a file with the right keys and partitions', async () => {
    const lines = Array.from({ length: 200 }, (_, i) => `user-${i % 17}:event ${i}`);
    const file = path.join(tempDir('console-producer'), 'input.txt');
    fs.writeFileSync(file, lines.join('\n') + '\n');
    const result = await run(
      TOOL,
      [
        '--bootstrap-server',
        broker.bootstrap,
        '--topic',
        'cli-keyed',
        '--property',
        'parse.key=true',
        '--property',
        'key.separator=:',
        '--compression-type',
        'gzip',
        '--acks',
        'all',
        '--producer-property',
        'linger.ms=20',
      ],
      { input: fs.readFileSync(file) },
    );
    expect(result.code, result.stderr).to.equal(0);
    const read = await kcatConsumeAll(broker.bootstrap, 'cli-keyed');
    expect(read.map((m) => `${m.key}:${m.payload}`).sort()).to.deep.equal([...lines].sort());
    for (const m of read) expect(m.partition).to.equal(partitionForKey(Buffer.from(m.key as string), 3));
    const inOrder = read.filter((m) => m.key === 'user-3').map((m) => m.payload);
    expect(inOrder).to.deep.equal(lines.filter((l) => l.startsWith('user-3:')).map((l) => l.slice('user-3:'.length)));
  });

  it('produces unkeyed lines with acks=1', async () => {
    const result = await run(TOOL, ['--bootstrap-server', broker.bootstrap, '--topic', 'cli-plain', '--acks', '1'], {
      input: 'one\ntwo\nthree\n',
    });
    expect(result.code, result.stderr).to.equal(0);
    const read = await kcatConsumeAll(broker.bootstrap, 'cli-plain');
    expect(read.map((m) => m.payload).sort()).to.deep.equal(['one', 'three', 'two']);
    for (const m of read) expect(m.key).to.equal(null);
  });

  it('exits 1 with a message when a keyed line has no separator', async () => {
    const result = await run(
      TOOL,
      ['--bootstrap-server', broker.bootstrap, '--topic', 'cli-bad', '--property', 'parse.key=true'],
      { input: 'no-separator-here\n' },
    );
    expect(result.code).to.equal(1);
    expect(result.stderr).to.match(/No key separator found on line number 1/);
  });

  it('exits 1 when no broker answers, and 2 on a usage error', async () => {
    const down = await run(TOOL, ['--bootstrap-server', '127.0.0.1:1', '--topic', 't'], { input: 'x\n' });
    expect(down.code).to.equal(1);
    expect(down.stderr).to.match(/Error: .*no .*broker/i);
    const usage = await run(TOOL, ['--topic', 't'], { input: '' });
    expect(usage.code).to.equal(2);
    expect(usage.stderr).to.match(/--bootstrap-server is required/);
  });
});
