// Generated from lib/protocol/messages/describe-configs.json by `make generate`: edit the source, not this file.
//
// DescribeConfigs (key 32): Kafka defines versions 0-4, flexible 4+; Samsa serves 0-2. v1 adds
// includeSynonyms and, in the answer, each config's source and synonyms (v0 has isDefault instead);
// v2 only changes throttling; v3 adds includeDocumentation and each config's type and
// documentation.
//
// Newest version, in the notation of Kafka's protocol guide:
//   DescribeConfigs Request (Version: 4) => [resources] includeSynonyms includeDocumentation TAG_BUFFER
//     resources => resourceType resourceName [configurationKeys] TAG_BUFFER
//       resourceType => INT8
//       resourceName => COMPACT_STRING
//       configurationKeys => COMPACT_STRING  (nullable)
//     includeSynonyms => BOOLEAN
//     includeDocumentation => BOOLEAN
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
//         configSource => INT8
//         isSensitive => BOOLEAN
//         synonyms => name value source TAG_BUFFER
//           name => COMPACT_STRING
//           value => COMPACT_NULLABLE_STRING
//           source => INT8
//         configType => INT8
//         documentation => COMPACT_NULLABLE_STRING
import { defineApi } from '../api-spec';
import source from '../messages/describe-configs.json';

export interface DescribeConfigsResource {
  resourceType: number;
  resourceName: string;
  /** null = every key. */
  configurationKeys: string[] | null;
}

export interface DescribeConfigsRequest {
  resources: DescribeConfigsResource[];
  /** v1+, default false */
  includeSynonyms: boolean;
  /** v3+, default false */
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
  /** v0: v0 only. */
  isDefault: boolean;
  /** v1+, default -1: v1+; -1 when absent. */
  configSource: number;
  isSensitive: boolean;
  /** v1+ */
  synonyms: DescribeConfigsSynonym[];
  /** v3+, default 0 */
  configType: number;
  /** v3+ */
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

export const describeConfigsApi = defineApi<DescribeConfigsRequest, DescribeConfigsResponse>(source);
