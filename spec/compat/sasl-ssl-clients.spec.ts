// SASL_SSL, the protocol a production cluster runs: TLS for the bytes and SCRAM-SHA-512 for who is
// talking. kcat (librdkafka), kafkajs, kafka-python 2.0.2 and Samsa's own client each produce and
// consume over it; a wrong password fails with Kafka's error and writes nothing.
import * as fs from 'node:fs';
import { expect } from 'chai';
import { Kafka, logLevel } from 'kafkajs';
import { Admin, Producer, securityFromProperties } from '../../lib/client';
import { alterUserConfig } from '../../lib/zk/user-config-znodes';
import { Connection } from '../../lib/network/connection';
import { KafkaError } from '../../lib/protocol/kafka-error';
import { ErrorCode } from '../../lib/protocol/error-codes';
import { credentialFromPassword, formatCredential } from '../../lib/network/scram';
import { startBroker, stopAllBrokers, type TestBroker } from '../helpers/broker';
import { kcatConsumeAll, kcatProduce } from '../helpers/kcat';
import { run } from '../helpers/processes';
import { openZkSession } from '../helpers/zookeeper';
import { makeCerts, sslBrokerProps, type TestCerts } from '../helpers/tls';
import { samsaRoundTrip } from '../helpers/samsa-round-trip';

const TOPICS = ['sasl-ssl-samsa', 'sasl-ssl-kcat', 'sasl-ssl-kafkajs', 'sasl-ssl-python', 'sasl-ssl-refused'];

const PYTHON_ROUND_TRIP = `
import sys
from kafka import KafkaProducer, KafkaConsumer
bootstrap, topic, ca, user, password = sys.argv[1:6]
common = dict(bootstrap_servers=bootstrap, security_protocol='SASL_SSL', ssl_cafile=ca, sasl_mechanism='SCRAM-SHA-512',
              sasl_plain_username=user, sasl_plain_password=password, api_version_auto_timeout_ms=10000)
producer = KafkaProducer(acks='all', **common)
for i in range(3):
    producer.send(topic, value=('py-%d' % i).encode()).get(timeout=30)
producer.close(10)
consumer = KafkaConsumer(topic, auto_offset_reset='earliest', consumer_timeout_ms=5000, **common)
print(','.join(sorted(m.value.decode() for m in consumer)))
consumer.close()
`;

describe('clients over SASL_SSL with SCRAM-SHA-512', function () {
  this.timeout(120000);
  let certs: TestCerts;
  let broker: TestBroker;
  let bootstrap: string;

  const kcatAuth = (password = 'alice-secret') => [
    ...['-X', 'security.protocol=SASL_SSL', '-X', `ssl.ca.location=${certs.ca}`],
    ...['-X', 'sasl.mechanisms=SCRAM-SHA-512', '-X', 'sasl.username=alice', '-X', `sasl.password=${password}`],
  ];
  const clientProps = (password = 'alice-secret') => ({
    'security.protocol': 'SASL_SSL',
    'ssl.truststore.location': certs.ca,
    'sasl.mechanism': 'SCRAM-SHA-512',
    'sasl.jaas.config': `org.apache.kafka.common.security.scram.ScramLoginModule required username="alice" password="${password}";`,
  });

  before(async () => {
    certs = await makeCerts('sasl-ssl');
    broker = await startBroker({
      label: 'sasl-ssl-clients',
      props: {
        listeners: 'PLAINTEXT://127.0.0.1:0,SASL_SSL://127.0.0.1:0',
        'inter.broker.listener.name': 'PLAINTEXT',
        'sasl.enabled.mechanisms': 'SCRAM-SHA-512',
        ...sslBrokerProps(certs, 'none'),
      },
    });
    bootstrap = `127.0.0.1:${broker.broker.boundListeners().find((l) => l.listenerName === 'SASL_SSL')?.port ?? 0}`;
    const session = await openZkSession(broker.connectString);
    try {
      const credential = credentialFromPassword('SCRAM-SHA-512', 'alice-secret', 4096);
      await alterUserConfig(session, 'alice', { 'SCRAM-SHA-512': formatCredential(credential) });
    } finally {
      await session.close();
    }
    const admin = await Admin.connect(broker.bootstrap);
    try {
      await admin.createTopics(TOPICS.map((topic) => ({ topic, numPartitions: 1, replicationFactor: 1 })));
    } finally {
      await admin.close();
    }
  });

  after(stopAllBrokers);

  it("round-trips with Samsa's producer and consumer", async () => {
    const read = await samsaRoundTrip(bootstrap, securityFromProperties(clientProps()), 'sasl-ssl-samsa', ['a', 'b']);
    expect(read).to.deep.equal(['a', 'b']);
  });

  it('round-trips with kcat (librdkafka)', async () => {
    await kcatProduce(bootstrap, 'sasl-ssl-kcat', ['k1:v1', 'k2:v2'], kcatAuth());
    const read = await kcatConsumeAll(bootstrap, 'sasl-ssl-kcat', kcatAuth());
    expect(read.map((m) => `${m.key}:${m.payload}`)).to.deep.equal(['k1:v1', 'k2:v2']);
  });

  it('round-trips with kafkajs', async () => {
    const kafka = new Kafka({
      clientId: 'spec-sasl-ssl',
      brokers: [bootstrap],
      logLevel: logLevel.NOTHING,
      ssl: { ca: [fs.readFileSync(certs.ca, 'utf8')] },
      sasl: { mechanism: 'scram-sha-512', username: 'alice', password: 'alice-secret' },
    });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'sasl-ssl-kafkajs', acks: -1, messages: [{ value: 'js-1' }, { value: 'js-2' }] });
    await producer.disconnect();
    const read = await kcatConsumeAll(bootstrap, 'sasl-ssl-kafkajs', kcatAuth());
    expect(read.map((m) => m.payload)).to.deep.equal(['js-1', 'js-2']);
  });

  it('round-trips with kafka-python', async () => {
    const args = [bootstrap, 'sasl-ssl-python', certs.ca, 'alice', 'alice-secret'];
    const result = await run('/usr/bin/python3', ['-c', PYTHON_ROUND_TRIP, ...args], { timeoutMs: 90000 });
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout.trim().split('\n').pop()).to.equal('py-0,py-1,py-2');
  });

  it("fails a wrong password with Kafka's error, and nothing is written", async () => {
    const refused = await run(
      'kcat',
      ['-b', bootstrap, '-t', 'sasl-ssl-refused', '-P', '-X', 'message.timeout.ms=5000', ...kcatAuth('wrong')],
      { input: 'nope\n', timeoutMs: 30000 },
    );
    expect(refused.code, 'kcat exit code').to.not.equal(0);
    expect(refused.stderr).to.match(/[Aa]uthentication failed/);
    const [host, port] = bootstrap.split(':');
    const error = await Connection.connect({
      host,
      port: Number(port),
      clientId: 'spec-sasl-ssl',
      security: securityFromProperties(clientProps('wrong')),
    }).then(
      (connection) => {
        connection.close();
        return null;
      },
      (err: Error) => err,
    );
    expect(error).to.be.instanceOf(KafkaError);
    expect((error as KafkaError).code).to.equal(ErrorCode.SASL_AUTHENTICATION_FAILED);
    // Samsa's producer fails the send at once instead of retrying a login that cannot succeed.
    const producer = new Producer({ brokers: [bootstrap], security: securityFromProperties(clientProps('wrong')) });
    const sendError = await producer.send({ topic: 'sasl-ssl-refused', messages: [{ value: 'x' }] }).then(
      () => null,
      (err: Error) => err,
    );
    await producer.close();
    expect(sendError?.message).to.match(/invalid credentials with SASL mechanism SCRAM-SHA-512/);
    expect(error?.message).to.match(/invalid credentials with SASL mechanism SCRAM-SHA-512/);
    expect(await kcatConsumeAll(bootstrap, 'sasl-ssl-refused', kcatAuth())).to.deep.equal([]);
  });
});
