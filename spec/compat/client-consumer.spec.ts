// Proves the Samsa Consumer reads what third-party producers wrote exactly as they wrote it —
// kcat (librdkafka) and kafkajs, with keys, values, headers and timestamps, under every codec
// (none, gzip, snappy, and lz4 when lib/protocol/compression.ts supports it) — and that a Samsa
// consumer and a kafka-python consumer share one group under the 'range' protocol, splitting
// the partitions between them.
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import snappy from 'snappy';
import { CompressionCodecs, CompressionTypes, Kafka, logLevel, Partitioners } from 'kafkajs';
import { Consumer, IteratedMessage, TopicPartition } from '../../lib/client/consumer';
import { compress, CompressionCodec, decompress } from '../../lib/protocol/compression';
import { startBroker, stopAllBrokers, TestBroker } from '../helpers/broker';
import { kcatConsumeAll, kcatProduce } from '../helpers/kcat';
import { waitUntil } from '../helpers/wait';

type Codec = 'none' | 'gzip' | 'snappy' | 'lz4';

async function lz4Supported(): Promise<boolean> {
  try {
    const data = Buffer.from('probe');
    return (await decompress(CompressionCodec.LZ4, await compress(CompressionCodec.LZ4, data))).equals(data);
  } catch {
    return false;
  }
}

/** Every message of every partition, read by a group-less Samsa consumer until `count` arrived. */
async function readAll(
  bootstrap: string,
  topic: string,
  partitions: number,
  count: number,
): Promise<IteratedMessage[]> {
  const consumer = new Consumer({ brokers: [bootstrap], maxWaitMs: 200 });
  consumer.assign(
    Array.from({ length: partitions }, (_, partition) => ({ topic, partition, offset: 'earliest' as const })),
  );
  const got: IteratedMessage[] = [];
  const deadline = setTimeout(() => void consumer.close(), 20000);
  try {
    for await (const m of consumer) {
      got.push(m);
      if (got.length >= count) break;
    }
  } finally {
    clearTimeout(deadline);
    await consumer.close();
  }
  return got;
}

// kafka-python as a group member: prints its assignment after each rebalance; SIGTERM closes it.
const PYTHON_MEMBER = `
import json, signal, sys, threading
from kafka import KafkaConsumer, ConsumerRebalanceListener
from kafka.coordinator.assignors.range import RangePartitionAssignor
bootstrap, topic, group = sys.argv[1], sys.argv[2], sys.argv[3]
stop = threading.Event()
signal.signal(signal.SIGTERM, lambda *a: stop.set())
class Listener(ConsumerRebalanceListener):
    def on_partitions_revoked(self, revoked):
        pass
    def on_partitions_assigned(self, assigned):
        print(json.dumps({"assigned": sorted(tp.partition for tp in assigned)}), flush=True)
c = KafkaConsumer(bootstrap_servers=bootstrap, group_id=group, auto_offset_reset='earliest',
                  partition_assignment_strategy=[RangePartitionAssignor], session_timeout_ms=10000,
                  heartbeat_interval_ms=300, api_version_auto_timeout_ms=10000)
c.subscribe([topic], listener=Listener())
while not stop.is_set():
    c.poll(timeout_ms=100)
c.close()
print(json.dumps({"closed": True}), flush=True)
`;

describe('Samsa Consumer with third-party clients', function () {
  this.timeout(90000);
  let broker: TestBroker;
  let kafka: Kafka;
  const codecs: Codec[] = ['none', 'gzip', 'snappy'];

  before(async () => {
    broker = await startBroker({
      label: 'client-consumer-compat',
      props: {
        'offsets.topic.num.partitions': 3,
        'offsets.topic.replication.factor': 1,
        'group.initial.rebalance.delay.ms': 0,
        'num.partitions': 2,
        'auto.create.topics.enable': true,
      },
    });
    kafka = new Kafka({ clientId: 'spec', brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
    CompressionCodecs[CompressionTypes.Snappy] = () => ({
      compress: async (encoder: { buffer: Buffer }) => snappy.compress(encoder.buffer),
      decompress: async (buffer: Buffer) => snappy.uncompress(buffer) as Promise<Buffer>,
    });
    if (await lz4Supported()) codecs.push('lz4');
  });
  after(stopAllBrokers);

  it("reads kcat's messages (keys, values, headers, timestamps) identically under every codec", async () => {
    for (const codec of codecs) {
      const topic = `kcat-${codec}`;
      const lines = Array.from({ length: 40 }, (_, i) => `key${i % 5}:value-${codec}-${i}`);
      await kcatProduce(broker.bootstrap, topic, lines, ['-z', codec, '-H', 'origin=kcat', '-H', `codec=${codec}`]);
      const expected = await kcatConsumeAll(broker.bootstrap, topic);
      expect(expected, codec).to.have.length(40);
      const got = await readAll(broker.bootstrap, topic, 2, 40);
      const view = (m: { partition: number; offset: number; key: string | null; payload: string | null; ts: number }) =>
        `${m.partition}/${m.offset} ${String(m.key)}=${String(m.payload)} @${m.ts}`;
      expect(
        got
          .map((m) =>
            view({
              partition: m.partition,
              offset: m.offset,
              key: m.key?.toString() ?? null,
              payload: m.value?.toString() ?? null,
              ts: m.timestamp,
            }),
          )
          .sort(),
        codec,
      ).to.deep.equal(expected.map(view).sort());
      for (const m of got)
        expect(
          m.headers.map((h) => `${h.key}=${String(h.value)}`),
          codec,
        ).to.deep.equal(['origin=kcat', `codec=${codec}`]);
    }
  });

  it("reads kafkajs's messages identically under every codec, null keys and values included", async () => {
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    try {
      const types: Record<Codec, CompressionTypes> = {
        none: CompressionTypes.None,
        gzip: CompressionTypes.GZIP,
        snappy: CompressionTypes.Snappy,
        lz4: CompressionTypes.LZ4,
      };
      for (const codec of codecs.filter((c) => c !== 'lz4')) {
        const topic = `js-${codec}`;
        const base = 1_600_000_000_000;
        const messages = Array.from({ length: 30 }, (_, i) => ({
          partition: i % 2,
          key: i === 3 ? null : `k${i}`,
          value: i === 4 ? null : Buffer.from([i, 0, 255, i]),
          timestamp: String(base + i * 1000),
          headers: { n: String(i), bin: Buffer.from([0, i]) },
        }));
        await producer.send({ topic, acks: -1, compression: types[codec], messages });
        const got = await readAll(broker.bootstrap, topic, 2, 30);
        expect(got, codec).to.have.length(30);
        for (const m of got) {
          const i = Number(m.headers.find((h) => h.key === 'n')?.value?.toString());
          expect(m.partition, codec).to.equal(i % 2);
          expect(m.key === null ? null : m.key.toString(), codec).to.equal(i === 3 ? null : `k${i}`);
          expect(m.value, codec).to.deep.equal(i === 4 ? null : Buffer.from([i, 0, 255, i]));
          expect(m.timestamp, codec).to.equal(base + i * 1000);
          expect(m.headers.find((h) => h.key === 'bin')?.value, codec).to.deep.equal(Buffer.from([0, i]));
        }
        expect(
          got.filter((m) => m.partition === 0).map((m) => m.offset),
          codec,
        ).to.deep.equal(Array.from({ length: 15 }, (_, i) => i));
      }
    } finally {
      await producer.disconnect();
    }
  });

  it('shares a group with a kafka-python consumer under the range protocol', async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [{ topic: 'mixed', numPartitions: 6, replicationFactor: 1 }],
      waitForLeaders: true,
    });
    await admin.disconnect();
    const ours = new Consumer({
      brokers: [broker.bootstrap],
      groupId: 'mixed-g',
      assignors: ['range'],
      heartbeatIntervalMs: 300,
      maxWaitMs: 200,
    });
    let owned: TopicPartition[] = [];
    ours.on('assign', (tps: TopicPartition[]) => {
      owned = tps;
    });
    ours.subscribe(['mixed']);
    const running = ours.run({ eachMessage: async () => undefined });
    const python = spawn('/usr/bin/python3', ['-c', PYTHON_MEMBER, broker.bootstrap, 'mixed', 'mixed-g'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const reports: Array<{ assigned?: number[]; closed?: boolean }> = [];
    let stderr = '';
    python.stdout.on('data', (c: Buffer) => {
      for (const l of c.toString().split('\n')) if (l.trim()) reports.push(JSON.parse(l));
    });
    python.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    const exited = new Promise((resolve) => python.once('exit', resolve));
    try {
      const theirs = () => [...reports].reverse().find((r) => r.assigned)?.assigned ?? [];
      await waitUntil(() => owned.length > 0 && theirs().length > 0 && owned.length + theirs().length === 6, {
        timeoutMs: 40000,
        message: `the Samsa and kafka-python members to split the topic (python: ${stderr.slice(-300)})`,
      });
      expect([...owned.map((tp) => tp.partition), ...theirs()].sort()).to.deep.equal([0, 1, 2, 3, 4, 5]);
      expect([owned.map((tp) => tp.partition).join(','), theirs().join(',')].sort()).to.deep.equal(['0,1,2', '3,4,5']);
      process.kill(python.pid as number, 'SIGTERM');
      await waitUntil(() => owned.length === 6, {
        timeoutMs: 20000,
        message: 'the Samsa member to own all six after kafka-python left',
      });
    } finally {
      if (python.exitCode === null) process.kill(python.pid as number, 'SIGKILL');
      await exited;
      await ours.close();
      await running;
    }
  });
});
