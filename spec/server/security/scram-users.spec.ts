// SCRAM users as an operator manages them, across a two-broker cluster: bin/configs --zookeeper
// creates the first admin, bin/configs --bootstrap-server (AlterUserScramCredentials over a
// SASL login) adds a user who can log in on every broker within a second, --describe lists it,
// --delete-config removes it. A cluster whose only listener is SASL_PLAINTEXT replicates:
// followers and the controller log in with sasl.mechanism.inter.broker.protocol.
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT, startBroker, stopAllBrokers, tempDir, TestBroker } from '../../helpers/broker';
import { expireSession, openZkSession, sessionPasswordOf, zkChroot } from '../../helpers/zookeeper';
import { alterUserConfig } from '../../../lib/zk/user-config-znodes';
import { credentialFromPassword, formatCredential } from '../../../lib/network/scram';
import { run, runOk } from '../../helpers/processes';
import { waitUntil } from '../../helpers/wait';
import { Connection } from '../../../lib/network/connection';
import { Producer } from '../../../lib/client/producer';
import { KafkaError } from '../../../lib/protocol/kafka-error';

const CONFIGS = path.join(PROJECT_ROOT, 'bin', 'configs');
const ADMIN_JAAS =
  'org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="admin-secret";';

function saslPort(broker: TestBroker): number {
  return broker.broker.boundListeners().find((l) => l.listenerName === 'SASL_PLAINTEXT')?.port ?? 0;
}

/** Whether `user` can log in with SCRAM-SHA-512 on the broker's SASL listener now. */
async function logsIn(port: number, user: string, password: string): Promise<boolean> {
  try {
    const connection = await Connection.connect({
      host: '127.0.0.1',
      port,
      clientId: 'spec-login',
      security: { securityProtocol: 'SASL_PLAINTEXT', sasl: { mechanism: 'SCRAM-SHA-512', username: user, password } },
    });
    connection.close();
    return true;
  } catch (error) {
    if (error instanceof KafkaError && error.code === 58) return false;
    throw error;
  }
}

function commandConfig(): string {
  const file = path.join(tempDir('client-props'), 'admin.properties');
  fs.writeFileSync(
    file,
    ['security.protocol=SASL_PLAINTEXT', 'sasl.mechanism=SCRAM-SHA-512', `sasl.jaas.config=${ADMIN_JAAS}`].join('\n'),
  );
  return file;
}

describe('SCRAM users managed with bin/configs', function () {
  this.timeout(120000);
  afterEach(stopAllBrokers);

  it('a user added while the brokers run logs in on every broker within a second, and is gone once deleted', async () => {
    const connectString = zkChroot('scram-users');
    await runOk(CONFIGS, [
      '--zookeeper',
      connectString,
      '--alter',
      '--add-config',
      'SCRAM-SHA-512=[password=admin-secret]',
      '--entity-type',
      'users',
      '--entity-name',
      'admin',
    ]);
    const props = {
      listeners: 'PLAINTEXT://127.0.0.1:0,SASL_PLAINTEXT://127.0.0.1:0',
      'sasl.enabled.mechanisms': 'SCRAM-SHA-512',
    };
    const brokers = [
      await startBroker({ label: 'scram-users-0', connectString, brokerId: 0, props }),
      await startBroker({ label: 'scram-users-1', connectString, brokerId: 1, props }),
    ];
    const bootstrap = `127.0.0.1:${saslPort(brokers[0])}`;
    const auth = ['--bootstrap-server', bootstrap, '--command-config', commandConfig()];
    expect(await logsIn(saslPort(brokers[1]), 'carol', 'carol-secret')).to.equal(false);

    const added = await runOk(CONFIGS, [
      ...auth,
      '--alter',
      '--add-config',
      'SCRAM-SHA-512=[iterations=8192,password=carol-secret]',
      '--entity-type',
      'users',
      '--entity-name',
      'carol',
    ]);
    expect(added).to.contain('Completed updating config for user carol.');
    for (const broker of brokers) {
      await waitUntil(() => logsIn(saslPort(broker), 'carol', 'carol-secret'), {
        timeoutMs: 1000,
        message: `carol logging in on broker ${broker.broker.brokerId}`,
      });
    }
    expect(await logsIn(saslPort(brokers[1]), 'carol', 'wrong')).to.equal(false);

    const tooFew = await run(CONFIGS, [
      ...auth,
      '--alter',
      '--add-config',
      'SCRAM-SHA-256=[iterations=100,password=x]',
      '--entity-type',
      'users',
      '--entity-name',
      'carol',
    ]);
    expect(tooFew.code).to.equal(1);
    expect(tooFew.stderr).to.contain('Iterations 100 is out of range [4096, 16384]');

    const described = await runOk(CONFIGS, [...auth, '--describe', '--entity-type', 'users', '--entity-name', 'carol']);
    expect(described.trim()).to.equal(
      "SCRAM credential configs for user-principal 'carol' are SCRAM-SHA-512=iterations=8192",
    );

    await runOk(CONFIGS, [
      ...auth,
      '--alter',
      '--delete-config',
      'SCRAM-SHA-512',
      '--entity-type',
      'users',
      '--entity-name',
      'carol',
    ]);
    for (const broker of brokers) {
      await waitUntil(async () => !(await logsIn(saslPort(broker), 'carol', 'carol-secret')), {
        timeoutMs: 1000,
        message: `carol refused on broker ${broker.broker.brokerId}`,
      });
    }
    const missing = await run(CONFIGS, [...auth, '--describe', '--entity-type', 'users', '--entity-name', 'carol']);
    expect(missing.code).to.equal(1);
    expect(missing.stderr).to.contain('Attempt to describe a user credential that does not exist: carol');
  });

  it('follows user changes again after its ZooKeeper session expired', async () => {
    const connectString = zkChroot('scram-expiry');
    const broker = await startBroker({
      label: 'scram-expiry',
      connectString,
      props: {
        listeners: 'PLAINTEXT://127.0.0.1:0,SASL_PLAINTEXT://127.0.0.1:0',
        'sasl.enabled.mechanisms': 'SCRAM-SHA-512',
      },
    });
    const old = broker.broker.zkSession;
    if (!old) throw new Error('the broker has no ZooKeeper session');
    const oldId = old.sessionId;
    await expireSession(connectString, oldId, sessionPasswordOf(oldId));
    await waitUntil(() => broker.broker.zkSession !== null && broker.broker.zkSession.sessionId !== oldId, {
      timeoutMs: 30000,
      message: 'the broker opening a new ZooKeeper session',
    });
    const session = await openZkSession(connectString);
    try {
      await alterUserConfig(session, 'dave', {
        'SCRAM-SHA-512': formatCredential(credentialFromPassword('SCRAM-SHA-512', 'dave-secret', 4096)),
      });
    } finally {
      await session.close();
    }
    await waitUntil(() => logsIn(saslPort(broker), 'dave', 'dave-secret'), {
      timeoutMs: 5000,
      message: 'dave logging in after the expiry',
    });
  });

  it('a cluster whose only listener is SASL_PLAINTEXT replicates with the inter-broker login', async () => {
    const connectString = zkChroot('scram-only');
    await runOk(CONFIGS, [
      '--zookeeper',
      connectString,
      '--alter',
      '--add-config',
      'SCRAM-SHA-512=[password=admin-secret]',
      '--entity-type',
      'users',
      '--entity-name',
      'admin',
    ]);
    const props = {
      listeners: 'SASL_PLAINTEXT://127.0.0.1:0',
      'inter.broker.listener.name': 'SASL_PLAINTEXT',
      'sasl.enabled.mechanisms': 'SCRAM-SHA-512',
      'sasl.mechanism.inter.broker.protocol': 'SCRAM-SHA-512',
      'sasl.jaas.config': ADMIN_JAAS,
    };
    const brokers = [
      await startBroker({ label: 'scram-only-0', connectString, brokerId: 0, props }),
      await startBroker({ label: 'scram-only-1', connectString, brokerId: 1, props }),
    ];
    const security = {
      securityProtocol: 'SASL_PLAINTEXT' as const,
      sasl: { mechanism: 'SCRAM-SHA-512' as const, username: 'admin', password: 'admin-secret' },
    };
    const brokersList = [`127.0.0.1:${saslPort(brokers[0])}`];
    // bin/topics logs in with the same client.properties as kafka-topics.sh's --command-config.
    await runOk(path.join(PROJECT_ROOT, 'bin', 'topics'), [
      '--bootstrap-server',
      brokersList[0],
      '--command-config',
      commandConfig(),
      '--create',
      '--topic',
      'replicated',
      '--partitions',
      '1',
      '--replication-factor',
      '2',
    ]);
    const producer = new Producer({ brokers: brokersList, security, acks: -1 });
    await producer.connect();
    try {
      const written = await producer.sendOne('replicated', { value: 'both replicas' });
      expect(written.offset).to.equal(0);
    } finally {
      await producer.close();
    }
    // Both copies: the follower fetched over the SASL listener, logged in as admin.
    for (const broker of brokers) {
      await waitUntil(() => broker.broker.replicas?.getPartition('replicated', 0)?.logEndOffset === 1, {
        timeoutMs: 10000,
        message: `replicated-0 holding the record on broker ${broker.broker.brokerId}`,
      });
    }
  });
});
