// Proves the controller's commands survive the trip through Kafka's wire formats: what the
// controller encodes (LeaderAndIsr v4, UpdateMetadata v6, StopReplica v3) a broker decodes to the
// same command, deleted topics included; and older versions decode too.
import { expect } from 'chai';
import {
  LEADER_AND_ISR_VERSION,
  STOP_REPLICA_VERSION,
  UPDATE_METADATA_VERSION,
  leaderAndIsrFromWire,
  leaderAndIsrToWire,
  stopReplicaFromWire,
  stopReplicaToWire,
  updateMetadataFromWire,
  updateMetadataToWire,
} from '../../../lib/cluster/metadata/control-wire';
import { leaderAndIsrApi } from '../../../lib/protocol/apis/leader-and-isr';
import { updateMetadataApi } from '../../../lib/protocol/apis/update-metadata';
import { stopReplicaApi } from '../../../lib/protocol/apis/stop-replica';
import type { ApiSpec } from '../../../lib/protocol/api-spec';

function viaWire<T>(spec: ApiSpec<T, unknown>, version: number, body: T): T {
  const bytes = Buffer.concat(spec.encodeRequest(body, version));
  return spec.decodeRequest(bytes, 0, bytes.length, version);
}

const broker = (id: number) => ({
  brokerId: id,
  rack: null,
  endpoints: [{ listenerName: 'PLAINTEXT', securityProtocol: 'PLAINTEXT', host: '127.0.0.1', port: 9090 + id }],
});
const state = (topic: string, partition: number, leader: number) => ({
  topic,
  partition,
  controllerEpoch: 3,
  leader,
  leaderEpoch: 7,
  isr: [leader, 2],
  zkVersion: 4,
  replicas: [leader, 2],
  offlineReplicas: [],
});

describe('control-wire', () => {
  it('round-trips LeaderAndIsr through v4 and v1', () => {
    const command = {
      controllerId: 1,
      controllerEpoch: 3,
      brokerEpoch: 55,
      partitionStates: [state('a', 0, 1), state('a', 1, 2), state('b', 0, 1)],
      liveLeaders: [broker(1), broker(2)],
    };
    const back = leaderAndIsrFromWire(
      viaWire(leaderAndIsrApi, LEADER_AND_ISR_VERSION, leaderAndIsrToWire(command)),
      LEADER_AND_ISR_VERSION,
    );
    expect(back.partitionStates).to.deep.equal(command.partitionStates);
    expect(back.liveLeaders.map((l) => [l.brokerId, l.endpoints[0].host, l.endpoints[0].port])).to.deep.equal([
      [1, '127.0.0.1', 9091],
      [2, '127.0.0.1', 9092],
    ]);
    expect([back.controllerId, back.controllerEpoch, back.brokerEpoch]).to.deep.equal([1, 3, 55]);
    const wire = leaderAndIsrToWire(command);
    const v1 = {
      ...wire,
      ungroupedPartitionStates: wire.topicStates.flatMap((t) => t.partitionStates),
      topicStates: [],
    };
    expect(leaderAndIsrFromWire(viaWire(leaderAndIsrApi, 1, v1), 1).partitionStates).to.deep.equal(
      command.partitionStates,
    );
  });

  it('round-trips UpdateMetadata through v6, with brokers, partitions and deleted topics', () => {
    const command = {
      controllerId: 2,
      controllerEpoch: 4,
      brokerEpoch: 60,
      liveBrokers: [broker(1), broker(2)],
      partitionStates: [state('a', 0, 1)],
      deletedTopics: ['gone'],
    };
    const back = updateMetadataFromWire(
      viaWire(updateMetadataApi, UPDATE_METADATA_VERSION, updateMetadataToWire(command)),
      UPDATE_METADATA_VERSION,
    );
    expect(back).to.deep.equal(command);
  });

  it('round-trips StopReplica through v3 and decodes v0', () => {
    const command = {
      controllerId: 1,
      controllerEpoch: 3,
      brokerEpoch: 9,
      deletePartitions: true,
      partitions: [
        { topic: 'a', partition: 0, leaderEpoch: -2 },
        { topic: 'a', partition: 1, leaderEpoch: -2 },
      ],
    };
    const back = stopReplicaFromWire(
      viaWire(stopReplicaApi, STOP_REPLICA_VERSION, stopReplicaToWire(command)),
      STOP_REPLICA_VERSION,
    );
    expect({
      ...back,
      partitions: back.partitions.map(({ topic, partition, leaderEpoch }) => ({ topic, partition, leaderEpoch })),
    }).to.deep.equal(command);
    const v0 = {
      ...stopReplicaToWire(command),
      ungroupedPartitions: [{ topicName: 'a', partitionIndex: 3 }],
      topicStates: [],
    };
    const old = stopReplicaFromWire(viaWire(stopReplicaApi, 0, v0), 0);
    expect(old.deletePartitions).to.equal(true);
    expect(old.partitions).to.deep.equal([{ topic: 'a', partition: 3, leaderEpoch: -1 }]);
  });
});
