// Proves bin/topics speaks Kafka's kafka-topics.sh flags against a broker: create (with
// --config or --replica-assignment), alter (more partitions), list, describe (leader,
// replicas, ISR, and the header's `Configs:` with the topic's non-default configs from
// DescribeConfigs, left out when the broker does not serve it), delete (every topic a name, list
// or regular expression matches, as Kafka's include list, ending with a summary of the topics and
// partitions deleted and, when the broker refuses one, which and why), and usage errors.
import { expect } from 'chai';
import * as path from 'node:path';
import { startBroker, stopAllBrokers, TestBroker, PROJECT_ROOT } from '../helpers/broker';
import { run } from '../helpers/processes';
import { waitUntil } from '../helpers/wait';
import { zkChroot } from '../helpers/zookeeper';
import { topicOverrides } from '../../lib/cli/topics';
import { ClientError } from '../../lib/client/errors';

const TOPICS = path.join(PROJECT_ROOT, 'bin', 'topics');
const ACLS = path.join(PROJECT_ROOT, 'bin', 'acls');

describe('bin/topics', function () {
  this.timeout(60000);
  let broker: TestBroker;

  before(async () => {
    broker = await startBroker({ label: 'topics-cli' });
  });
  after(stopAllBrokers);

  const topics = (...args: string[]) => run(TOPICS, ['--bootstrap-server', broker.bootstrap, ...args]);

  it('creates, lists, describes and deletes a topic', async () => {
    const created = await topics(
      '--create',
      '--topic',
      'cli-t',
      '--partitions',
      '3',
      '--replication-factor',
      '1',
      '--config',
      'retention.ms=1000',
    );
    expect(created.code, created.stderr).to.equal(0);
    expect(created.stdout).to.equal('Created topic cli-t.\n');

    expect((await topics('--list')).stdout.split('\n')).to.include('cli-t');

    const described = await topics('--describe', '--topic', 'cli-t');
    expect(described.code).to.equal(0);
    const lines = described.stdout.trim().split('\n');
    expect(lines[0]).to.equal('Topic: cli-t\tPartitionCount: 3\tReplicationFactor: 1\tConfigs: retention.ms=1000');
    expect(lines.slice(1)).to.deep.equal(
      [0, 1, 2].map((p) => `\tTopic: cli-t\tPartition: ${p}\tLeader: 0\tReplicas: 0\tIsr: 0`),
    );

    const again = await topics('--create', '--topic', 'cli-t', '--partitions', '1');
    expect(again.code).to.equal(1);
    expect(again.stderr).to.match(/already exists/);

    const deleted = await topics('--delete', '--topic', 'cli-t');
    expect(deleted.code, deleted.stderr).to.equal(0);
    expect(deleted.stdout).to.equal('Deleted 1 topic with 3 partitions: cli-t (3).\n');
    await waitUntil(async () => !(await topics('--list')).stdout.split('\n').includes('cli-t'), {
      message: 'cli-t to disappear',
    });
  });

  it('deletes every topic a list or a regular expression matches, with a summary', async () => {
    for (const [topic, count] of [
      ['del-a', '2'],
      ['del-b', '1'],
      ['rx-1', '1'],
      ['rx-2', '3'],
      ['keep-rx-1', '1'],
    ]) {
      const created = await topics('--create', '--topic', topic, '--partitions', count);
      expect(created.code, created.stderr).to.equal(0);
    }
    const listed = await topics('--delete', '--topic', 'del-b,del-a');
    expect([listed.code, listed.stdout], listed.stderr).to.deep.equal([
      0,
      'Deleted 2 topics with 3 partitions: del-a (2), del-b (1).\n',
    ]);
    const matched = await topics('--delete', '--topic', 'rx-.*');
    expect([matched.code, matched.stdout], matched.stderr).to.deep.equal([
      0,
      'Deleted 2 topics with 4 partitions: rx-1 (1), rx-2 (3).\n',
    ]);
    const left = (await topics('--list')).stdout.split('\n');
    expect(left).to.include('keep-rx-1');
    for (const gone of ['del-a', 'del-b', 'rx-1', 'rx-2']) expect(left).to.not.include(gone);

    const none = await topics('--delete', '--topic', 'del-.*');
    expect([none.code, none.stderr]).to.deep.equal([1, "Error: Topic 'del-.*' does not exist as expected\n"]);
    const bad = await topics('--delete', '--topic', 'rx-(');
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.match(/--topic 'rx-\(' is not a valid regular expression/);
  });

  it('rejects a bad replication factor and bad usage with clear messages', async () => {
    const tooMany = await topics('--create', '--topic', 'rf', '--partitions', '1', '--replication-factor', '3');
    expect(tooMany.code).to.equal(1);
    expect(tooMany.stderr).to.match(/Replication factor: 3 larger than available brokers: 1/);
    const usage = await run(TOPICS, ['--list']);
    expect(usage.code).to.equal(2);
    expect(usage.stderr).to.match(/--bootstrap-server is required/);
    const badConfig = await topics('--create', '--topic', 'bc', '--config', 'retention.ms=soon');
    expect(badConfig.code).to.equal(1);
    expect(badConfig.stderr).to.match(/retention\.ms/);
  });

  it('adds partitions with --alter and refuses to shrink', async () => {
    const created = await topics('--create', '--topic', 'alt', '--replica-assignment', '0');
    expect(created.code, created.stderr).to.equal(0);
    const altered = await topics('--alter', '--topic', 'alt', '--partitions', '3');
    expect(altered.code, altered.stderr).to.equal(0);
    const described = await topics('--describe', '--topic', 'alt');
    expect(described.stdout.split('\n')[0]).to.equal('Topic: alt\tPartitionCount: 3\tReplicationFactor: 1\tConfigs: ');
    expect(described.stdout).to.include('\tTopic: alt\tPartition: 2\tLeader: 0\tReplicas: 0\tIsr: 0');
    const listed = await topics('--alter', '--topic', 'alt', '--partitions', '4', '--replica-assignment', '0,0,0,0');
    expect(listed.code, listed.stderr).to.equal(0);
    const shrink = await topics('--alter', '--topic', 'alt', '--partitions', '2');
    expect(shrink.code).to.equal(1);
    expect(shrink.stderr).to.match(
      /INVALID_PARTITIONS: Topic currently has 4 partitions, which is higher than the requested 2/,
    );
    const usage = await topics('--alter', '--topic', 'alt');
    expect(usage.code).to.equal(2);
    expect(usage.stderr).to.match(/--alter needs --partitions/);
  });

  it('prints the header without Configs when the broker does not serve DescribeConfigs', async () => {
    const unsupported = {
      describeConfigs: () => Promise.reject(new ClientError('UNSUPPORTED_BY_BROKER', 'no DescribeConfigs')),
    };
    expect(await topicOverrides(unsupported, ['t'])).to.equal(null);
    const failing = { describeConfigs: () => Promise.reject(new ClientError('UNKNOWN_TOPIC_OR_PARTITION', 'gone')) };
    const outcome = await topicOverrides(failing, ['t']).then(
      () => null,
      (e: unknown) => e,
    );
    expect(outcome).to.be.instanceOf(ClientError);
  });
});

describe('bin/topics --delete when the broker refuses a topic', function () {
  this.timeout(60000);
  let broker: TestBroker;

  before(async () => {
    // Everyone may do anything, except delete `guarded` (its own ACLs allow all but Delete).
    const connectString = zkChroot('topics-cli-acl');
    const acls = (...args: string[]) =>
      run(ACLS, ['--authorizer-properties', `zookeeper.connect=${connectString}`, '--add', ...args]);
    for (const permission of ['--allow-principal', '--deny-principal']) {
      const operation = permission === '--allow-principal' ? 'All' : 'Delete';
      const added = await acls(permission, 'User:ANONYMOUS', '--operation', operation, '--topic', 'guarded');
      expect(added.code, added.stderr).to.equal(0);
    }
    broker = await startBroker({
      label: 'topics-cli-acl',
      connectString,
      props: {
        'authorizer.class.name': 'kafka.security.authorizer.AclAuthorizer',
        'allow.everyone.if.no.acl.found': true,
      },
    });
  });
  after(stopAllBrokers);

  const topics = (...args: string[]) => run(TOPICS, ['--bootstrap-server', broker.bootstrap, ...args]);

  it('deletes the others, names the one refused with its error, and exits 1', async () => {
    for (const [topic, count] of [
      ['guarded', '1'],
      ['open', '2'],
    ]) {
      const created = await topics('--create', '--topic', topic, '--partitions', count);
      expect(created.code, created.stderr).to.equal(0);
    }
    const deleted = await topics('--delete', '--topic', 'open,guarded');
    expect(deleted.code).to.equal(1);
    expect(deleted.stdout).to.equal('Deleted 1 topic with 2 partitions: open (2).\n');
    expect(deleted.stderr).to.match(
      /^Error: Deletion of 1 topic failed:\n\* Topic 'guarded' could not be deleted due to: TOPIC_AUTHORIZATION_FAILED: .+\n$/,
    );
    const left = (await topics('--list')).stdout.split('\n');
    expect(left).to.include('guarded');
    expect(left).to.not.include('open');
  });
});
