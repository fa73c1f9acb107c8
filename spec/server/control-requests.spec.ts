// Proves a broker fences the controller's requests: an older controller epoch gets
// STALE_CONTROLLER_EPOCH, a request for an earlier incarnation of the broker gets
// STALE_BROKER_EPOCH, and nothing of a refused request is applied.
import { expect } from 'chai';
import { ControlRequests } from '../../lib/server/control-requests';
import { MetadataCache } from '../../lib/cluster/metadata/metadata-cache';
import type { ReplicaManager } from '../../lib/cluster/replication/replica-manager';
import { KafkaError } from '../../lib/protocol/kafka-error';
import { ErrorCode } from '../../lib/protocol/error-codes';

const update = (controllerEpoch: number, brokerEpoch: number, topic: string) => ({
  controllerId: 1, controllerEpoch, brokerEpoch, liveBrokers: [],
  partitionStates: [{ topic, partition: 0, controllerEpoch, leader: 1, leaderEpoch: 0, isr: [1], zkVersion: 0, replicas: [1], offlineReplicas: [] }],
});

function codeOf(run: () => void): number | null {
  try {
    run();
    return null;
  } catch (err) {
    return err instanceof KafkaError ? err.code : -999;
  }
}

describe('ControlRequests fencing', () => {
  it('refuses older controller epochs and stale broker epochs, applying nothing', () => {
    const cache = new MetadataCache('c');
    const requests = new ControlRequests(() => 100, {} as ReplicaManager, cache);
    expect(codeOf(() => requests.updateMetadata(update(5, 100, 'first')))).to.equal(null);
    expect(cache.hasTopic('first')).to.equal(true);
    expect(codeOf(() => requests.updateMetadata(update(4, 100, 'old-controller')))).to.equal(ErrorCode.STALE_CONTROLLER_EPOCH);
    expect(codeOf(() => requests.updateMetadata(update(5, 99, 'old-broker')))).to.equal(ErrorCode.STALE_BROKER_EPOCH);
    expect(codeOf(() => requests.updateMetadata(update(6, -1, 'unknown-epoch-accepted')))).to.equal(null);
    expect(cache.topicNames()).to.deep.equal(['first', 'unknown-epoch-accepted']);
  });
});
