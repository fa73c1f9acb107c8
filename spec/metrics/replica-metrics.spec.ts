// Proves the ReplicaManager's metrics on in-process leader and follower replica managers talking
// over real sockets (the replication harness): a follower that stops fetching is shrunk out by
// the leader, which counts IsrShrinks and reports the partition under-replicated (and at
// min.insync.replicas); one that comes back is expanded in (IsrExpands) and the gauge returns to
// 0; the follower counts the bytes it appended as ReplicationBytesIn; the gauges' definitions
// are checked against hand-counted partitions.
import { expect } from 'chai';
import { BrokerMetrics } from '../../lib/metrics/broker-metrics';
import { ErrorCode } from '../../lib/protocol/error-codes';
import { replicaCounts } from '../../lib/cluster/replication/replica-metrics';
import type { Partition } from '../../lib/cluster/replication/partition';
import { parsePrometheus } from '../helpers/prometheus';
import { waitUntil } from '../helpers/wait';
import { TestCluster, TOPIC } from '../cluster/replication/replication-harness';

const REPLICAS = [1, 2];
const LAG_MS = 300;
const RM = 'kafka_server_replicamanager_';

async function read(metrics: BrokerMetrics, name: string): Promise<number> {
  return parsePrometheus(await metrics.expose()).value(name);
}

describe('ReplicaManager metrics', function () {
  this.timeout(20000);
  let cluster: TestCluster;

  beforeEach(() => {
    cluster = new TestCluster();
  });

  afterEach(async () => {
    await cluster.stopAll();
  });

  it('counts the leader’s ISR shrink and expand, and the under-replicated gauge follows them', async () => {
    const leaderMetrics = new BrokerMetrics({ processMetrics: false });
    const followerMetrics = new BrokerMetrics({ processMetrics: false });
    const leader = await cluster.start(1, {
      replication: { replicaLagTimeMaxMs: LAG_MS },
      minInsyncReplicas: 1,
      metrics: leaderMetrics,
    });
    const follower = await cluster.start(2, { metrics: followerMetrics });
    await leader.become({ leader: 1, leaderEpoch: 0, isr: REPLICAS, replicas: REPLICAS });
    await follower.become({ leader: 1, leaderEpoch: 0, isr: REPLICAS, replicas: REPLICAS });
    expect((await leader.produce(3, -1)).errorCode).to.equal(ErrorCode.NONE);
    expect(await read(leaderMetrics, `${RM}underreplicatedpartitions`)).to.equal(0);
    expect(await read(leaderMetrics, `${RM}leadercount`)).to.equal(1);
    expect(await read(followerMetrics, `${RM}leadercount`)).to.equal(0);
    expect(await read(followerMetrics, `${RM}partitioncount`)).to.equal(1);
    expect(await read(followerMetrics, 'kafka_server_brokertopicmetrics_replicationbytesin_total')).to.equal(
      leader.partition().log.sizeInBytes,
    );

    follower.replicaManager.stopReplicas([{ topic: TOPIC, partition: 0 }], false);
    await leader.produce(2);
    await waitUntil(() => leader.partition().isr.length === 1, { timeoutMs: 5000, message: 'the ISR shrink' });
    expect(await read(leaderMetrics, `${RM}isrshrinks_total`)).to.equal(1);
    expect(await read(leaderMetrics, `${RM}underreplicatedpartitions`)).to.equal(1);
    expect(await read(leaderMetrics, `${RM}atminisrpartitioncount`)).to.equal(1);
    expect(await read(leaderMetrics, `${RM}isrexpands_total`)).to.equal(0);

    // The controller's next epoch makes the stopped replica fetch again; the leader proposes it back.
    await leader.become({ leader: 1, leaderEpoch: 1, isr: [1], replicas: REPLICAS, zkVersion: 1 });
    await follower.become({ leader: 1, leaderEpoch: 1, isr: [1], replicas: REPLICAS, zkVersion: 1 });
    await waitUntil(() => leader.partition().isr.length === 2, { timeoutMs: 5000, message: 'the ISR expansion' });
    expect(await read(leaderMetrics, `${RM}isrexpands_total`)).to.equal(1);
    expect(await read(leaderMetrics, `${RM}underreplicatedpartitions`)).to.equal(0);
    expect(await read(followerMetrics, `${RM}isrshrinks_total`)).to.equal(0);
  });

  it('defines the gauges as Kafka does: ISR counts over partitions led here, offline replicas apart', () => {
    const p = (isLeader: boolean, isr: number[], replicas: number[], isOffline = false, topic = 't') =>
      ({ topic, isLeader, isr, replicas, isOffline }) as unknown as Partition;
    const minIsr = (topic: string): number => (topic === 'strict' ? 3 : 2);
    const cases: Array<[string, Partition[], Partial<ReturnType<typeof replicaCounts>>]> = [
      ['nothing hosted', [], { partitionCount: 0, leaderCount: 0, underReplicatedPartitions: 0 }],
      ['a full ISR', [p(true, [1, 2, 3], [1, 2, 3])], { leaderCount: 1, underReplicatedPartitions: 0 }],
      [
        'one replica out',
        [p(true, [1, 2], [1, 2, 3])],
        { underReplicatedPartitions: 1, atMinIsrPartitionCount: 1, underMinIsrPartitionCount: 0 },
      ],
      [
        'below min.insync.replicas',
        [p(true, [1, 2], [1, 2, 3], false, 'strict')],
        { underMinIsrPartitionCount: 1, atMinIsrPartitionCount: 0 },
      ],
      [
        'a follower is not counted under-replicated',
        [p(false, [2], [1, 2, 3])],
        { partitionCount: 1, leaderCount: 0, underReplicatedPartitions: 0 },
      ],
      [
        'an offline replica',
        [p(true, [1], [1, 2], true)],
        { offlineReplicaCount: 1, leaderCount: 0, underReplicatedPartitions: 0 },
      ],
    ];
    for (const [name, partitions, expected] of cases) {
      expect(replicaCounts(partitions, minIsr), name).to.include(expected);
    }
  });
});
