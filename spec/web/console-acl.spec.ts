// Proves the console's writes obey the cluster's ACLs: it acts through the admin client as a
// principal, never around the authorizer. By default that is the broker's inter-broker login
// (User:ANONYMOUS on PLAINTEXT here); with samsa.http.console.command.config it is the user the
// file names (bob over SASL_PLAINTEXT). A create from the form is refused with Kafka's
// authorization error and a 403 until an ACL grants Create, then it goes through. A console key
// the broker cannot use stops bin/broker naming the key.
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT, spawnBroker, startBroker, stopAllBrokers, tempDir, type TestBroker } from '../helpers/broker';
import { waitUntil } from '../helpers/wait';
import { openZkSession, zkChroot } from '../helpers/zookeeper';
import { run } from '../helpers/processes';
import { Admin } from '../../lib/client/admin';
import type { AclEntry } from '../../lib/protocol/acl-types';
import { updateResourceAcls } from '../../lib/zk/acl-znodes';

const ACLS = path.join(PROJECT_ROOT, 'bin', 'acls');
const AUTHORIZER = 'kafka.security.authorizer.AclAuthorizer';
const JAAS =
  'org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="admin-secret" user_admin="admin-secret" user_bob="bob-secret";';

const allow = (principal: string, operation: AclEntry['operation']): AclEntry => ({
  principal,
  permissionType: 'Allow',
  operation,
  host: '*',
});

/** The broker's own principal may do cluster actions; `describers` may see every topic. */
async function seedAcls(connectString: string, brokerPrincipal: string, describers: string[]): Promise<void> {
  const session = await openZkSession(connectString);
  try {
    const cluster = { resourceType: 'Cluster', name: 'kafka-cluster', patternType: 'LITERAL' } as const;
    const topics = { resourceType: 'Topic', name: '*', patternType: 'LITERAL' } as const;
    await updateResourceAcls(session, cluster, () => [allow(brokerPrincipal, 'ClusterAction')]);
    await updateResourceAcls(session, topics, () => describers.map((p) => allow(p, 'Describe')));
  } finally {
    await session.close();
  }
}

async function createFromForm(broker: TestBroker, name: string): Promise<{ status: number; text: string }> {
  const response = await fetch(`${broker.http?.url}/topics`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ name, partitions: '1', replicationFactor: '1', configs: '' }).toString(),
  });
  return { status: response.status, text: await response.text() };
}

async function topicExists(bootstrap: string, name: string): Promise<boolean> {
  const admin = await Admin.connect(bootstrap);
  try {
    return (await admin.listTopics()).includes(name);
  } finally {
    await admin.close();
  }
}

/** bin/acls straight to ZooKeeper, as an operator without a super-user login would. */
async function grantCreate(connectString: string, principal: string): Promise<void> {
  const result = await run(ACLS, [
    '--authorizer-properties',
    `zookeeper.connect=${connectString}`,
    '--add',
    '--allow-principal',
    principal,
    '--operation',
    'Create',
    '--cluster',
  ]);
  expect(result.code, result.stderr).to.equal(0);
}

/** Submits the form until the cluster takes it (the ACL reaches the broker through its change path). */
async function createOnceAllowed(broker: TestBroker, name: string): Promise<void> {
  const created = await waitUntil(
    async () => {
      const answer = await createFromForm(broker, name);
      return answer.status === 303 ? answer : null;
    },
    { timeoutMs: 20000, message: `the console creates ${name} once Create is granted` },
  );
  expect(created.status).to.equal(303);
  expect(await topicExists(broker.bootstrap, name)).to.equal(true);
}

async function expectRefused(broker: TestBroker, name: string): Promise<void> {
  const refused = await createFromForm(broker, name);
  expect(refused.status, refused.text).to.equal(403);
  const banner = /class="notice error"[^>]*>([^<]*)</.exec(refused.text);
  expect(banner?.[1], 'the refusal is shown on the page').to.match(/authoriz/i);
  expect(await topicExists(broker.bootstrap, name)).to.equal(false);
}

describe('console: writes obey ACLs', function () {
  this.timeout(90000);
  afterEach(stopAllBrokers);

  it('acts as the broker login by default: refused until User:ANONYMOUS may Create', async () => {
    const connectString = zkChroot('console-acl-default');
    await seedAcls(connectString, 'User:ANONYMOUS', ['User:ANONYMOUS']);
    const broker = await startBroker({
      label: 'console-acl-default',
      connectString,
      props: {
        'authorizer.class.name': AUTHORIZER,
        'super.users': 'User:admin',
        'samsa.http.listener': 'http://127.0.0.1:0',
      },
    });
    await expectRefused(broker, 'from-console');
    await grantCreate(connectString, 'User:ANONYMOUS');
    await createOnceAllowed(broker, 'from-console');
  });

  it('acts as the user samsa.http.console.command.config logs in as (bob over SASL_PLAINTEXT)', async () => {
    const connectString = zkChroot('console-acl-bob');
    // The broker's own login (PLAINTEXT, User:ANONYMOUS) is a super user; bob is not.
    await seedAcls(connectString, 'User:ANONYMOUS', ['User:bob']);
    const clientFile = path.join(tempDir('console-acl-bob'), 'console.properties');
    fs.writeFileSync(
      clientFile,
      [
        'security.protocol=SASL_PLAINTEXT',
        'sasl.mechanism=PLAIN',
        'sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="bob" password="bob-secret";',
        '',
      ].join('\n'),
    );
    const broker = await startBroker({
      label: 'console-acl-bob',
      connectString,
      props: {
        listeners: 'PLAINTEXT://127.0.0.1:0,SASL_PLAINTEXT://127.0.0.1:0',
        'sasl.enabled.mechanisms': 'PLAIN',
        'listener.name.sasl_plaintext.plain.sasl.jaas.config': JAAS,
        'authorizer.class.name': AUTHORIZER,
        'super.users': 'User:admin;User:ANONYMOUS',
        'samsa.http.listener': 'http://127.0.0.1:0',
        'samsa.http.console.listener.name': 'SASL_PLAINTEXT',
        'samsa.http.console.command.config': clientFile,
      },
    });
    await expectRefused(broker, 'bobs-topic');
    await grantCreate(connectString, 'User:bob');
    await createOnceAllowed(broker, 'bobs-topic');
  });

  it('stops bin/broker naming the key when the console listener does not exist', async () => {
    const broker = await spawnBroker({
      props: {
        'broker.id': 0,
        listeners: 'PLAINTEXT://127.0.0.1:0',
        'log.dirs': tempDir('console-acl-bad'),
        'zookeeper.connect': zkChroot('console-acl-bad'),
        'samsa.http.listener': 'http://127.0.0.1:0',
        'samsa.http.console.listener.name': 'NOWHERE',
      },
      waitForListening: false,
    });
    const code = await broker.exited;
    expect(code).to.equal(1);
    expect(broker.output()).to.include('samsa.http.console.listener.name: no listener is named NOWHERE');
  });
});
