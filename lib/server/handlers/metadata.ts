// Metadata: brokers, controller and topic/partition leadership from this broker's metadata
// cache, with endpoints of the listener the request came in on. A null topic list means all
// topics; an empty list means brokers only. Unknown topics may be auto-created (Kafka answers
// LEADER_NOT_AVAILABLE for them while the controller elects leaders). As in Kafka, all topics
// means the topics the principal may Describe; a named topic it may not Describe, or may not
// create (Create on the cluster or the topic) when auto-creation would, is TOPIC_AUTHORIZATION_FAILED.
import { ErrorCode } from '../../protocol/error-codes';
import { ZERO_UUID } from '../../protocol/schema-types';
import { settleAsync } from '../../protocol/kafka-error';
import type { MetadataRequest, MetadataResponse, MetadataResponsePartition } from '../../protocol/apis/metadata';
import type { BrokerServices } from './services';
import type { RequestContext } from '../dispatcher';
import { validateTopicName } from '../topic-admin';
import { access } from '../security/authorizer';

const OPERATIONS_UNKNOWN = -2147483648;

export function handleMetadata(services: BrokerServices) {
  return async (ctx: RequestContext, request: MetadataRequest): Promise<MetadataResponse> => {
    const cache = services.metadataCache;
    const listener = ctx.connection.listenerName;
    const allowed = access(services.authorizer, ctx);
    const requested =
      request.topics === null
        ? cache.topicNames().filter((name) => allowed.topic('Describe', name))
        : request.topics.map((t) => t.name as string);
    const allowAutoCreate = ctx.header.apiVersion < 4 || request.allowAutoTopicCreation;
    const mayCreate = (name: string) => allowed.cluster('Create') || allowed.topic('Create', name);
    const topics = [];
    for (const name of requested) {
      topics.push(
        allowed.topic('Describe', name)
          ? await topicMetadata(services, name, listener, allowAutoCreate, mayCreate)
          : { ...topicBase(name), errorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED },
      );
    }
    const brokers = cache.liveBrokers().flatMap((b) => {
      const endpoint = b.endpoints.find((e) => e.listenerName === listener);
      return endpoint ? [{ nodeId: b.brokerId, host: endpoint.host, port: endpoint.port, rack: b.rack }] : [];
    });
    return {
      throttleTimeMs: 0,
      brokers,
      clusterId: cache.clusterId,
      controllerId: cache.controllerId,
      topics,
      clusterAuthorizedOperations: OPERATIONS_UNKNOWN,
    };
  };
}

function topicBase(name: string) {
  return {
    name,
    topicId: ZERO_UUID,
    isInternal: false,
    partitions: [] as MetadataResponsePartition[],
    topicAuthorizedOperations: OPERATIONS_UNKNOWN,
  };
}

async function topicMetadata(
  services: BrokerServices,
  name: string,
  listener: string,
  allowAutoCreate: boolean,
  mayCreate: (name: string) => boolean,
) {
  const cache = services.metadataCache;
  const base = topicBase(name);
  if (!cache.hasTopic(name)) {
    if (!allowAutoCreate || !services.config.autoCreateTopicsEnable)
      return { ...base, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION };
    const errorCode = mayCreate(name) ? await autoCreate(services, name) : ErrorCode.TOPIC_AUTHORIZATION_FAILED;
    return { ...base, errorCode };
  }
  const partitions = cache.partitions(name).map((p) => {
    const leaderReachable = p.leader >= 0 && cache.endpointFor(p.leader, listener) !== undefined;
    return {
      errorCode: leaderReachable ? ErrorCode.NONE : ErrorCode.LEADER_NOT_AVAILABLE,
      partitionIndex: p.partition,
      leaderId: leaderReachable ? p.leader : -1,
      leaderEpoch: p.leaderEpoch,
      replicaNodes: p.replicas,
      isrNodes: p.isr,
      offlineReplicas: p.offlineReplicas,
    };
  });
  return { ...base, errorCode: ErrorCode.NONE, partitions };
}

/** LEADER_NOT_AVAILABLE once the topic exists (created now or by a racing request), else the failure's code. */
function autoCreate(services: BrokerServices, name: string): Promise<number> {
  return settleAsync(
    async (): Promise<number> => {
      validateTopicName(name);
      const spec = { name, numPartitions: -1, replicationFactor: -1, assignments: [], configs: {} };
      await services.topicAdmin.create(spec, services.topicAdmin.plan(spec));
      services.logger.info(`auto-created topic ${name}`);
      return ErrorCode.LEADER_NOT_AVAILABLE;
    },
    ({ errorCode }) => (errorCode === ErrorCode.TOPIC_ALREADY_EXISTS ? ErrorCode.LEADER_NOT_AVAILABLE : errorCode),
    services.logger,
  );
}
