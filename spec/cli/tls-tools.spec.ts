// The tools take Kafka's client properties files (--command-config, --producer.config,
// --consumer.config) and so reach an SSL listener that requires a client certificate: topics
// creates a topic, console-producer writes, console-consumer reads back, consumer-groups lists the
// group, and the perf tools run; without the file each fails against that listener.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import { PROJECT_ROOT, startBroker, stopAllBrokers, tempDir } from '../helpers/broker';
import { run } from '../helpers/processes';
import { makeCerts, sslBrokerProps, sslClientProps } from '../helpers/tls';

const bin = (name: string) => path.join(PROJECT_ROOT, 'bin', name);

describe('tools over SSL with a client properties file', function () {
  this.timeout(120000);
  let bootstrap: string;
  let configFile: string;

  before(async () => {
    const certs = await makeCerts('tools');
    const broker = await startBroker({
      label: 'tls-tools',
      props: {
        listeners: 'SSL://127.0.0.1:0',
        ...sslBrokerProps(certs, 'required'),
        'offsets.topic.replication.factor': 1,
        'group.initial.rebalance.delay.ms': 0,
      },
    });
    bootstrap = broker.bootstrap;
    configFile = path.join(tempDir('tools-config'), 'client.properties');
    const props = sslClientProps(certs, 'client');
    fs.writeFileSync(
      configFile,
      Object.entries(props)
        .map(([k, v]) => `${k}=${v}\n`)
        .join(''),
    );
  });

  after(stopAllBrokers);

  async function tool(name: string, args: string[], input?: string) {
    const result = await run(bin(name), args, { input, timeoutMs: 60000 });
    return { ...result, output: `${result.stdout}${result.stderr}` };
  }

  it('creates, writes, reads and lists over TLS with the client certificate', async () => {
    const created = await tool(
      'topics',
      ['--bootstrap-server', bootstrap, '--command-config', configFile].concat([
        '--create',
        '--topic',
        'tls-tools',
        '--partitions',
        '1',
        '--replication-factor',
        '1',
      ]),
    );
    expect(created.code, created.output).to.equal(0);
    const produced = await tool(
      'console-producer',
      ['--bootstrap-server', bootstrap, '--topic', 'tls-tools', '--producer.config', configFile],
      'one\ntwo\n',
    );
    expect(produced.code, produced.output).to.equal(0);
    const consumed = await tool(
      'console-consumer',
      ['--bootstrap-server', bootstrap, '--topic', 'tls-tools'].concat([
        '--consumer.config',
        configFile,
        '--from-beginning',
        '--group',
        'g-tls',
        '--max-messages',
        '2',
      ]),
    );
    expect(consumed.code, consumed.output).to.equal(0);
    expect(consumed.stdout.split('\n').filter((l) => l !== '')).to.deep.equal(['one', 'two']);
    const groups = await tool('consumer-groups', [
      '--bootstrap-server',
      bootstrap,
      '--command-config',
      configFile,
      '--list',
    ]);
    expect(groups.code, groups.output).to.equal(0);
    expect(groups.stdout).to.include('g-tls');
  });

  it('runs the perf tools over TLS', async () => {
    const produced = await tool(
      'producer-perf',
      ['--topic', 'tls-perf', '--num-records', '200', '--record-size', '100'].concat([
        '--throughput',
        '-1',
        '--bootstrap-server',
        bootstrap,
        '--producer.config',
        configFile,
      ]),
    );
    expect(produced.code, produced.output).to.equal(0);
    expect(produced.stdout).to.match(/^200 records sent/m);
    const consumed = await tool(
      'consumer-perf',
      ['--bootstrap-server', bootstrap, '--topic', 'tls-perf'].concat([
        '--messages',
        '200',
        '--consumer.config',
        configFile,
        '--timeout',
        '20000',
      ]),
    );
    expect(consumed.code, consumed.output).to.equal(0);
    const summary = consumed.stdout.trim().split('\n').pop() as string;
    expect(summary.split(',')[4].trim(), summary).to.equal('200');
  });

  it('fails without the properties file, and names an unreadable one', async () => {
    const plain = await tool('topics', ['--bootstrap-server', bootstrap, '--list']);
    expect(plain.code).to.equal(1);
    const missing = await tool('topics', [
      '--bootstrap-server',
      bootstrap,
      '--command-config',
      '/no/such.properties',
      '--list',
    ]);
    expect(missing.code).to.equal(1);
    expect(missing.stderr).to.include('/no/such.properties');
  });
});
