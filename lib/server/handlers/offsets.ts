// OffsetCommit and OffsetFetch, on the group's coordinator: the offset coordinator
// (coordinator/offset-coordinator) decides and stores; this file maps the wire request of any
// version onto it and its per-partition results back onto the response.
import type { OffsetCommitRequest, OffsetCommitResponse } from '../../protocol/apis/offset-commit';
import type {
  OffsetFetchRequest,
  OffsetFetchResponse,
  OffsetFetchResponseTopic,
  OffsetFetchRequestTopic,
} from '../../protocol/apis/offset-fetch';
import { ErrorCode } from '../../protocol/error-codes';
import type { CommittedOffset } from '../../coordinator/offset-store';
import type { RequestContext } from '../dispatcher';
import type { BrokerServices } from './services';

export function handleOffsetCommit(services: BrokerServices) {
  return async (ctx: RequestContext, request: OffsetCommitRequest): Promise<OffsetCommitResponse> => {
    const results = await services.groups.offsets.handleCommitOffsets({
      groupId: request.groupId,
      generationId: request.generationId,
      memberId: request.memberId,
      groupInstanceId: request.groupInstanceId,
      checkMembership: ctx.header.apiVersion > 0,
      offsets: request.topics.flatMap((t) =>
        t.partitions.map((p) => ({
          topic: t.name,
          partition: p.partitionIndex,
          offset: p.committedOffset,
          metadata: p.committedMetadata,
        })),
      ),
    });
    // The results come back in request order, one per partition.
    let next = 0;
    const topics = request.topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode: results[next++].errorCode })),
    }));
    return { throttleTimeMs: 0, topics };
  };
}

export function handleOffsetFetch(services: BrokerServices) {
  return async (ctx: RequestContext, request: OffsetFetchRequest): Promise<OffsetFetchResponse> => {
    const version = ctx.header.apiVersion;
    if (version >= 8) {
      const groups = await Promise.all(
        request.groups.map(async (g) => ({
          groupId: g.groupId,
          ...(await fetchGroup(services, g.groupId, g.topics, version)),
        })),
      );
      return { throttleTimeMs: 0, topics: [], errorCode: ErrorCode.NONE, groups };
    }
    const r = await fetchGroup(services, request.groupId, request.topics, version);
    return { throttleTimeMs: 0, topics: r.topics, errorCode: r.errorCode, groups: [] };
  };
}

async function fetchGroup(
  services: BrokerServices,
  groupId: string,
  topics: OffsetFetchRequestTopic[] | null,
  version: number,
): Promise<{ topics: OffsetFetchResponseTopic[]; errorCode: number }> {
  const wanted =
    topics === null
      ? null
      : topics.flatMap((t) => t.partitionIndexes.map((partition) => ({ topic: t.name, partition })));
  const { errorCode, offsets } = await services.groups.offsets.handleFetchOffsets(groupId, wanted);
  // v0-1 carry errors per partition only; v2+ at the top.
  return {
    topics: byTopic(offsets, version < 2 ? errorCode : ErrorCode.NONE),
    errorCode: version >= 2 ? errorCode : ErrorCode.NONE,
  };
}

function byTopic(offsets: CommittedOffset[], errorCode: number): OffsetFetchResponseTopic[] {
  const topics = new Map<string, OffsetFetchResponseTopic>();
  for (const o of offsets) {
    const entry = topics.get(o.topic) ?? { name: o.topic, partitions: [] };
    entry.partitions.push({
      partitionIndex: o.partition,
      committedOffset: o.offset,
      committedLeaderEpoch: -1,
      metadata: o.metadata,
      errorCode,
    });
    topics.set(o.topic, entry);
  }
  return [...topics.values()];
}
