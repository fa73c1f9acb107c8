// DescribeConfigs (key 32), Kafka versions 0-4, flexible from 4. v1 adds includeSynonyms and,
// in the answer, each config's source and synonyms (v0 has isDefault instead); v2 only changes
// throttling; v3 adds includeDocumentation and each config's type and documentation.
//
// Grammar of the newest version (flexible versions end every struct with TAG_BUFFER):
//   DescribeConfigs Request (Version: 4) => [resources] includeSynonyms includeDocumentation TAG_BUFFER
//     resources => resourceType resourceName [configurationKeys] TAG_BUFFER
//       resourceType => INT8
//       resourceName => COMPACT_STRING
//       configurationKeys => COMPACT_NULLABLE_ARRAY of COMPACT_STRING  (null = every key)
//     includeSynonyms => BOOLEAN
//     includeDocumentation => BOOLEAN
//
//   DescribeConfigs Response (Version: 4) => throttleTimeMs [results] TAG_BUFFER
//     throttleTimeMs => INT32
//     results => errorCode errorMessage resourceType resourceName [configs] TAG_BUFFER
//       errorCode => INT16
//       errorMessage => COMPACT_NULLABLE_STRING
//       resourceType => INT8
//       resourceName => COMPACT_STRING
//       configs => name value readOnly configSource isSensitive [synonyms] configType documentation TAG_BUFFER
//         name => COMPACT_STRING
//         value => COMPACT_NULLABLE_STRING
//         readOnly => BOOLEAN
//         isDefault => BOOLEAN  (v0 only)
//         configSource => INT8  (v1+)
//         isSensitive => BOOLEAN
//         synonyms => name value source TAG_BUFFER  (v1+)
//           name => COMPACT_STRING
//           value => COMPACT_NULLABLE_STRING
//           source => INT8
//         configType => INT8  (v3+)
//         documentation => COMPACT_NULLABLE_STRING  (v3+)
import { defineApi } from '../api-spec';
import { MessageSchema } from '../schema';

/** Kafka's ConfigResource.Type ids. */
export const ConfigResourceType = {
  UNKNOWN: 0,
  ANY: 1,
  TOPIC: 2,
  GROUP: 3,
  BROKER: 4,
  BROKER_LOGGER: 8,
} as const;

/** Kafka's DescribeConfigsResponse.ConfigSource ids. */
export const ConfigSource = {
  UNKNOWN: 0,
  DYNAMIC_TOPIC_CONFIG: 1,
  DYNAMIC_BROKER_CONFIG: 2,
  DYNAMIC_DEFAULT_BROKER_CONFIG: 3,
  STATIC_BROKER_CONFIG: 4,
  DEFAULT_CONFIG: 5,
  DYNAMIC_BROKER_LOGGER_CONFIG: 6,
} as const;

export interface DescribeConfigsResource {
  resourceType: number;
  resourceName: string;
  /** null = every key. */
  configurationKeys: string[] | null;
}

export interface DescribeConfigsRequest {
  resources: DescribeConfigsResource[];
  includeSynonyms: boolean;
  includeDocumentation: boolean;
}

export interface DescribeConfigsSynonym {
  name: string;
  value: string | null;
  source: number;
}

export interface DescribeConfigsResourceResult {
  name: string;
  value: string | null;
  readOnly: boolean;
  /** v0 only. */
  isDefault: boolean;
  /** v1+; -1 when absent. */
  configSource: number;
  isSensitive: boolean;
  synonyms: DescribeConfigsSynonym[];
  configType: number;
  documentation: string | null;
}

export interface DescribeConfigsResult {
  errorCode: number;
  errorMessage: string | null;
  resourceType: number;
  resourceName: string;
  configs: DescribeConfigsResourceResult[];
}

export interface DescribeConfigsResponse {
  throttleTimeMs: number;
  results: DescribeConfigsResult[];
}

const common = { apiKey: 32, validVersions: '0-4', flexibleVersions: '4+' } as const;

export const describeConfigsRequestSchema: MessageSchema = {
  ...common,
  name: 'DescribeConfigsRequest',
  fields: [
    {
      name: 'resources',
      type: '[]struct',
      versions: '0+',
      fields: [
        { name: 'resourceType', type: 'int8', versions: '0+' },
        { name: 'resourceName', type: 'string', versions: '0+' },
        { name: 'configurationKeys', type: '[]string', versions: '0+', nullableVersions: '0+' },
      ],
    },
    { name: 'includeSynonyms', type: 'bool', versions: '1+', default: false },
    { name: 'includeDocumentation', type: 'bool', versions: '3+', default: false },
  ],
};

export const describeConfigsResponseSchema: MessageSchema = {
  ...common,
  name: 'DescribeConfigsResponse',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
    {
      name: 'results',
      type: '[]struct',
      versions: '0+',
      fields: [
        { name: 'errorCode', type: 'int16', versions: '0+' },
        { name: 'errorMessage', type: 'string', versions: '0+', nullableVersions: '0+' },
        { name: 'resourceType', type: 'int8', versions: '0+' },
        { name: 'resourceName', type: 'string', versions: '0+' },
        {
          name: 'configs',
          type: '[]struct',
          versions: '0+',
          fields: [
            { name: 'name', type: 'string', versions: '0+' },
            { name: 'value', type: 'string', versions: '0+', nullableVersions: '0+' },
            { name: 'readOnly', type: 'bool', versions: '0+' },
            { name: 'isDefault', type: 'bool', versions: '0' },
            { name: 'configSource', type: 'int8', versions: '1+', default: -1 },
            { name: 'isSensitive', type: 'bool', versions: '0+' },
            {
              name: 'synonyms',
              type: '[]struct',
              versions: '1+',
              fields: [
                { name: 'name', type: 'string', versions: '1+' },
                { name: 'value', type: 'string', versions: '1+', nullableVersions: '0+' },
                { name: 'source', type: 'int8', versions: '1+' },
              ],
            },
            { name: 'configType', type: 'int8', versions: '3+', default: 0 },
            { name: 'documentation', type: 'string', versions: '3+', nullableVersions: '0+' },
          ],
        },
      ],
    },
  ],
};

export const describeConfigsApi = defineApi<DescribeConfigsRequest, DescribeConfigsResponse>({
  served: '0-2',
  request: describeConfigsRequestSchema,
  response: describeConfigsResponseSchema,
});
