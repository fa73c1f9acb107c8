// Proves that a broker restarted right after kill -9, while it waits for its previous
// registration to expire, tells clients nothing false: Metadata for an existing topic is held
// (never answered UNKNOWN_TOPIC_OR_PARTITION) until the broker is registered again and has the
// controller's metadata, and is then answered with the topic's real partitions — for a raw
// Metadata request and for kcat alike.
import { expect } from 'chai';
import { TestCluster } from '../helpers/cluster';
import { stopAllBrokers } from '../helpers/broker';
import { waitUntil } from '../helpers/wait';
import { run } from '../helpers/processes';
import { Connection } from '../../lib/network/connection';
import { metadataApi, type MetadataResponse } from '../../lib/protocol/apis/metadata';
import { ErrorCode } from '../../lib/protocol/error-codes';
import { getBroker } from '../../lib/zk/broker-registry';

const TOPIC = 'kept';
const PARTITIONS = 2;

function listeningPort(output: string): number {
  const match = /listening on PLAINTEXT:\/\/127\.0\.0\.1:(\d+)/.exec(output);
  return match ? Number(match[1]) : 0;
}

async function rawMetadata(port: number): Promise<MetadataResponse> {
  const connection = await Connection.connect({
    host: '127.0.0.1',
    port,
    clientId: 'restart-readiness',
    requestTimeoutMs: 45000,
  });
  try {
    return await connection.send(metadataApi, 9, {
      topics: [{ name: TOPIC, topicId: '' }],
      allowAutoTopicCreation: false,
      includeClusterAuthorizedOperations: false,
      includeTopicAuthorizedOperations: false,
    });
  } finally {
    connection.close();
  }
}

describe('a broker restarted right after SIGKILL', function () {
  this.timeout(150000);
  let cluster: TestCluster | null = null;

  afterEach(async () => {
    await cluster?.stop();
    cluster = null;
    await stopAllBrokers();
  });

  it('holds Metadata until it is registered again and has metadata, then answers it truthfully', async () => {
    cluster = await TestCluster.start('restart-readiness', [1, 2]);
    await cluster.createReplicatedTopic(TOPIC, PARTITIONS);
    // Restart the broker that is not the controller: its metadata then comes over TCP.
    const victim = (await cluster.controllerId()) === 1 ? 2 : 1;
    const oldEpoch = (await getBroker(cluster.session, victim))?.brokerEpoch;
    await cluster.stopBroker(victim, 'SIGKILL');

    const restarted = await cluster.startBroker(victim, { waitForListening: false });
    await waitUntil(() => /waiting up to \d+ ms for that session to expire/.test(restarted.output()), {
      timeoutMs: 30000,
      message: 'the restarted broker to wait for its old registration',
    });
    const port = listeningPort(restarted.output());
    expect(port, 'the restarted broker binds before it registers').to.be.greaterThan(0);
    expect(
      (await getBroker(cluster.session, victim))?.brokerEpoch,
      'asked while the old registration still stands',
    ).to.equal(oldEpoch);

    const sentAtMs = Date.now();
    const kcat = run('kcat', ['-b', `127.0.0.1:${port}`, '-L', '-J', '-t', TOPIC, '-m', '40'], { timeoutMs: 60000 });
    const answer = await rawMetadata(port);
    const heldMs = Date.now() - sentAtMs;

    const registration = await getBroker(cluster.session, victim);
    const topic = answer.topics.find((t) => t.name === TOPIC);
    expect(topic?.errorCode, `Metadata error code, answered after ${heldMs} ms`).to.equal(ErrorCode.NONE);
    expect(registration?.brokerEpoch, 'answered only after registering again').to.be.greaterThan(oldEpoch as number);
    expect(registration?.registration.endpoints[0].port).to.equal(port);
    expect(topic?.partitions.map((p) => p.partitionIndex).sort()).to.deep.equal([0, 1]);
    expect(answer.brokers.map((b) => b.nodeId).sort()).to.deep.equal([1, 2]);

    const kcatResult = await kcat;
    expect(kcatResult.stdout + kcatResult.stderr).not.to.match(/unknown topic|Unknown_Topic|UNKNOWN_TOPIC/i);
    expect(kcatResult.code, kcatResult.stderr).to.equal(0);
    const listed = JSON.parse(kcatResult.stdout) as {
      topics: Array<{ topic: string; error?: string; partitions: unknown[] }>;
    };
    const kcatTopic = listed.topics.find((t) => t.topic === TOPIC);
    expect(kcatTopic?.error).to.equal(undefined);
    expect(kcatTopic?.partitions).to.have.length(PARTITIONS);
  });
});
