// Proves the replica manager's side of a log dir failure (Kafka's handleLogDirFailure), with a
// real tmpfs filled until the disk refuses an append: the partitions in the failed dir go
// offline at once — produce, fetch, OffsetForLeaderEpoch, LeaderAndIsr and StopReplica answer
// KAFKA_STORAGE_ERROR, an acks=all produce waiting on them is answered with it, their replica
// fetching stops — the broker is told once (to notify the controller), and the partitions in
// the healthy dir keep leading, following and appending.
import { expect } from 'chai';
import path from 'path';
import { LogManager } from '../../../lib/storage';
import { ReplicaManager } from '../../../lib/cluster/replication/replica-manager';
import { ErrorCode } from '../../../lib/protocol/error-codes';
import { silentLogger } from '../../../lib/util/logger';
import { Tmpfs } from '../../helpers/tmpfs';
import { waitUntil } from '../../helpers/wait';
import { batchOf, makeTempDir, removeTempDir, specLogConfig } from '../../storage/fixtures';

const TOPIC = 'orders';
const REPLICAS = [1, 2];

describe('ReplicaManager after a log dir failure (a full tmpfs)', function () {
  this.timeout(20000);
  let tmpfs: Tmpfs;
  let root: string;
  let logManager: LogManager;
  let replicaManager: ReplicaManager;
  const failures: string[] = [];

  beforeEach(async () => {
    tmpfs = Tmpfs.mount('replica-manager', 1024 * 1024);
    root = makeTempDir();
    failures.length = 0;
    logManager = new LogManager({
      logDirs: [tmpfs.dir, path.join(root, 'healthy')],
      defaultConfig: specLogConfig(),
      logger: silentLogger(),
    });
    logManager.startup();
    replicaManager = new ReplicaManager({
      brokerId: 1,
      logManager,
      logConfigFor: async () => specLogConfig(),
      minInsyncReplicasFor: () => 1,
      delayedOperationsMax: 100,
      logger: silentLogger(),
      replication: { replicaFetchBackoffMs: 50 },
      // Followers keep trying to reach a leader that never answers: their fetch state stays visible.
      connect: () => Promise.reject(new Error('no leader in this spec')),
      onLogDirFailure: (dir) => failures.push(dir),
    });
    // Partitions 0 and 2 land in the tmpfs, 1 and 3 in the healthy dir (least loaded first).
    const states = [0, 1, 2, 3].map((partition) => ({
      topic: TOPIC,
      partition,
      controllerEpoch: 1,
      leader: partition < 2 ? 1 : 2,
      leaderEpoch: 0,
      isr: REPLICAS,
      zkVersion: 0,
      replicas: REPLICAS,
    }));
    const results = await replicaManager.becomeLeaderOrFollower(states);
    expect(results.map((r) => r.errorCode)).to.deep.equal([0, 0, 0, 0]);
  });

  afterEach(async () => {
    await replicaManager.shutdown();
    logManager.shutdown();
    tmpfs.unmount();
    removeTempDir(root);
  });

  const produce = async (partition: number, acks = 1) =>
    (
      await replicaManager.appendRecords(
        [{ topic: TOPIC, partition, records: batchOf(8, { valueBytes: 1000 }) }],
        acks,
        5000,
      )
    )[0];

  /** Appends to partition 0 (in the tmpfs) until the full disk refuses one. */
  async function fillUntilRefused(): Promise<void> {
    tmpfs.fill();
    for (let i = 0; i < 1000; i++) {
      const result = await produce(0);
      if (result.errorCode !== ErrorCode.NONE) {
        expect(result.errorCode).to.equal(ErrorCode.KAFKA_STORAGE_ERROR);
        return;
      }
    }
    expect.fail('the disk never refused an append');
  }

  it('answers KAFKA_STORAGE_ERROR for every partition of the failed dir and keeps serving the healthy one', async () => {
    expect(logManager.getLog(TOPIC, 0)?.logDir).to.equal(tmpfs.dir);
    expect(logManager.getLog(TOPIC, 1)?.logDir).to.not.equal(tmpfs.dir);
    expect(replicaManager.replicaFetchState(TOPIC, 2), 'partition 2 is followed').to.not.equal(undefined);
    const waiting = produce(0, -1);
    await fillUntilRefused();
    expect((await waiting).errorCode, 'the acks=all produce waiting on it').to.equal(ErrorCode.KAFKA_STORAGE_ERROR);
    await waitUntil(() => failures.length > 0, { timeoutMs: 2000, message: 'the broker to be told of the failure' });
    expect(failures).to.deep.equal([tmpfs.dir]);

    expect((await produce(0)).errorCode).to.equal(ErrorCode.KAFKA_STORAGE_ERROR);
    const fetched = await replicaManager.fetchMessages({
      replicaId: -1,
      maxWaitMs: 0,
      minBytes: 1,
      maxBytes: 1 << 20,
      isolationLevel: 0,
      partitions: [0, 1].map((partition) => ({
        topic: TOPIC,
        partition,
        fetchOffset: 0,
        partitionMaxBytes: 1 << 20,
        currentLeaderEpoch: -1,
      })),
    });
    expect(fetched.map((r) => r.errorCode)).to.deep.equal([ErrorCode.KAFKA_STORAGE_ERROR, ErrorCode.NONE]);
    expect(replicaManager.lastOffsetForLeaderEpoch(TOPIC, 0, -1, 0)?.errorCode).to.equal(ErrorCode.KAFKA_STORAGE_ERROR);
    expect(replicaManager.replicaFetchState(TOPIC, 2), 'fetching of the offline follower stopped').to.equal(undefined);
    expect(replicaManager.replicaFetchState(TOPIC, 3), 'the healthy follower still fetches').to.not.equal(undefined);

    const again = await replicaManager.becomeLeaderOrFollower(
      [0, 1, 2].map((partition) => ({
        topic: TOPIC,
        partition,
        controllerEpoch: 1,
        leader: 1,
        leaderEpoch: 1,
        isr: REPLICAS,
        zkVersion: 1,
        replicas: REPLICAS,
      })),
    );
    expect(
      again.map((r) => r.errorCode),
      'LeaderAndIsr: how the controller finds the offline replicas',
    ).to.deep.equal([ErrorCode.KAFKA_STORAGE_ERROR, ErrorCode.NONE, ErrorCode.KAFKA_STORAGE_ERROR]);
    expect(
      replicaManager
        .stopReplicas(
          [
            { topic: TOPIC, partition: 0 },
            { topic: TOPIC, partition: 3 },
          ],
          false,
        )
        .map((r) => r.errorCode),
    ).to.deep.equal([ErrorCode.KAFKA_STORAGE_ERROR, ErrorCode.NONE]);

    expect((await produce(1)).errorCode, "the healthy dir's leader appends").to.equal(ErrorCode.NONE);
    expect((await produce(2)).errorCode, 'partition 2, led here now, is offline').to.equal(
      ErrorCode.KAFKA_STORAGE_ERROR,
    );
    expect(failures, 'told once').to.have.length(1);
  });
});
