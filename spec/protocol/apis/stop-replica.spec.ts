// Proves the StopReplica codec round-trips every version and pins its three layouts with
// hand-built bytes: v0 flat (topic, partition) pairs under a request-wide deletePartitions flag,
// v1-2 partition indexes grouped by topic, v3 per-partition leader epoch and deletePartition.
import { expect } from 'chai';
import { stopReplicaApi } from '../../../lib/protocol/apis/stop-replica';
import { checkAllVersions } from './round-trip';
import { checkFixture } from './fixture';

describe('StopReplica codec', () => {
  it('serves versions 0-3, flexible from 2', () => {
    expect(stopReplicaApi.apiKey).to.equal(5);
    expect(stopReplicaApi.servedVersions).to.deep.equal({ min: 0, max: 3 });
    expect(stopReplicaApi.isFlexible(1)).to.equal(false);
    expect(stopReplicaApi.isFlexible(2)).to.equal(true);
  });

  it('round-trips requests of every version', () => {
    checkAllVersions(stopReplicaApi, 'request', () => ({
      controllerId: 1,
      controllerEpoch: 9,
      brokerEpoch: 4294967500,
      deletePartitions: true,
      ungroupedPartitions: [
        { topicName: 'orders', partitionIndex: 0 },
        { topicName: 'orders', partitionIndex: 2 },
        { topicName: 'audit', partitionIndex: 1 },
      ],
      topics: [
        { name: 'orders', partitionIndexes: [0, 2] },
        { name: 'audit', partitionIndexes: [1] },
      ],
      topicStates: [
        {
          topicName: 'orders',
          partitionStates: [
            { partitionIndex: 0, leaderEpoch: 4, deletePartition: true },
            { partitionIndex: 2, leaderEpoch: -2, deletePartition: true },
          ],
        },
        { topicName: 'audit', partitionStates: [{ partitionIndex: 1, leaderEpoch: -1, deletePartition: false }] },
      ],
    }));
  });

  it('round-trips responses of every version', () => {
    checkAllVersions(stopReplicaApi, 'response', () => ({
      errorCode: 0,
      partitionErrors: [
        { topicName: 'orders', partitionIndex: 0, errorCode: 0 },
        { topicName: 'audit', partitionIndex: 1, errorCode: 74 },
      ],
    }));
  });

  it('matches a hand-built v0 request: deletePartitions, then flat partitions', () => {
    checkFixture(stopReplicaApi, 'request', 0, '00000001 00000002 01 00000001 0001 74 00000003', {
      controllerId: 1,
      controllerEpoch: 2,
      brokerEpoch: -1,
      deletePartitions: true,
      ungroupedPartitions: [{ topicName: 't', partitionIndex: 3 }],
      topics: [],
      topicStates: [],
    });
  });

  it('matches a hand-built v1 request: broker epoch, then partition indexes by topic', () => {
    checkFixture(
      stopReplicaApi,
      'request',
      1,
      '00000001 00000002 0000000000000007 00 00000001 0001 74 00000002 00000000 00000003',
      {
        controllerId: 1,
        controllerEpoch: 2,
        brokerEpoch: 7,
        deletePartitions: false,
        ungroupedPartitions: [],
        topics: [{ name: 't', partitionIndexes: [0, 3] }],
        topicStates: [],
      },
    );
  });

  it('matches a hand-built v3 request: no request-wide flag, per-partition epoch and delete flag', () => {
    checkFixture(
      stopReplicaApi,
      'request',
      3,
      '00000001 00000002 0000000000000007 02 0274 02 00000000 00000005 01 00 00 00',
      {
        controllerId: 1,
        controllerEpoch: 2,
        brokerEpoch: 7,
        deletePartitions: false,
        ungroupedPartitions: [],
        topics: [],
        topicStates: [
          { topicName: 't', partitionStates: [{ partitionIndex: 0, leaderEpoch: 5, deletePartition: true }] },
        ],
      },
    );
  });

  it('matches a hand-built v0 response', () => {
    checkFixture(stopReplicaApi, 'response', 0, '0000 00000001 0001 74 00000003 0000', {
      errorCode: 0,
      partitionErrors: [{ topicName: 't', partitionIndex: 3, errorCode: 0 }],
    });
  });
});
