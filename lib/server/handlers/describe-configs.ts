// DescribeConfigs: any broker answers for topics (overrides read fresh through
// services.topicConfigs) and for itself; each resource succeeds or fails on its own (errorCode +
// errorMessage in a successful response), as Kafka's ZooKeeper-mode broker does. Samsa has no
// dynamic broker configs, so the cluster-wide default resource (BROKER "") is answered with no
// entries. Expected failures are values here; an unexpected throw (a ZooKeeper read) fails only
// its resource, through settleAsync, as in Kafka, which answers each resource on its own.
// A topic needs DescribeConfigs on it (TOPIC_AUTHORIZATION_FAILED), a broker DescribeConfigs on
// the cluster (CLUSTER_AUTHORIZATION_FAILED).
import {
  DescribeConfigsRequest,
  DescribeConfigsResource,
  DescribeConfigsResourceResult,
  DescribeConfigsResponse,
  DescribeConfigsResult,
} from '../../protocol/apis/describe-configs';
import { ConfigResourceType, ConfigSource } from '../../protocol/config-resource';
import { ErrorCode } from '../../protocol/error-codes';
import { settleAsync, type ErrorResult } from '../../protocol/kafka-error';
import { topicNameProblem } from '../topic-admin';
import { ConfigEntryView, describeBrokerConfigs, describeTopicConfigs } from '../config-view';
import type { BrokerServices } from './services';
import type { RequestContext } from '../dispatcher';
import { access, type RequestAccess } from '../security/authorizer';

/** A resource's entries, or why it cannot be described. */
type Described = { entries: ConfigEntryView[] } | ErrorResult;

const failed = (errorCode: number, errorMessage: string): Described => ({ errorCode, errorMessage });

export function handleDescribeConfigs(services: BrokerServices) {
  return async (ctx: RequestContext, request: DescribeConfigsRequest): Promise<DescribeConfigsResponse> => {
    const includeSynonyms = ctx.header.apiVersion >= 1 && request.includeSynonyms;
    const allowed = access(services.authorizer, ctx);
    const results = await Promise.all(
      request.resources.map(async (resource): Promise<DescribeConfigsResult> => {
        const base = { resourceType: resource.resourceType, resourceName: resource.resourceName };
        const refusal = refused(allowed, resource);
        if (refusal !== null) return { ...base, ...refusal, configs: [] };
        const described = await settleAsync(
          async () => describe(services, resource),
          (failure): Described => failure,
          services.logger,
        );
        if (!('entries' in described)) return { ...base, ...described, configs: [] };
        const configs = wanted(described.entries, resource.configurationKeys).map((e) => toWire(e, includeSynonyms));
        return { ...base, errorCode: ErrorCode.NONE, errorMessage: null, configs };
      }),
    );
    return { throttleTimeMs: 0, results };
  };
}

function refused(allowed: RequestAccess, resource: DescribeConfigsResource): ErrorResult | null {
  if (resource.resourceType === ConfigResourceType.TOPIC && !allowed.topic('DescribeConfigs', resource.resourceName))
    return { errorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED, errorMessage: 'Topic authorization failed.' };
  if (resource.resourceType === ConfigResourceType.BROKER && !allowed.cluster('DescribeConfigs'))
    return { errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED, errorMessage: 'Cluster authorization failed.' };
  return null;
}

function describe(services: BrokerServices, resource: DescribeConfigsResource): Promise<Described> | Described {
  switch (resource.resourceType) {
    case ConfigResourceType.TOPIC:
      return topicEntries(services, resource.resourceName);
    case ConfigResourceType.BROKER:
      return brokerEntries(services, resource.resourceName);
    default:
      return failed(ErrorCode.INVALID_REQUEST, `Unsupported resource type: ${resource.resourceType}`);
  }
}

async function topicEntries(services: BrokerServices, topic: string): Promise<Described> {
  const illegal = topicNameProblem(topic);
  if (illegal !== null) return failed(ErrorCode.INVALID_TOPIC_EXCEPTION, illegal);
  if (!services.metadataCache.hasTopic(topic))
    return failed(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `Topic '${topic}' does not exist.`);
  const overrides = await services.topicConfigs.topicConfig(topic);
  return { entries: describeTopicConfigs(services.config, overrides) };
}

function brokerEntries(services: BrokerServices, name: string): Described {
  if (name === '') return { entries: [] };
  if (!/^-?\d+$/.test(name))
    return failed(ErrorCode.INVALID_REQUEST, `Broker id must be an integer, but it is: ${name}`);
  const brokerId = services.config.brokerId;
  if (Number(name) !== brokerId) {
    return failed(
      ErrorCode.INVALID_REQUEST,
      `Unexpected broker id, expected ${brokerId} or empty string, but received ${name}`,
    );
  }
  return { entries: describeBrokerConfigs(services.config) };
}

/** Kafka's filter: null asks for every key, a list (even empty) for exactly those keys. */
function wanted(entries: ConfigEntryView[], keys: string[] | null): ConfigEntryView[] {
  if (keys === null) return entries;
  const set = new Set(keys);
  return entries.filter((e) => set.has(e.name));
}

function toWire(entry: ConfigEntryView, includeSynonyms: boolean): DescribeConfigsResourceResult {
  return {
    name: entry.name,
    value: entry.value,
    readOnly: entry.readOnly,
    isDefault: entry.source === ConfigSource.DEFAULT_CONFIG,
    configSource: entry.source,
    isSensitive: entry.isSensitive,
    synonyms: includeSynonyms ? entry.synonyms : [],
    configType: 0,
    documentation: null,
  };
}
