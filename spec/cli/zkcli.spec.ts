// Proves bin/zkcli runs the installed zkCli.sh inside the broker's chroot: `ls /brokers/ids`
// lists a spec broker's id whether the connect string comes from --zookeeper or from a
// properties file's zookeeper.connect, and bad usage exits 2 with the usage text.
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startBroker, stopAllBrokers, TestBroker, PROJECT_ROOT, tempDir } from '../helpers/broker';
import { run } from '../helpers/processes';
import { parseZkCliArgs, DEFAULT_CONFIG } from '../../lib/cli/zkcli';

const ZKCLI = path.join(PROJECT_ROOT, 'bin', 'zkcli');

/** zkCli prints log noise around its answer; a listing is the last line that looks like one. */
function listing(stdout: string): string[] {
  const line =
    stdout
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.startsWith('['))
      .pop() ?? '';
  return line
    .slice(1, -1)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

describe('bin/zkcli', function () {
  this.timeout(90000);
  let broker: TestBroker;

  before(async () => {
    broker = await startBroker({ label: 'zkcli-tool', brokerId: 5 });
  });
  after(stopAllBrokers);

  it('lists the broker ids inside the chroot given with --zookeeper', async () => {
    const result = await run(ZKCLI, ['--zookeeper', broker.connectString, 'ls', '/brokers/ids'], { timeoutMs: 60000 });
    expect(result.code, result.stderr).to.equal(0);
    expect(listing(result.stdout)).to.deep.equal(['5']);
  });

  it('takes zookeeper.connect from --config', async () => {
    const file = path.join(tempDir('zkcli-config'), 'server.properties');
    fs.writeFileSync(file, `broker.id=5\nzookeeper.connect=${broker.connectString}\n`);
    const result = await run(ZKCLI, ['--config', file, 'get', '/controller'], { timeoutMs: 60000 });
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.match(/"brokerid":5/);
  });

  it('defaults to config/server.properties and passes zkCli arguments through', () => {
    const read = (file: string) => (file === DEFAULT_CONFIG ? 'zookeeper.connect=zk1:2181,zk2:2181/kafka\n' : '');
    expect(parseZkCliArgs(['ls', '-R', '/'], read)).to.deep.equal({
      connect: 'zk1:2181,zk2:2181/kafka',
      digest: null,
      command: ['ls', '-R', '/'],
    });
    expect(parseZkCliArgs(['--zookeeper', 'h:1/c'], read)).to.deep.equal({
      connect: 'h:1/c',
      digest: null,
      command: [],
    });
  });

  it("takes a digest credential from --digest or the config file's zookeeper.digest.credentials", () => {
    const read = () => 'zookeeper.connect=zk:2181/k\nzookeeper.digest.credentials=samsa:pw\n';
    expect(parseZkCliArgs(['--config', 'f', 'ls', '/'], read)).to.deep.equal({
      connect: 'zk:2181/k',
      digest: 'samsa:pw',
      command: ['ls', '/'],
    });
    expect(parseZkCliArgs(['--digest', 'ops:x:y', '--zookeeper', 'h:1', 'ls', '/'], read)).to.deep.equal({
      connect: 'h:1',
      digest: 'ops:x:y',
      command: ['ls', '/'],
    });
    expect(parseZkCliArgs(['--config', 'f', '--digest', 'ops:z'], read).digest).to.equal('ops:z');
    expect(() => parseZkCliArgs(['--zookeeper', 'h:1', '--digest', 'nopassword'], read)).to.throw(/user:password/);
  });

  it('exits 2 with the usage on bad flags', async () => {
    const result = await run(ZKCLI, ['--zookeeper'], { timeoutMs: 30000 });
    expect(result.code).to.equal(2);
    expect(result.stderr)
      .to.match(/--zookeeper needs a value/)
      .and.match(/usage: bin\/zkcli/);
    const both = await run(ZKCLI, ['--zookeeper', 'a:1', '--config', 'x'], { timeoutMs: 30000 });
    expect(both.code).to.equal(2);
  });
});
