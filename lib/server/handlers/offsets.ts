// OffsetCommit and OffsetFetch, on the group's coordinator: committed offsets live in
// ZooKeeper at /consumers/<group>/offsets/<topic>/<partition> (GROUPS.md), and a commit is
// answered only after ZooKeeper has every offset of the request.
import type { OffsetCommitRequest, OffsetCommitResponse } from '../../protocol/apis/offset-commit';
import type { OffsetFetchRequest, OffsetFetchResponse, OffsetFetchResponseTopic, OffsetFetchRequestTopic } from '../../protocol/apis/offset-fetch';
import { ErrorCode } from '../../protocol/error-codes';
import type { RequestContext } from '../dispatcher';
import type { BrokerServices } from './services';
import { errorOf } from '../../protocol/kafka-error';
import { commitOffsets, fetchOffsets } from '../../coordinator/offset-store';
import { offsetCommitError } from '../../coordinator/offset-commit-check';
import { isZnodeSegment } from '../../zk/znodes';

export function handleOffsetCommit(services: BrokerServices) {
  return async (ctx: RequestContext, request: OffsetCommitRequest): Promise<OffsetCommitResponse> => {
    // Kafka refuses partitions its metadata does not have: a commit must not grow ZooKeeper
    // with znodes for topics a client made up.
    const known = (topic: string, partition: number) => services.metadataCache.partition(topic, partition) !== undefined;
    const answer = (code: (metadata: string | null) => number): OffsetCommitResponse => ({
      throttleTimeMs: 0,
      topics: request.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => ({
          partitionIndex: p.partitionIndex,
          errorCode: known(t.name, p.partitionIndex) ? code(p.committedMetadata) : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
        })),
      })),
    });
    // The group id names a znode; one ZooKeeper cannot hold is no group at all.
    if (!isZnodeSegment(request.groupId)) return answer(() => ErrorCode.INVALID_GROUP_ID);
    const groups = services.groups;
    try {
      groups.router.requireLocal(request.groupId);
    } catch (err) {
      const code = errorOf(err, services.logger).errorCode;
      return answer(() => code);
    }
    // v0 commits come from ZooKeeper-era consumers outside any generation.
    const check = ctx.header.apiVersion === 0 ? ErrorCode.NONE : offsetCommitError(groups.coordinator.group(request.groupId), request.generationId, request.memberId, request.groupInstanceId);
    if (check !== ErrorCode.NONE) return answer(() => check);
    const tooLarge = (m: string | null) => Buffer.byteLength(m ?? '') > services.config.offsetMetadataMaxBytes;
    const entries = request.topics.flatMap((t) => t.partitions.filter((p) => known(t.name, p.partitionIndex) && !tooLarge(p.committedMetadata)).map((p) => ({
      topic: t.name, partition: p.partitionIndex, offset: p.committedOffset, metadata: p.committedMetadata ?? '',
    })));
    try {
      if (entries.length > 0) await groups.serial.run(request.groupId, () => commitOffsets(groups.session(), request.groupId, entries));
    } catch (err) {
      services.logger.error(`committing offsets of ${request.groupId} failed: ${(err as Error).message}`);
      return answer(() => ErrorCode.COORDINATOR_NOT_AVAILABLE);
    }
    if (request.generationId >= 0) {
      groups.coordinator.handleHeartbeat({ groupId: request.groupId, generationId: request.generationId, memberId: request.memberId, groupInstanceId: request.groupInstanceId });
    }
    return answer((m) => (tooLarge(m) ? ErrorCode.OFFSET_METADATA_TOO_LARGE : ErrorCode.NONE));
  };
}

export function handleOffsetFetch(services: BrokerServices) {
  return async (ctx: RequestContext, request: OffsetFetchRequest): Promise<OffsetFetchResponse> => {
    const version = ctx.header.apiVersion;
    if (version >= 8) {
      const groups = await Promise.all(request.groups.map(async (g) => {
        const r = await fetchGroup(services, g.groupId, g.topics, version);
        return { groupId: g.groupId, topics: r.topics, errorCode: r.errorCode };
      }));
      return { throttleTimeMs: 0, topics: [], errorCode: ErrorCode.NONE, groups };
    }
    const r = await fetchGroup(services, request.groupId, request.topics, version);
    return { throttleTimeMs: 0, topics: r.topics, errorCode: r.errorCode, groups: [] };
  };
}

async function fetchGroup(services: BrokerServices, groupId: string, topics: OffsetFetchRequestTopic[] | null, version: number): Promise<{ topics: OffsetFetchResponseTopic[]; errorCode: number }> {
  let errorCode: number = ErrorCode.NONE;
  try {
    services.groups.router.requireLocal(groupId);
  } catch (err) {
    errorCode = errorOf(err, services.logger).errorCode;
  }
  const wanted = topics === null ? null : topics.flatMap((t) => t.partitionIndexes.map((partition) => ({ topic: t.name, partition })));
  const partitionError = (code: number) => ({ errorCode: version < 2 ? code : ErrorCode.NONE });
  if (errorCode !== ErrorCode.NONE) {
    // v0-1 carry errors per partition only; v2+ at the top.
    const list = (wanted ?? []).map((w) => ({ ...w, offset: -1, metadata: '' }));
    return { topics: group(list, partitionError(errorCode).errorCode), errorCode: version >= 2 ? errorCode : ErrorCode.NONE };
  }
  const offsets = await fetchOffsets(services.groups.session(), groupId, wanted);
  return { topics: group(offsets, ErrorCode.NONE), errorCode: ErrorCode.NONE };
}

function group(offsets: Array<{ topic: string; partition: number; offset: number; metadata: string }>, errorCode: number): OffsetFetchResponseTopic[] {
  const byTopic = new Map<string, OffsetFetchResponseTopic>();
  for (const o of offsets) {
    const entry = byTopic.get(o.topic) ?? { name: o.topic, partitions: [] };
    entry.partitions.push({ partitionIndex: o.partition, committedOffset: o.offset, committedLeaderEpoch: -1, metadata: o.metadata, errorCode });
    byTopic.set(o.topic, entry);
  }
  return [...byTopic.values()];
}
