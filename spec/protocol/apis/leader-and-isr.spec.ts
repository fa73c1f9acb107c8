// Proves the LeaderAndIsr codec round-trips every version: v0-1 flat partition states naming
// their topic, v2+ topic states with the broker epoch, v3 adding/removing replicas, flexible v4,
// v5 type and topic ids; and the response's flat errors (v0-4) versus per-topic-id errors (v5).
import { expect } from 'chai';
import { leaderAndIsrApi, LeaderAndIsrPartitionState } from '../../../lib/protocol/apis/leader-and-isr';
import { checkAllVersions } from './round-trip';
import { checkFixture } from './fixture';

const ORDERS_ID = '8a1c4e3b5f6d47a8b9c0d1e2f3a4b5c6';

function partitionState(topicName: string, partitionIndex: number): LeaderAndIsrPartitionState {
  return {
    topicName,
    partitionIndex,
    controllerEpoch: 7,
    leader: 2,
    leaderEpoch: 12,
    isr: [2, 3],
    zkVersion: 15,
    replicas: [2, 3, 1],
    addingReplicas: partitionIndex === 0 ? [1] : [],
    removingReplicas: [],
    isNew: partitionIndex === 1,
  };
}

describe('LeaderAndIsr codec', () => {
  it('serves versions 0-5, flexible from 4', () => {
    expect(leaderAndIsrApi.apiKey).to.equal(4);
    expect(leaderAndIsrApi.servedVersions).to.deep.equal({ min: 0, max: 5 });
    expect(leaderAndIsrApi.isFlexible(3)).to.equal(false);
    expect(leaderAndIsrApi.isFlexible(4)).to.equal(true);
  });

  it('round-trips requests of every version', () => {
    checkAllVersions(leaderAndIsrApi, 'request', () => ({
      controllerId: 1,
      controllerEpoch: 7,
      brokerEpoch: 4294967396,
      type: 0,
      ungroupedPartitionStates: [partitionState('orders', 0), partitionState('orders', 1), partitionState('audit', 0)],
      topicStates: [
        {
          topicName: 'orders',
          topicId: ORDERS_ID,
          // v2+ partition states carry no topic name: the round trip expects it dropped.
          partitionStates: [partitionState('orders', 0), partitionState('orders', 1)],
        },
        { topicName: 'audit', topicId: '0'.repeat(32), partitionStates: [] },
      ],
      liveLeaders: [
        { brokerId: 2, hostName: 'broker-2.samsa.local', port: 9092 },
        { brokerId: 3, hostName: 'broker-3.samsa.local', port: 9093 },
      ],
    }));
  });

  it('round-trips responses of every version', () => {
    checkAllVersions(leaderAndIsrApi, 'response', () => ({
      errorCode: 0,
      partitionErrors: [
        { topicName: 'orders', partitionIndex: 0, errorCode: 0 },
        { topicName: 'orders', partitionIndex: 1, errorCode: 56 },
      ],
      topics: [
        {
          topicId: ORDERS_ID,
          partitionErrors: [
            { topicName: '', partitionIndex: 0, errorCode: 0 },
            { topicName: '', partitionIndex: 1, errorCode: 56 },
          ],
        },
      ],
    }));
  });

  it('matches a hand-built v1 request: flat partition states with topic name and isNew', () => {
    checkFixture(
      leaderAndIsrApi,
      'request',
      1,
      '00000001 00000002' + // controllerId, controllerEpoch
        '00000001 0001 74 00000000 00000002 00000001 00000003' + // 1 state: t/0, ctrl epoch 2, leader 1, epoch 3
        '00000002 00000001 00000002 00000004 00000002 00000001 00000002 01' + // isr, zkVersion, replicas, isNew
        '00000001 00000001 0001 68 00002384', // live leaders: 1 @ h:9092
      {
        controllerId: 1,
        controllerEpoch: 2,
        brokerEpoch: -1,
        type: 0,
        ungroupedPartitionStates: [
          {
            topicName: 't',
            partitionIndex: 0,
            controllerEpoch: 2,
            leader: 1,
            leaderEpoch: 3,
            isr: [1, 2],
            zkVersion: 4,
            replicas: [1, 2],
            addingReplicas: [],
            removingReplicas: [],
            isNew: true,
          },
        ],
        topicStates: [],
        liveLeaders: [{ brokerId: 1, hostName: 'h', port: 9092 }],
      },
    );
  });

  it('matches hand-built v4 and v5 responses: flat errors, then grouped by topic id', () => {
    const v4 = { errorCode: 0, partitionErrors: [{ topicName: 't', partitionIndex: 0, errorCode: 6 }], topics: [] };
    checkFixture(leaderAndIsrApi, 'response', 4, '0000 02 0274 00000000 0006 00 00', v4);
    const v5 = {
      errorCode: 0,
      partitionErrors: [],
      topics: [{ topicId: ORDERS_ID, partitionErrors: [{ topicName: '', partitionIndex: 0, errorCode: 6 }] }],
    };
    checkFixture(leaderAndIsrApi, 'response', 5, `0000 02 ${ORDERS_ID} 02 00000000 0006 00 00 00`, v5);
  });
});
