// Proves old clients round-trip messages through Samsa in the legacy record formats:
// kafka-python (Debian's python3-kafka) forced to api_version 0.10 (Produce v2 / Fetch v2, magic
// 1), 0.9 (Produce v1 / Fetch v1, magic 0) and 0.8.2 (Produce v0 / Fetch v0) produces keyed
// messages, uncompressed and gzip (the only codec Debian's kafka-python has without extra
// modules), and reads them back as legacy messages (they carry a CRC, which magic-2 records do
// not); the broker stores them as magic-2 batches with the producer's codec and, for magic 1,
// its timestamps.
import { expect } from 'chai';
import { Admin } from '../../lib/client/admin';
import { Connection } from '../../lib/network/connection';
import { fetchApi } from '../../lib/protocol/apis/fetch';
import { decodeRecordBatches } from '../../lib/protocol/records';
import { startBroker, stopAllBrokers, TestBroker } from '../helpers/broker';
import { runOk } from '../helpers/processes';

const COUNT = 50;
const TS = 1_700_000_000_000;

const ROUND_TRIP = `
import json, sys
from kafka import KafkaProducer, KafkaConsumer, TopicPartition
bootstrap, topic, api, compression, count, ts = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), int(sys.argv[6])
api_version = tuple(int(x) for x in api.split('.'))
producer = KafkaProducer(bootstrap_servers=bootstrap, api_version=api_version, acks=1, linger_ms=20, retries=3,
                         compression_type=(None if compression == 'none' else compression), request_timeout_ms=15000)
futures = [producer.send(topic, key=('k%d' % (i % 7)).encode(), value=('value-%d-%s' % (i, 'x' * i)).encode(),
                         partition=0, timestamp_ms=ts + i) for i in range(count)]
producer.flush(30)
produced = [[m.offset, m.checksum is not None] for m in (f.get(timeout=30) for f in futures)]
producer.close(10)
consumer = KafkaConsumer(bootstrap_servers=bootstrap, api_version=api_version, group_id=None, enable_auto_commit=False,
                         consumer_timeout_ms=10000, request_timeout_ms=15000)
tp = TopicPartition(topic, 0)
consumer.assign([tp])
consumer.seek_to_beginning(tp)
consumed = []
for m in consumer:
    consumed.append([m.offset, m.key.decode(), m.value.decode(), m.timestamp, m.checksum is not None])
    if len(consumed) >= count:
        break
consumer.close()
print(json.dumps({"produced": produced, "consumed": consumed}))
`;

interface RoundTrip {
  produced: Array<[number, boolean]>;
  consumed: Array<[number, string, string, number | null, boolean]>;
}

describe('kafka-python at old api versions (legacy message formats)', function () {
  this.timeout(120000);
  let broker: TestBroker;

  const cases = [
    { api: '0.10', compression: 'none', magic: 1 },
    { api: '0.10', compression: 'gzip', magic: 1 },
    { api: '0.9', compression: 'gzip', magic: 0 },
    { api: '0.8.2', compression: 'none', magic: 0 },
  ];
  const topicOf = (c: { api: string; compression: string }): string =>
    `legacy-${c.api.replace(/\./g, '_')}-${c.compression}`;

  before(async () => {
    broker = await startBroker({ label: 'legacy-clients' });
    const admin = await Admin.connect(broker.bootstrap);
    try {
      await admin.createTopics(cases.map((c) => ({ topic: topicOf(c), numPartitions: 1, replicationFactor: 1 })));
    } finally {
      admin.close();
    }
  });

  after(stopAllBrokers);

  for (const c of cases) {
    it(`round-trips ${COUNT} messages with api_version ${c.api}, compression ${c.compression} (magic ${c.magic})`, async () => {
      const topic = topicOf(c);
      const out = await runOk(
        '/usr/bin/python3',
        ['-c', ROUND_TRIP, broker.bootstrap, topic, c.api, c.compression, String(COUNT), String(TS)],
        { timeoutMs: 90000 },
      );
      const result = JSON.parse(out.trim().split('\n').pop() as string) as RoundTrip;
      const offsets = Array.from({ length: COUNT }, (_, i) => i);
      expect(result.produced.map(([offset]) => offset)).to.deep.equal(offsets);
      expect(
        result.produced.every(([, legacy]) => legacy),
        'the producer built legacy messages (with a CRC)',
      ).to.equal(true);
      expect(result.consumed.map(([offset, key, value]) => [offset, key, value])).to.deep.equal(
        offsets.map((i) => [i, `k${i % 7}`, `value-${i}-${'x'.repeat(i)}`]),
      );
      expect(
        result.consumed.every((m) => m[4]),
        'the consumer read legacy messages (with a CRC)',
      ).to.equal(true);
      if (c.magic === 1) expect(result.consumed.map((m) => m[3])).to.deep.equal(offsets.map((i) => TS + i));

      const connection = await Connection.connect({
        host: '127.0.0.1',
        port: broker.port,
        clientId: 'spec-legacy-raw',
      });
      try {
        const response = await connection.send(fetchApi, 12, {
          replicaId: -1,
          maxWaitMs: 0,
          minBytes: 1,
          maxBytes: 1 << 20,
          isolationLevel: 0,
          sessionId: 0,
          sessionEpoch: -1,
          topics: [
            {
              topic,
              partitions: [
                {
                  partition: 0,
                  currentLeaderEpoch: -1,
                  fetchOffset: 0,
                  lastFetchedEpoch: -1,
                  logStartOffset: -1,
                  partitionMaxBytes: 1 << 20,
                },
              ],
            },
          ],
          forgottenTopicsData: [],
          rackId: '',
        });
        const batches = await decodeRecordBatches(response.responses[0].partitionResponses[0].recordSet as Buffer);
        const codec = c.compression === 'gzip' ? 1 : 0;
        for (const batch of batches) expect([batch.header.magic, batch.header.compression]).to.deep.equal([2, codec]);
        const timestamps = batches.flatMap((b) => b.records.map((r) => r.timestamp));
        expect(timestamps).to.deep.equal(offsets.map((i) => (c.magic === 0 ? -1 : TS + i)));
      } finally {
        connection.close();
      }
    });
  }
});
