// CreateTopics: each topic is validated and planned independently (per-topic errors in a
// successful response); created topics are awaited until their leaders reach the metadata
// cache, bounded by timeout_ms (Kafka answers REQUEST_TIMED_OUT past it).
import type { CreateTopicsRequest, CreateTopicsResponse } from '../../protocol/apis/create-topics';
import { ErrorCode } from '../../protocol/error-codes';
import { ZERO_UUID } from '../../protocol/schema-types';
import type { BrokerServices } from './services';
import type { RequestContext } from '../dispatcher';
import { settleAsync } from '../../protocol/kafka-error';
import type { CreateTopicSpec } from '../topic-admin';
import { access } from '../security/authorizer';

interface TopicResult {
  name: string;
  errorCode: number;
  errorMessage: string | null;
  numPartitions: number;
  replicationFactor: number;
}

export function handleCreateTopics(services: BrokerServices) {
  return async (ctx: RequestContext, request: CreateTopicsRequest): Promise<CreateTopicsResponse> => {
    const allowed = access(services.authorizer, ctx);
    const clusterCreate = allowed.cluster('Create');
    const seen = new Set<string>();
    const duplicates = new Set(request.topics.map((t) => t.name).filter((n) => seen.has(n) || !seen.add(n)));
    const results = await Promise.all(
      request.topics.map((t) =>
        clusterCreate || allowed.topic('Create', t.name)
          ? createOne(services, toSpec(t), duplicates.has(t.name), request)
          : refused(t.name),
      ),
    );
    return {
      throttleTimeMs: 0,
      topics: results.map((r) => ({ ...r, topicId: ZERO_UUID, configs: [] })),
    };
  };
}

function refused(name: string): TopicResult {
  return {
    name,
    errorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED,
    errorMessage: 'Authorization failed.',
    numPartitions: -1,
    replicationFactor: -1,
  };
}

function toSpec(t: CreateTopicsRequest['topics'][number]): CreateTopicSpec {
  const configs: Record<string, string> = {};
  for (const c of t.configs) if (c.value !== null) configs[c.name] = c.value;
  return {
    name: t.name,
    numPartitions: t.numPartitions,
    replicationFactor: t.replicationFactor,
    assignments: t.assignments,
    configs,
  };
}

async function createOne(
  services: BrokerServices,
  spec: CreateTopicSpec,
  duplicate: boolean,
  request: CreateTopicsRequest,
): Promise<TopicResult> {
  const base = { name: spec.name, numPartitions: -1, replicationFactor: -1, errorMessage: null };
  if (duplicate)
    return {
      ...base,
      errorCode: ErrorCode.INVALID_REQUEST,
      errorMessage: 'topic appears more than once in the request',
    };
  return settleAsync(
    async () => {
      const assignment = services.topicAdmin.plan(spec);
      const counts = { numPartitions: assignment.size, replicationFactor: assignment.get(0)?.length ?? -1 };
      if (services.metadataCache.hasTopic(spec.name)) {
        return {
          ...base,
          errorCode: ErrorCode.TOPIC_ALREADY_EXISTS,
          errorMessage: `Topic '${spec.name}' already exists.`,
        };
      }
      if (request.validateOnly) return { ...base, ...counts, errorCode: ErrorCode.NONE };
      await services.topicAdmin.create(spec, assignment);
      const ready = await services.topicAdmin.waitForMetadata(
        () => services.topicAdmin.topicReady(spec.name),
        request.timeoutMs,
      );
      if (!ready)
        return {
          ...base,
          ...counts,
          errorCode: ErrorCode.REQUEST_TIMED_OUT,
          errorMessage: 'topic created; leaders not yet elected',
        };
      return { ...base, ...counts, errorCode: ErrorCode.NONE };
    },
    (failure): TopicResult => ({ ...base, ...failure }),
    services.logger,
  );
}
