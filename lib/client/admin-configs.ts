// DescribeConfigs for the Admin client: broker resources are asked of that broker (only it
// knows its own configs), topic resources of any broker, one request per target. Answers are
// turned into plain objects with Kafka's source names; a failed resource fails the call with a
// ClientError naming every failed resource.
import type { Cluster } from './cluster';
import { ClientError, PartitionFailure } from './errors';
import { describeConfigsApi, DescribeConfigsResult } from '../protocol/apis/describe-configs';
import { ConfigResourceType, ConfigSource } from '../protocol/config-resource';
import { errorInfo, ErrorCode } from '../protocol/error-codes';

export type ConfigResourceKind = 'topic' | 'broker';

export interface ConfigResourceRequest {
  type: ConfigResourceKind;
  /** Topic name, or broker id as text ("" = cluster-wide broker defaults). */
  name: string;
  /** Only these keys; all when absent. */
  configNames?: string[];
}

export type ConfigSourceName =
  | 'UNKNOWN'
  | 'DYNAMIC_TOPIC_CONFIG'
  | 'DYNAMIC_BROKER_CONFIG'
  | 'DYNAMIC_DEFAULT_BROKER_CONFIG'
  | 'STATIC_BROKER_CONFIG'
  | 'DEFAULT_CONFIG'
  | 'DYNAMIC_BROKER_LOGGER_CONFIG';

export interface ConfigSynonymDescription {
  name: string;
  value: string | null;
  source: ConfigSourceName;
}

export interface ConfigEntryDescription {
  name: string;
  value: string | null;
  source: ConfigSourceName;
  isDefault: boolean;
  readOnly: boolean;
  isSensitive: boolean;
  /** Present when asked for (includeSynonyms) and the broker answered v1+. */
  synonyms?: ConfigSynonymDescription[];
}

export interface ConfigResourceDescription {
  type: ConfigResourceKind;
  name: string;
  configs: ConfigEntryDescription[];
}

const SOURCE_NAMES = new Map<number, ConfigSourceName>(
  Object.entries(ConfigSource).map(([name, id]) => [id, name as ConfigSourceName]),
);

export async function describeConfigsOnce(
  cluster: Cluster,
  resources: ConfigResourceRequest[],
  includeSynonyms: boolean,
): Promise<ConfigResourceDescription[]> {
  // Fresh broker addresses: a broker resource names a node that may not be known yet.
  await cluster.refreshMetadata([]);
  const byTarget = new Map<number, ConfigResourceRequest[]>();
  for (const r of resources) {
    const target = r.type === 'broker' && /^\d+$/.test(r.name) ? Number(r.name) : -1;
    byTarget.set(target, [...(byTarget.get(target) ?? []), r]);
  }
  const answers = await Promise.all(
    [...byTarget].map(async ([target, list]) => {
      const connection = target >= 0 ? await cluster.connectionTo(target) : await cluster.anyConnection();
      const { version, response } = await connection.request(
        describeConfigsApi,
        {
          resources: list.map((r) => ({
            resourceType: r.type === 'topic' ? ConfigResourceType.TOPIC : ConfigResourceType.BROKER,
            resourceName: r.name,
            configurationKeys: r.configNames ?? null,
          })),
          includeSynonyms,
          includeDocumentation: false,
        },
        { max: 2 },
      );
      return response.results.map((result) => ({ result, version }));
    }),
  );
  const flat = answers.flat();
  throwResourceFailures(flat.map((a) => a.result));
  const described = flat.map(({ result, version }) => describeResult(result, version, includeSynonyms));
  // Answer in the caller's order.
  return resources.map(
    (r) => described.find((d) => d.type === r.type && d.name === r.name) ?? { type: r.type, name: r.name, configs: [] },
  );
}

function describeResult(
  result: DescribeConfigsResult,
  version: number,
  includeSynonyms: boolean,
): ConfigResourceDescription {
  const type: ConfigResourceKind = result.resourceType === ConfigResourceType.TOPIC ? 'topic' : 'broker';
  return {
    type,
    name: result.resourceName,
    configs: result.configs.map((c) => {
      // v0 has no source: Kafka's clients infer one from isDefault and the resource type.
      const sourceId =
        version >= 1
          ? c.configSource
          : c.isDefault
            ? ConfigSource.DEFAULT_CONFIG
            : type === 'topic'
              ? ConfigSource.DYNAMIC_TOPIC_CONFIG
              : ConfigSource.STATIC_BROKER_CONFIG;
      const source = SOURCE_NAMES.get(sourceId) ?? 'UNKNOWN';
      const entry: ConfigEntryDescription = {
        name: c.name,
        value: c.value,
        source,
        isDefault: source === 'DEFAULT_CONFIG',
        readOnly: c.readOnly,
        isSensitive: c.isSensitive,
      };
      if (includeSynonyms && version >= 1) {
        entry.synonyms = c.synonyms.map((s) => ({
          name: s.name,
          value: s.value,
          source: SOURCE_NAMES.get(s.source) ?? 'UNKNOWN',
        }));
      }
      return entry;
    }),
  };
}

function throwResourceFailures(results: DescribeConfigsResult[]): void {
  const failed: PartitionFailure[] = results
    .filter((r) => r.errorCode !== ErrorCode.NONE)
    .map((r) => {
      const info = errorInfo(r.errorCode);
      return {
        topic: r.resourceName,
        partition: -1,
        code: info.name,
        errorCode: r.errorCode,
        message: `${r.resourceName}: ${info.name}: ${r.errorMessage ?? info.message}`,
      };
    });
  if (failed.length === 0) return;
  throw new ClientError(failed[0].code, `describing configs: ${failed.map((f) => f.message).join('; ')}`, {
    // A missing topic or a wrong broker id does not change by asking again.
    errorCode: failed[0].errorCode,
    retriable: false,
    partitions: failed,
  });
}
