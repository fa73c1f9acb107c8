// Fetch requests of a consumer to one partition leader, and turning what comes back into
// messages. It owns no positions: the caller says where each partition reads from and decides
// what a partition error means (see consumer-fetch-loop.ts). A response is scanned first (batch
// headers only: where the next fetch starts) and decoded later, a chunk of whole batches at a
// time (chunkEnd), so only records about to be handed out are decoded and CRC-checked; records
// below the fetch offset (a fetch lands inside a batch) and control batches are skipped.
import type { Cluster } from './cluster';
import type { BrokerConnection } from './broker-connection';
import { ClientError } from './errors';
import { fetchApi, FetchResponse } from '../protocol/apis/fetch';
import { decodeRecordsOfBatches } from '../protocol/record-codec';
import { frameBatchAt, isFrameStop, iterateBatches, lastOffsetOf } from '../protocol/batch-header';
import { ErrorCode } from '../protocol/error-codes';
import type { ConsumerMessage, TopicPartition } from './consumer-types';

export interface FetchSettings {
  maxWaitMs: number;
  minBytes: number;
  maxBytes: number;
  maxPartitionBytes: number;
}

export interface FetchTarget extends TopicPartition {
  fetchOffset: number;
  /** Overrides maxPartitionBytes (grown when one batch is larger than it). */
  maxBytes?: number;
}

export interface PartitionFetch extends TopicPartition {
  fetchOffset: number;
  errorCode: number;
  highWatermark: number;
  logStartOffset: number;
  records: Buffer | null;
}

export interface FetchScan {
  /** Where the next fetch of this partition starts (past every whole batch received). */
  nextFetchOffset: number;
  wholeBatches: number;
  /** Bytes came back but no whole batch: the next fetch needs a larger partition limit. */
  truncated: boolean;
  /** The first batch that is not whole is malformed (not merely cut short). */
  corrupt: boolean;
}

/** Kafka's Fetch versions this client speaks: v4 (the first with the v2 record format's fields) to v12. */
const FETCH_VERSIONS = { min: 4, max: 12 };

export class Fetcher {
  constructor(
    private readonly cluster: Cluster,
    private readonly settings: FetchSettings,
  ) {}

  /** One Fetch to broker `leader`; connection failures drop the connection and throw retriable. */
  async fetchFrom(leader: number, targets: FetchTarget[]): Promise<PartitionFetch[]> {
    const connection = await this.cluster.connectionTo(leader);
    const byTopic = new Map<string, FetchTarget[]>();
    for (const t of targets) byTopic.set(t.topic, [...(byTopic.get(t.topic) ?? []), t]);
    let response: FetchResponse;
    try {
      ({ response } = await connection.request(
        fetchApi,
        {
          clusterId: null,
          replicaId: -1,
          maxWaitMs: this.settings.maxWaitMs,
          minBytes: this.settings.minBytes,
          maxBytes: this.settings.maxBytes,
          isolationLevel: 0,
          sessionId: 0,
          sessionEpoch: -1,
          topics: [...byTopic].map(([topic, list]) => ({
            topic,
            partitions: list.map((t) => fetchPartition(t, this.settings)),
          })),
          forgottenTopicsData: [],
          rackId: '',
        },
        FETCH_VERSIONS,
      ));
    } catch (error) {
      dropIfBroken(this.cluster, connection, error);
      throw error;
    }
    if (response.errorCode) throw ClientError.fromErrorCode(response.errorCode, `Fetch from broker ${leader}`);
    return partitionFetches(response, targets);
  }
}

function fetchPartition(target: FetchTarget, settings: FetchSettings) {
  return {
    partition: target.partition,
    currentLeaderEpoch: -1,
    fetchOffset: target.fetchOffset,
    lastFetchedEpoch: -1,
    logStartOffset: -1,
    partitionMaxBytes: target.maxBytes ?? settings.maxPartitionBytes,
  };
}

function dropIfBroken(cluster: Cluster, connection: BrokerConnection, error: unknown): void {
  if (error instanceof ClientError && (error.code === 'CONNECTION' || error.code === 'REQUEST_TIMED_OUT_LOCALLY')) {
    cluster.dropConnection(connection);
  }
}

function partitionFetches(response: FetchResponse, targets: FetchTarget[]): PartitionFetch[] {
  const offsets = new Map(targets.map((t) => [`${t.topic}\u0000${t.partition}`, t.fetchOffset]));
  const results: PartitionFetch[] = [];
  for (const topic of response.responses) {
    for (const p of topic.partitionResponses) {
      const fetchOffset = offsets.get(`${topic.topic}\u0000${p.partition}`);
      if (fetchOffset === undefined) continue;
      const records = Array.isArray(p.recordSet) ? Buffer.concat(p.recordSet) : p.recordSet;
      results.push({
        topic: topic.topic,
        partition: p.partition,
        fetchOffset,
        errorCode: p.errorCode,
        highWatermark: p.highWatermark,
        logStartOffset: p.logStartOffset,
        records,
      });
    }
  }
  return results;
}

/**
 * Where the next fetch of a partition starts, from the batch headers alone (no CRC, no
 * records): the fetch loop sends the next fetch before it decodes this one.
 */
export function scanFetch(fetch: PartitionFetch): FetchScan {
  let nextFetchOffset = fetch.fetchOffset;
  if (!fetch.records || fetch.records.length === 0 || fetch.errorCode !== ErrorCode.NONE) {
    return { nextFetchOffset, wholeBatches: 0, truncated: false, corrupt: false };
  }
  let wholeBatches = 0;
  const walk = iterateBatches(fetch.records, 0, fetch.records.length);
  for (let step = walk.next(); ; step = walk.next()) {
    if (step.done) {
      const corrupt = step.value.stop === 'corrupt';
      return { nextFetchOffset, wholeBatches, truncated: wholeBatches === 0 && !corrupt, corrupt };
    }
    nextFetchOffset = Math.max(nextFetchOffset, lastOffsetOf(step.value.header) + 1);
    wholeBatches++;
  }
}

/**
 * Where a chunk of `records` that starts at byte `from` ends: whole batches (headers read, nothing
 * decoded) until they hold `minRecords` records or no whole batch follows. `from` itself when no
 * whole batch starts there.
 */
export function chunkEnd(records: Buffer, from: number, minRecords: number): number {
  let pos = from;
  let count = 0;
  while (pos < records.length && count < minRecords) {
    const framed = frameBatchAt(records, pos, records.length);
    if (isFrameStop(framed)) break;
    count += framed.header.recordCount;
    pos += framed.size;
  }
  return pos;
}

/**
 * The messages of a partition's records at or past the fetch offset, control batches left out;
 * synchronous unless a batch is compressed. Only bytes [from, to) are decoded (whole batches, as
 * chunkEnd finds them). Throws ClientError CORRUPT_MESSAGE on bad batches.
 */
export function decodeFetch(
  fetch: PartitionFetch,
  verifyCrc = true,
  from = 0,
  to = fetch.records?.length ?? 0,
): ConsumerMessage[] | Promise<ConsumerMessage[]> {
  if (!fetch.records || from >= to || fetch.errorCode !== ErrorCode.NONE) return [];
  const fail = (error: unknown): never => {
    throw new ClientError(
      'CORRUPT_MESSAGE',
      `${fetch.topic}-${fetch.partition} at ${fetch.fetchOffset}: ${(error as Error).message}`,
      { cause: error },
    );
  };
  try {
    const records = from === 0 && to === fetch.records.length ? fetch.records : fetch.records.subarray(from, to);
    const decoded = decodeRecordsOfBatches(records, {
      minOffset: fetch.fetchOffset,
      verifyCrc,
      skipControl: true,
    });
    return decoded instanceof Promise ? decoded.catch(fail) : decoded;
  } catch (error) {
    return fail(error);
  }
}
