// SASL_PLAINTEXT with real clients against an in-process broker: kcat (librdkafka, SaslHandshake
// v1 + SaslAuthenticate), kafkajs and kafka-python 2.0.2 (SaslHandshake v0, then bare tokens) log in with
// SCRAM-SHA-512 and PLAIN, produce and consume; a wrong password fails with Kafka's error, is
// logged with the user and address, and writes nothing; a connection that skips SASL is closed.
import { expect } from 'chai';
import { Kafka, logLevel, type SASLOptions } from 'kafkajs';
import * as path from 'node:path';
import { PROJECT_ROOT, startBroker, stopAllBrokers, TestBroker } from '../../helpers/broker';
import { openZkSession } from '../../helpers/zookeeper';
import { run } from '../../helpers/processes';
import { waitUntil } from '../../helpers/wait';
import { kcatConsumeAll, kcatProduce } from '../../helpers/kcat';
import { Admin } from '../../../lib/client/admin';
import { Connection } from '../../../lib/network/connection';
import { alterUserConfig } from '../../../lib/zk/user-config-znodes';
import { credentialFromPassword, formatCredential } from '../../../lib/network/scram';
import { metadataApi } from '../../../lib/protocol/apis/metadata';
import { listOffsetsApi } from '../../../lib/protocol/apis/list-offsets';

const JAAS =
  'org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="admin-secret" user_admin="admin-secret" user_bob="bob-secret";';

async function saslBroker(label: string): Promise<{ broker: TestBroker; saslBootstrap: string }> {
  const broker = await startBroker({
    label,
    props: {
      listeners: 'PLAINTEXT://127.0.0.1:0,SASL_PLAINTEXT://127.0.0.1:0',
      'sasl.enabled.mechanisms': 'PLAIN,SCRAM-SHA-256,SCRAM-SHA-512',
      'listener.name.sasl_plaintext.plain.sasl.jaas.config': JAAS,
    },
  });
  const sasl = broker.broker.boundListeners().find((l) => l.listenerName === 'SASL_PLAINTEXT');
  return { broker, saslBootstrap: `127.0.0.1:${sasl?.port ?? 0}` };
}

async function addScramUser(connectString: string, user: string, password: string): Promise<void> {
  const session = await openZkSession(connectString);
  try {
    await alterUserConfig(session, user, {
      'SCRAM-SHA-256': formatCredential(credentialFromPassword('SCRAM-SHA-256', password, 4096)),
      'SCRAM-SHA-512': formatCredential(credentialFromPassword('SCRAM-SHA-512', password, 4096)),
    });
  } finally {
    await session.close();
  }
}

function kcatSasl(mechanism: string, user: string, password: string): string[] {
  return [
    '-X',
    'security.protocol=SASL_PLAINTEXT',
    '-X',
    `sasl.mechanisms=${mechanism}`,
    '-X',
    `sasl.username=${user}`,
    '-X',
    `sasl.password=${password}`,
  ];
}

async function endOffset(broker: TestBroker, topic: string): Promise<number> {
  const connection = await Connection.connect({ host: '127.0.0.1', port: broker.port, clientId: 'spec-sasl' });
  try {
    const response = await connection.send(listOffsetsApi, 1, {
      replicaId: -1,
      isolationLevel: 0,
      topics: [
        { name: topic, partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp: -1, maxNumOffsets: 1 }] },
      ],
    });
    return Number(response.topics[0].partitions[0].offset);
  } finally {
    connection.close();
  }
}

const PYTHON_ROUND_TRIP = `
import sys
from kafka import KafkaProducer, KafkaConsumer
bootstrap, topic, mechanism, user, password = sys.argv[1:6]
common = dict(bootstrap_servers=bootstrap, security_protocol='SASL_PLAINTEXT', sasl_mechanism=mechanism,
              sasl_plain_username=user, sasl_plain_password=password, api_version_auto_timeout_ms=10000)
producer = KafkaProducer(acks='all', **common)
for i in range(5):
    producer.send(topic, value=('py-%d' % i).encode()).get(timeout=30)
producer.close(10)
consumer = KafkaConsumer(topic, auto_offset_reset='earliest', consumer_timeout_ms=5000, **common)
print(','.join(sorted(m.value.decode() for m in consumer)))
consumer.close()
`;

describe('SASL_PLAINTEXT with kcat, kafkajs and kafka-python', function () {
  this.timeout(120000);
  let broker: TestBroker;
  let saslBootstrap: string;

  function kafkaJs(sasl: SASLOptions): Kafka {
    return new Kafka({
      clientId: 'spec-sasl',
      brokers: [saslBootstrap],
      sasl,
      logLevel: logLevel.NOTHING,
      retry: { retries: 0 },
    });
  }

  before(async () => {
    ({ broker, saslBootstrap } = await saslBroker('sasl-clients'));
    const admin = await Admin.connect(broker.bootstrap);
    try {
      await admin.createTopics([
        { topic: 'scram-kcat', numPartitions: 1, replicationFactor: 1 },
        { topic: 'scram-python', numPartitions: 1, replicationFactor: 1 },
        { topic: 'plain-kcat', numPartitions: 1, replicationFactor: 1 },
        { topic: 'scram-kafkajs', numPartitions: 1, replicationFactor: 1 },
        { topic: 'scram-samsa', numPartitions: 1, replicationFactor: 1 },
      ]);
    } finally {
      await admin.close();
    }
    await addScramUser(broker.connectString, 'alice', 'alice-secret');
  });

  after(stopAllBrokers);

  it('kcat produces and consumes with SCRAM-SHA-512', async () => {
    const auth = kcatSasl('SCRAM-SHA-512', 'alice', 'alice-secret');
    await kcatProduce(saslBootstrap, 'scram-kcat', ['k1:one', 'k2:two'], auth);
    const read = await kcatConsumeAll(saslBootstrap, 'scram-kcat', auth);
    expect(read.map((m) => m.payload)).to.deep.equal(['one', 'two']);
  });

  it('kcat reads with SCRAM-SHA-256 what was written with SCRAM-SHA-512', async () => {
    const read = await kcatConsumeAll(saslBootstrap, 'scram-kcat', kcatSasl('SCRAM-SHA-256', 'alice', 'alice-secret'));
    expect(read.map((m) => m.payload)).to.include.members(['one', 'two']);
  });

  it('kcat produces and consumes with PLAIN users from the JAAS line', async () => {
    const auth = kcatSasl('PLAIN', 'bob', 'bob-secret');
    await kcatProduce(saslBootstrap, 'plain-kcat', ['k:plain'], auth);
    expect((await kcatConsumeAll(saslBootstrap, 'plain-kcat', auth)).map((m) => m.payload)).to.deep.equal(['plain']);
  });

  it('kafka-python 2.0.2 produces and consumes with SCRAM-SHA-512 (v0 handshake, bare tokens)', async () => {
    const result = await run(
      '/usr/bin/python3',
      ['-c', PYTHON_ROUND_TRIP, saslBootstrap, 'scram-python', 'SCRAM-SHA-512', 'alice', 'alice-secret'],
      { timeoutMs: 90000 },
    );
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout.trim()).to.equal('py-0,py-1,py-2,py-3,py-4');
  });

  it('kafkajs produces and consumes with SCRAM-SHA-512', async () => {
    const kafka = kafkaJs({ mechanism: 'scram-sha-512', username: 'alice', password: 'alice-secret' });
    const producer = kafka.producer();
    await producer.connect();
    try {
      await producer.send({ topic: 'scram-kafkajs', acks: -1, messages: [{ value: 'js-1' }, { value: 'js-2' }] });
    } finally {
      await producer.disconnect();
    }
    const consumer = kafka.consumer({ groupId: 'sasl-js' });
    const seen: string[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: 'scram-kafkajs', fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          seen.push(String(message.value));
        },
      });
      await waitUntil(() => seen.length >= 2, { timeoutMs: 30000, message: 'kafkajs consuming both messages' });
    } finally {
      await consumer.disconnect();
    }
    expect(seen).to.deep.equal(['js-1', 'js-2']);
  });

  it("kafkajs with a wrong password fails with the broker's message", async () => {
    const producer = kafkaJs({ mechanism: 'scram-sha-512', username: 'alice', password: 'nope' }).producer();
    const failure = await producer.connect().then(
      () => 'connected',
      (error: Error) => error.message,
    );
    await producer.disconnect();
    expect(failure).to.match(/SASL SCRAM SHA512 authentication failed|invalid credentials/);
  });

  it("Samsa's console producer and consumer log in with Kafka's client properties", async () => {
    const properties = [
      'security.protocol=SASL_PLAINTEXT',
      'sasl.mechanism=SCRAM-SHA-512',
      'sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="alice" password="alice-secret";',
    ].flatMap((p) => ['--producer-property', p]);
    const produced = await run(
      path.join(PROJECT_ROOT, 'bin', 'console-producer'),
      ['--bootstrap-server', saslBootstrap, '--topic', 'scram-samsa', ...properties],
      { input: 'from-samsa\n', timeoutMs: 30000 },
    );
    expect(produced.code, produced.stderr).to.equal(0);
    const read = await kcatConsumeAll(saslBootstrap, 'scram-samsa', kcatSasl('SCRAM-SHA-512', 'alice', 'alice-secret'));
    expect(read.map((m) => m.payload)).to.deep.equal(['from-samsa']);
    const consumed = await run(
      path.join(PROJECT_ROOT, 'bin', 'console-consumer'),
      [
        '--bootstrap-server',
        saslBootstrap,
        '--topic',
        'scram-samsa',
        '--from-beginning',
        '--max-messages',
        '1',
        ...properties.map((p) => (p === '--producer-property' ? '--consumer-property' : p)),
      ],
      { timeoutMs: 30000 },
    );
    expect(consumed.code, consumed.stderr).to.equal(0);
    expect(consumed.stdout.trim()).to.equal('from-samsa');
  });

  it('a wrong password fails with SASL_AUTHENTICATION_FAILED and writes nothing', async () => {
    const before = await endOffset(broker, 'scram-kcat');
    const result = await run(
      'kcat',
      [
        '-b',
        saslBootstrap,
        '-t',
        'scram-kcat',
        '-P',
        '-X',
        'message.timeout.ms=5000',
        ...kcatSasl('SCRAM-SHA-512', 'alice', 'wrong'),
      ],
      { input: 'never\n', timeoutMs: 30000 },
    );
    expect(result.stderr).to.match(
      /Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512/,
    );
    expect(await endOffset(broker, 'scram-kcat')).to.equal(before);
  });

  it('an unknown user gets the same answer as a wrong password', async () => {
    const result = await run(
      'kcat',
      ['-b', saslBootstrap, '-L', '-m', '5', ...kcatSasl('SCRAM-SHA-512', 'nobody', 'x')],
      { timeoutMs: 30000 },
    );
    expect(result.code).to.not.equal(0);
    expect(result.stderr).to.match(/invalid credentials with SASL mechanism SCRAM-SHA-512/);
  });

  it('closes a connection that sends Metadata before authenticating', async () => {
    const [host, port] = saslBootstrap.split(':');
    const connection = await Connection.connect({ host, port: Number(port), clientId: 'spec-no-sasl' });
    try {
      const answer = await connection
        .send(metadataApi, 1, {
          topics: null,
          allowAutoTopicCreation: false,
          includeClusterAuthorizedOperations: false,
          includeTopicAuthorizedOperations: false,
        })
        .then(
          () => 'answered',
          (error: Error) => error.message,
        );
      expect(answer).to.match(/closed/);
    } finally {
      connection.close();
    }
  });
});
