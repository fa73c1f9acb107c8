// A three-broker cluster whose only listener is SASL_SSL, with the AclAuthorizer and the admin as
// super user: brokers reach each other over TLS and log in with SCRAM-SHA-512 as the admin, so an
// acks=all write that needs all three replicas succeeds only if inter-broker SASL_SSL (and its
// ClusterAction) works; bin/acls manages ACLs over the same listener with a --command-config
// login; then the leader stops and another replica takes over with every acknowledged record.
import { expect } from 'chai';
import { Admin, Consumer, Producer, securityFromProperties } from '../../../lib/client';
import { alterUserConfig } from '../../../lib/zk/user-config-znodes';
import { credentialFromPassword, formatCredential } from '../../../lib/network/scram';
import { getPartitionState } from '../../../lib/zk/topic-znodes';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT, startBroker, stopAllBrokers, type TestBroker } from '../../helpers/broker';
import { runOk } from '../../helpers/processes';
import { openZkSession, zkChroot } from '../../helpers/zookeeper';
import { waitUntil } from '../../helpers/wait';
import { makeCerts, sslBrokerProps } from '../../helpers/tls';

const ADMIN_JAAS =
  'org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="admin-secret";';

describe('a cluster with only SASL_SSL listeners', function () {
  this.timeout(180000);

  after(stopAllBrokers);

  it('replicates over inter-broker SASL_SSL and fails over to a replica with every acknowledged record', async () => {
    const certs = await makeCerts('sasl-ssl-cluster');
    const connectString = zkChroot('sasl-ssl-cluster');
    const session = await openZkSession(connectString);
    const credential = credentialFromPassword('SCRAM-SHA-512', 'admin-secret', 4096);
    await alterUserConfig(session, 'admin', { 'SCRAM-SHA-512': formatCredential(credential) });
    const brokers: TestBroker[] = await Promise.all(
      [0, 1, 2].map((id) =>
        startBroker({
          label: `sasl-ssl-cluster-${id}`,
          connectString,
          brokerId: id,
          props: {
            listeners: 'SASL_SSL://127.0.0.1:0',
            'security.inter.broker.protocol': 'SASL_SSL',
            'sasl.enabled.mechanisms': 'SCRAM-SHA-512',
            'sasl.mechanism.inter.broker.protocol': 'SCRAM-SHA-512',
            'sasl.jaas.config': ADMIN_JAAS,
            'authorizer.class.name': 'kafka.security.authorizer.AclAuthorizer',
            'super.users': 'User:admin',
            ...sslBrokerProps(certs, 'none'),
            'replica.fetch.wait.max.ms': 200,
            'offsets.topic.replication.factor': 1,
          },
        }),
      ),
    );
    const security = securityFromProperties({
      'security.protocol': 'SASL_SSL',
      'ssl.truststore.location': certs.ca,
      'sasl.mechanism': 'SCRAM-SHA-512',
      'sasl.jaas.config': ADMIN_JAAS,
    });
    const bootstrap = brokers.map((b) => b.bootstrap);
    const admin = new Admin({ brokers: bootstrap, security });
    try {
      await admin.createTopics([
        { topic: 'secure-replicated', numPartitions: 1, replicationFactor: 3, configs: { 'min.insync.replicas': '2' } },
      ]);
    } finally {
      await admin.close();
    }
    // bin/acls over the same SASL_SSL listener, logged in as the admin (a super user).
    const props = path.join(certs.dir, 'admin.properties');
    fs.writeFileSync(
      props,
      [
        'security.protocol=SASL_SSL',
        `ssl.truststore.location=${certs.ca}`,
        'sasl.mechanism=SCRAM-SHA-512',
        `sasl.jaas.config=${ADMIN_JAAS}`,
      ].join('\n'),
    );
    const acls = (...args: string[]) =>
      runOk(path.join(PROJECT_ROOT, 'bin', 'acls'), [
        '--bootstrap-server',
        bootstrap[1],
        '--command-config',
        props,
        ...args,
      ]);
    await acls('--add', '--allow-principal', 'User:alice', '--operation', 'Read', '--topic', 'secure-replicated');
    expect(await acls('--list', '--topic', 'secure-replicated')).to.match(
      /principal=User:alice, host=\*, operation=READ, permissionType=ALLOW/,
    );
    const fullIsr = async () => (await getPartitionState(session, 'secure-replicated', 0))?.state.isr.length === 3;
    await waitUntil(fullIsr, { timeoutMs: 30000, message: 'all three replicas in the ISR' });

    const producer = new Producer({ brokers: bootstrap, security, acks: 'all' });
    const first = await producer.send({ topic: 'secure-replicated', messages: [{ value: 'a' }, { value: 'b' }] });
    expect(first.map((m) => m.offset)).to.deep.equal([0, 1]);

    const leader = (await getPartitionState(session, 'secure-replicated', 0))!.state.leader;
    await brokers.find((b) => b.broker.brokerId === leader)!.stop();
    await waitUntil(
      async () => {
        const state = (await getPartitionState(session, 'secure-replicated', 0))?.state;
        return state !== undefined && state.leader !== leader && state.leader >= 0;
      },
      { timeoutMs: 30000, message: 'a new leader elected' },
    );
    const second = await producer.send({ topic: 'secure-replicated', messages: [{ value: 'c' }] });
    await producer.close();
    expect(second.map((m) => m.offset)).to.deep.equal([2]);

    const survivors = brokers.filter((b) => b.broker.brokerId !== leader).map((b) => b.bootstrap);
    const consumer = new Consumer({ brokers: survivors, security, fromBeginning: true });
    const values: string[] = [];
    try {
      await consumer.connect();
      consumer.assign([{ topic: 'secure-replicated', partition: 0 }]);
      for await (const message of consumer) {
        values.push(String(message.value));
        if (values.length === 3) break;
      }
    } finally {
      await consumer.close();
      await session.close();
    }
    expect(values).to.deep.equal(['a', 'b', 'c']);
  });
});
