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
  controllerId: 1,
  controllerEpoch,
  brokerEpoch,
  liveBrokers: [],
  partitionStates: [
    {
      topic,
      partition: 0,
      controllerEpoch,
      leader: 1,
      leaderEpoch: 0,
      isr: [1],
      zkVersion: 0,
      replicas: [1],
      offlineReplicas: [],
    },
  ],
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
    expect(codeOf(() => requests.updateMetadata(update(4, 100, 'old-controller')))).to.equal(
      ErrorCode.STALE_CONTROLLER_EPOCH,
    );
    expect(codeOf(() => requests.updateMetadata(update(5, 99, 'old-broker')))).to.equal(ErrorCode.STALE_BROKER_EPOCH);
    expect(codeOf(() => requests.updateMetadata(update(6, -1, 'unknown-epoch-accepted')))).to.equal(null);
    expect(cache.topicNames()).to.deep.equal(['first', 'unknown-epoch-accepted']);
  });
});

describe('ControlRequests: told its state', () => {
  const leaderAndIsr = (brokerEpoch: number) => ({
    controllerId: 1,
    controllerEpoch: 5,
    brokerEpoch,
    liveLeaders: [],
    partitionStates: update(5, brokerEpoch, 't').partitionStates,
  });

  it('resolves whenToldState only once a LeaderAndIsr for that broker epoch has been applied', async () => {
    let epoch = 100;
    const applied: number[] = [];
    const replicas = {
      becomeLeaderOrFollower: async () => {
        applied.push(epoch);
        return [];
      },
    } as unknown as ReplicaManager;
    const requests = new ControlRequests(() => epoch, replicas, new MetadataCache('c'));
    epoch = 200; // re-registered: a new incarnation
    let told = false;
    const waiting = requests.whenToldState(200).then(() => {
      told = true;
    });
    requests.updateMetadata(update(5, 200, 'metadata-is-not-state'));
    await requests.leaderAndIsr(leaderAndIsr(-1)); // addressed to no incarnation in particular
    await new Promise((resolve) => setImmediate(resolve));
    expect(told).to.equal(false);
    await requests.leaderAndIsr(leaderAndIsr(200));
    await waiting;
    expect(told).to.equal(true);
    expect(applied).to.deep.equal([200, 200]);
    await requests.whenToldState(200); // already told: resolves at once
  });
});
