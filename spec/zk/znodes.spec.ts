// Proves the znode catalogue writes Kafka's exact JSON (string-typed fields stay strings), reads
// every version Kafka wrote, and rejects malformed data with errors that name the znode.
import { expect } from 'chai';
import { ZnodeFormatError } from '../../lib/zk/errors';
import {
  brokerIdPath,
  consumerOffsetPath,
  consumerOwnerPath,
  decodeBrokerRegistration,
  decodeClusterId,
  decodeConfigChange,
  decodeController,
  decodeControllerEpoch,
  decodeConsumerOffset,
  decodeConsumerRegistration,
  decodeEntityConfig,
  decodePartitionState,
  decodeTopicAssignment,
  encodeBrokerRegistration,
  encodeClusterId,
  encodeConfigChange,
  encodeController,
  encodeControllerEpoch,
  encodeConsumerOffset,
  encodeConsumerRegistration,
  encodeEntityConfig,
  encodePartitionState,
  encodeTopicAssignment,
  partitionStatePath,
  PERSISTENT_PATHS,
  topicConfigPath,
  topicPath,
} from '../../lib/zk/znodes';

const json = (data: Buffer): unknown => JSON.parse(data.toString('utf8'));
const bytes = (value: unknown): Buffer => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));

describe('zk/znodes', () => {
  describe('paths', () => {
    it('builds Kafka paths', () => {
      expect(brokerIdPath(3)).to.equal('/brokers/ids/3');
      expect(topicPath('orders')).to.equal('/brokers/topics/orders');
      expect(partitionStatePath('orders', 2)).to.equal('/brokers/topics/orders/partitions/2/state');
      expect(topicConfigPath('orders')).to.equal('/config/topics/orders');
      expect(consumerOffsetPath('g1', 'orders', 0)).to.equal('/consumers/g1/offsets/orders/0');
      expect(consumerOwnerPath('g1', 'orders', 4)).to.equal('/consumers/g1/owners/orders/4');
      expect(PERSISTENT_PATHS).to.include.members([
        '/brokers/ids',
        '/config/changes',
        '/admin/delete_topics',
        '/consumers',
      ]);
      expect(PERSISTENT_PATHS).to.have.length(14);
    });

    it('refuses names that would address another znode', () => {
      for (const bad of ['', '.', '..', 'a/b']) expect(() => topicPath(bad)).to.throw(RangeError);
      expect(() => brokerIdPath(-1)).to.throw(RangeError);
      expect(() => partitionStatePath('t', 1.5)).to.throw(RangeError);
    });
  });

  describe('/brokers/ids/<id>', () => {
    const endpoints = [
      { listenerName: 'PLAINTEXT', securityProtocol: 'PLAINTEXT', host: '10.0.0.5', port: 9092 },
      { listenerName: 'INTERNAL', securityProtocol: 'SSL', host: '::1', port: 9093 },
    ];

    it('writes version 4 with a string timestamp and the PLAINTEXT host/port', () => {
      expect(json(encodeBrokerRegistration({ endpoints, timestampMs: 1600000000000, rack: 'r1' }))).to.deep.equal({
        listener_security_protocol_map: { PLAINTEXT: 'PLAINTEXT', INTERNAL: 'SSL' },
        endpoints: ['PLAINTEXT://10.0.0.5:9092', 'INTERNAL://[::1]:9093'],
        rack: 'r1',
        jmx_port: -1,
        host: '10.0.0.5',
        timestamp: '1600000000000',
        port: 9092,
        version: 4,
      });
    });

    it('writes host null and port -1 without a PLAINTEXT endpoint, and no rack when unset', () => {
      const written = json(encodeBrokerRegistration({ endpoints: [endpoints[1]], timestampMs: 5 })) as Record<
        string,
        unknown
      >;
      expect(written.host).to.equal(null);
      expect(written.port).to.equal(-1);
      expect(written).not.to.have.property('rack');
    });

    it('round-trips version 4', () => {
      const decoded = decodeBrokerRegistration(7, encodeBrokerRegistration({ endpoints, timestampMs: 42, rack: 'r1' }));
      expect(decoded).to.deep.equal({ brokerId: 7, version: 4, endpoints, rack: 'r1', timestampMs: 42, jmxPort: -1 });
    });

    it("reads Kafka's own version 4 example and version 1", () => {
      const v4 =
        '{"listener_security_protocol_map":{"PLAINTEXT":"PLAINTEXT"},"endpoints":["PLAINTEXT://10.0.0.5:9092"],' +
        '"jmx_port":-1,"host":"10.0.0.5","timestamp":"1600000000000","port":9092,"version":4}';
      expect(decodeBrokerRegistration(1, bytes(v4)).endpoints).to.deep.equal([endpoints[0]]);
      const v1 = decodeBrokerRegistration(
        2,
        bytes({ version: 1, host: 'h', port: 9092, jmx_port: -1, timestamp: '9' }),
      );
      expect(v1.endpoints).to.deep.equal([
        { listenerName: 'PLAINTEXT', securityProtocol: 'PLAINTEXT', host: 'h', port: 9092 },
      ]);
      expect(v1.timestampMs).to.equal(9);
    });

    it('rejects malformed registrations naming the znode', () => {
      const cases: unknown[] = [
        'not json',
        [1, 2],
        { version: 0, host: 'h', port: 1, jmx_port: -1, timestamp: '1' },
        { version: 4, endpoints: ['PLAINTEXT:/h:1'], jmx_port: -1, timestamp: '1', listener_security_protocol_map: {} },
        { version: 2, endpoints: ['CUSTOM://h:1'], jmx_port: -1, timestamp: '1' },
        {
          version: 4,
          endpoints: ['PLAINTEXT://h:1'],
          jmx_port: -1,
          timestamp: 'soon',
          listener_security_protocol_map: { PLAINTEXT: 'PLAINTEXT' },
        },
      ];
      for (const value of cases) {
        expect(() => decodeBrokerRegistration(3, bytes(value))).to.throw(ZnodeFormatError, '/brokers/ids/3');
      }
      expect(() => decodeBrokerRegistration(3, null)).to.throw(ZnodeFormatError, 'no data');
    });
  });

  describe('/brokers/topics/<t>', () => {
    it('writes version 2 with empty adding/removing maps', () => {
      const written = encodeTopicAssignment(
        new Map([
          [1, [2, 3]],
          [0, [1, 2]],
        ]),
      );
      expect(written.toString()).to.equal(
        '{"version":2,"partitions":{"0":[1,2],"1":[2,3]},"adding_replicas":{},"removing_replicas":{}}',
      );
    });

    it('reads versions 1 to 3', () => {
      const v1 = decodeTopicAssignment('t', bytes({ version: 1, partitions: { '0': [1, 2, 3] } }));
      expect([...v1.partitions]).to.deep.equal([[0, [1, 2, 3]]]);
      expect(v1.addingReplicas.size).to.equal(0);
      const v3 = decodeTopicAssignment(
        't',
        bytes({
          version: 3,
          topic_id: 'abc',
          partitions: { '0': [1] },
          adding_replicas: { '0': [4] },
          removing_replicas: {},
        }),
      );
      expect(v3.topicId).to.equal('abc');
      expect([...v3.addingReplicas]).to.deep.equal([[0, [4]]]);
    });

    it('rejects unknown versions and bad partitions', () => {
      expect(() => decodeTopicAssignment('t', bytes({ version: 4, partitions: {} }))).to.throw(
        ZnodeFormatError,
        'version 4',
      );
      expect(() => decodeTopicAssignment('t', bytes({ version: 2, partitions: { x: [1] } }))).to.throw(
        ZnodeFormatError,
        '/brokers/topics/t',
      );
      expect(() => decodeTopicAssignment('t', bytes({ version: 2, partitions: { '0': ['1'] } }))).to.throw(
        ZnodeFormatError,
      );
      expect(() => decodeTopicAssignment('t', bytes({ version: 2 }))).to.throw(ZnodeFormatError, 'partitions');
    });
  });

  describe('partition state', () => {
    it('writes version 1 and round-trips', () => {
      const state = { leader: 2, leaderEpoch: 7, controllerEpoch: 3, isr: [2, 3, 1] };
      expect(json(encodePartitionState(state))).to.deep.equal({
        controller_epoch: 3,
        leader: 2,
        version: 1,
        leader_epoch: 7,
        isr: [2, 3, 1],
      });
      expect(decodePartitionState('t', 0, encodePartitionState(state))).to.deep.equal(state);
      expect(() =>
        decodePartitionState('t', 0, bytes({ version: 1, leader: 1, leader_epoch: 0, controller_epoch: 1 })),
      ).to.throw(ZnodeFormatError, "'isr'");
    });
  });

  describe('controller, epoch, cluster id', () => {
    it('writes /controller version 1 with a string timestamp', () => {
      expect(encodeController(2, 1600000000000).toString()).to.equal(
        '{"version":1,"brokerid":2,"timestamp":"1600000000000"}',
      );
      expect(decodeController(encodeController(2, 5))).to.deep.equal({ brokerId: 2, timestampMs: 5 });
      expect(() => decodeController(bytes({ version: 1 }))).to.throw(ZnodeFormatError, 'brokerid');
    });

    it('writes /controller_epoch as decimal text', () => {
      expect(encodeControllerEpoch(5).toString()).to.equal('5');
      expect(decodeControllerEpoch(Buffer.from('12'))).to.equal(12);
      expect(() => decodeControllerEpoch(Buffer.from('x1'))).to.throw(ZnodeFormatError, '/controller_epoch');
    });

    it('writes /cluster/id with a string version', () => {
      expect(encodeClusterId('x7sbdI0kS-eB5zvjdLn9Vw').toString()).to.equal(
        '{"version":"1","id":"x7sbdI0kS-eB5zvjdLn9Vw"}',
      );
      expect(decodeClusterId(encodeClusterId('abc'))).to.equal('abc');
      expect(() => decodeClusterId(bytes({ version: '1', id: 3 }))).to.throw(ZnodeFormatError);
    });
  });

  describe('config', () => {
    it('writes topic config with string values', () => {
      const written = encodeEntityConfig({ 'retention.ms': '86400000' }).toString();
      expect(written).to.equal('{"version":1,"config":{"retention.ms":"86400000"}}');
      expect(decodeEntityConfig('/config/topics/t', encodeEntityConfig({}))).to.deep.equal({});
      expect(() =>
        decodeEntityConfig('/config/topics/t', bytes({ version: 1, config: { 'retention.ms': 5 } })),
      ).to.throw(ZnodeFormatError, 'retention.ms');
    });

    it('writes change notifications as version 2 and reads the legacy version 1', () => {
      expect(encodeConfigChange('topics/t').toString()).to.equal('{"version":2,"entity_path":"topics/t"}');
      expect(decodeConfigChange('/c', bytes({ version: 1, entity_type: 'topics', entity_name: 't' }))).to.equal(
        'topics/t',
      );
    });
  });

  describe('consumers', () => {
    it('writes offsets as decimal text', () => {
      expect(encodeConsumerOffset(12345).toString()).to.equal('12345');
      expect(decodeConsumerOffset('/o', Buffer.from('-1'))).to.equal(-1);
      expect(() => decodeConsumerOffset('/o', Buffer.from('1e3'))).to.throw(ZnodeFormatError);
    });

    it('writes member registrations with a string timestamp', () => {
      const registration = {
        subscription: { orders: 1 },
        pattern: 'static',
        timestampMs: 7,
        clientId: 'c',
        clientHost: '/10.0.0.1',
      };
      expect(json(encodeConsumerRegistration(registration))).to.deep.equal({
        version: 1,
        subscription: { orders: 1 },
        pattern: 'static',
        timestamp: '7',
        client_id: 'c',
        client_host: '/10.0.0.1',
      });
      expect(decodeConsumerRegistration('/m', encodeConsumerRegistration(registration))).to.deep.equal(registration);
    });
  });
});
