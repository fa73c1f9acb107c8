// Produce to and read back one partition over a raw protocol connection, for specs that must
// control the exact batches (producer ids, sequences) a client library would hide.
import { Connection } from '../../lib/network/connection';
import { produceApi } from '../../lib/protocol/apis/produce';
import { fetchApi } from '../../lib/protocol/apis/fetch';
import { decodeRecordBatches } from '../../lib/protocol/records';

export async function produceTo(
  conn: Connection,
  topic: string,
  records: Buffer,
  options: { acks?: number; timeoutMs?: number; partition?: number } = {},
): Promise<{ errorCode: number; baseOffset: number }> {
  const response = await conn.send(produceApi, 7, {
    transactionalId: null,
    acks: options.acks ?? -1,
    timeoutMs: options.timeoutMs ?? 10000,
    topicData: [{ name: topic, partitionData: [{ index: options.partition ?? 0, records }] }],
  });
  return response.responses[0].partitionResponses[0];
}

/** Every record value of partition 0 from offset 0, as text. */
export async function valuesOf(conn: Connection, topic: string): Promise<string[]> {
  const batches = await decodeRecordBatches((await fetchFrom(conn, topic)).recordSet);
  return batches.flatMap((b) => b.records.map((r) => r.value?.toString() ?? ''));
}

/** Partition 0's fetch answer from the broker at 127.0.0.1:port, on a connection of its own. */
export async function fetchFromBroker(port: number, topic: string): Promise<{ errorCode: number; recordSet: Buffer }> {
  const conn = await Connection.connect({ host: '127.0.0.1', port, clientId: 'raw-fetch' });
  try {
    return await fetchFrom(conn, topic);
  } finally {
    conn.close();
  }
}

/** Partition 0's fetch answer from offset 0, as a consumer asks it. */
export async function fetchFrom(conn: Connection, topic: string): Promise<{ errorCode: number; recordSet: Buffer }> {
  const response = (await conn.send(fetchApi, 11, {
    replicaId: -1,
    maxWaitMs: 0,
    minBytes: 1,
    maxBytes: 1 << 20,
    isolationLevel: 0,
    sessionId: 0,
    sessionEpoch: -1,
    topics: [
      {
        topic,
        partitions: [
          {
            partition: 0,
            currentLeaderEpoch: -1,
            fetchOffset: 0,
            lastFetchedEpoch: -1,
            logStartOffset: -1,
            partitionMaxBytes: 1 << 20,
          },
        ],
      },
    ],
    forgottenTopicsData: [],
    rackId: '',
  } as never)) as any;
  return response.responses[0].partitionResponses[0];
}
