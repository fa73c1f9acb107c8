// Proves a broker process survives a few thousand mutated requests of every served API and
// version (bit flips, truncation, garbage, lying lengths, counts and frame sizes): it stays up,
// its memory stays bounded, every mutated request is answered or closes its connection (no stall
// the broker owes), no handler fails on what it decoded, a well-formed client on its own
// connection is served all along and never dropped, and a fresh client is answered afterwards. The fault suite's hostile-input scenario
// runs the same fuzzer at scale against a three-broker cluster.
import { expect } from 'chai';
import { spawnBroker, stopAllBrokers, tempDir, BrokerProcess } from '../helpers/broker';
import { zkChroot } from '../helpers/zookeeper';
import { Admin } from '../../lib/client/admin';
import { buildSeedRequests, SeedRequest } from './fuzz/seed-requests';
import { fuzzBroker, summarize } from './fuzz/sender';
import { formatRss, isAlive, MetadataProbe, RssSampler } from './fuzz/broker-watch';

const FUZZ_TOPIC = 'fuzz-target';
const REQUESTS = Number(process.env.FUZZ_SPEC_REQUESTS ?? 5000);
/** Generous for a Node broker at rest (~100 MiB): growth past it means something is retained. */
const RSS_GROWTH_MAX_KIB = 256 * 1024;

describe('fuzzing one broker with mutated requests', function () {
  this.timeout(120000);
  let broker: BrokerProcess;
  let seeds: SeedRequest[];

  before(async () => {
    broker = await spawnBroker({
      props: {
        'broker.id': 1,
        listeners: 'PLAINTEXT://127.0.0.1:0',
        'log.dirs': tempDir('fuzz'),
        'zookeeper.connect': zkChroot('fuzz-spec'),
        'auto.create.topics.enable': false,
        'offsets.topic.replication.factor': 1,
        'group.initial.rebalance.delay.ms': 0,
      },
    });
    const admin = await Admin.connect(broker.bootstrap);
    await admin.createTopics([{ topic: FUZZ_TOPIC, numPartitions: 1, replicationFactor: 1 }]);
    await admin.close();
    seeds = await buildSeedRequests({ topic: FUZZ_TOPIC, group: 'fuzz-group', clientId: 'samsa-fuzz' });
  });

  after(stopAllBrokers);

  it('stays up, bounded and serving while each bad request closes only its own connection', async () => {
    const rss = new RssSampler(broker.pid);
    const probe = new MetadataProbe('127.0.0.1', broker.port, { intervalMs: 1000, deadlineMs: 5000 });
    const stats = await fuzzBroker({
      host: '127.0.0.1',
      port: broker.port,
      seeds,
      runSeed: 20261203,
      count: REQUESTS,
      concurrency: 32,
      requestsPerConnectionMax: 8,
      replyTimeoutMs: 3000,
      deadline: Date.now() + 75000,
    });
    const probeReport = await probe.stop();
    const memory = rss.stop();
    console.log(
      `      ${summarize(stats)}\n      ${formatRss(broker.pid, memory)}; probe ${probeReport.answered}/${probeReport.sent}`,
    );

    expect(isAlive(broker.pid), `broker died:\n${broker.output().slice(-3000)}`).to.equal(true);
    expect(stats.sent, 'the fuzz ran out of time').to.equal(REQUESTS);
    expect(stats.unexpectedStalls, 'mutated requests neither answered nor closed').to.deep.equal([]);
    expect(stats.closed, 'most mutations are malformed and must close their connection').to.be.greaterThan(
      REQUESTS / 4,
    );
    expect(probeReport.failures).to.deep.equal([]);
    expect(probeReport.connectionsLost, 'a bad request closed a well-formed client').to.equal(0);
    expect(memory.peakKib - memory.beforeKib).to.be.below(RSS_GROWTH_MAX_KIB);
    // Hostile bytes are the client's error: they must never reach the broker's error boundary as
    // an unexpected one (UNKNOWN_SERVER_ERROR) nor fail a handler after decoding.
    const unexpected = broker
      .output()
      .split('\n')
      .filter((l) => /unexpected error|request failed/.test(l));
    expect(unexpected, 'handler failures on fuzzed input').to.deep.equal([]);
    const admin = await Admin.connect(broker.bootstrap);
    try {
      const topics = await admin.listTopics();
      expect(topics).to.include(FUZZ_TOPIC);
    } finally {
      await admin.close();
    }
  });
});
