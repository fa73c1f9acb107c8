// The broker-only load of `make bench` since its first version: batches encoded once up front and
// re-sent over raw connections (4 connections × 8 requests in flight), and a fetch loop that walks
// batch headers only, so the generator costs almost nothing per record and the figures measure
// the broker. Kept as it was so today's numbers stay comparable with earlier runs.
import { Connection, ConnectionSecurity } from '../lib/network/connection';
import { produceApi } from '../lib/protocol/apis/produce';
import { fetchApi } from '../lib/protocol/apis/fetch';
import {
  batchSizeAt,
  encodeRecordBatch,
  lastOffsetAt,
  RECORD_COUNT_OFFSET,
  wholeBatchesLength,
} from '../lib/protocol/records';

export const CONNECTIONS = 4;
export const IN_FLIGHT_PER_CONNECTION = 8;
const FETCH_MAX_BYTES = 8 * 1024 * 1024;

export function openConnections(port: number, security?: ConnectionSecurity): Promise<Connection[]> {
  return Promise.all(
    Array.from({ length: CONNECTIONS }, () =>
      Connection.connect({ host: '127.0.0.1', port, clientId: 'bench', security }),
    ),
  );
}

export function encodeBatch(recordBytes: number, recordsPerBatch: number): Promise<Buffer> {
  const value = Buffer.alloc(recordBytes, 0x61);
  return encodeRecordBatch({
    compression: 'none',
    records: Array.from({ length: recordsPerBatch }, () => ({ key: null, value })),
  });
}

/** Sends `batches` copies of `batch` to partition 0; returns the seconds it took. */
export async function produce(
  connections: Connection[],
  topic: string,
  batch: Buffer,
  batches: number,
  acks = 1,
): Promise<number> {
  let sent = 0;
  const start = process.hrtime.bigint();
  const worker = async (c: Connection) => {
    while (sent < batches) {
      sent++;
      const r = await c.send(produceApi, 7, {
        transactionalId: null,
        acks,
        timeoutMs: 30000,
        topicData: [{ name: topic, partitionData: [{ index: 0, records: batch }] }],
      });
      const code = r.responses[0].partitionResponses[0].errorCode;
      if (code !== 0) throw new Error(`produce failed with error ${code}`);
    }
  };
  await Promise.all(connections.flatMap((c) => Array.from({ length: IN_FLIGHT_PER_CONNECTION }, () => worker(c))));
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function fetchRequest(topic: string, offset: number) {
  return {
    replicaId: -1,
    maxWaitMs: 500,
    minBytes: 1,
    maxBytes: FETCH_MAX_BYTES,
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
            fetchOffset: offset,
            lastFetchedEpoch: -1,
            logStartOffset: -1,
            partitionMaxBytes: FETCH_MAX_BYTES,
          },
        ],
      },
    ],
    forgottenTopicsData: [],
    rackId: '',
  };
}

/** Reads partition 0 from offset 0 to `endOffset`, one fetch in flight. */
export async function fetchAll(
  connection: Connection,
  topic: string,
  endOffset: number,
): Promise<{ seconds: number; records: number; bytes: number }> {
  let offset = 0;
  let records = 0;
  let bytes = 0;
  const start = process.hrtime.bigint();
  while (offset < endOffset) {
    const r = await connection.send(fetchApi, 11, fetchRequest(topic, offset) as never);
    const data = (r as any).responses[0].partitionResponses[0].recordSet as Buffer;
    // Walk batch headers only, as a consumer's position does: record count and last offset.
    const whole = wholeBatchesLength(data, data.length);
    for (let pos = 0; pos < whole; pos += batchSizeAt(data, pos)) {
      records += data.readInt32BE(pos + RECORD_COUNT_OFFSET);
      offset = lastOffsetAt(data, pos) + 1;
    }
    bytes += whole;
  }
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, records, bytes };
}
