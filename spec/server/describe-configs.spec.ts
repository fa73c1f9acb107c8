// Proves DescribeConfigs on the wire against an in-process broker on a real ZooKeeper: kafkajs
// sees a topic's override (retention.ms) as DYNAMIC_TOPIC_CONFIG with its broker fallback as a
// synonym, a key set in the broker's properties as STATIC_BROKER_CONFIG and the rest as
// DEFAULT_CONFIG; broker resources list the broker's own configs; an unknown topic, a foreign
// broker id and an unsupported resource type fail per resource while the others succeed; v0
// answers carry isDefault.
import { expect } from 'chai';
import { Kafka, logLevel, ConfigResourceTypes } from 'kafkajs';
import { startBroker, stopAllBrokers, TestBroker } from '../helpers/broker';
import { BrokerConnection } from '../../lib/client/broker-connection';
import { describeConfigsApi } from '../../lib/protocol/apis/describe-configs';
import { ConfigSource, ConfigResourceType } from '../../lib/protocol/config-resource';
import { ErrorCode } from '../../lib/protocol/error-codes';

type Entry = {
  configName: string;
  configValue: string | null;
  configSource: number;
  isDefault: boolean;
  configSynonyms: Array<{ configName: string; configValue: string | null; configSource: number }>;
};

describe('DescribeConfigs', function () {
  this.timeout(60000);
  let broker: TestBroker;
  let kafka: Kafka;

  before(async () => {
    broker = await startBroker({ label: 'describe-configs', brokerId: 0, props: { 'log.segment.bytes': 1048576 } });
    kafka = new Kafka({
      clientId: 'spec',
      brokers: [broker.bootstrap],
      logLevel: logLevel.NOTHING,
      retry: { retries: 2 },
    });
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.createTopics({
        topics: [
          {
            topic: 'configured',
            numPartitions: 1,
            replicationFactor: 1,
            configEntries: [{ name: 'retention.ms', value: '86400000' }],
          },
        ],
        waitForLeaders: true,
      });
    } finally {
      await admin.disconnect();
    }
  });

  after(stopAllBrokers);

  async function describe(
    resources: Array<{ type: number; name: string; configNames?: string[] }>,
  ): Promise<Entry[][]> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const { resources: answered } = await admin.describeConfigs({ resources, includeSynonyms: true });
      return answered.map((r) => r.configEntries as unknown as Entry[]);
    } finally {
      await admin.disconnect();
    }
  }

  const find = (entries: Entry[], name: string): Entry => {
    const entry = entries.find((e) => e.configName === name);
    expect(entry, name).to.not.equal(undefined);
    return entry as Entry;
  };

  it('shows a topic override, a static broker fallback and defaults through kafkajs', async () => {
    const [entries] = await describe([{ type: ConfigResourceTypes.TOPIC, name: 'configured' }]);
    const retention = find(entries, 'retention.ms');
    expect([retention.configValue, retention.configSource, retention.isDefault]).to.deep.equal([
      '86400000',
      ConfigSource.DYNAMIC_TOPIC_CONFIG,
      false,
    ]);
    expect(retention.configSynonyms).to.deep.equal([
      { configName: 'retention.ms', configValue: '86400000', configSource: ConfigSource.DYNAMIC_TOPIC_CONFIG },
      { configName: 'log.retention.hours', configValue: '168', configSource: ConfigSource.DEFAULT_CONFIG },
    ]);
    const segment = find(entries, 'segment.bytes');
    expect([segment.configValue, segment.configSource]).to.deep.equal(['1048576', ConfigSource.STATIC_BROKER_CONFIG]);
    expect(segment.configSynonyms.map((s) => [s.configName, s.configValue, s.configSource])).to.deep.equal([
      ['log.segment.bytes', '1048576', ConfigSource.STATIC_BROKER_CONFIG],
      ['log.segment.bytes', '1073741824', ConfigSource.DEFAULT_CONFIG],
    ]);
    const policy = find(entries, 'cleanup.policy');
    expect([policy.configValue, policy.configSource, policy.isDefault]).to.deep.equal([
      'delete',
      ConfigSource.DEFAULT_CONFIG,
      true,
    ]);
    expect(find(entries, 'max.message.bytes').configValue).to.equal('1048588');
    expect(find(entries, 'min.insync.replicas').configValue).to.equal('1');
    const names = entries.map((e) => e.configName);
    expect(names).to.deep.equal([...names].sort());
    expect(entries.filter((e) => !e.isDefault).map((e) => e.configName)).to.deep.equal([
      'retention.ms',
      'segment.bytes',
    ]);
  });

  it('filters by configNames and describes the broker itself', async () => {
    const [topic, brokerEntries] = await describe([
      { type: ConfigResourceTypes.TOPIC, name: 'configured', configNames: ['retention.ms', 'no.such.key'] },
      { type: ConfigResourceTypes.BROKER, name: '0' },
    ]);
    expect(topic.map((e) => e.configName)).to.deep.equal(['retention.ms']);
    expect(find(brokerEntries, 'broker.id')).to.include({
      configValue: '0',
      configSource: ConfigSource.STATIC_BROKER_CONFIG,
    });
    expect(find(brokerEntries, 'log.segment.bytes')).to.include({
      configValue: '1048576',
      configSource: ConfigSource.STATIC_BROKER_CONFIG,
    });
    expect(find(brokerEntries, 'num.partitions')).to.include({
      configValue: '1',
      configSource: ConfigSource.DEFAULT_CONFIG,
      isDefault: true,
    });
    expect(find(brokerEntries, 'log.retention.ms')).to.include({
      configValue: null,
      configSource: ConfigSource.DEFAULT_CONFIG,
    });
  });

  it('fails an unknown topic through kafkajs with UNKNOWN_TOPIC_OR_PARTITION', async () => {
    const outcome = await describe([{ type: ConfigResourceTypes.TOPIC, name: 'missing' }]).then(
      () => null,
      (e: { type?: string }) => e,
    );
    expect(outcome?.type).to.equal('UNKNOWN_TOPIC_OR_PARTITION');
  });

  it('answers each resource on its own, with isDefault at v0 and without synonyms unless asked', async () => {
    const connection = await BrokerConnection.open({ host: '127.0.0.1', port: broker.port, clientId: 'spec' }, -1);
    try {
      const { response } = await connection.request(
        describeConfigsApi,
        {
          resources: [
            {
              resourceType: ConfigResourceType.TOPIC,
              resourceName: 'configured',
              configurationKeys: ['retention.ms', 'segment.ms'],
            },
            { resourceType: ConfigResourceType.TOPIC, resourceName: 'missing', configurationKeys: null },
            { resourceType: ConfigResourceType.BROKER, resourceName: '7', configurationKeys: null },
            { resourceType: ConfigResourceType.BROKER, resourceName: '', configurationKeys: null },
            { resourceType: ConfigResourceType.GROUP, resourceName: 'g', configurationKeys: null },
          ],
          includeSynonyms: false,
          includeDocumentation: false,
        },
        { max: 0 },
      );
      const [topic, missing, foreign, clusterDefault, group] = response.results;
      expect(topic.errorCode).to.equal(ErrorCode.NONE);
      expect(topic.configs.map((c) => [c.name, c.value, c.isDefault, c.readOnly, c.isSensitive])).to.deep.equal([
        ['retention.ms', '86400000', false, false, false],
        ['segment.ms', '604800000', true, false, false],
      ]);
      expect(missing).to.deep.include({
        errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
        resourceName: 'missing',
        configs: [],
      });
      expect(foreign.errorCode).to.equal(ErrorCode.INVALID_REQUEST);
      expect(foreign.errorMessage).to.equal('Unexpected broker id, expected 0 or empty string, but received 7');
      expect(clusterDefault).to.deep.include({ errorCode: ErrorCode.NONE, configs: [] });
      expect(group.errorCode).to.equal(ErrorCode.INVALID_REQUEST);
      expect(group.errorMessage).to.equal('Unsupported resource type: 3');

      const v2 = await connection.request(describeConfigsApi, {
        resources: [
          { resourceType: ConfigResourceType.TOPIC, resourceName: 'configured', configurationKeys: ['retention.ms'] },
        ],
        includeSynonyms: false,
        includeDocumentation: false,
      });
      expect(v2.version).to.equal(2);
      expect(v2.response.results[0].configs[0]).to.deep.include({
        configSource: ConfigSource.DYNAMIC_TOPIC_CONFIG,
        synonyms: [],
      });
    } finally {
      connection.close();
    }
  });
});
