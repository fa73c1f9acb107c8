// Proves the UpdateMetadata codec round-trips every version and pins its layouts with hand-built
// bytes: v0 flat partition states and single host/port brokers, v4 endpoints with listener names,
// racks and offline replicas, v5+ topic states with the broker epoch.
import { expect } from 'chai';
import { UpdateMetadataPartitionState, updateMetadataApi } from '../../../lib/protocol/apis/update-metadata';
import { checkAllVersions } from './round-trip';
import { checkFixture } from './fixture';

function partitionState(topicName: string, partitionIndex: number, leader: number): UpdateMetadataPartitionState {
  return {
    topicName,
    partitionIndex,
    controllerEpoch: 3,
    leader,
    leaderEpoch: 8,
    isr: leader === -1 ? [] : [leader, 3],
    zkVersion: 21,
    replicas: [1, 3],
    offlineReplicas: leader === -1 ? [1, 3] : [],
  };
}

const STATE_T0 = {
  topicName: 't',
  partitionIndex: 0,
  controllerEpoch: 2,
  leader: 1,
  leaderEpoch: 3,
  isr: [1],
  zkVersion: 4,
  replicas: [1],
  offlineReplicas: [],
};

describe('UpdateMetadata codec', () => {
  it('serves versions 0-7, flexible from 6', () => {
    expect(updateMetadataApi.apiKey).to.equal(6);
    expect(updateMetadataApi.servedVersions).to.deep.equal({ min: 0, max: 7 });
    expect(updateMetadataApi.isFlexible(5)).to.equal(false);
    expect(updateMetadataApi.isFlexible(6)).to.equal(true);
  });

  it('round-trips requests of every version', () => {
    checkAllVersions(updateMetadataApi, 'request', () => ({
      controllerId: 1,
      controllerEpoch: 3,
      brokerEpoch: 4294967321,
      ungroupedPartitionStates: [partitionState('orders', 0, 1), partitionState('orders', 1, -1)],
      topicStates: [
        {
          topicName: 'orders',
          topicId: 'c0ffee00c0ffee00c0ffee00c0ffee00',
          partitionStates: [partitionState('orders', 0, 1), partitionState('orders', 1, -1)],
        },
      ],
      liveBrokers: [
        {
          id: 1,
          v0Host: 'broker-1.samsa.local',
          v0Port: 9092,
          endpoints: [
            { port: 9092, host: 'broker-1.samsa.local', listener: 'PLAINTEXT', securityProtocol: 0 },
            { port: 9094, host: 'broker-1.samsa.local', listener: 'SASL_SSL', securityProtocol: 3 },
          ],
          rack: 'eu-west-1a',
        },
        {
          id: 3,
          v0Host: 'broker-3.samsa.local',
          v0Port: 9092,
          endpoints: [{ port: 9092, host: 'broker-3.samsa.local', listener: 'PLAINTEXT', securityProtocol: 0 }],
          rack: null,
        },
      ],
    }));
  });

  it('round-trips responses of every version', () => {
    checkAllVersions(updateMetadataApi, 'response', () => ({ errorCode: 11 }));
  });

  it('matches a hand-built v0 request: flat partition states, brokers as host and port', () => {
    checkFixture(
      updateMetadataApi,
      'request',
      0,
      '00000001 00000002' +
        '00000001 0001 74 00000000 00000002 00000001 00000003 00000001 00000001 00000004 00000001 00000001' +
        '00000001 00000001 0001 68 00002384',
      {
        controllerId: 1,
        controllerEpoch: 2,
        brokerEpoch: -1,
        ungroupedPartitionStates: [STATE_T0],
        topicStates: [],
        liveBrokers: [{ id: 1, v0Host: 'h', v0Port: 9092, endpoints: [], rack: null }],
      },
    );
  });

  it('matches a hand-built v4 request: offline replicas, endpoints with listener, nullable rack', () => {
    checkFixture(
      updateMetadataApi,
      'request',
      4,
      '00000001 00000002' +
        '00000001 0001 74 00000000 00000002 00000001 00000003 00000001 00000001 00000004 00000001 00000001 00000000' +
        '00000002' + // two live brokers
        '00000001 00000001 00002384 0001 68 0009 504c41494e54455854 0000 0002 7231' +
        '00000002 00000000 ffff',
      {
        controllerId: 1,
        controllerEpoch: 2,
        brokerEpoch: -1,
        ungroupedPartitionStates: [STATE_T0],
        topicStates: [],
        liveBrokers: [
          {
            id: 1,
            v0Host: '',
            v0Port: 0,
            endpoints: [{ port: 9092, host: 'h', listener: 'PLAINTEXT', securityProtocol: 0 }],
            rack: 'r1',
          },
          { id: 2, v0Host: '', v0Port: 0, endpoints: [], rack: null },
        ],
      },
    );
  });

  it('matches a hand-built v6 request: topic states, compact arrays, null rack as 0', () => {
    checkFixture(
      updateMetadataApi,
      'request',
      6,
      '00000001 00000002 0000000000000005' +
        '02 0274 02 00000000 00000002 00000001 00000003 02 00000001 00000004 02 00000001 01 00 00' +
        '02 00000001 01 00 00' + // one broker: id, no endpoints, null rack, tags
        '00',
      {
        controllerId: 1,
        controllerEpoch: 2,
        brokerEpoch: 5,
        ungroupedPartitionStates: [],
        topicStates: [{ topicName: 't', topicId: '0'.repeat(32), partitionStates: [{ ...STATE_T0, topicName: '' }] }],
        liveBrokers: [{ id: 1, v0Host: '', v0Port: 0, endpoints: [], rack: null }],
      },
    );
  });
});
