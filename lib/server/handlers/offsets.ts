// OffsetCommit and OffsetFetch, on the group's coordinator: the offset coordinator
// (coordinator/offset-coordinator) decides and stores; this file maps the wire request of any
// version onto it and its per-partition results back onto the response. Authorization as Kafka
// 2.8: a commit needs Read on the group (else every partition answers GROUP_AUTHORIZATION_FAILED)
// and Read on each topic; a fetch needs Describe on the group and on each topic (topics it may
// not Describe are left out of an all-topics fetch, or answer TOPIC_AUTHORIZATION_FAILED).
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
import { access, type RequestAccess } from '../security/authorizer';

export function handleOffsetCommit(services: BrokerServices) {
  return async (ctx: RequestContext, request: OffsetCommitRequest): Promise<OffsetCommitResponse> => {
    const allowed = access(services.authorizer, ctx);
    const groupReadable = allowed.group('Read', request.groupId);
    const readable = (topic: string) => groupReadable && allowed.topic('Read', topic);
    const committed = request.topics.filter((t) => readable(t.name));
    const results = await services.groups.offsets.handleCommitOffsets({
      groupId: request.groupId,
      generationId: request.generationId,
      memberId: request.memberId,
      groupInstanceId: request.groupInstanceId,
      checkMembership: ctx.header.apiVersion > 0,
      offsets: committed.flatMap((t) =>
        t.partitions.map((p) => ({
          topic: t.name,
          partition: p.partitionIndex,
          offset: p.committedOffset,
          metadata: p.committedMetadata,
        })),
      ),
    });
    // The results come back in request order, one per partition committed.
    let next = 0;
    const refusal = groupReadable ? ErrorCode.TOPIC_AUTHORIZATION_FAILED : ErrorCode.GROUP_AUTHORIZATION_FAILED;
    const topics = request.topics.map((t) => {
      const ok = readable(t.name);
      return {
        name: t.name,
        partitions: t.partitions.map((p) => ({
          partitionIndex: p.partitionIndex,
          errorCode: ok ? results[next++].errorCode : refusal,
        })),
      };
    });
    return { throttleTimeMs: 0, topics };
  };
}

export function handleOffsetFetch(services: BrokerServices) {
  return async (ctx: RequestContext, request: OffsetFetchRequest): Promise<OffsetFetchResponse> => {
    const version = ctx.header.apiVersion;
    const allowed = access(services.authorizer, ctx);
    if (version >= 8) {
      const groups = await Promise.all(
        request.groups.map(async (g) => ({
          groupId: g.groupId,
          ...(await fetchGroup(services, allowed, g.groupId, g.topics, version)),
        })),
      );
      return { throttleTimeMs: 0, topics: [], errorCode: ErrorCode.NONE, groups };
    }
    const r = await fetchGroup(services, allowed, request.groupId, request.topics, version);
    return { throttleTimeMs: 0, topics: r.topics, errorCode: r.errorCode, groups: [] };
  };
}

async function fetchGroup(
  services: BrokerServices,
  allowed: RequestAccess,
  groupId: string,
  topics: OffsetFetchRequestTopic[] | null,
  version: number,
): Promise<{ topics: OffsetFetchResponseTopic[]; errorCode: number }> {
  if (!allowed.group('Describe', groupId)) {
    const refused = (topics ?? []).flatMap((t) => t.partitionIndexes.map((partition) => noOffset(t.name, partition)));
    return answer(refused, [], ErrorCode.GROUP_AUTHORIZATION_FAILED, version);
  }
  const describable = (topic: string) => allowed.topic('Describe', topic);
  const wanted =
    topics === null
      ? null
      : topics
          .filter((t) => describable(t.name))
          .flatMap((t) => t.partitionIndexes.map((partition) => ({ topic: t.name, partition })));
  const { errorCode, offsets } = await services.groups.offsets.handleFetchOffsets(groupId, wanted);
  const refused = (topics ?? [])
    .filter((t) => !describable(t.name))
    .flatMap((t) => t.partitionIndexes.map((partition) => noOffset(t.name, partition)));
  return answer(
    offsets.filter((o) => topics !== null || describable(o.topic)),
    refused,
    errorCode,
    version,
  );
}

/** v0-1 carry errors per partition only; v2+ at the top. Refused topics carry TOPIC_AUTHORIZATION_FAILED. */
function answer(
  offsets: CommittedOffset[],
  refused: CommittedOffset[],
  errorCode: number,
  version: number,
): { topics: OffsetFetchResponseTopic[]; errorCode: number } {
  const topics = [
    ...byTopic(offsets, version < 2 ? errorCode : ErrorCode.NONE),
    ...byTopic(refused, version < 2 && errorCode !== ErrorCode.NONE ? errorCode : ErrorCode.TOPIC_AUTHORIZATION_FAILED),
  ];
  return { topics, errorCode: version >= 2 ? errorCode : ErrorCode.NONE };
}

function noOffset(topic: string, partition: number): CommittedOffset {
  return { topic, partition, offset: -1, metadata: '' };
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
