// Proves Kafka's log-dir-failure handling across real `bin/broker` processes: broker 2 keeps its
// partitions in two log dirs, the first a small tmpfs. (a) Filled up under acks=all produce, the
// tmpfs goes offline on broker 2: it answers KAFKA_STORAGE_ERROR for the partitions there, the
// controller moves their leadership and ISR to the other replicas, every acknowledged write
// reads back, no segment on any disk is corrupt, and broker 2 stays up, still leading its
// partitions on the healthy dir. (b) Made read-only, the tmpfs goes offline the same way: the
// log dir notification is handled and deleted, Metadata lists broker 2 as an offline replica of
// exactly those partitions, and broker 2 keeps serving produce and fetch on its healthy dir.
// (c) When its only log dir fails, the broker halts, as Kafka does, and its leaderships move.
import { expect } from 'chai';
import * as fs from 'node:fs';
import { Admin } from '../../lib/client/admin';
import { Cluster } from '../../lib/client/cluster';
import { Producer } from '../../lib/client/producer';
import { Connection } from '../../lib/network/connection';
import { encodeRecordBatch } from '../../lib/protocol/record-codec';
import { getLogDirEventNotifications } from '../../lib/zk/log-dir-events';
import { getLiveBrokerIds } from '../../lib/zk/broker-registry';
import { stopAllBrokers, tempDir } from '../helpers/broker';
import { TestCluster } from '../helpers/cluster';
import { produceTo } from '../helpers/raw-partition';
import { corruptSegments } from '../helpers/segment-check';
import { Tmpfs } from '../helpers/tmpfs';
import { waitUntil } from '../helpers/wait';
import { readBatches } from '../client/read-back';

const FAILING = 2;
const PARTITIONS = 4;
const KAFKA_STORAGE_ERROR = 56;
const TMPFS_BYTES = 4 * 1024 * 1024;
const OFFLINE_TIMEOUT_MS = 60_000;

/** Broker FAILING is the preferred leader of every partition, so it leads on both of its dirs. */
function assignment(): Record<number, number[]> {
  const out: Record<number, number[]> = {};
  for (let p = 0; p < PARTITIONS; p++) out[p] = p % 2 === 0 ? [FAILING, 1, 3] : [FAILING, 3, 1];
  return out;
}

async function startCluster(
  label: string,
  tmpfs: Tmpfs,
  props: Record<string, string | number> = {},
): Promise<TestCluster> {
  const healthyDir = tempDir(`${label}-healthy`);
  const cluster = await TestCluster.start(label, [1, 2, 3], props, {
    [FAILING]: { 'log.dirs': `${tmpfs.dir},${healthyDir}` },
  });
  const admin = await Admin.connect(cluster.bootstrap());
  try {
    await admin.createTopics([
      { topic: label, replicaAssignment: assignment(), configs: { 'min.insync.replicas': '2' } },
    ]);
  } finally {
    await admin.close();
  }
  for (let p = 0; p < PARTITIONS; p++)
    await cluster.waitForState(
      label,
      p,
      (s) => s.leader === FAILING && s.isr.length === 3,
      'led by broker 2 with a full ISR',
    );
  return cluster;
}

function partitionsOn(dir: string, topic: string): number[] {
  const names = new Set(fs.readdirSync(dir));
  return Array.from({ length: PARTITIONS }, (_, p) => p).filter((p) => names.has(`${topic}-${p}`));
}

async function awaitMovedOff(cluster: TestCluster, topic: string, partitions: number[]): Promise<void> {
  for (const p of partitions) {
    await cluster.waitForState(
      topic,
      p,
      (s) => s.leader >= 0 && s.leader !== FAILING && !s.isr.includes(FAILING),
      'leadership and ISR off broker 2',
      OFFLINE_TIMEOUT_MS,
    );
  }
}

async function rawProduce(cluster: TestCluster, topic: string, partition: number, value: string): Promise<number> {
  const conn = await Connection.connect({
    host: '127.0.0.1',
    port: cluster.brokers.get(FAILING)?.port as number,
    clientId: 'log-dir-spec',
  });
  try {
    const records = await encodeRecordBatch({
      baseTimestamp: Date.now(),
      records: [{ key: null, value: Buffer.from(value) }],
    });
    return (await produceTo(conn, topic, records, { partition, acks: -1 })).errorCode;
  } finally {
    conn.close();
  }
}

function expectAlive(cluster: TestCluster): void {
  const pid = cluster.brokers.get(FAILING)?.pid as number;
  expect(() => process.kill(pid, 0), `broker ${FAILING} (pid ${pid}) is still running`).not.to.throw();
}

describe('log dir failure (real broker processes, a tmpfs log dir)', function () {
  this.timeout(240_000);
  let tmpfs: Tmpfs | null = null;
  let cluster: TestCluster | null = null;
  afterEach(async () => {
    await cluster?.stop();
    cluster = null;
    await stopAllBrokers();
    tmpfs?.unmount();
    tmpfs = null;
  });

  it('(a) a full disk: KAFKA_STORAGE_ERROR from broker 2, leaders move, no acknowledged write lost, no corrupt segment, broker 2 stays up', async () => {
    const topic = 'disk-full';
    tmpfs = Tmpfs.mount(topic, TMPFS_BYTES);
    cluster = await startCluster(topic, tmpfs);
    const onTmpfs = partitionsOn(tmpfs.dir, topic);
    const healthy = Array.from({ length: PARTITIONS }, (_, p) => p).filter((p) => !onTmpfs.includes(p));
    expect(onTmpfs.length, "partitions on each of broker 2's dirs").to.equal(PARTITIONS / 2);

    const producer = new Producer({
      brokers: cluster.bootstrap().split(','),
      acks: 'all',
      lingerMs: 5,
      retries: 60,
      requestTimeoutMs: 10_000,
    });
    const acked: Array<{ index: number; partition: number; offset: number; value: string }> = [];
    let failed = 0;
    const sends: Array<Promise<void>> = [];
    await producer.connect();
    try {
      for (let i = 0; i < 1200; i++) {
        const value = `m${i}-`.padEnd(1000, '.');
        sends.push(
          producer.sendOne(topic, { value, partition: i % PARTITIONS }).then(
            (r) => {
              acked.push({ index: i, partition: r.partition, offset: r.offset, value });
            },
            () => {
              failed++;
            },
          ),
        );
        if (i === 200) tmpfs.fill();
        if (i % 20 === 19) await new Promise((r) => setTimeout(r, 10));
      }
      await Promise.all(sends);
    } finally {
      await producer.close();
    }

    await awaitMovedOff(cluster, topic, onTmpfs);
    for (const p of onTmpfs)
      expect(await rawProduce(cluster, topic, p, 'to the full disk'), `produce to ${topic}-${p} on broker 2`).to.equal(
        KAFKA_STORAGE_ERROR,
      );
    for (const p of healthy) {
      expect((await cluster.state(topic, p)).leader, `${topic}-${p} on the healthy dir`).to.equal(FAILING);
      expect(
        await rawProduce(cluster, topic, p, 'to the healthy disk'),
        `produce to ${topic}-${p} on broker 2`,
      ).to.equal(0);
    }
    expectAlive(cluster);
    expect(await getLiveBrokerIds(cluster.session)).to.include(FAILING);

    expect(failed, 'sends the producer gave up on').to.equal(0);
    const afterFault = acked.filter((a) => onTmpfs.includes(a.partition) && a.index >= 1000);
    expect(
      afterFault.length,
      "writes to the failed dir's partitions acknowledged by their new leaders",
    ).to.be.greaterThan(0);
    const reader = new Cluster({ brokers: cluster.bootstrap().split(',') });
    try {
      const stored = new Map<string, string>();
      for (let p = 0; p < PARTITIONS; p++) {
        for (const batch of await readBatches(reader, topic, p))
          for (const r of batch.records) stored.set(`${p}:${r.offset}`, String(r.value));
      }
      for (const a of acked)
        expect(stored.get(`${a.partition}:${a.offset}`), `acknowledged ${a.partition}:${a.offset}`).to.equal(a.value);
    } finally {
      await reader.close();
    }
    const allDirs = [tmpfs.dir, ...[1, 3].map((id) => cluster?.logDirOf(id) as string)];
    expect(corruptSegments(allDirs)).to.deep.equal([]);
  });

  it('(b) a read-only disk: the dir goes offline, Metadata lists broker 2 as offline replica, broker 2 keeps serving its healthy dir', async () => {
    const topic = 'read-only';
    tmpfs = Tmpfs.mount(topic, TMPFS_BYTES);
    cluster = await startCluster(topic, tmpfs, { 'replica.high.watermark.checkpoint.interval.ms': 500 });
    const onTmpfs = partitionsOn(tmpfs.dir, topic);
    const healthy = Array.from({ length: PARTITIONS }, (_, p) => p).filter((p) => !onTmpfs.includes(p));
    tmpfs.makeReadOnly();

    await awaitMovedOff(cluster, topic, onTmpfs);
    const session = cluster.session;
    await waitUntil(async () => (await getLogDirEventNotifications(session)).length === 0, {
      timeoutMs: 10_000,
      message: 'the controller to delete the handled log dir notification',
    });
    expect(cluster.brokers.get(FAILING)?.output()).to.match(/reported the failure of log dir .*log_dir_event_\d{10}/);
    expectAlive(cluster);

    const admin = await Admin.connect(cluster.bootstrap());
    try {
      const described = await waitUntil(
        async () => {
          const d = (await admin.describeTopics([topic])).topics[0];
          return onTmpfs.every((p) => d.partitions[p].offlineReplicas.includes(FAILING)) ? d : null;
        },
        { timeoutMs: 10_000, message: 'Metadata to list broker 2 as an offline replica' },
      );
      for (const p of healthy)
        expect(described.partitions[p].offlineReplicas, `${topic}-${p} on the healthy dir`).to.deep.equal([]);
    } finally {
      await admin.close();
    }
    for (const p of onTmpfs)
      expect(await rawProduce(cluster, topic, p, 'to the read-only disk')).to.equal(KAFKA_STORAGE_ERROR);
    const reader = new Cluster({ brokers: cluster.bootstrap().split(',') });
    try {
      for (const p of healthy) {
        expect(await rawProduce(cluster, topic, p, `healthy-${p}`)).to.equal(0);
        const values = (await readBatches(reader, topic, p)).flatMap((b) => b.records.map((r) => String(r.value)));
        expect(values, `${topic}-${p} read back through broker 2`).to.include(`healthy-${p}`);
      }
    } finally {
      await reader.close();
    }
  });

  it('(c) its only log dir read-only: broker 2 halts ("all log dirs have failed") and its leaderships move', async () => {
    const topic = 'only-dir';
    tmpfs = Tmpfs.mount(topic, TMPFS_BYTES);
    const fsys = tmpfs;
    cluster = await TestCluster.start(
      topic,
      [1, 2, 3],
      { 'replica.high.watermark.checkpoint.interval.ms': 500 },
      { [FAILING]: { 'log.dirs': fsys.dir } },
    );
    const admin = await Admin.connect(cluster.bootstrap());
    try {
      await admin.createTopics([{ topic, replicaAssignment: assignment(), configs: { 'min.insync.replicas': '2' } }]);
    } finally {
      await admin.close();
    }
    for (let p = 0; p < PARTITIONS; p++)
      await cluster.waitForState(topic, p, (s) => s.leader === FAILING && s.isr.length === 3, 'led by broker 2');
    const broker = cluster.brokers.get(FAILING);
    fsys.makeReadOnly();
    const exitCode = await Promise.race([
      broker?.exited,
      new Promise((r) => setTimeout(() => r('still running'), 30_000).unref()),
    ]);
    expect(exitCode, 'broker 2 exit code').to.equal(1);
    expect(broker?.output()).to.match(/halting broker 2: all log dirs \(.*\) have failed/);
    await awaitMovedOff(
      cluster,
      topic,
      Array.from({ length: PARTITIONS }, (_, p) => p),
    );
  });
});
