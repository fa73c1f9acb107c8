// Generated from lib/protocol/messages/api-versions.json by `make generate`: edit the source, not this file.
//
// ApiVersions (key 18): Kafka defines versions 0-3, flexible 3+; Samsa serves 0-3. The response
// header is always v0 (see header.ts) so that a client of any age can read the broker's answer.
//
// Newest version, in the notation of Kafka's protocol guide:
//   ApiVersions Request (Version: 3) => clientSoftwareName clientSoftwareVersion TAG_BUFFER
//     clientSoftwareName => COMPACT_STRING
//     clientSoftwareVersion => COMPACT_STRING
//   ApiVersions Response (Version: 3) => errorCode [apiKeys] throttleTimeMs TAG_BUFFER
//     errorCode => INT16
//     apiKeys => apiKey minVersion maxVersion TAG_BUFFER
//       apiKey => INT16
//       minVersion => INT16
//       maxVersion => INT16
//     throttleTimeMs => INT32
//     tag 0: supportedFeatures => name minVersion maxVersion TAG_BUFFER
//       name => COMPACT_STRING
//       minVersion => INT16
//       maxVersion => INT16
//     tag 1: finalizedFeaturesEpoch => INT64
//     tag 2: finalizedFeatures => name maxVersionLevel minVersionLevel TAG_BUFFER
//       name => COMPACT_STRING
//       maxVersionLevel => INT16
//       minVersionLevel => INT16
import { defineApi } from '../api-spec';
import source from '../messages/api-versions.json';

export interface ApiVersionsRequest {
  /** v3+ */
  clientSoftwareName: string;
  /** v3+ */
  clientSoftwareVersion: string;
}

export interface ApiVersionsResponseKey {
  apiKey: number;
  minVersion: number;
  maxVersion: number;
}

export interface SupportedFeatureKey {
  name: string;
  minVersion: number;
  maxVersion: number;
}

export interface FinalizedFeatureKey {
  name: string;
  maxVersionLevel: number;
  minVersionLevel: number;
}

export interface ApiVersionsResponse {
  errorCode: number;
  apiKeys: ApiVersionsResponseKey[];
  /** v1+ */
  throttleTimeMs: number;
  /** v3+, tag 0 */
  supportedFeatures?: SupportedFeatureKey[];
  /** v3+, tag 1, default -1 */
  finalizedFeaturesEpoch?: number;
  /** v3+, tag 2 */
  finalizedFeatures?: FinalizedFeatureKey[];
}

export const apiVersionsApi = defineApi<ApiVersionsRequest, ApiVersionsResponse>(source);
