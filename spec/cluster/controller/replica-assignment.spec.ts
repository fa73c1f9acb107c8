// Proves replica placement follows Kafka's rack-unaware round robin (table-driven against
// assignments Kafka's AdminUtils produces for fixed start index and shift) and refuses a
// replication factor above the broker count.
import { expect } from 'chai';
import { assignReplicasToBrokers } from '../../../lib/cluster/controller/replica-assignment';
import { KafkaError } from '../../../lib/protocol/kafka-error';

describe('assignReplicasToBrokers', () => {
  it('spreads leaders round robin and shifts followers when partitions wrap', () => {
    const result = assignReplicasToBrokers({
      brokerIds: [0, 1, 2, 3, 4],
      partitions: 10,
      replicationFactor: 3,
      startIndex: 0,
      nextReplicaShift: 0,
    });
    // Kafka's documented example for 5 brokers, 10 partitions, rf 3 with start 0 and shift 0.
    expect([...result.entries()]).to.deep.equal([
      [0, [0, 1, 2]],
      [1, [1, 2, 3]],
      [2, [2, 3, 4]],
      [3, [3, 4, 0]],
      [4, [4, 0, 1]],
      [5, [0, 2, 3]],
      [6, [1, 3, 4]],
      [7, [2, 4, 0]],
      [8, [3, 0, 1]],
      [9, [4, 1, 2]],
    ]);
  });

  it('uses the sorted broker list and the start index', () => {
    const result = assignReplicasToBrokers({
      brokerIds: [3, 1, 2],
      partitions: 3,
      replicationFactor: 2,
      startIndex: 1,
      nextReplicaShift: 1,
    });
    expect([...result.entries()]).to.deep.equal([
      [0, [2, 1]],
      [1, [3, 2]],
      [2, [1, 3]],
    ]);
    const leaders = [...result.values()].map((r) => r[0]).sort();
    expect(leaders).to.deep.equal([1, 2, 3]);
  });

  it('refuses a replication factor larger than the live brokers with INVALID_REPLICATION_FACTOR', () => {
    try {
      assignReplicasToBrokers({
        brokerIds: [0],
        partitions: 1,
        replicationFactor: 2,
        startIndex: 0,
        nextReplicaShift: 0,
      });
      expect.fail('no error');
    } catch (err) {
      expect(err).to.be.instanceOf(KafkaError);
      expect((err as KafkaError).code).to.equal(38);
    }
  });
});
