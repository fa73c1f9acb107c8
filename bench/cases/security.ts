// One broker with a PLAINTEXT and a SASL_SSL listener (TLS from bin/certs, SCRAM-SHA-512): the same
// 100 B raw produce load through each, alternated twice so neither listener alone pays for warm-up
// or a noisy moment; the ratio is the cost of encryption and the login.
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { securityFromProperties } from '../../lib/client';
import { BenchContext, createTopics, startCluster } from '../context';
import { ROOT } from '../processes';
import { encodeBatch, openConnections, produce } from '../raw-load';
import { Row } from '../report';

const GROUP = 'security (one broker, raw produce 100 B)';

function saslSecurity(certs: string) {
  return securityFromProperties({
    'security.protocol': 'SASL_SSL',
    'ssl.truststore.location': path.join(certs, 'ca.crt'),
    'sasl.mechanism': 'SCRAM-SHA-512',
    'sasl.jaas.config':
      'org.apache.kafka.common.security.scram.ScramLoginModule required username="bench" password="bench-secret";',
  });
}

export async function securityCase(ctx: BenchContext): Promise<Row[]> {
  const certs = path.join(ctx.work, 'certs');
  execFileSync(path.join(ROOT, 'bin', 'certs'), ['--dir', certs], { stdio: 'ignore' });
  const cluster = await startCluster(ctx, 1, [
    'listeners=PLAINTEXT://127.0.0.1:0,SASL_SSL://127.0.0.1:0',
    'inter.broker.listener.name=PLAINTEXT',
    'sasl.enabled.mechanisms=SCRAM-SHA-512',
    'ssl.keystore.type=PEM',
    'ssl.truststore.type=PEM',
    `ssl.keystore.location=${path.join(certs, 'broker.pem')}`,
    `ssl.truststore.location=${path.join(certs, 'ca.crt')}`,
  ]);
  try {
    const broker = cluster.brokers[0];
    const zk = `${ctx.zkConnect}/${cluster.chroot}`;
    execFileSync(path.join(ROOT, 'bin', 'configs'), [
      ...['--zookeeper', zk, '--alter', '--entity-type', 'users', '--entity-name', 'bench'],
      ...['--add-config', 'SCRAM-SHA-512=[password=bench-secret]'],
    ]);
    const saslPort = Number(/listening on SASL_SSL:\/\/[^:]+:(\d+)/.exec(broker.output())?.[1]);
    await createTopics(cluster.bootstrap, [
      { topic: 'plain-100', numPartitions: 1, replicationFactor: 1 },
      { topic: 'secure-100', numPartitions: 1, replicationFactor: 1 },
    ]);
    const batch = await encodeBatch(100, 1000);
    const batches = Math.max(1, Math.floor(ctx.sizes.brokerOnlyBytes / 4 / batch.length));
    const rates: Record<string, number[]> = { PLAINTEXT: [], SASL_SSL: [] };
    const runs = [
      ['PLAINTEXT', 'plain-100', broker.port, undefined],
      ['SASL_SSL', 'secure-100', saslPort, saslSecurity(certs)],
    ] as const;
    for (const [label, topic, port, security] of [...runs, ...runs]) {
      const connections = await openConnections(port, security);
      try {
        rates[label].push((batches * 1000) / (await produce(connections, topic, batch, batches)));
      } finally {
        for (const c of connections) c.close();
      }
    }
    const mean = (label: string) => rates[label].reduce((a, b) => a + b, 0) / rates[label].length;
    const row = (id: string, label: string, value: number, unit: Row['unit']): Row => ({
      id: `security.${id}`,
      group: GROUP,
      label,
      value,
      unit,
      better: 'higher',
    });
    return [
      row('plaintext', 'PLAINTEXT, acks=1 (mean of 2)', mean('PLAINTEXT'), 'records/s'),
      row('sasl-ssl', 'SASL_SSL, acks=1 (mean of 2)', mean('SASL_SSL'), 'records/s'),
      row('ratio', 'SASL_SSL ÷ PLAINTEXT', mean('SASL_SSL') / mean('PLAINTEXT'), 'ratio'),
    ];
  } finally {
    await cluster.stop();
  }
}
