// Produce: hands each partition's batches to the replica manager, which validates headers and
// appends synchronously; acks=all then waits (a delayed operation) for the high watermark.
// acks=0 gets no response at all, as in Kafka. Produce v0-2 record sets are first up-converted
// to magic 2 (up-convert.ts); a partition whose set fails conversion is answered with its
// error and never reaches the replica manager. As in Kafka 2.8, idempotent batches need
// IdempotentWrite on the cluster (else the whole request fails CLUSTER_AUTHORIZATION_FAILED) and
// each topic needs Write (else its partitions answer TOPIC_AUTHORIZATION_FAILED).
import type { ProduceRequest, ProduceResponse } from '../../protocol/apis/produce';
import { ErrorCode } from '../../protocol/error-codes';
import type { BrokerServices } from './services';
import type { RequestContext } from '../dispatcher';
import type { ProduceEntry } from '../../cluster/replication/replica-manager';
import type { ProducePartitionResult } from '../../cluster/replication/delayed-produce';
import { settle } from '../../protocol/kafka-error';
import { LAST_LEGACY_PRODUCE_VERSION, upConvertRecordSet } from '../up-convert';
import { BATCH_HEADER_BYTES, CURRENT_MAGIC, frameBatchAt, isFrameStop, magicAt } from '../../protocol/batch-header';
import { access } from '../security/authorizer';

export function handleProduce(services: BrokerServices) {
  return async (ctx: RequestContext, request: ProduceRequest): Promise<ProduceResponse | null> => {
    const acks = request.acks;
    if (acks !== 0 && acks !== 1 && acks !== -1) return invalidAcks(request);
    const allowed = access(services.authorizer, ctx);
    if (hasIdempotentRecords(request)) allowed.requireCluster('IdempotentWrite');
    const legacy = ctx.header.apiVersion <= LAST_LEGACY_PRODUCE_VERSION;
    const entries: ProduceEntry[] = [];
    const refused: Array<ProducePartitionResult | undefined> = [];
    for (const topic of request.topicData) {
      const writable = allowed.topic('Write', topic.name);
      for (const p of topic.partitionData) {
        const entry = { topic: topic.name, partition: p.index, records: p.records as Buffer | null };
        const failure = !writable ? refusedWrite(entry) : legacy ? upConvert(entry, services) : undefined;
        refused.push(failure);
        if (!failure) entries.push(entry);
      }
    }
    // Appends happen synchronously inside appendRecords: nothing above awaited.
    const appended = await services.replicaManager.appendRecords(entries, acks, request.timeoutMs, ctx.timing);
    if (acks === 0) return null;
    let next = 0;
    return toResponse(
      request,
      refused.map((failure) => failure ?? appended[next++]),
    );
  };
}

/** Kafka's ProduceRequest.hasIdempotentRecords: a batch that carries a producer id. */
function hasIdempotentRecords(request: ProduceRequest): boolean {
  return request.topicData.some((t) =>
    t.partitionData.some((p) => {
      const records = p.records as Buffer | null;
      if (!records || records.length < BATCH_HEADER_BYTES || magicAt(records, 0) !== CURRENT_MAGIC) return false;
      // A header that does not frame is left to the replica manager, which refuses it CORRUPT_MESSAGE.
      const framed = frameBatchAt(records, 0);
      return !isFrameStop(framed) && framed.header.producerId >= 0;
    }),
  );
}

function refusedWrite(entry: ProduceEntry): ProducePartitionResult {
  return {
    topic: entry.topic,
    partition: entry.partition,
    errorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED,
    errorMessage: null,
    baseOffset: -1,
    logAppendTimeMs: -1,
    logStartOffset: -1,
  };
}

/** Replaces a legacy record set by its magic-2 batch in place; returns the failure, if any. */
function upConvert(entry: ProduceEntry, services: BrokerServices): ProducePartitionResult | undefined {
  const records = entry.records;
  if (!records || records.length === 0) return undefined;
  return settle<ProducePartitionResult | undefined>(
    () => {
      entry.records = upConvertRecordSet(records);
      return undefined;
    },
    (failure) => ({
      topic: entry.topic,
      partition: entry.partition,
      ...failure,
      baseOffset: -1,
      logAppendTimeMs: -1,
      logStartOffset: -1,
    }),
    services.logger,
  );
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
      results.push({
        topic: topic.name,
        partition: p.index,
        errorCode: ErrorCode.INVALID_REQUIRED_ACKS,
        errorMessage: `acks must be 0, 1 or -1, not ${request.acks}`,
        baseOffset: -1,
        logAppendTimeMs: -1,
        logStartOffset: -1,
      });
    }
  }
  return toResponse(request, results);
}
