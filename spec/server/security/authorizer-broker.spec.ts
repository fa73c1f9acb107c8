// Proves a broker with Kafka's AclAuthorizer enforces ACLs from ZooKeeper over real TCP, for the
// principal every PLAINTEXT connection has (User:ANONYMOUS) until TLS and SASL name another:
// given only Write on `orders` (and cluster rights standing in for the broker's own, see
// clusterSeed), kcat produces to orders, but a consumer is refused by group (kafkajs, g1) and by
// topic (a raw Fetch), CreateTopics is refused, and Metadata hides every other topic; after
// `bin/acls --add ... --operation Read --topic orders --group g1` kafkajs consumes in g1. The ACL
// znodes hold Kafka's JSON; `bin/acls --list` shows them; a deny rule and a prefixed rule apply;
// ACLs bin/acls writes straight to ZooKeeper reach the running broker through the change path.
import { expect } from 'chai';
import * as path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { PROJECT_ROOT, startBroker, stopAllBrokers, TestBroker } from '../../helpers/broker';
import { kcatMetadata, kcatProduce } from '../../helpers/kcat';
import { run } from '../../helpers/processes';
import { fetchFromBroker } from '../../helpers/raw-partition';
import { waitUntil } from '../../helpers/wait';
import { openZkSession, zkChroot } from '../../helpers/zookeeper';
import { Admin } from '../../../lib/client/admin';
import { Connection } from '../../../lib/network/connection';
import { ErrorCode } from '../../../lib/protocol/error-codes';
import { findCoordinatorApi } from '../../../lib/protocol/apis/find-coordinator';
import type { AclEntry } from '../../../lib/protocol/acl-types';
import { updateResourceAcls } from '../../../lib/zk/acl-znodes';
import type { ZkSession } from '../../../lib/zk/session';

const ACLS = path.join(PROJECT_ROOT, 'bin', 'acls');
const ANONYMOUS = 'User:ANONYMOUS';
const allow = (operation: AclEntry['operation']): AclEntry => ({
  principal: ANONYMOUS,
  permissionType: 'Allow',
  operation,
  host: '*',
});

/**
 * Until the inter-broker listener authenticates as its own principal, brokers and clients are
 * both User:ANONYMOUS: ClusterAction lets the controller's requests in, Alter lets bin/acls
 * manage ACLs, and Create (removed before the checks) lets the spec create its topics.
 */
async function clusterSeed(session: ZkSession): Promise<void> {
  const cluster = { resourceType: 'Cluster', name: 'kafka-cluster', patternType: 'LITERAL' } as const;
  await updateResourceAcls(session, cluster, () => [allow('ClusterAction'), allow('Alter'), allow('Create')]);
}

describe('AclAuthorizer on a broker (User:ANONYMOUS over PLAINTEXT)', function () {
  this.timeout(90000);
  let broker: TestBroker;
  let session: ZkSession;
  let admin: Admin;
  let kafka: Kafka;
  const acls = (...args: string[]) => run(ACLS, ['--bootstrap-server', broker.bootstrap, ...args]);
  const aclsOk = async (...args: string[]) => {
    const result = await acls(...args);
    expect(result.code, result.stderr).to.equal(0);
    return result.stdout;
  };

  before(async () => {
    const connectString = zkChroot('acl-broker');
    session = await openZkSession(connectString);
    await clusterSeed(session);
    broker = await startBroker({
      label: 'acl-broker',
      connectString,
      props: {
        'authorizer.class.name': 'kafka.security.authorizer.AclAuthorizer',
        'super.users': 'User:admin',
        'auto.create.topics.enable': true,
      },
    });
    admin = await Admin.connect(broker.bootstrap);
    await admin.createTopics([
      { topic: 'orders', numPartitions: 1, replicationFactor: 1 },
      { topic: 'other', numPartitions: 1, replicationFactor: 1 },
    ]);
    await aclsOk('--remove', '--allow-principal', ANONYMOUS, '--operation', 'Create', '--cluster', '--force');
    await aclsOk('--add', '--allow-principal', ANONYMOUS, '--operation', 'Write', '--topic', 'orders');
    kafka = new Kafka({ clientId: 'acl-spec', brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
  });

  after(async () => {
    await admin?.close();
    await session?.close();
    await stopAllBrokers();
  });

  it('lets kcat produce to orders with only Write on it', async () => {
    await kcatProduce(broker.bootstrap, 'orders', ['k1:one', 'k2:two', 'k3:three']);
  });

  it('refuses creating topics, by CreateTopics and by auto-creation', async () => {
    const error = await admin.createTopics([{ topic: 'fresh', numPartitions: 1, replicationFactor: 1 }]).then(
      () => null,
      (e: Error & { code?: string }) => e,
    );
    expect(error?.code).to.equal('TOPIC_AUTHORIZATION_FAILED');
    // Describe lets the principal ask for the topic; only Create (on the topic or cluster) creates it.
    await aclsOk('--add', '--allow-principal', ANONYMOUS, '--operation', 'Describe', '--topic', 'auto-fresh');
    await kcatMetadata(broker.bootstrap, 'auto-fresh');
    expect(await session.exists('/brokers/topics/auto-fresh')).to.equal(null);
    await aclsOk('--add', '--allow-principal', ANONYMOUS, '--operation', 'Create', '--topic', 'auto-fresh');
    await kcatMetadata(broker.bootstrap, 'auto-fresh');
    expect(await session.exists('/brokers/topics/auto-fresh')).to.not.equal(null);
    await aclsOk('--remove', '--topic', 'auto-fresh', '--force');
  });

  it('hides from Metadata every topic the principal may not Describe', async () => {
    const topics = (await kcatMetadata(broker.bootstrap)).topics.map((t: { topic: string }) => t.topic);
    expect(topics).to.deep.equal(['orders']);
  });

  it('refuses consuming: the group without Read on it, the topic without Read on it', async () => {
    const consumer = kafka.consumer({ groupId: 'g1', retry: { retries: 0, restartOnFailure: async () => false } });
    const crashed = new Promise<Error>((resolve) =>
      consumer.on(consumer.events.CRASH, (e) => resolve(e.payload.error)),
    );
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: 'orders', fromBeginning: true });
      await consumer.run({ eachMessage: async () => undefined });
      // kafkajs reports only that it found no coordinator; the broker's code is checked raw below.
      expect((await withinMs(crashed, 20000, 'the consumer to fail')).message).to.match(/group coordinator/);
    } finally {
      await consumer.disconnect();
    }
    const conn = await Connection.connect({ host: '127.0.0.1', port: broker.port, clientId: 'acl-spec' });
    try {
      const found = await conn.send(findCoordinatorApi, 1, { key: 'g1', keyType: 0, coordinatorKeys: [] });
      expect(found.errorCode).to.equal(ErrorCode.GROUP_AUTHORIZATION_FAILED);
    } finally {
      conn.close();
    }
    expect((await fetchFromBroker(broker.port, 'orders')).errorCode).to.equal(ErrorCode.TOPIC_AUTHORIZATION_FAILED);
  });

  it('consumes in g1 after bin/acls grants Read on orders and g1, with the grant in ZooKeeper', async () => {
    const added = await aclsOk(
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
    expect(added).to.include(
      'Adding ACLs for resource `ResourcePattern(resourceType=GROUP, name=g1, patternType=LITERAL)`',
    );
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
      await waitUntil(() => values.length >= 3, { timeoutMs: 30000, message: 'g1 to consume orders' });
    } finally {
      await consumer.disconnect();
    }
    expect(values).to.deep.equal(['one', 'two', 'three']);

    const stored = JSON.parse(String((await session.getData('/kafka-acl/Topic/orders')).data));
    expect(stored.version).to.equal(1);
    expect(stored.acls).to.have.deep.members([
      { principal: ANONYMOUS, permissionType: 'Allow', operation: 'Write', host: '*' },
      { principal: ANONYMOUS, permissionType: 'Allow', operation: 'Read', host: '*' },
    ]);
    const group = JSON.parse(String((await session.getData('/kafka-acl/Group/g1')).data));
    expect(group.acls).to.deep.equal([{ principal: ANONYMOUS, permissionType: 'Allow', operation: 'Read', host: '*' }]);

    const listed = await aclsOk('--list', '--topic', 'orders');
    expect(listed).to.include(
      'Current ACLs for resource `ResourcePattern(resourceType=TOPIC, name=orders, patternType=LITERAL)`',
    );
    expect(listed).to.include('(principal=User:ANONYMOUS, host=*, operation=READ, permissionType=ALLOW)');
    expect(listed).to.include('(principal=User:ANONYMOUS, host=*, operation=WRITE, permissionType=ALLOW)');
  });

  it('lets a Deny win over the Allow, and takes it back with --remove', async () => {
    await aclsOk('--add', '--deny-principal', ANONYMOUS, '--operation', 'Read', '--topic', 'orders');
    expect((await fetchFromBroker(broker.port, 'orders')).errorCode).to.equal(ErrorCode.TOPIC_AUTHORIZATION_FAILED);
    const removed = await aclsOk('--remove', '--deny-principal', ANONYMOUS, '--operation', 'Read', '--topic', 'orders');
    expect(removed).to.include('operation=READ, permissionType=DENY');
    expect((await fetchFromBroker(broker.port, 'orders')).errorCode).to.equal(ErrorCode.NONE);
  });

  it('applies a prefixed rule to every topic the prefix starts', async () => {
    await aclsOk('--add', '--allow-principal', ANONYMOUS, '--operation', 'Describe', '--topic', 'oth');
    expect((await kcatMetadata(broker.bootstrap)).topics.map((t: { topic: string }) => t.topic)).to.not.include(
      'other',
    );
    await aclsOk(
      '--add',
      '--allow-principal',
      ANONYMOUS,
      '--operation',
      'Describe',
      '--topic',
      'oth',
      '--resource-pattern-type',
      'prefixed',
    );
    const topics = (await kcatMetadata(broker.bootstrap)).topics.map((t: { topic: string }) => t.topic);
    expect(topics.sort()).to.deep.equal(['orders', 'other']);
    const stored = JSON.parse(String((await session.getData('/kafka-acl-extended/prefixed/Topic/oth')).data));
    expect(stored.acls).to.deep.equal([
      { principal: ANONYMOUS, permissionType: 'Allow', operation: 'Describe', host: '*' },
    ]);
  });

  it('takes ACLs bin/acls writes straight to ZooKeeper (--authorizer-properties), without a restart', async () => {
    const viaZk = (...args: string[]) =>
      run(ACLS, ['--authorizer-properties', `zookeeper.connect=${broker.connectString}`, ...args]);
    const coordinatorError = async () => {
      const conn = await Connection.connect({ host: '127.0.0.1', port: broker.port, clientId: 'acl-spec' });
      try {
        return (await conn.send(findCoordinatorApi, 1, { key: 'g3', keyType: 0, coordinatorKeys: [] })).errorCode;
      } finally {
        conn.close();
      }
    };
    expect(await coordinatorError()).to.equal(ErrorCode.GROUP_AUTHORIZATION_FAILED);
    const added = await viaZk('--add', '--allow-principal', ANONYMOUS, '--operation', 'Describe', '--group', 'g3');
    expect(added.code, added.stderr).to.equal(0);
    await waitUntil(async () => (await coordinatorError()) === ErrorCode.NONE, {
      timeoutMs: 5000,
      message: 'the broker to apply the grant written to ZooKeeper',
    });
    const listed = await viaZk('--list', '--group', 'g3');
    expect(listed.stdout).to.include('(principal=User:ANONYMOUS, host=*, operation=DESCRIBE, permissionType=ALLOW)');
    expect((await viaZk('--remove', '--group', 'g3', '--force')).code).to.equal(0);
    await waitUntil(async () => (await coordinatorError()) === ErrorCode.GROUP_AUTHORIZATION_FAILED, {
      timeoutMs: 5000,
      message: 'the broker to apply the removal written to ZooKeeper',
    });
  });
});

function withinMs<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
