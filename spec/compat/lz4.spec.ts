// Proves LZ4 interoperability with librdkafka through a real broker: batches kcat produces with
// `-z lz4` are decoded by Samsa's decodeRecordBatches exactly as kcat itself reads them back,
// and lz4 batches Samsa encodes (multi-block frames, some blocks stored raw) are read by kcat.
// kafkajs is not used: it reads lz4 only with a codec plugin package, which the project does not
// take.
//
// librdkafka (2.0.2 here) compresses with lz4 only when the broker lists Produce v0
// (confluentinc/librdkafka#4956); Samsa lists Produce 0-9, so kcat produces straight to the
// broker, and the codec bits of every stored batch prove it really compressed.
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { Admin } from '../../lib/client/admin';
import { Connection } from '../../lib/network/connection';
import { fetchApi, FetchRequest } from '../../lib/protocol/apis/fetch';
import { produceApi } from '../../lib/protocol/apis/produce';
import { BATCH_HEADER_BYTES, BATCH_LENGTH_OFFSET, LOG_OVERHEAD } from '../../lib/protocol/batch-header';
import { CompressionCodec } from '../../lib/protocol/compression';
import { DecodedBatch, decodeRecordBatches, encodeRecordBatch, RecordInput } from '../../lib/protocol/record-codec';
import { startBroker, stopAllBrokers, TestBroker } from '../helpers/broker';
import { kcatConsumeAll, kcatProduce } from '../helpers/kcat';

const FETCH_ROUNDS_MAX = 200;
const FETCH_BYTES = 4 * 1024 * 1024;

function fetchRequest(topic: string, fetchOffset: number): FetchRequest {
  return {
    replicaId: -1,
    maxWaitMs: 100,
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
            partition: 0,
            currentLeaderEpoch: -1,
            fetchOffset,
            lastFetchedEpoch: -1,
            logStartOffset: -1,
            partitionMaxBytes: FETCH_BYTES,
          },
        ],
      },
    ],
    forgottenTopicsData: [],
    rackId: '',
  };
}

/** Fetches partition 0 from offset 0 until `endOffset`, decoding every batch with Samsa's codec. */
async function fetchBatches(
  connection: Connection,
  topic: string,
  endOffset: number,
): Promise<{ batches: DecodedBatch[]; raw: Buffer[] }> {
  const batches: DecodedBatch[] = [];
  const raw: Buffer[] = [];
  let offset = 0;
  for (let round = 0; offset < endOffset; round++) {
    if (round >= FETCH_ROUNDS_MAX)
      throw new Error(`fetched only up to offset ${offset} of ${endOffset} in ${round} rounds`);
    const response = await connection.send(fetchApi, 11, fetchRequest(topic, offset));
    const partition = response.responses[0].partitionResponses[0];
    expect(partition.errorCode, 'fetch error code').to.equal(0);
    const recordSet = partition.recordSet as Buffer | null;
    if (recordSet === null || recordSet.length === 0) continue;
    raw.push(recordSet);
    for (const batch of await decodeRecordBatches(recordSet)) {
      batches.push(batch);
      offset = batch.header.baseOffset + batch.header.lastOffsetDelta + 1;
    }
  }
  return { batches, raw };
}

/** The compressed payload (the LZ4 frame) of every batch in the fetched record sets. */
function lz4Payloads(recordSets: Buffer[]): Buffer[] {
  const frames: Buffer[] = [];
  for (const set of recordSets) {
    for (let pos = 0; set.length - pos >= BATCH_HEADER_BYTES;) {
      const end = pos + LOG_OVERHEAD + set.readInt32BE(pos + BATCH_LENGTH_OFFSET);
      if (end > set.length) break;
      frames.push(set.subarray(pos + BATCH_HEADER_BYTES, end));
      pos = end;
    }
  }
  return frames;
}

/** Base64 of random bytes: text LZ4 cannot shrink (hex it can, a little), so its blocks are stored raw. */
function incompressible(bytes: number): string {
  return randomBytes(Math.ceil((bytes * 3) / 4))
    .toString('base64')
    .slice(0, bytes);
}

describe('lz4 with kcat (librdkafka) against one broker', function () {
  this.timeout(120000);
  let broker: TestBroker;
  let connection: Connection;

  before(async () => {
    broker = await startBroker({ label: 'lz4' });
    const admin = await Admin.connect(broker.bootstrap);
    try {
      await admin.createTopics([
        { topic: 'kcat-lz4', numPartitions: 1, replicationFactor: 1 },
        { topic: 'samsa-lz4', numPartitions: 1, replicationFactor: 1 },
      ]);
    } finally {
      admin.close();
    }
    connection = await Connection.connect({ host: '127.0.0.1', port: broker.port, clientId: 'spec-lz4' });
  });

  after(async () => {
    connection?.close();
    await stopAllBrokers();
  });

  it('decodes the lz4 batches kcat produced exactly as kcat reads them', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 6000; i++) {
      const value = i % 10 === 5 ? incompressible(400) : `value-${i}-${'partition leader epoch '.repeat(i % 40)}`;
      lines.push(`key-${i % 37}:${value}`);
    }
    // A long linger keeps kcat from sending a lone message, which lz4 cannot shrink and
    // librdkafka then sends uncompressed.
    await kcatProduce(broker.bootstrap, 'kcat-lz4', lines, ['-z', 'lz4', '-X', 'acks=all', '-X', 'linger.ms=200']);

    const { batches, raw } = await fetchBatches(connection, 'kcat-lz4', lines.length);
    expect(batches.length).to.be.greaterThan(0);
    for (const batch of batches)
      expect(batch.header.compression, `batch at ${batch.header.baseOffset}`).to.equal(CompressionCodec.LZ4);
    // Each batch holds a standard frame, and some batch is large enough to need several blocks.
    // (librdkafka writes the descriptor Kafka's Java client writes: 64 KiB independent blocks.)
    const frames = lz4Payloads(raw);
    expect(frames).to.have.length(batches.length);
    for (const frame of frames) expect(frame.readUInt32LE(0), 'LZ4 frame magic').to.equal(0x184d2204);
    expect(Math.max(...frames.map((f) => f.length))).to.be.greaterThan(64 * 1024 + 4);

    const decoded = batches
      .flatMap((b) => b.records)
      .map((r) => ({
        offset: r.offset,
        key: r.key?.toString() ?? null,
        payload: r.value?.toString() ?? null,
      }));
    expect(decoded.map((r) => `${r.key}:${r.payload}`)).to.deep.equal(lines);
    expect(decoded.map((r) => r.offset)).to.deep.equal(lines.map((_, i) => i));

    const kcatRead = await kcatConsumeAll(broker.bootstrap, 'kcat-lz4');
    expect(decoded).to.deep.equal(kcatRead.map((m) => ({ offset: m.offset, key: m.key, payload: m.payload })));
  });

  it('lets kcat read lz4 batches Samsa encoded, including multi-block frames with raw blocks', async () => {
    const batchInputs: RecordInput[][] = [
      [{ key: Buffer.from('only'), value: Buffer.from('one small record') }],
      Array.from({ length: 1500 }, (_, i) => ({
        key: i % 5 === 0 ? null : Buffer.from(`k${i}`),
        value: Buffer.from(i % 3 === 0 ? incompressible(300) : `record ${i} ${'in sync replica '.repeat(i % 20)}`),
      })),
      [{ key: Buffer.from('big'), value: Buffer.from(incompressible(200 * 1024)) }],
    ];
    let baseOffset = 0;
    for (const records of batchInputs) {
      const batch = await encodeRecordBatch({ compression: 'lz4', records });
      const response = await connection.send(produceApi, 7, {
        transactionalId: null,
        acks: -1,
        timeoutMs: 30000,
        topicData: [{ name: 'samsa-lz4', partitionData: [{ index: 0, records: batch }] }],
      });
      const partition = response.responses[0].partitionResponses[0];
      expect(partition.errorCode, 'produce error code').to.equal(0);
      expect(partition.baseOffset).to.equal(baseOffset);
      baseOffset += records.length;
    }

    const expected = batchInputs.flat().map((r, offset) => ({
      offset,
      key: r.key?.toString() ?? null,
      payload: r.value?.toString() ?? null,
    }));
    const kcatRead = await kcatConsumeAll(broker.bootstrap, 'samsa-lz4', ['-X', 'fetch.message.max.bytes=4194304']);
    expect(kcatRead.map((m) => ({ offset: m.offset, key: m.key, payload: m.payload }))).to.deep.equal(expected);

    const { batches } = await fetchBatches(connection, 'samsa-lz4', expected.length);
    expect(batches.map((b) => b.records.length)).to.deep.equal(batchInputs.map((b) => b.length));
  });
});
