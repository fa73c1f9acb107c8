// Proves ACLs apply on every broker of a three-broker cluster from ZooKeeper's change
// notifications, without a restart: with the AclAuthorizer on all three (and ClusterAction for
// User:ANONYMOUS, which the brokers' own requests also carry until the inter-broker listener
// authenticates), acks=all produce to a three-replica `orders` still replicates; every broker
// refuses a consumer's Fetch of orders; after `bin/acls --add ... --operation Read --topic orders
// --group g1` against one broker, every broker serves that Fetch within a second, and kafkajs
// consumes in g1. Metadata on every broker keeps hiding the topic nobody may Describe.
import { expect } from 'chai';
import * as path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { TestCluster } from '../helpers/cluster';
import { PROJECT_ROOT } from '../helpers/broker';
import { kcatMetadata, kcatProduce } from '../helpers/kcat';
import { run } from '../helpers/processes';
import { fetchFromBroker } from '../helpers/raw-partition';
import { waitUntil } from '../helpers/wait';
import { ErrorCode } from '../../lib/protocol/error-codes';
import type { AclEntry } from '../../lib/protocol/acl-types';
import { updateResourceAcls } from '../../lib/zk/acl-znodes';

const ACLS = path.join(PROJECT_ROOT, 'bin', 'acls');
const ANONYMOUS = 'User:ANONYMOUS';
const IDS = [1, 2, 3];

describe('ACLs across a three-broker cluster', function () {
  this.timeout(180000);
  let cluster: TestCluster;
  const ports = () => IDS.map((id) => cluster.brokers.get(id)!.port);
  const acls = async (port: number, ...args: string[]) => {
    const result = await run(ACLS, ['--bootstrap-server', `127.0.0.1:${port}`, ...args]);
    expect(result.code, result.stderr).to.equal(0);
  };

  before(async () => {
    cluster = await TestCluster.start('acl-cluster', [], {
      'authorizer.class.name': 'kafka.security.auth.SimpleAclAuthorizer',
      'super.users': 'User:admin',
    });
    const allow = (operation: AclEntry['operation']): AclEntry => ({
      principal: ANONYMOUS,
      permissionType: 'Allow',
      operation,
      host: '*',
    });
    const clusterPattern = { resourceType: 'Cluster', name: 'kafka-cluster', patternType: 'LITERAL' } as const;
    await updateResourceAcls(cluster.session, clusterPattern, () => [
      allow('ClusterAction'),
      allow('Alter'),
      allow('Create'),
    ]);
    await Promise.all(IDS.map((id) => cluster.startBroker(id)));
    await cluster.createReplicatedTopic('orders', 1);
    await cluster.createReplicatedTopic('other', 1);
    await acls(ports()[0], '--remove', '--allow-principal', ANONYMOUS, '--operation', 'Create', '--cluster', '--force');
    await acls(ports()[0], '--add', '--allow-principal', ANONYMOUS, '--operation', 'Write', '--topic', 'orders');
  });

  after(async () => {
    await cluster?.stop();
  });

  it('replicates acks=all writes with only Write on the topic for the client', async () => {
    await kcatProduce(cluster.bootstrap(), 'orders', ['a:one', 'b:two', 'c:three'], ['-X', 'acks=all']);
    const state = await cluster.state('orders', 0);
    expect(state.isr.sort()).to.deep.equal(IDS);
  });

  it('applies a Read grant made through one broker on every broker within a second', async () => {
    for (const port of ports()) {
      expect((await fetchFromBroker(port, 'orders')).errorCode, `broker on ${port}`).to.equal(
        ErrorCode.TOPIC_AUTHORIZATION_FAILED,
      );
    }
    await acls(
      ports()[1],
      '--add',
      '--allow-principal',
      ANONYMOUS,
      '--operation',
      'Read',
      '--topic',
      'orders',
      '--group',
      'g1',
    );
    const leader = (await cluster.state('orders', 0)).leader;
    await Promise.all(
      IDS.map((id) =>
        waitUntil(
          async () => {
            const { errorCode } = await fetchFromBroker(cluster.brokers.get(id)!.port, 'orders');
            // Followers answer NOT_LEADER_OR_FOLLOWER: past authorization, which comes first.
            const expected = id === leader ? ErrorCode.NONE : ErrorCode.NOT_LEADER_OR_FOLLOWER;
            return errorCode === expected;
          },
          { timeoutMs: 1000, intervalMs: 20, message: `broker ${id} to apply the Read grant` },
        ),
      ),
    );
  });

  it('consumes in g1 through kafkajs, and every broker still hides the topic nobody may Describe', async () => {
    const kafka = new Kafka({
      clientId: 'acl-cluster',
      brokers: cluster.bootstrap().split(','),
      logLevel: logLevel.NOTHING,
    });
    const consumer = kafka.consumer({ groupId: 'g1' });
    const values: string[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: 'orders', fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          values.push(String(message.value));
        },
      });
      await waitUntil(() => values.length >= 3, { timeoutMs: 60000, message: 'g1 to consume orders' });
    } finally {
      await consumer.disconnect();
    }
    expect(values).to.deep.equal(['one', 'two', 'three']);
    for (const port of ports()) {
      const topics = (await kcatMetadata(`127.0.0.1:${port}`)).topics.map((t: { topic: string }) => t.topic);
      expect(topics, `broker on ${port}`).to.deep.equal(['orders']);
    }
  });
});
