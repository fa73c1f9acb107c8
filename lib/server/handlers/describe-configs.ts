// DescribeConfigs: any broker answers for topics (overrides read fresh from /config/topics/<t>)
// and for itself; each resource succeeds or fails on its own (errorCode + errorMessage in a
// successful response), as Kafka's ZooKeeper-mode broker does. Samsa has no dynamic broker
// configs, so the cluster-wide default resource (BROKER "") is answered with no entries.
import {
  DescribeConfigsRequest,
  DescribeConfigsResource,
  DescribeConfigsResourceResult,
  DescribeConfigsResponse,
  DescribeConfigsResult,
} from '../../protocol/apis/describe-configs';
import { ConfigResourceType, ConfigSource } from '../../protocol/config-resource';
import { ErrorCode } from '../../protocol/error-codes';
import { errorOf, KafkaError } from '../../protocol/kafka-error';
import { validateTopicName } from '../topic-admin';
import { ConfigEntryView, describeBrokerConfigs, describeTopicConfigs } from '../config-view';
import type { BrokerServices } from './services';
import type { RequestContext } from '../dispatcher';

export function handleDescribeConfigs(services: BrokerServices) {
  return async (ctx: RequestContext, request: DescribeConfigsRequest): Promise<DescribeConfigsResponse> => {
    const version = ctx.header.apiVersion;
    const includeSynonyms = version >= 1 && request.includeSynonyms;
    const results = await Promise.all(request.resources.map(async (resource): Promise<DescribeConfigsResult> => {
      const base = { resourceType: resource.resourceType, resourceName: resource.resourceName };
      try {
        const entries = wanted(await entriesOf(services, resource), resource.configurationKeys);
        return { ...base, errorCode: ErrorCode.NONE, errorMessage: null, configs: entries.map((e) => toWire(e, includeSynonyms)) };
      } catch (err) {
        return { ...base, ...errorOf(err, services.logger), configs: [] };
      }
    }));
    return { throttleTimeMs: 0, results };
  };
}

async function entriesOf(services: BrokerServices, resource: DescribeConfigsResource): Promise<ConfigEntryView[]> {
  switch (resource.resourceType) {
    case ConfigResourceType.TOPIC:
      return topicEntries(services, resource.resourceName);
    case ConfigResourceType.BROKER:
      return brokerEntries(services, resource.resourceName);
    default:
      throw new KafkaError(ErrorCode.INVALID_REQUEST, `Unsupported resource type: ${resource.resourceType}`);
  }
}

async function topicEntries(services: BrokerServices, topic: string): Promise<ConfigEntryView[]> {
  validateTopicName(topic);
  if (!services.metadataCache.hasTopic(topic)) {
    throw new KafkaError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `Topic '${topic}' does not exist.`);
  }
  const overrides = await services.topicConfigs.topicConfig(topic);
  return describeTopicConfigs(services.config, overrides);
}

function brokerEntries(services: BrokerServices, name: string): ConfigEntryView[] {
  if (name === '') return [];
  if (!/^-?\d+$/.test(name)) throw new KafkaError(ErrorCode.INVALID_REQUEST, `Broker id must be an integer, but it is: ${name}`);
  const brokerId = services.config.brokerId;
  if (Number(name) !== brokerId) {
    throw new KafkaError(ErrorCode.INVALID_REQUEST, `Unexpected broker id, expected ${brokerId} or empty string, but received ${name}`);
  }
  return describeBrokerConfigs(services.config);
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
