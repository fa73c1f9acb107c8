// Proves broker configuration follows Kafka's keys and defaults, and that every bad value is
// reported with its key.
import { expect } from 'chai';
import { applyOverrides, buildBrokerConfig, ConfigError, unknownKeys } from '../../lib/server/config';

const base = (extra: Record<string, string> = {}) =>
  new Map(Object.entries({ 'broker.id': '0', 'zookeeper.connect': '127.0.0.1:2181', ...extra }));

describe('broker config', () => {
  it("applies Kafka's defaults", () => {
    const c = buildBrokerConfig(base());
    expect(c.listeners).to.deep.equal([
      { listenerName: 'PLAINTEXT', securityProtocol: 'PLAINTEXT', host: '', port: 9092 },
    ]);
    expect(c.logDirs).to.deep.equal(['/tmp/kafka-logs']);
    expect(c).to.include({
      zookeeperSessionTimeoutMs: 18000,
      numPartitions: 1,
      defaultReplicationFactor: 1,
      autoCreateTopicsEnable: true,
      logSegmentBytes: 1073741824,
      logRetentionMs: 168 * 3600000,
      logRetentionBytes: -1,
      logRetentionCheckIntervalMs: 300000,
      messageMaxBytes: 1048588,
      socketRequestMaxBytes: 104857600,
      minInsyncReplicas: 1,
      uncleanLeaderElectionEnable: false,
    });
  });

  it('prefers log.retention.ms over minutes over hours, and log.dirs over log.dir', () => {
    expect(
      buildBrokerConfig(base({ 'log.retention.hours': '1', 'log.retention.minutes': '2' })).logRetentionMs,
    ).to.equal(120000);
    expect(buildBrokerConfig(base({ 'log.retention.ms': '5', 'log.retention.minutes': '2' })).logRetentionMs).to.equal(
      5,
    );
    expect(buildBrokerConfig(base({ 'log.retention.ms': '-1' })).logRetentionMs).to.equal(-1);
    expect(buildBrokerConfig(base({ 'log.dir': '/x', 'log.dirs': '/a, /b' })).logDirs).to.deep.equal(['/a', '/b']);
  });

  it('parses listeners and advertised listeners, chroots and overrides', () => {
    const c = buildBrokerConfig(
      applyOverrides(base({ listeners: 'PLAINTEXT://0.0.0.0:9093' }), [
        'advertised.listeners=PLAINTEXT://broker1:19093',
        'zookeeper.connect=a:1,b:2/kafka',
      ]),
    );
    expect(c.listeners[0]).to.deep.equal({
      listenerName: 'PLAINTEXT',
      securityProtocol: 'PLAINTEXT',
      host: '0.0.0.0',
      port: 9093,
    });
    expect(c.advertisedListeners[0]).to.deep.equal({
      listenerName: 'PLAINTEXT',
      securityProtocol: 'PLAINTEXT',
      host: 'broker1',
      port: 19093,
    });
    expect(c.zookeeperConnect).to.equal('a:1,b:2/kafka');
  });

  const bad: Array<[string, string, RegExp]> = [
    ['num.partitions', 'many', /not an integer/],
    ['num.partitions', '0', /outside/],
    ['auto.create.topics.enable', 'yes', /true or false/],
    ['listeners', 'localhost:9092', /NAME:\/\/host:port/],
    ['zookeeper.connect', 'nohostport', /host:port/],
    ['log.message.timestamp.type', 'Now', /CreateTime or LogAppendTime/],
    ['log.segment.bytes', '5', /outside/],
    ['advertised.listeners', 'PLAINTEXT://0.0.0.0:9092', /cannot be advertised/],
  ];
  for (const [key, value, message] of bad) {
    it(`rejects ${key}=${value} naming the key`, () => {
      try {
        buildBrokerConfig(base({ [key]: value }));
        expect.fail('no error');
      } catch (err) {
        expect(err).to.be.instanceOf(ConfigError);
        expect((err as ConfigError).key).to.equal(key);
        expect((err as Error).message)
          .to.contain(`'${key}'`)
          .and.match(message);
      }
    });
  }

  it('requires zookeeper.connect and reports unknown keys', () => {
    expect(() => buildBrokerConfig(new Map([['broker.id', '1']]))).to.throw(ConfigError, /zookeeper.connect/);
    expect(unknownKeys(base({ 'bogus.key': '1', 'num.io.threads': '8' }))).to.deep.equal(['bogus.key']);
  });
});
