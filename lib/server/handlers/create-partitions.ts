// CreatePartitions: only the active controller serves it (others answer NOT_CONTROLLER per
// topic, so the client looks the controller up again), as Kafka does. Each topic is validated
// against its assignment in ZooKeeper and enlarged independently; the enlarged assignment is
// written to /brokers/topics/<t>, whose data watch makes the controller elect the new
// partitions' leaders. The answer waits, bounded by timeout_ms, until they reach this
// broker's metadata cache (REQUEST_TIMED_OUT past it; the partitions still come online).
import type {
  CreatePartitionsRequest,
  CreatePartitionsResponse,
  CreatePartitionsTopicResult,
} from '../../protocol/apis/create-partitions';
import { ErrorCode } from '../../protocol/error-codes';
import { settleAsync } from '../../protocol/kafka-error';
import type { BrokerServices } from './services';
import type { RequestContext } from '../dispatcher';
import { access } from '../security/authorizer';

export function handleCreatePartitions(services: BrokerServices) {
  return async (ctx: RequestContext, request: CreatePartitionsRequest): Promise<CreatePartitionsResponse> => {
    const allowed = access(services.authorizer, ctx);
    const seen = new Set<string>();
    const duplicates = new Set(request.topics.map((t) => t.name).filter((n) => seen.has(n) || !seen.add(n)));
    const isController = services.controller().isActive;
    const results = await Promise.all(
      request.topics.map((topic): Promise<CreatePartitionsTopicResult> => {
        if (duplicates.has(topic.name))
          return Promise.resolve(failed(topic.name, ErrorCode.INVALID_REQUEST, 'Duplicate topic in request.'));
        if (!allowed.topic('Alter', topic.name))
          return Promise.resolve(failed(topic.name, ErrorCode.TOPIC_AUTHORIZATION_FAILED, 'Authorization failed.'));
        if (!isController)
          return Promise.resolve(
            failed(topic.name, ErrorCode.NOT_CONTROLLER, 'This is not the correct controller for this cluster.'),
          );
        return settleAsync(
          () => createOne(services, topic, request),
          (failure) => ({ name: topic.name, ...failure }),
          services.logger,
        );
      }),
    );
    return { throttleTimeMs: 0, results };
  };
}

function failed(name: string, errorCode: number, errorMessage: string | null): CreatePartitionsTopicResult {
  return { name, errorCode, errorMessage };
}

async function createOne(
  services: BrokerServices,
  topic: CreatePartitionsRequest['topics'][number],
  request: CreatePartitionsRequest,
): Promise<CreatePartitionsTopicResult> {
  const admin = services.topicAdmin;
  const assignments = topic.assignments === null ? null : topic.assignments.map((a) => a.brokerIds);
  const plan = await admin.planPartitions({ topic: topic.name, count: topic.count, assignments });
  if (request.validateOnly) return failed(topic.name, ErrorCode.NONE, null);
  await admin.addPartitions(topic.name, plan);
  services.logger.info(`adding partitions ${plan.added.join(', ')} to ${topic.name}`);
  if (request.timeoutMs <= 0) return failed(topic.name, ErrorCode.NONE, null);
  const ready = await admin.waitForMetadata(() => admin.partitionsReady(topic.name, plan.added), request.timeoutMs);
  if (!ready) return failed(topic.name, ErrorCode.REQUEST_TIMED_OUT, 'partitions added; leaders not yet elected');
  return failed(topic.name, ErrorCode.NONE, null);
}
