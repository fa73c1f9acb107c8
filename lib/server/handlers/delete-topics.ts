// DeleteTopics: queues each topic under /admin/delete_topics for the controller, then waits
// (bounded by timeout_ms) until the topic has left this broker's metadata cache.
import type { DeleteTopicsRequest, DeleteTopicsResponse } from '../../protocol/apis/delete-topics';
import { ErrorCode } from '../../protocol/error-codes';
import { ZERO_UUID } from '../../protocol/schema-types';
import type { BrokerServices } from './services';
import type { RequestContext } from '../dispatcher';
import { settleAsync } from '../../protocol/kafka-error';
import { access } from '../security/authorizer';

export function handleDeleteTopics(services: BrokerServices) {
  return async (ctx: RequestContext, request: DeleteTopicsRequest): Promise<DeleteTopicsResponse> => {
    const byId = ctx.header.apiVersion >= 6;
    const allowed = access(services.authorizer, ctx);
    const names: Array<string | null> = byId ? request.topics.map((t) => t.name) : request.topicNames;
    const responses = await Promise.all(
      names.map(async (name) => {
        const base = { name, topicId: ZERO_UUID, errorMessage: null };
        if (name === null)
          return { ...base, errorCode: ErrorCode.UNKNOWN_TOPIC_ID, errorMessage: 'topic ids are not supported' };
        if (!allowed.topic('Delete', name)) return { ...base, errorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED };
        if (!services.config.deleteTopicEnable) {
          return {
            ...base,
            errorCode: ErrorCode.TOPIC_DELETION_DISABLED,
            errorMessage: 'delete.topic.enable is false',
          };
        }
        return settleAsync(
          async () => {
            await services.topicAdmin.markForDeletion(name);
            const gone = await services.topicAdmin.waitForMetadata(
              () => !services.metadataCache.hasTopic(name),
              request.timeoutMs,
            );
            return { ...base, errorCode: gone ? ErrorCode.NONE : ErrorCode.REQUEST_TIMED_OUT };
          },
          (failure) => ({ ...base, ...failure }),
          services.logger,
        );
      }),
    );
    return { throttleTimeMs: 0, responses };
  };
}
