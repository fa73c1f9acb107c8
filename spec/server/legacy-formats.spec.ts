// Proves the legacy record formats over real sockets: ApiVersions advertises Produce 0-7 and
// Fetch 0-12; Produce v0-2 message sets (magic 0 and 1, uncompressed and gzip/snappy/lz4
// wrappers) are stored as magic-2 batches that Fetch v12 reads with the producer's codec, keys,
// values, timestamps (none for magic 0) and consecutive offsets; a corrupt legacy CRC rejects the
// partition's whole set; pipelined legacy produces append in order; and Fetch v0/v1/v3 of data
// produced with v7 answers legacy message sets (magic 0 for v0-1, magic 1 for v2-3) with the
// right offsets, honouring max bytes without splitting a message, and UNSUPPORTED_COMPRESSION_TYPE
// for zstd.
import { expect } from 'chai';
import zlib from 'node:zlib';
import { Admin } from '../../lib/client/admin';
import { Connection } from '../../lib/network/connection';
import { apiVersionsApi } from '../../lib/protocol/apis/api-versions';
import { fetchApi, FetchRequest } from '../../lib/protocol/apis/fetch';
import { produceApi, ProduceRequest } from '../../lib/protocol/apis/produce';
import { ErrorCode } from '../../lib/protocol/error-codes';
import {
  decodeMessageSet,
  encodeMessageSet,
  LegacyMagic,
  LegacyMessageInput,
} from '../../lib/protocol/legacy-message-set';
import {
  computeBatchCrc,
  CRC_OFFSET,
  ATTRIBUTES_OFFSET,
  decodeRecordBatches,
  encodeRecordBatch,
} from '../../lib/protocol/records';
import { CompressionName } from '../../lib/protocol/compression';
import { startBroker, stopAllBrokers, TestBroker } from '../helpers/broker';

const TS = 1_700_000_000_000;

function produceBody(topic: string, records: Buffer): ProduceRequest {
  return {
    transactionalId: null,
    acks: -1,
    timeoutMs: 5000,
    topicData: [{ name: topic, partitionData: [{ index: 0, records }] }],
  };
}

function fetchBody(topic: string, fetchOffset: number, partitionMaxBytes = 1 << 20, maxBytes = 1 << 20): FetchRequest {
  return {
    replicaId: -1,
    maxWaitMs: 0,
    minBytes: 1,
    maxBytes,
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
            partitionMaxBytes,
          },
        ],
      },
    ],
    forgottenTopicsData: [],
    rackId: '',
  };
}

function messages(tag: string, count: number, timestamped: boolean): LegacyMessageInput[] {
  return Array.from({ length: count }, (_, i) => ({
    offset: i,
    timestamp: timestamped ? TS + i : undefined,
    key: i % 3 === 0 ? null : Buffer.from(`${tag}-k${i}`),
    value: Buffer.from(`${tag}-v${i}-${'legacy '.repeat(i)}`),
  }));
}

describe('legacy message formats over the wire', function () {
  this.timeout(30000);
  let broker: TestBroker;
  let conn: Connection;

  before(async () => {
    broker = await startBroker({ label: 'legacy-formats' });
    const admin = await Admin.connect(broker.bootstrap);
    try {
      await admin.createTopics(
        ['up', 'corrupt', 'order', 'down', 'zstd'].map((topic) => ({ topic, numPartitions: 1, replicationFactor: 1 })),
      );
    } finally {
      admin.close();
    }
    conn = await Connection.connect({ host: '127.0.0.1', port: broker.port, clientId: 'spec-legacy' });
  });

  after(async () => {
    conn.close();
    await stopAllBrokers();
  });

  async function produce(version: number, topic: string, records: Buffer) {
    const response = await conn.send(produceApi, version, produceBody(topic, records));
    return response.responses[0].partitionResponses[0];
  }

  async function fetchPartition(
    version: number,
    topic: string,
    offset: number,
    partitionMaxBytes?: number,
    maxBytes?: number,
  ) {
    const response = await conn.send(fetchApi, version, fetchBody(topic, offset, partitionMaxBytes, maxBytes));
    return response.responses[0].partitionResponses[0];
  }

  it('advertises Produce 0-7 and Fetch 0-12', async () => {
    const versions = await conn.send(apiVersionsApi, 3, { clientSoftwareName: 'spec', clientSoftwareVersion: '1' });
    const range = (key: number) =>
      versions.apiKeys.filter((k) => k.apiKey === key).map((k) => [k.minVersion, k.maxVersion]);
    expect(range(0)).to.deep.equal([[0, 7]]);
    expect(range(1)).to.deep.equal([[0, 12]]);
  });

  it('stores Produce v0, v1 and v2 message sets as magic-2 batches Fetch v12 reads back', async () => {
    const sends: Array<{ version: number; magic: LegacyMagic; codec: number; input: LegacyMessageInput[] }> = [
      { version: 0, magic: 0, codec: 0, input: messages('v0-none', 3, false) },
      { version: 1, magic: 0, codec: 1, input: messages('v1-gzip', 4, false) },
      { version: 2, magic: 1, codec: 0, input: messages('v2-none', 2, true) },
      { version: 2, magic: 1, codec: 1, input: messages('v2-gzip', 5, true) },
      { version: 2, magic: 1, codec: 2, input: messages('v2-snappy', 6, true) },
      { version: 1, magic: 0, codec: 3, input: messages('v1-lz4', 3, false) },
      { version: 2, magic: 1, codec: 3, input: messages('v2-lz4', 3, true) },
    ];
    let next = 0;
    for (const send of sends) {
      const partition = await produce(
        send.version,
        'up',
        encodeMessageSet(send.input, { magic: send.magic, compression: send.codec }),
      );
      expect(partition, `produce v${send.version} codec ${send.codec}`).to.include({ errorCode: 0, baseOffset: next });
      next += send.input.length;
    }
    const fetched = await fetchPartition(12, 'up', 0);
    expect(fetched.highWatermark).to.equal(next);
    const batches = await decodeRecordBatches(fetched.recordSet as Buffer);
    expect(batches.map((b) => [b.header.magic, b.header.compression, b.header.recordCount])).to.deep.equal(
      sends.map((s) => [2, s.codec, s.input.length]),
    );
    const stored = batches.flatMap((b) =>
      b.records.map((r) => [r.offset, r.timestamp, r.key?.toString() ?? null, r.value?.toString()]),
    );
    let offset = 0;
    const expected = sends.flatMap((s) =>
      s.input.map((m) => [offset++, m.timestamp ?? -1, m.key?.toString() ?? null, m.value?.toString()]),
    );
    expect(stored).to.deep.equal(expected);
  });

  it('rejects a legacy set with a corrupt CRC whole, appending nothing', async () => {
    const set = Buffer.from(encodeMessageSet(messages('bad', 3, true), { magic: 1 }));
    set[set.length - 2] ^= 0x01; // inside the last message's value
    expect((await produce(2, 'corrupt', set)).errorCode).to.equal(ErrorCode.CORRUPT_MESSAGE);
    // A valid message, then a gzip wrapper (valid CRC) whose inner message is damaged.
    const inner = Buffer.from(encodeMessageSet(messages('bad-inner', 3, false), { magic: 0 }));
    inner[inner.length - 1] ^= 0x01;
    const wrapper = Buffer.from(
      encodeMessageSet([{ offset: 3, key: null, value: zlib.gzipSync(inner) }], { magic: 0 }),
    );
    wrapper.writeInt8(1, 17);
    wrapper.writeUInt32BE(zlib.crc32(wrapper.subarray(16)), 12);
    const valid = encodeMessageSet([{ offset: 0, key: null, value: Buffer.from('fine') }], { magic: 0 });
    expect((await produce(0, 'corrupt', Buffer.concat([valid, wrapper]))).errorCode).to.equal(
      ErrorCode.CORRUPT_MESSAGE,
    );
    const fetched = await fetchPartition(12, 'corrupt', 0);
    expect(fetched.highWatermark).to.equal(0);
    expect((fetched.recordSet as Buffer).length).to.equal(0);
  });

  it('appends pipelined legacy produces in arrival order, compressed or not', async () => {
    const sets = Array.from({ length: 24 }, (_, i) =>
      encodeMessageSet(messages(`o${i}`, 2, true), { magic: 1, compression: i % 4 }),
    );
    const answers = await Promise.all(sets.map((set) => produce(2, 'order', set)));
    expect(answers.map((a) => a.baseOffset)).to.deep.equal(sets.map((_, i) => i * 2));
  });

  it('accepts magic-2 batches in Produce v2, as Kafka does', async () => {
    const batch = await encodeRecordBatch({ records: [{ key: null, value: Buffer.from('modern'), timestamp: TS }] });
    const partition = await produce(2, 'order', batch);
    expect(partition.errorCode).to.equal(0);
  });

  describe('Fetch v0-3 down-conversion', () => {
    const codecs: CompressionName[] = ['none', 'gzip', 'snappy', 'lz4', 'none'];
    const sizes = [4, 5, 3, 6, 2];
    const total = sizes.reduce((a, b) => a + b, 0);

    before(async () => {
      let offset = 0;
      for (let i = 0; i < codecs.length; i++) {
        const records = Array.from({ length: sizes[i] }, (_, j) => ({
          key: j === 0 ? null : Buffer.from(`k${offset + j}`),
          value: Buffer.from(`value ${offset + j} ${'x'.repeat(j * 10)}`),
          timestamp: TS + offset + j,
        }));
        const partition = await produce(7, 'down', await encodeRecordBatch({ compression: codecs[i], records }));
        expect(partition.baseOffset).to.equal(offset);
        offset += sizes[i];
      }
    });

    function expectAll(records: ReturnType<typeof decodeMessageSet>, from: number, magic: LegacyMagic) {
      expect(records.map((r) => r.offset)).to.deep.equal(Array.from({ length: total - from }, (_, i) => from + i));
      expect(records.map((r) => r.value?.toString().split(' ')[1])).to.deep.equal(records.map((r) => String(r.offset)));
      expect(records.map((r) => r.timestamp)).to.deep.equal(records.map((r) => (magic === 0 ? -1 : TS + r.offset)));
      expect(records.every((r) => r.magic === magic)).to.equal(true);
    }

    for (const [version, magic] of [
      [0, 0],
      [1, 0],
      [2, 1],
      [3, 1],
    ] as Array<[number, LegacyMagic]>) {
      it(`answers Fetch v${version} with magic-${magic} messages at the right offsets and codecs`, async () => {
        const partition = await fetchPartition(version, 'down', 0);
        expect(partition.errorCode).to.equal(0);
        expect(partition.highWatermark).to.equal(total);
        const records = decodeMessageSet(partition.recordSet as Buffer);
        expectAll(records, 0, magic);
        expect(records.map((r) => r.compression)).to.deep.equal(
          codecs.flatMap((c, i) => Array(sizes[i]).fill([0, 1, 2, 3][['none', 'gzip', 'snappy', 'lz4'].indexOf(c)])),
        );
      });
    }

    it('drops uncompressed messages below the fetch offset and keeps compressed wrappers whole', async () => {
      const fromUncompressed = decodeMessageSet((await fetchPartition(1, 'down', 2)).recordSet as Buffer);
      expect(fromUncompressed[0].offset).to.equal(2);
      expectAll(fromUncompressed, 2, 0);
      const insideGzip = decodeMessageSet((await fetchPartition(3, 'down', 6)).recordSet as Buffer);
      expect(insideGzip[0].offset, 'the whole gzip wrapper (offsets 4-8) comes back').to.equal(4);
    });

    it('keeps Fetch v3 within max bytes in whole messages, and returns one message when even that is too big', async () => {
      const whole = (await fetchPartition(3, 'down', 0)).recordSet as Buffer;
      const firstTwo = decodeMessageSet(whole).slice(0, 2);
      const twoBytes = encodeMessageSet(
        firstTwo.map((r) => ({ ...r })),
        { magic: 1 },
      ).length;
      const limited = (await fetchPartition(3, 'down', 0, 1 << 20, twoBytes + 5)).recordSet as Buffer;
      expect(limited.length).to.equal(twoBytes);
      expect(decodeMessageSet(limited).map((r) => r.offset)).to.deep.equal([0, 1]);
      const tiny = (await fetchPartition(3, 'down', 4, 10)).recordSet as Buffer;
      expect(
        decodeMessageSet(tiny).map((r) => r.offset),
        'KIP-74: the first wrapper whole',
      ).to.deep.equal([4, 5, 6, 7, 8]);
      const hard = (await fetchPartition(0, 'down', 4, 10)).recordSet as Buffer;
      expect(hard.length, 'v0 limits are hard: a cut-short first message').to.equal(10);
      expect(decodeMessageSet(hard, { allowPartialTail: true })).to.deep.equal([]);
    });

    it('answers UNSUPPORTED_COMPRESSION_TYPE for a zstd batch, which magic 0 and 1 cannot carry', async () => {
      const batch = Buffer.from(
        await encodeRecordBatch({ records: [{ key: null, value: Buffer.from('not really zstd'), timestamp: TS }] }),
      );
      batch.writeInt16BE(4, ATTRIBUTES_OFFSET);
      batch.writeUInt32BE(computeBatchCrc(batch, 0, batch.length), CRC_OFFSET);
      expect((await produce(7, 'zstd', batch)).errorCode).to.equal(0);
      expect((await fetchPartition(3, 'zstd', 0)).errorCode).to.equal(ErrorCode.UNSUPPORTED_COMPRESSION_TYPE);
      expect((await fetchPartition(12, 'zstd', 0)).errorCode).to.equal(0);
    });
  });
});
