// Proves the ZooKeeper client metrics follow the broker's session through an expiry against the
// real ZooKeeper: the expiry is counted once, the state gauge reads the replacement session (back
// to CONNECTED, no other state set), and requests of the new session are timed too.
import { expect } from 'chai';
import { startBroker, stopAllBrokers } from '../helpers/broker';
import { expireSession } from '../helpers/zookeeper';
import { scrape } from '../helpers/prometheus';
import { waitUntil } from '../helpers/wait';

const STATE = 'kafka_server_sessionexpirelistener_sessionstate';
const EXPIRES = 'kafka_server_sessionexpirelistener_zookeeperexpires_total';
const DISCONNECTS = 'kafka_server_sessionexpirelistener_zookeeperdisconnects_total';
const LATENCY_COUNT = 'kafka_server_zookeeperclientmetrics_zookeeperrequestlatencyms_count';

describe('ZooKeeper session metrics', function () {
  this.timeout(60000);
  afterEach(stopAllBrokers);

  it('counts an expiry and reports the replacement session as CONNECTED', async () => {
    const broker = await startBroker({
      label: 'zk-metrics',
      props: { 'zookeeper.session.timeout.ms': 6000, 'samsa.http.listener': 'http://127.0.0.1:0' },
    });
    const url = (broker.http as NonNullable<typeof broker.http>).url;
    const before = await scrape(url);
    expect(before.value(STATE, { state: 'CONNECTED' })).to.equal(1);
    expect(before.value(EXPIRES)).to.equal(0);
    const session = broker.broker.zkSession;
    if (!session) throw new Error('no session');
    const oldEpoch = broker.broker.currentBrokerEpoch;
    await expireSession(broker.connectString, session.sessionId, session.sessionPassword);
    await waitUntil(() => broker.broker.currentBrokerEpoch > oldEpoch, {
      timeoutMs: 30000,
      message: 'the broker to register again under a new session',
    });
    const after = await scrape(url);
    expect(after.value(EXPIRES)).to.equal(1);
    expect(after.value(DISCONNECTS)).to.be.at.least(before.value(DISCONNECTS));
    expect(after.value(STATE, { state: 'CONNECTED' })).to.equal(1);
    expect(after.sum(STATE)).to.equal(1);
    expect(after.value(LATENCY_COUNT)).to.be.greaterThan(before.value(LATENCY_COUNT));
  });
});
