// Proves wire compatibility with librdkafka: kcat lists the broker and its topics, produces
// 20,000 keyed messages with snappy, gzip and zstd at acks=all — really compressed: the stored
// batches, read raw with Fetch v12, carry the codec in their attributes — and reads them back
// byte-identical, with equal keys in one partition and per-partition order preserved. (Samsa has
// no zstd codec of its own; it stores and serves zstd batches untouched, as Kafka does.)
// (librdkafka 2.0.2 compresses only when the broker lists Produce v0, librdkafka#4956.)
import { expect } from 'chai';
import { startBroker, stopAllBrokers, TestBroker } from '../helpers/broker';
import { kcatConsumeAll, kcatMetadata, kcatProduce } from '../helpers/kcat';
import { Admin } from '../../lib/client/admin';
import { Connection } from '../../lib/network/connection';
import { fetchApi } from '../../lib/protocol/apis/fetch';
import { iterateBatches, BatchHeader } from '../../lib/protocol/batch-header';
import { CompressionCodec } from '../../lib/protocol/compression';

const MESSAGES = 20000;
const PARTITIONS = 4;

const FETCH_BYTES = 8 * 1024 * 1024;
const FETCH_ROUNDS_MAX = 100;

/** The headers of every stored batch of `partition`, read raw with Fetch v12 (no decoding). */
async function storedBatchHeaders(bootstrapPort: number, topic: string, partition: number): Promise<BatchHeader[]> {
  const connection = await Connection.connect({ host: '127.0.0.1', port: bootstrapPort, clientId: 'spec-kcat-raw' });
  const headers: BatchHeader[] = [];
  try {
    for (let offset = 0, round = 0, highWatermark = 1; offset < highWatermark; round++) {
      if (round >= FETCH_ROUNDS_MAX)
        throw new Error(`read ${topic}-${partition} only up to ${offset} in ${round} fetches`);
      const response = await connection.send(fetchApi, 12, {
        replicaId: -1,
        maxWaitMs: 0,
        minBytes: 1,
        maxBytes: FETCH_BYTES,
        isolationLevel: 0,
        sessionId: 0,
        sessionEpoch: -1,
        topics: [
          {
            topic,
            partitions: [
              {
                partition,
                currentLeaderEpoch: -1,
                fetchOffset: offset,
                lastFetchedEpoch: -1,
                logStartOffset: -1,
                partitionMaxBytes: FETCH_BYTES,
              },
            ],
          },
        ],
        forgottenTopicsData: [],
        rackId: '',
      });
      const answer = response.responses[0].partitionResponses[0];
      expect(answer.errorCode, 'raw fetch error code').to.equal(0);
      highWatermark = answer.highWatermark;
      const records = answer.recordSet as Buffer;
      for (const { header } of iterateBatches(records)) {
        headers.push(header);
        offset = header.baseOffset + header.lastOffsetDelta + 1;
      }
    }
  } finally {
    connection.close();
  }
  return headers;
}

function keyedLines(tag: string): Array<{ key: string; value: string }> {
  const out = [];
  for (let i = 0; i < MESSAGES; i++) {
    out.push({ key: `key-${i % 101}`, value: `${tag}-${i}-${'x'.repeat(i % 50)}` });
  }
  return out;
}

describe('kcat (librdkafka) against one broker', function () {
  this.timeout(180000);
  let broker: TestBroker;

  before(async () => {
    broker = await startBroker({ label: 'kcat' });
    const admin = await Admin.connect(broker.bootstrap);
    try {
      await admin.createTopics([
        { topic: 'snappy-topic', numPartitions: PARTITIONS, replicationFactor: 1 },
        { topic: 'gzip-topic', numPartitions: PARTITIONS, replicationFactor: 1 },
        { topic: 'zstd-topic', numPartitions: PARTITIONS, replicationFactor: 1 },
      ]);
    } finally {
      admin.close();
    }
  });

  after(stopAllBrokers);

  it('lists the broker and its topics with kcat -L', async () => {
    const md = await kcatMetadata(broker.bootstrap);
    expect(md.brokers).to.deep.equal([{ id: 0, name: broker.bootstrap }]);
    expect(md.controllerid).to.equal(0);
    const names = md.topics.map((t: { topic: string }) => t.topic).sort();
    expect(names).to.include.members(['gzip-topic', 'snappy-topic']);
    const snappy = md.topics.find((t: { topic: string }) => t.topic === 'snappy-topic');
    expect(snappy.partitions).to.have.length(PARTITIONS);
    for (const p of snappy.partitions) {
      expect(p.leader).to.equal(0);
      expect(p.replicas).to.deep.equal([{ id: 0 }]);
      expect(p.isrs).to.deep.equal([{ id: 0 }]);
    }
  });

  const CODEC_BITS: Record<string, number> = {
    snappy: CompressionCodec.SNAPPY,
    gzip: CompressionCodec.GZIP,
    zstd: CompressionCodec.ZSTD,
  };
  for (const codec of ['snappy', 'gzip', 'zstd']) {
    it(`round-trips ${MESSAGES} keyed messages compressed with ${codec} at acks=all`, async () => {
      const topic = `${codec}-topic`;
      const sent = keyedLines(codec);
      // A long linger keeps kcat from sending a lone message, which librdkafka would send
      // uncompressed when compressing does not shrink it.
      await kcatProduce(
        broker.bootstrap,
        topic,
        sent.map((m) => `${m.key}:${m.value}`),
        ['-z', codec, '-X', 'acks=all', '-X', 'linger.ms=200'],
      );
      const codecBits = CODEC_BITS[codec];
      let compressedRecords = 0;
      for (let p = 0; p < PARTITIONS; p++) {
        const headers = await storedBatchHeaders(broker.port, topic, p);
        expect(headers.length, `batches in partition ${p}`).to.be.greaterThan(0);
        for (const h of headers)
          expect(h.compression, `codec bits of the batch at ${topic}-${p}@${h.baseOffset}`).to.equal(codecBits);
        compressedRecords += headers.reduce((sum, h) => sum + h.recordCount, 0);
      }
      expect(compressedRecords).to.equal(MESSAGES);

      const received = await kcatConsumeAll(broker.bootstrap, topic);
      expect(received).to.have.length(MESSAGES);

      const sentValues = sent.map((m) => `${m.key}:${m.value}`).sort();
      const gotValues = received.map((m) => `${m.key}:${m.payload}`).sort();
      expect(gotValues).to.deep.equal(sentValues);

      const partitionOfKey = new Map<string, number>();
      for (const m of received) {
        const seen = partitionOfKey.get(m.key as string);
        if (seen !== undefined) expect(m.partition, `key ${m.key}`).to.equal(seen);
        partitionOfKey.set(m.key as string, m.partition);
      }
      expect(new Set(partitionOfKey.values()).size).to.be.greaterThan(1);

      for (let p = 0; p < PARTITIONS; p++) {
        const inPartition = received.filter((m) => m.partition === p);
        const offsets = inPartition.map((m) => m.offset);
        expect(offsets).to.deep.equal(offsets.map((_, i) => i));
        const expectedOrder = sent.filter((m) => partitionOfKey.get(m.key) === p).map((m) => m.value);
        expect(inPartition.map((m) => m.payload)).to.deep.equal(expectedOrder);
      }
    });
  }
});
