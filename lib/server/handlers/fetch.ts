// Fetch: reads stored bytes for each partition up to the high watermark (consumers) or the log
// end (followers, replica_id >= 0, whose fetch offset and log start offset the replica manager
// records) and, when fewer than min_bytes are there, long-polls until an append brings them or
// max_wait_ms passes. Fetch sessions (KIP-227) are not kept: session id 0 tells clients to send
// full requests. Followers truncate through OffsetForLeaderEpoch, so no DivergingEpoch is sent.
import type { FetchRequest, FetchResponse } from '../../protocol/apis/fetch';
import { ErrorCode } from '../../protocol/error-codes';
import type { BrokerServices } from './services';
import type { RequestContext } from '../dispatcher';
import type { FetchParams, FetchPartitionResult } from '../../cluster/replication/delayed-fetch';

export function handleFetch(services: BrokerServices) {
  return async (_ctx: RequestContext, request: FetchRequest): Promise<FetchResponse> => {
    const params: FetchParams = {
      replicaId: request.replicaId,
      maxWaitMs: request.maxWaitMs,
      minBytes: request.minBytes,
      maxBytes: request.maxBytes > 0 ? request.maxBytes : 0x7fffffff,
      isolationLevel: request.isolationLevel,
      partitions: request.topics.flatMap((t) => t.partitions.map((p) => ({
        topic: t.topic,
        partition: p.partition,
        fetchOffset: p.fetchOffset,
        partitionMaxBytes: p.partitionMaxBytes,
        currentLeaderEpoch: p.currentLeaderEpoch,
        logStartOffset: p.logStartOffset,
      }))),
    };
    const results = await services.replicaManager.fetchMessages(params);
    return toResponse(results);
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
