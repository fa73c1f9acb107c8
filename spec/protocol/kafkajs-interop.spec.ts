// Proves the codecs agree with a real peer, not just with themselves: requests encoded by
// kafkajs (a dev dependency) decode to what kafkajs meant, its produced record batches pass
// validation and decode, and responses we encode decode correctly in kafkajs.
import { expect } from 'chai';
import { apiVersionsApi } from '../../lib/protocol/apis/api-versions';
import { fetchApi } from '../../lib/protocol/apis/fetch';
import { metadataApi } from '../../lib/protocol/apis/metadata';
import { produceApi } from '../../lib/protocol/apis/produce';
import { decodeRecordBatches, encodeRecordBatch, validateProducedBatches } from '../../lib/protocol/records';

interface KafkajsRequest {
  encode(): Promise<{ buffer: Buffer }>;
}
interface KafkajsResponse {
  decode(raw: Buffer): Promise<Record<string, unknown>>;
}

function kafkajs<T>(path: string): T {
  return require(`kafkajs/src/protocol/${path}`) as T;
}

async function kafkajsBytes(path: string, args: Record<string, unknown>): Promise<Buffer> {
  const build = kafkajs<(a: Record<string, unknown>) => KafkajsRequest>(path);
  return (await build(args).encode()).buffer;
}

describe('interop with kafkajs', () => {
  it('decodes a kafkajs Metadata v4 request', async () => {
    const bytes = await kafkajsBytes('requests/metadata/v4/request', {
      topics: ['orders', 'payments'],
      allowAutoTopicCreation: false,
    });
    const decoded = metadataApi.decodeRequest(bytes, 0, bytes.length, 4);
    expect(decoded.topics?.map((t) => t.name)).to.deep.equal(['orders', 'payments']);
    expect(decoded.allowAutoTopicCreation).to.equal(false);
  });

  it('decodes a kafkajs Fetch v11 request', async () => {
    const bytes = await kafkajsBytes('requests/fetch/v11/request', {
      replicaId: -1,
      maxWaitTime: 500,
      minBytes: 1,
      maxBytes: 1048576,
      topics: [{ topic: 'orders', partitions: [{ partition: 2, fetchOffset: '42', maxBytes: 65536 }] }],
      rackId: 'rack-a',
    });
    const decoded = fetchApi.decodeRequest(bytes, 0, bytes.length, 11);
    expect(decoded).to.deep.include({
      replicaId: -1,
      maxWaitMs: 500,
      minBytes: 1,
      maxBytes: 1048576,
      isolationLevel: 1,
      rackId: 'rack-a',
    });
    expect(decoded.topics[0].partitions[0]).to.deep.equal({
      partition: 2,
      currentLeaderEpoch: -1,
      fetchOffset: 42,
      lastFetchedEpoch: -1,
      logStartOffset: -1,
      partitionMaxBytes: 65536,
    });
  });

  for (const [label, compression] of [
    ['uncompressed', 0],
    ['gzip', 1],
  ] as const) {
    it(`decodes a kafkajs Produce v3 request and its ${label} record batch`, async () => {
      const bytes = await kafkajsBytes('requests/produce/v3/request', {
        acks: -1,
        timeout: 30000,
        compression,
        topicData: [
          {
            topic: 'orders',
            partitions: [
              {
                partition: 0,
                messages: [
                  { key: 'k1', value: 'v1', timestamp: 1700000000000, headers: { trace: 'abc' } },
                  { key: null, value: 'v2', timestamp: 1700000000005 },
                ],
              },
            ],
          },
        ],
      });
      const decoded = produceApi.decodeRequest(bytes, 0, bytes.length, 3);
      const records = decoded.topicData[0].partitionData[0].records as Buffer;
      const summary = validateProducedBatches(records, 1048576);
      expect(summary.batches).to.have.length(1);
      expect(summary.recordCount).to.equal(2);
      const [batch] = await decodeRecordBatches(records);
      expect(batch.header.compression).to.equal(compression);
      expect(batch.records.map((r) => [r.key?.toString() ?? null, r.value?.toString(), r.timestamp])).to.deep.equal([
        ['k1', 'v1', 1700000000000],
        [null, 'v2', 1700000000005],
      ]);
      expect(batch.records[0].headers).to.deep.equal([{ key: 'trace', value: Buffer.from('abc') }]);
    });
  }

  it('encodes a Fetch v11 response kafkajs decodes, record batches included', async () => {
    const first = await encodeRecordBatch({
      baseOffset: 10,
      records: [{ key: Buffer.from('a'), value: Buffer.from('1'), timestamp: 1 }],
    });
    const second = await encodeRecordBatch({
      baseOffset: 11,
      compression: 'gzip',
      records: [{ key: null, value: Buffer.from('2'), timestamp: 2, headers: [{ key: 'h', value: Buffer.from('x') }] }],
    });
    const bytes = Buffer.concat(
      fetchApi.encodeResponse(
        {
          throttleTimeMs: 0,
          errorCode: 0,
          sessionId: 0,
          responses: [
            {
              topic: 'orders',
              partitionResponses: [
                {
                  partition: 0,
                  errorCode: 0,
                  highWatermark: 12,
                  lastStableOffset: 12,
                  logStartOffset: 0,
                  abortedTransactions: null,
                  preferredReadReplica: -1,
                  recordSet: [first, second],
                },
              ],
            },
          ],
        },
        11,
      ),
    );
    const decoded = await kafkajs<KafkajsResponse>('requests/fetch/v11/response').decode(bytes);
    const partition = (decoded.responses as Array<{ partitions: Array<Record<string, unknown>> }>)[0].partitions[0];
    expect(partition).to.include({ partition: 0, errorCode: 0, highWatermark: '12', lastStableOffset: '12' });
    const messages = partition.messages as Array<{ offset: string; key: Buffer | null; value: Buffer }>;
    expect(messages.map((m) => [m.offset, m.key?.toString() ?? null, m.value.toString()])).to.deep.equal([
      ['10', 'a', '1'],
      ['11', null, '2'],
    ]);
  });

  it('encodes Metadata v4 and ApiVersions v2 responses kafkajs decodes', async () => {
    const metadata = Buffer.concat(
      metadataApi.encodeResponse(
        {
          throttleTimeMs: 0,
          brokers: [{ nodeId: 1, host: 'localhost', port: 9092, rack: null }],
          clusterId: 'samsa',
          controllerId: 1,
          topics: [
            {
              errorCode: 0,
              name: 'orders',
              topicId: '0'.repeat(32),
              isInternal: false,
              partitions: [
                {
                  errorCode: 0,
                  partitionIndex: 0,
                  leaderId: 1,
                  leaderEpoch: 0,
                  replicaNodes: [1],
                  isrNodes: [1],
                  offlineReplicas: [],
                },
              ],
              topicAuthorizedOperations: 0,
            },
          ],
          clusterAuthorizedOperations: 0,
        },
        4,
      ),
    );
    const decoded = await kafkajs<KafkajsResponse>('requests/metadata/v4/response').decode(metadata);
    expect(decoded).to.deep.include({ clusterId: 'samsa', controllerId: 1 });
    expect(decoded.brokers).to.deep.equal([{ nodeId: 1, host: 'localhost', port: 9092, rack: null }]);
    expect(decoded.topicMetadata).to.deep.equal([
      {
        topicErrorCode: 0,
        topic: 'orders',
        isInternal: false,
        partitionMetadata: [{ partitionErrorCode: 0, partitionId: 0, leader: 1, replicas: [1], isr: [1] }],
      },
    ]);

    const versions = Buffer.concat(
      apiVersionsApi.encodeResponse(
        { errorCode: 0, apiKeys: [{ apiKey: 18, minVersion: 0, maxVersion: 3 }], throttleTimeMs: 7 },
        2,
      ),
    );
    const decodedVersions = await kafkajs<KafkajsResponse>('requests/apiVersions/v2/response').decode(versions);
    expect(decodedVersions).to.deep.include({ errorCode: 0, clientSideThrottleTime: 7 });
    expect(decodedVersions.apiVersions).to.deep.equal([{ apiKey: 18, minVersion: 0, maxVersion: 3 }]);
  });
});
