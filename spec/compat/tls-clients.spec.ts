// Clients no one here wrote, and Samsa's own, produce and consume over an SSL listener that
// requires a client certificate: kcat (librdkafka), kafkajs and kafka-python each round-trip
// messages; a client whose certificate comes from another CA fails with a clear error and writes
// nothing; and /brokers/ids/<id> lists both listeners as Kafka writes them.
import * as fs from 'node:fs';
import { expect } from 'chai';
import { Kafka, logLevel } from 'kafkajs';
import { Admin, securityFromProperties } from '../../lib/client';
import { startBroker, stopAllBrokers, type TestBroker } from '../helpers/broker';
import { kcatConsumeAll, kcatProduce } from '../helpers/kcat';
import { run } from '../helpers/processes';
import { openZkSession } from '../helpers/zookeeper';
import { makeCerts, sslBrokerProps, sslClientProps, type TestCerts } from '../helpers/tls';
import { brokerIdPath } from '../../lib/zk/znodes';
import { samsaRoundTrip } from '../helpers/samsa-round-trip';

const TOPICS = ['tls-samsa', 'tls-kcat', 'tls-kafkajs', 'tls-python', 'tls-refused'];

/** kafka-python: produce `count` messages over SSL, then read the topic back; prints the values read. */
const PYTHON_ROUND_TRIP = `
import json, sys
from kafka import KafkaProducer, KafkaConsumer
bootstrap, topic, count, ca, cert, key = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5], sys.argv[6]
ssl = dict(security_protocol='SSL', ssl_cafile=ca, ssl_certfile=cert, ssl_keyfile=key, ssl_check_hostname=True)
producer = KafkaProducer(bootstrap_servers=bootstrap, acks='all', api_version_auto_timeout_ms=10000, **ssl)
for i in range(count):
    producer.send(topic, value=('py-%d' % i).encode()).get(timeout=30)
producer.close(10)
consumer = KafkaConsumer(topic, bootstrap_servers=bootstrap, auto_offset_reset='earliest', consumer_timeout_ms=5000,
                         api_version_auto_timeout_ms=10000, **ssl)
values = []
for message in consumer:
    values.append(message.value.decode())
    if len(values) == count:
        break
consumer.close()
print(json.dumps(values))
`;

describe('clients over SSL with a client certificate', function () {
  this.timeout(120000);
  let certs: TestCerts;
  let stranger: TestCerts;
  let broker: TestBroker;
  let sslBootstrap: string;

  const kcatSsl = (name: string, ca = certs.ca, owner = certs) => [
    ...['-X', 'security.protocol=SSL', '-X', `ssl.ca.location=${ca}`],
    ...['-X', `ssl.certificate.location=${owner.cert(name)}`, '-X', `ssl.key.location=${owner.key(name)}`],
  ];

  before(async () => {
    certs = await makeCerts('clients');
    stranger = await makeCerts('clients-stranger', ['--client', 'mallory']);
    broker = await startBroker({
      label: 'tls-clients',
      props: {
        listeners: 'PLAINTEXT://127.0.0.1:0,SSL://127.0.0.1:0',
        'inter.broker.listener.name': 'PLAINTEXT',
        ...sslBrokerProps(certs, 'required'),
      },
    });
    const ssl = broker.broker.boundListeners().find((l) => l.listenerName === 'SSL');
    sslBootstrap = `127.0.0.1:${ssl?.port ?? 0}`;
    const admin = new Admin({
      brokers: [sslBootstrap],
      security: securityFromProperties(sslClientProps(certs, 'client')),
    });
    try {
      await admin.createTopics(TOPICS.map((topic) => ({ topic, numPartitions: 1, replicationFactor: 1 })));
    } finally {
      await admin.close();
    }
  });

  after(stopAllBrokers);

  it('registers both listeners with their protocols, as Kafka writes /brokers/ids/<id>', async () => {
    const session = await openZkSession(broker.connectString);
    try {
      const json = JSON.parse(String((await session.getData(brokerIdPath(0))).data));
      const ports = broker.broker.boundListeners().map((l) => l.port);
      expect(json.endpoints).to.deep.equal([`PLAINTEXT://127.0.0.1:${ports[0]}`, `SSL://127.0.0.1:${ports[1]}`]);
      expect(json.listener_security_protocol_map).to.deep.equal({ PLAINTEXT: 'PLAINTEXT', SSL: 'SSL' });
      expect([json.host, json.port, json.version]).to.deep.equal(['127.0.0.1', ports[0], 4]);
    } finally {
      await session.close();
    }
  });

  it("round-trips with Samsa's producer and consumer", async () => {
    const read = await samsaRoundTrip(
      sslBootstrap,
      securityFromProperties(sslClientProps(certs, 'client')),
      'tls-samsa',
      ['a', 'b'],
    );
    expect(read).to.deep.equal(['a', 'b']);
  });

  it('round-trips with kcat (librdkafka)', async () => {
    await kcatProduce(sslBootstrap, 'tls-kcat', ['k1:v1', 'k2:v2'], kcatSsl('client'));
    const read = await kcatConsumeAll(sslBootstrap, 'tls-kcat', kcatSsl('client'));
    expect(read.map((m) => `${m.key}:${m.payload}`)).to.deep.equal(['k1:v1', 'k2:v2']);
  });

  it('round-trips with kafkajs', async () => {
    const kafka = new Kafka({
      clientId: 'spec-tls',
      brokers: [sslBootstrap],
      logLevel: logLevel.NOTHING,
      ssl: {
        ca: [fs.readFileSync(certs.ca, 'utf8')],
        cert: fs.readFileSync(certs.cert('client'), 'utf8'),
        key: fs.readFileSync(certs.key('client'), 'utf8'),
      },
    });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'tls-kafkajs', messages: [{ value: 'js-1' }, { value: 'js-2' }] });
    await producer.disconnect();
    const read = await kcatConsumeAll(sslBootstrap, 'tls-kafkajs', kcatSsl('client'));
    expect(read.map((m) => m.payload)).to.deep.equal(['js-1', 'js-2']);
  });

  it('round-trips with kafka-python', async () => {
    const args = [sslBootstrap, 'tls-python', '3', certs.ca, certs.cert('client'), certs.key('client')];
    const result = await run('/usr/bin/python3', ['-c', PYTHON_ROUND_TRIP, ...args], { timeoutMs: 90000 });
    expect(result.code, result.stderr).to.equal(0);
    expect(JSON.parse(result.stdout.trim().split('\n').pop() as string)).to.deep.equal(['py-0', 'py-1', 'py-2']);
  });

  it('refuses a client certificate from another CA with a clear error, and nothing is written', async () => {
    const refused = await run(
      'kcat',
      [
        '-b',
        sslBootstrap,
        '-t',
        'tls-refused',
        '-P',
        '-X',
        'message.timeout.ms=5000',
        ...kcatSsl('mallory', certs.ca, stranger),
      ],
      { input: 'nope\n', timeoutMs: 30000 },
    );
    expect(refused.code, 'kcat exit code').to.not.equal(0);
    expect(refused.stderr).to.match(/ssl:\/\/127\.0\.0\.1:\d+.*SSL/);
    const admin = new Admin({
      brokers: [sslBootstrap],
      security: securityFromProperties({ ...sslClientProps(stranger, 'mallory'), 'ssl.truststore.location': certs.ca }),
      retry: { retries: 0, initialBackoffMs: 10, maxBackoffMs: 10 },
    });
    const error = await admin.listTopics().then(
      () => null,
      (err: Error) => err,
    );
    await admin.close();
    expect(error?.message).to.include('did it refuse the client certificate?');
    expect(await kcatConsumeAll(sslBootstrap, 'tls-refused', kcatSsl('client'))).to.deep.equal([]);
  });

  it('fails a client that trusts another CA, naming the certificate problem', async () => {
    const admin = new Admin({
      brokers: [sslBootstrap],
      security: securityFromProperties(sslClientProps(certs, 'client', stranger.ca)),
      retry: { retries: 0, initialBackoffMs: 10, maxBackoffMs: 10 },
    });
    const error = await admin.listTopics().then(
      () => null,
      (err: Error) => err,
    );
    await admin.close();
    expect(error?.message).to.match(/over TLS: .*certificate/);
  });
});
