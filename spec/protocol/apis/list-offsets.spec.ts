// Proves the ListOffsets codec round-trips every version: v0's offsets array, the single
// timestamp/offset pair from v1, isolation level from v2, leader epochs from v4, flexible v6.
import { expect } from 'chai';
import { listOffsetsApi } from '../../../lib/protocol/apis/list-offsets';
import { bytesFromHex, checkAllVersions } from './round-trip';

describe('ListOffsets codec', () => {
  it('round-trips requests of every version', () => {
    checkAllVersions(listOffsetsApi, 'request', () => ({
      replicaId: -1,
      isolationLevel: 1,
      topics: [
        {
          name: 'orders',
          partitions: [
            { partitionIndex: 0, currentLeaderEpoch: 3, timestamp: -1, maxNumOffsets: 5 },
            { partitionIndex: 1, currentLeaderEpoch: -1, timestamp: 1700000000000, maxNumOffsets: 1 },
          ],
        },
      ],
    }));
  });

  it('round-trips responses of every version', () => {
    checkAllVersions(listOffsetsApi, 'response', () => ({
      throttleTimeMs: 1,
      topics: [
        {
          name: 'orders',
          partitions: [
            { partitionIndex: 0, errorCode: 0, oldStyleOffsets: [42, 0], timestamp: -1, offset: 42, leaderEpoch: 3 },
            { partitionIndex: 1, errorCode: 6, oldStyleOffsets: [], timestamp: -1, offset: -1, leaderEpoch: -1 },
          ],
        },
      ],
    }));
  });

  it('decodes a hand-built v0 request with max_num_offsets', () => {
    const bytes = bytesFromHex('ffffffff 00000001 0001 74 00000001 00000000 fffffffffffffffe 00000001');
    expect(listOffsetsApi.decodeRequest(bytes, 0, bytes.length, 0)).to.deep.equal({
      replicaId: -1,
      isolationLevel: 0,
      topics: [
        { name: 't', partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp: -2, maxNumOffsets: 1 }] },
      ],
    });
  });
});
