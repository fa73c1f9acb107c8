// Proves the Metadata codec round-trips every version (null vs empty topic lists, nullable rack
// and cluster id, fields that appear at v1/v5/v7/v8/v10), and matches hand-built v1 bytes.
import { expect } from 'chai';
import { metadataApi, MetadataResponse } from '../../../lib/protocol/apis/metadata';
import { ProtocolError } from '../../../lib/protocol/protocol-error';
import { bytesFromHex, checkAllVersions } from './round-trip';

const TOPIC_ID = '6f0a1b2c3d4e5f60718293a4b5c6d7e8';

function fullResponse(): MetadataResponse {
  return {
    throttleTimeMs: 10,
    brokers: [
      { nodeId: 1, host: 'broker-1.local', port: 9092, rack: 'rack-a' },
      { nodeId: 2, host: 'broker-2.local', port: 9093, rack: null },
    ],
    clusterId: 'samsa-cluster',
    controllerId: 2,
    topics: [
      {
        errorCode: 0,
        name: 'orders',
        topicId: TOPIC_ID,
        isInternal: true,
        partitions: [
          {
            errorCode: 0,
            partitionIndex: 0,
            leaderId: 1,
            leaderEpoch: 4,
            replicaNodes: [1, 2],
            isrNodes: [1],
            offlineReplicas: [2],
          },
          {
            errorCode: 9,
            partitionIndex: 1,
            leaderId: -1,
            leaderEpoch: 0,
            replicaNodes: [2],
            isrNodes: [],
            offlineReplicas: [],
          },
        ],
        topicAuthorizedOperations: 0x0f,
      },
      {
        errorCode: 3,
        name: 'missing',
        topicId: '0'.repeat(32),
        isInternal: false,
        partitions: [],
        topicAuthorizedOperations: -2147483648,
      },
    ],
    clusterAuthorizedOperations: 7,
  };
}

describe('Metadata codec', () => {
  it('round-trips requests of every version', () => {
    checkAllVersions(metadataApi, 'request', () => ({
      topics: [
        { topicId: TOPIC_ID, name: 'orders' },
        { topicId: '0'.repeat(32), name: 'payments' },
      ],
      allowAutoTopicCreation: false,
      includeClusterAuthorizedOperations: true,
      includeTopicAuthorizedOperations: true,
    }));
  });

  it('round-trips "all topics" (null from v1, empty at v0) and "no topics" requests', () => {
    checkAllVersions(metadataApi, 'request', (v) => ({ topics: v >= 1 ? null : [], allowAutoTopicCreation: true }));
    checkAllVersions(metadataApi, 'request', () => ({ topics: [] }));
    checkAllVersions(metadataApi, 'request', (v) => ({ topics: v >= 10 ? [{ topicId: TOPIC_ID, name: null }] : [] }));
  });

  it('round-trips responses of every version', () => {
    checkAllVersions(metadataApi, 'response', () => ({ ...fullResponse() }));
    checkAllVersions(metadataApi, 'response', (v) => ({ brokers: [], clusterId: v >= 2 ? null : '', topics: [] }));
  });

  it('decodes a hand-built v1 request: classic int32 array of int16 strings', () => {
    const bytes = bytesFromHex('00000002 0006 6f7264657273 0008 7061796d656e7473');
    expect(metadataApi.decodeRequest(bytes, 0, bytes.length, 1)).to.deep.equal({
      topics: [
        { topicId: '0'.repeat(32), name: 'orders' },
        { topicId: '0'.repeat(32), name: 'payments' },
      ],
      allowAutoTopicCreation: true,
      includeClusterAuthorizedOperations: false,
      includeTopicAuthorizedOperations: false,
    });
    const all = bytesFromHex('ffffffff');
    expect(metadataApi.decodeRequest(all, 0, all.length, 1).topics).to.equal(null);
  });

  it('encodes a v1 response to hand-built bytes', () => {
    const body = fullResponse();
    body.brokers = [{ nodeId: 1, host: 'h', port: 9092, rack: null }];
    body.controllerId = 1;
    body.topics = [
      {
        ...body.topics[0],
        name: 't',
        isInternal: false,
        partitions: [{ ...body.topics[0].partitions[0], replicaNodes: [1], isrNodes: [1] }],
      },
    ];
    const expected = bytesFromHex(
      '00000001 00000001 0001 68 00002384 ffff' + // brokers: node 1, "h", 9092, rack null
        '00000001' + // controller id
        '00000001 0000 0001 74 00' + // topics: error 0, "t", not internal
        '00000001 0000 00000000 00000001 00000001 00000001 00000001 00000001', // partition 0, leader 1, [1], [1]
    );
    expect(Buffer.concat(metadataApi.encodeResponse(body, 1))).to.deep.equal(expected);
  });

  it('rejects a negative topic count and a topic name running past the frame', () => {
    const negative = bytesFromHex('fffffffe');
    expect(() => metadataApi.decodeRequest(negative, 0, negative.length, 1))
      .to.throw(ProtocolError)
      .with.property('kind', 'bad-length');
    const nullAtV0 = bytesFromHex('ffffffff');
    expect(() => metadataApi.decodeRequest(nullAtV0, 0, nullAtV0.length, 0))
      .to.throw(ProtocolError)
      .with.property('kind', 'bad-length');
    const longName = bytesFromHex('00000001 0010 6f72');
    expect(() => metadataApi.decodeRequest(longName, 0, longName.length, 1))
      .to.throw(ProtocolError)
      .with.property('kind', 'truncated');
  });

  it('rejects a version Kafka does not define', () => {
    expect(() => metadataApi.decodeRequest(Buffer.alloc(4), 0, 4, 12))
      .to.throw(ProtocolError)
      .with.property('kind', 'unsupported-version');
  });
});
