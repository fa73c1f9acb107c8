// Proves the Fetch codec round-trips every version (incremental sessions, tagged v12 fields,
// null and empty aborted transactions) and that encoding a response passes record buffers
// through as their own chunks, never copied.
import { expect } from 'chai';
import { fetchApi, FetchRequest, FetchResponse } from '../../../lib/protocol/apis/fetch';
import { checkAllVersions } from './round-trip';

function request(version: number): FetchRequest {
  return {
    clusterId: version >= 12 ? 'samsa-cluster' : null,
    replicaId: -1,
    maxWaitMs: 500,
    minBytes: 1,
    maxBytes: 52428800,
    isolationLevel: 1,
    sessionId: 17,
    sessionEpoch: 3,
    topics: [
      {
        topic: 'orders',
        partitions: [
          {
            partition: 0,
            currentLeaderEpoch: 5,
            fetchOffset: 2 ** 33,
            lastFetchedEpoch: 4,
            logStartOffset: 0,
            partitionMaxBytes: 1048576,
          },
          {
            partition: 1,
            currentLeaderEpoch: -1,
            fetchOffset: 0,
            lastFetchedEpoch: -1,
            logStartOffset: -1,
            partitionMaxBytes: 1048576,
          },
        ],
      },
    ],
    forgottenTopicsData: [{ topic: 'old', partitions: [0, 2] }],
    rackId: 'rack-a',
  };
}

function response(records: Buffer | Buffer[]): FetchResponse {
  return {
    throttleTimeMs: 0,
    errorCode: 0,
    sessionId: 17,
    responses: [
      {
        topic: 'orders',
        partitionResponses: [
          {
            partition: 0,
            errorCode: 0,
            highWatermark: 120,
            lastStableOffset: 120,
            logStartOffset: 0,
            divergingEpoch: { epoch: 3, endOffset: 90 },
            currentLeader: { leaderId: 1, leaderEpoch: 5 },
            snapshotId: { endOffset: 80, epoch: 2 },
            abortedTransactions: [{ producerId: 4000, firstOffset: 15 }],
            preferredReadReplica: 2,
            recordSet: records,
          },
          {
            partition: 1,
            errorCode: 1,
            highWatermark: -1,
            lastStableOffset: -1,
            logStartOffset: -1,
            abortedTransactions: null,
            preferredReadReplica: -1,
            recordSet: null,
          },
        ],
      },
    ],
  };
}

describe('Fetch codec', () => {
  it('round-trips requests of every version', () => {
    checkAllVersions(fetchApi, 'request', request);
  });

  it('round-trips responses of every version, tagged v12 fields included', () => {
    checkAllVersions(fetchApi, 'response', () => response(Buffer.from('0011223344', 'hex')));
    checkAllVersions(fetchApi, 'response', () => response([Buffer.from('aa', 'hex'), Buffer.from('bbcc', 'hex')]));
    checkAllVersions(fetchApi, 'response', () => ({ throttleTimeMs: 0, errorCode: 0, sessionId: 0, responses: [] }));
  });

  it('decodes absent tagged fields of v12 to their defaults', () => {
    const body = response(Buffer.alloc(1));
    delete body.responses[0].partitionResponses[0].divergingEpoch;
    const bytes = Buffer.concat(fetchApi.encodeResponse(body, 12));
    const decoded = fetchApi.decodeResponse(bytes, 0, bytes.length, 12);
    expect(decoded.responses[0].partitionResponses[0].divergingEpoch).to.deep.equal({ epoch: -1, endOffset: -1 });
    expect(decoded.responses[0].partitionResponses[0].currentLeader).to.deep.equal({ leaderId: 1, leaderEpoch: 5 });
  });

  it('passes record buffers through as separate chunks when encoding a response', () => {
    const segmentSlices = [Buffer.alloc(64 * 1024, 1), Buffer.alloc(32 * 1024, 2)];
    for (const version of [4, 11, 12]) {
      const chunks = fetchApi.encodeResponse(response(segmentSlices), version);
      expect(chunks, `v${version}`).to.include(segmentSlices[0]);
      expect(chunks, `v${version}`).to.include(segmentSlices[1]);
      const copied = chunks.filter((c) => c !== segmentSlices[0] && c !== segmentSlices[1]);
      expect(copied.reduce((sum, c) => sum + c.length, 0)).to.be.lessThan(1024);
    }
  });

  it('serves 0-12, all versions of Kafka 2.8', () => {
    expect(fetchApi.servedVersions).to.deep.equal({ min: 0, max: 12 });
  });
});
