// Proves SocketServer's metrics are kept per listener on a broker with two: a connection to one
// listener counts there only, in the open-connection gauge and in the accepted counter, and leaves
// the gauge when it closes; every listener has its series.
import { expect } from 'chai';
import { startBroker, stopAllBrokers } from '../helpers/broker';
import { scrape } from '../helpers/prometheus';
import { waitUntil } from '../helpers/wait';
import { Connection } from '../../lib/network/connection';

const COUNT = 'kafka_server_socket_server_metrics_connection_count';
const CREATED = 'kafka_server_socket_server_metrics_connection_creation_total';

describe('SocketServer metrics per listener', function () {
  this.timeout(30000);
  afterEach(stopAllBrokers);

  it('counts connections under the listener they arrived on', async () => {
    const broker = await startBroker({
      label: 'socket-metrics',
      props: {
        listeners: 'CLIENTS://127.0.0.1:0,REPLICATION://127.0.0.1:0',
        'listener.security.protocol.map': 'CLIENTS:PLAINTEXT,REPLICATION:PLAINTEXT',
        'inter.broker.listener.name': 'REPLICATION',
        'samsa.http.listener': 'http://127.0.0.1:0',
      },
    });
    const url = (broker.http as NonNullable<typeof broker.http>).url;
    const clientsPort = broker.broker.boundListeners().find((l) => l.listenerName === 'CLIENTS')?.port as number;
    const before = await scrape(url);
    const clients = { listener: 'CLIENTS' };
    const replication = { listener: 'REPLICATION' };
    // Every listener has its series (the console's client reaches the broker on the inter-broker one).
    expect(before.find(COUNT, replication)).to.be.a('number');

    const conn = await Connection.connect({ host: '127.0.0.1', port: clientsPort, clientId: 'socket-metrics' });
    try {
      const during = await scrape(url);
      expect(during.value(COUNT, clients)).to.equal(before.value(COUNT, clients) + 1);
      expect(during.value(CREATED, clients)).to.equal(before.value(CREATED, clients) + 1);
    } finally {
      conn.close();
    }
    await waitUntil(async () => (await scrape(url)).value(COUNT, clients) === before.value(COUNT, clients), {
      message: 'the closed connection to leave the CLIENTS count',
    });
  });
});
