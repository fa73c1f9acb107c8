// A three-broker cluster whose only listener is SSL with required client certificates: the
// controller's channel, the replica fetchers and AlterIsr all dial the other brokers over TLS
// with the broker's own certificate (host names checked), so an acks=all write that needs all
// three replicas succeeds only if inter-broker TLS works.
import { expect } from 'chai';
import { Admin, Consumer, Producer, securityFromProperties } from '../../../lib/client';
import { startBroker, stopAllBrokers, type TestBroker } from '../../helpers/broker';
import { openZkSession, zkChroot } from '../../helpers/zookeeper';
import { waitUntil } from '../../helpers/wait';
import { makeCerts, sslBrokerProps, sslClientProps } from '../../helpers/tls';
import { getPartitionState } from '../../../lib/zk/topic-znodes';

describe('a cluster with only SSL listeners', function () {
  this.timeout(120000);

  after(stopAllBrokers);

  it('replicates over inter-broker TLS and serves the writes to a TLS consumer', async () => {
    const certs = await makeCerts('cluster');
    const connectString = zkChroot('tls-cluster');
    const brokers: TestBroker[] = await Promise.all(
      [0, 1, 2].map((id) =>
        startBroker({
          label: `tls-cluster-${id}`,
          connectString,
          brokerId: id,
          props: {
            listeners: 'SSL://127.0.0.1:0',
            'security.inter.broker.protocol': 'SSL',
            ...sslBrokerProps(certs, 'required'),
            'replica.fetch.wait.max.ms': 200,
            'offsets.topic.replication.factor': 1,
          },
        }),
      ),
    );
    const security = securityFromProperties(sslClientProps(certs, 'client'));
    const bootstrap = brokers.map((b) => b.bootstrap);
    const admin = new Admin({ brokers: bootstrap, security });
    try {
      await admin.createTopics([
        { topic: 'tls-replicated', numPartitions: 1, replicationFactor: 3, configs: { 'min.insync.replicas': '3' } },
      ]);
    } finally {
      await admin.close();
    }
    const session = await openZkSession(connectString);
    try {
      await waitUntil(async () => (await getPartitionState(session, 'tls-replicated', 0))?.state.isr.length === 3, {
        timeoutMs: 30000,
        message: 'all three replicas in the ISR',
      });
    } finally {
      await session.close();
    }
    const producer = new Producer({ brokers: bootstrap, security, acks: 'all' });
    const written = await producer.send({ topic: 'tls-replicated', messages: [{ value: 'x' }, { value: 'y' }] });
    await producer.close();
    expect(written.map((m) => m.offset)).to.deep.equal([0, 1]);

    const consumer = new Consumer({ brokers: bootstrap, security, fromBeginning: true });
    const values: string[] = [];
    try {
      await consumer.connect();
      consumer.assign([{ topic: 'tls-replicated', partition: 0 }]);
      for await (const message of consumer) {
        values.push(String(message.value));
        if (values.length === 2) break;
      }
    } finally {
      await consumer.close();
    }
    expect(values).to.deep.equal(['x', 'y']);
  });
});
