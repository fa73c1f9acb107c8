// The replica fetcher's three requests to a leader — Fetch, OffsetForLeaderEpoch, ListOffsets —
// shaped from per-partition items, their answers indexed by partition, and the connection they
// travel on. Pure: no I/O, no state. Versions are the newest Samsa's codecs and Kafka 2.8 share.
import type { ApiSpec } from '../../protocol/api-spec';
import type { FetchablePartitionResponse, FetchRequest, FetchResponse } from '../../protocol/apis/fetch';
import type {
  OffsetForLeaderEpochRequest,
  OffsetForLeaderEpochResponse,
} from '../../protocol/apis/offset-for-leader-epoch';
import type { ListOffsetsRequest, ListOffsetsResponse } from '../../protocol/apis/list-offsets';
import { partitionKey } from './delayed-operations';

/** What the fetcher needs of a connection; lib/network's Connection satisfies it. */
export interface ReplicaConnection {
  send<Req, Res>(spec: ApiSpec<Req, Res>, version: number, body: Req): Promise<Res>;
  close(): void;
  readonly isClosed: boolean;
}

/** Opens a connection to a broker's inter-broker listener; rejects when it is unknown or down. */
export type ConnectToBroker = (brokerId: number) => Promise<ReplicaConnection>;

export const FETCH_VERSION = 12;
export const OFFSET_FOR_LEADER_EPOCH_VERSION = 3;
export const LIST_OFFSETS_VERSION = 5;
export const LATEST_TIMESTAMP = -1;
export const EARLIEST_TIMESTAMP = -2;

export interface PartitionRef {
  topic: string;
  partition: number;
  /** The leader epoch this broker was told (fencing on the leader). */
  leaderEpoch: number;
}

export interface FetchSettings {
  replicaId: number;
  maxWaitMs: number;
  minBytes: number;
  maxBytes: number;
  partitionMaxBytes: number;
}

export function fetchRequest(
  settings: FetchSettings,
  items: Array<PartitionRef & { fetchOffset: number; logStartOffset: number }>,
): FetchRequest {
  return {
    clusterId: null,
    replicaId: settings.replicaId,
    maxWaitMs: settings.maxWaitMs,
    minBytes: settings.minBytes,
    maxBytes: settings.maxBytes,
    isolationLevel: 0,
    sessionId: 0,
    sessionEpoch: -1,
    forgottenTopicsData: [],
    rackId: '',
    topics: groupByTopic(items, (i) => ({
      partition: i.partition,
      currentLeaderEpoch: i.leaderEpoch,
      fetchOffset: i.fetchOffset,
      lastFetchedEpoch: -1,
      logStartOffset: i.logStartOffset,
      partitionMaxBytes: settings.partitionMaxBytes,
    })),
  };
}

export function fetchAnswers(response: FetchResponse): Map<string, FetchablePartitionResponse> {
  const answers = new Map<string, FetchablePartitionResponse>();
  for (const t of response.responses)
    for (const p of t.partitionResponses) answers.set(partitionKey(t.topic, p.partition), p);
  return answers;
}

export function offsetForLeaderEpochRequest(
  replicaId: number,
  items: Array<PartitionRef & { epoch: number }>,
): OffsetForLeaderEpochRequest {
  return {
    replicaId,
    topics: groupByTopic(items, (i) => ({
      partition: i.partition,
      currentLeaderEpoch: i.leaderEpoch,
      leaderEpoch: i.epoch,
    })),
  };
}

export function epochAnswers(
  response: OffsetForLeaderEpochResponse,
): Map<string, { errorCode: number; leaderEpoch: number; endOffset: number }> {
  const answers = new Map<string, { errorCode: number; leaderEpoch: number; endOffset: number }>();
  for (const t of response.topics) for (const p of t.partitions) answers.set(partitionKey(t.topic, p.partition), p);
  return answers;
}

export function listOffsetsRequest(replicaId: number, items: PartitionRef[], timestamp: number): ListOffsetsRequest {
  return {
    replicaId,
    isolationLevel: 0,
    topics: groupByTopic(items, (i) => ({
      partitionIndex: i.partition,
      currentLeaderEpoch: i.leaderEpoch,
      timestamp,
      maxNumOffsets: 1,
    })).map(({ topic, partitions }) => ({ name: topic, partitions })),
  };
}

export function offsetAnswers(response: ListOffsetsResponse): Map<string, { errorCode: number; offset: number }> {
  const answers = new Map<string, { errorCode: number; offset: number }>();
  for (const t of response.topics) for (const p of t.partitions) answers.set(partitionKey(t.name, p.partitionIndex), p);
  return answers;
}

/** A fetched record set as one buffer (the decoder hands out a slice of the response frame). */
export function recordBytes(recordSet: Buffer | Buffer[] | null): Buffer {
  if (recordSet === null) return Buffer.alloc(0);
  return Array.isArray(recordSet) ? Buffer.concat(recordSet) : recordSet;
}

function groupByTopic<T extends { topic: string }, P>(
  items: T[],
  partitionOf: (item: T) => P,
): Array<{ topic: string; partitions: P[] }> {
  const byTopic = new Map<string, P[]>();
  for (const item of items) {
    const list = byTopic.get(item.topic) ?? [];
    list.push(partitionOf(item));
    byTopic.set(item.topic, list);
  }
  return [...byTopic.entries()].map(([topic, partitions]) => ({ topic, partitions }));
}
