// Fetch: reads stored bytes for each partition up to the high watermark (consumers) or the log
// end (followers, replica_id >= 0, whose fetch offset and log start offset the replica manager
// records) and, when fewer than min_bytes are there, long-polls until an append brings them or
// max_wait_ms passes. Fetch sessions (KIP-227) are not kept: session id 0 tells clients to send
// full requests. Followers truncate through OffsetForLeaderEpoch, so no DivergingEpoch is sent.
// Fetch v0-3 get what was read down-converted to legacy message sets (down-convert.ts).
// Authorization as Kafka 2.8: a follower needs ClusterAction on the cluster, a consumer Read on
// each topic; a refused partition answers TOPIC_AUTHORIZATION_FAILED and is not read.
import type { FetchRequest, FetchResponse } from '../../protocol/apis/fetch';
import { ErrorCode } from '../../protocol/error-codes';
import type { BrokerServices } from './services';
import type { RequestContext } from '../dispatcher';
import type { FetchParams, FetchPartitionResult } from '../../cluster/replication/delayed-fetch';
import { downConvertResults, LAST_LEGACY_FETCH_VERSION } from '../down-convert';
import { partitionKey } from '../../cluster/replication/delayed-operations';
import { access } from '../security/authorizer';

export function handleFetch(services: BrokerServices) {
  return async (ctx: RequestContext, request: FetchRequest): Promise<FetchResponse> => {
    const allowed = access(services.authorizer, ctx);
    const readable =
      request.replicaId >= 0 ? () => allowed.cluster('ClusterAction') : (topic: string) => allowed.topic('Read', topic);
    const topics = request.topics.filter((t) => readable(t.topic));
    const refused = request.topics.filter((t) => !readable(t.topic)).flatMap(refusedPartitions);
    const params: FetchParams = {
      replicaId: request.replicaId,
      maxWaitMs: request.maxWaitMs,
      minBytes: request.minBytes,
      maxBytes: request.maxBytes > 0 ? request.maxBytes : 0x7fffffff,
      isolationLevel: request.isolationLevel,
      partitions: topics.flatMap((t) =>
        t.partitions.map((p) => ({
          topic: t.topic,
          partition: p.partition,
          fetchOffset: p.fetchOffset,
          partitionMaxBytes: p.partitionMaxBytes,
          currentLeaderEpoch: p.currentLeaderEpoch,
          logStartOffset: p.logStartOffset,
        })),
      ),
    };
    const results = [...refused, ...(await services.replicaManager.fetchMessages(params, ctx.timing))];
    if (ctx.header.apiVersion > LAST_LEGACY_FETCH_VERSION) return toResponse(results);
    return toResponse(await downConvertResults(results, ctx.header.apiVersion, legacyLimits(params), services.logger));
  };
}

function refusedPartitions(t: FetchRequest['topics'][number]): FetchPartitionResult[] {
  return t.partitions.map((p) => ({
    topic: t.topic,
    partition: p.partition,
    errorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED,
    highWatermark: -1,
    lastStableOffset: -1,
    logStartOffset: -1,
    records: null,
  }));
}

function legacyLimits(params: FetchParams): Parameters<typeof downConvertResults>[2] {
  const byKey = new Map(params.partitions.map((p) => [partitionKey(p.topic, p.partition), p]));
  return {
    responseMaxBytes: params.maxBytes,
    partitionMaxBytes: (topic, partition) => byKey.get(partitionKey(topic, partition))?.partitionMaxBytes ?? 0,
    fetchOffset: (topic, partition) => byKey.get(partitionKey(topic, partition))?.fetchOffset ?? 0,
  };
}

function toResponse(results: FetchPartitionResult[]): FetchResponse {
  const byTopic = new Map<string, FetchPartitionResult[]>();
  for (const r of results) byTopic.set(r.topic, [...(byTopic.get(r.topic) ?? []), r]);
  const responses: FetchResponse['responses'] = [...byTopic.entries()].map(([topic, partitions]) => ({
    topic,
    partitionResponses: partitions.map((r) => ({
      partition: r.partition,
      errorCode: r.errorCode,
      highWatermark: r.highWatermark,
      lastStableOffset: r.lastStableOffset,
      logStartOffset: r.logStartOffset,
      abortedTransactions: [],
      preferredReadReplica: -1,
      recordSet: r.records ?? Buffer.alloc(0),
    })),
  }));
  return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, sessionId: 0, responses };
}
