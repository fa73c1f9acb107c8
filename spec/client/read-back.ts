// Reads a partition back batch by batch over plain Fetch requests, for producer specs that need
// to see how records were batched (and not only which records arrived); and makes their topics
// with a third-party client (kafkajs), so the producer under test is not also the setup.
import { Kafka, logLevel } from 'kafkajs';
import { Cluster } from '../../lib/client/cluster';
import { fetchApi } from '../../lib/protocol/apis/fetch';
import { decodeRecordBatches, DecodedBatch } from '../../lib/protocol/record-codec';

const FETCH_ROUNDS_MAX = 10000;

/** Every batch of `topic`-`partition` below its high watermark, fetched from the leader. */
export async function readBatches(cluster: Cluster, topic: string, partition: number): Promise<DecodedBatch[]> {
  await cluster.refreshMetadata([topic]);
  const connection = await cluster.leaderConnection(topic, partition);
  const batches: DecodedBatch[] = [];
  let offset = 0;
  for (let round = 0; round < FETCH_ROUNDS_MAX; round++) {
    const { response } = await connection.request(
      fetchApi,
      {
        replicaId: -1,
        maxWaitMs: 0,
        minBytes: 0,
        maxBytes: 8 * 1024 * 1024,
        isolationLevel: 0,
        sessionId: 0,
        sessionEpoch: -1,
        topics: [
          {
            topic,
            partitions: [
              {
                partition,
                currentLeaderEpoch: -1,
                fetchOffset: offset,
                lastFetchedEpoch: -1,
                logStartOffset: -1,
                partitionMaxBytes: 4 * 1024 * 1024,
              },
            ],
          },
        ],
        forgottenTopicsData: [],
        rackId: '',
      },
      { min: 4 },
    );
    const answer = response.responses[0].partitionResponses[0];
    if (answer.errorCode !== 0) throw new Error(`fetch ${topic}-${partition} at ${offset}: error ${answer.errorCode}`);
    if (offset >= answer.highWatermark) return batches;
    const bytes = Buffer.isBuffer(answer.recordSet) ? answer.recordSet : Buffer.concat(answer.recordSet ?? []);
    const decoded = await decodeRecordBatches(bytes);
    if (decoded.length === 0) throw new Error(`fetch ${topic}-${partition} at ${offset} returned no whole batch`);
    for (const batch of decoded) {
      batches.push(batch);
      offset = batch.header.baseOffset + batch.header.lastOffsetDelta + 1;
    }
  }
  throw new Error(`${topic}-${partition} did not end within ${FETCH_ROUNDS_MAX} fetches`);
}

/** A single-replica topic made with kafkajs, leaders elected before it returns. */
export async function createTopicWithKafkajs(
  bootstrap: string,
  topic: string,
  numPartitions: number,
  configs: Record<string, string> = {},
): Promise<void> {
  const admin = new Kafka({ clientId: 'spec', brokers: [bootstrap], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const configEntries = Object.entries(configs).map(([name, value]) => ({ name, value }));
    await admin.createTopics({
      topics: [{ topic, numPartitions, replicationFactor: 1, configEntries }],
      waitForLeaders: true,
    });
  } finally {
    await admin.disconnect();
  }
}
