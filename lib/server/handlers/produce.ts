// Produce: hands each partition's batches to the replica manager, which validates headers and
// appends synchronously; acks=all then waits (a delayed operation) for the high watermark.
// acks=0 gets no response at all, as in Kafka.
import type { ProduceRequest, ProduceResponse } from '../../protocol/apis/produce';
import { ErrorCode } from '../../protocol/error-codes';
import type { BrokerServices } from './services';
import type { RequestContext } from '../dispatcher';
import type { ProduceEntry } from '../../cluster/replication/replica-manager';
import type { ProducePartitionResult } from '../../cluster/replication/delayed-produce';

export function handleProduce(services: BrokerServices) {
  return async (_ctx: RequestContext, request: ProduceRequest): Promise<ProduceResponse | null> => {
    const acks = request.acks;
    if (acks !== 0 && acks !== 1 && acks !== -1) return invalidAcks(request);
    const entries: ProduceEntry[] = [];
    for (const topic of request.topicData) {
      for (const p of topic.partitionData) entries.push({ topic: topic.name, partition: p.index, records: p.records as Buffer | null });
    }
    const results = await services.replicaManager.appendRecords(entries, acks, request.timeoutMs);
    if (acks === 0) return null;
    return toResponse(request, results);
  };
}

function toResponse(request: ProduceRequest, results: ProducePartitionResult[]): ProduceResponse {
  let i = 0;
  const responses = request.topicData.map((topic) => ({
    name: topic.name,
    partitionResponses: topic.partitionData.map(() => {
      const r = results[i++];
      return {
        index: r.partition,
        errorCode: r.errorCode,
        baseOffset: r.baseOffset,
        logAppendTimeMs: r.logAppendTimeMs,
        logStartOffset: r.logStartOffset,
        recordErrors: [],
        errorMessage: r.errorCode === ErrorCode.NONE ? null : r.errorMessage,
      };
    }),
  }));
  return { responses, throttleTimeMs: 0 };
}

function invalidAcks(request: ProduceRequest): ProduceResponse {
  const results: ProducePartitionResult[] = [];
  for (const topic of request.topicData) {
    for (const p of topic.partitionData) {
      results.push({ topic: topic.name, partition: p.index, errorCode: ErrorCode.INVALID_REQUIRED_ACKS,
        errorMessage: `acks must be 0, 1 or -1, not ${request.acks}`, baseOffset: -1, logAppendTimeMs: -1, logStartOffset: -1 });
    }
  }
  return toResponse(request, results);
}
