// ApiVersions (key 18), Kafka versions 0-3, flexible from 3. The response header is always v0
// (see header.ts) so that a client of any age can read the broker's answer.
//
// Grammar of the newest version (flexible versions end every struct with TAG_BUFFER):
//   ApiVersions Request (Version: 3) => clientSoftwareName clientSoftwareVersion TAG_BUFFER
//     clientSoftwareName => COMPACT_STRING
//     clientSoftwareVersion => COMPACT_STRING
//
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
import { MessageSchema } from '../schema';

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
  /** v3+, tagged */
  supportedFeatures?: SupportedFeatureKey[];
  /** v3+, tagged */
  finalizedFeaturesEpoch?: number;
  /** v3+, tagged */
  finalizedFeatures?: FinalizedFeatureKey[];
}

const common = { apiKey: 18, validVersions: '0-3', flexibleVersions: '3+' } as const;

export const apiVersionsRequestSchema: MessageSchema = {
  ...common,
  name: 'ApiVersionsRequest',
  fields: [
    { name: 'clientSoftwareName', type: 'string', versions: '3+' },
    { name: 'clientSoftwareVersion', type: 'string', versions: '3+' },
  ],
};

export const apiVersionsResponseSchema: MessageSchema = {
  ...common,
  name: 'ApiVersionsResponse',
  fields: [
    { name: 'errorCode', type: 'int16', versions: '0+' },
    {
      name: 'apiKeys',
      type: '[]struct',
      versions: '0+',
      fields: [
        { name: 'apiKey', type: 'int16', versions: '0+' },
        { name: 'minVersion', type: 'int16', versions: '0+' },
        { name: 'maxVersion', type: 'int16', versions: '0+' },
      ],
    },
    { name: 'throttleTimeMs', type: 'int32', versions: '1+' },
    {
      name: 'supportedFeatures',
      type: '[]struct',
      versions: '3+',
      tag: 0,
      taggedVersions: '3+',
      fields: [
        { name: 'name', type: 'string', versions: '3+' },
        { name: 'minVersion', type: 'int16', versions: '3+' },
        { name: 'maxVersion', type: 'int16', versions: '3+' },
      ],
    },
    { name: 'finalizedFeaturesEpoch', type: 'int64', versions: '3+', tag: 1, taggedVersions: '3+', default: -1 },
    {
      name: 'finalizedFeatures',
      type: '[]struct',
      versions: '3+',
      tag: 2,
      taggedVersions: '3+',
      fields: [
        { name: 'name', type: 'string', versions: '3+' },
        { name: 'maxVersionLevel', type: 'int16', versions: '3+' },
        { name: 'minVersionLevel', type: 'int16', versions: '3+' },
      ],
    },
  ],
};

export const apiVersionsApi = defineApi<ApiVersionsRequest, ApiVersionsResponse>({
  served: '0-3',
  request: apiVersionsRequestSchema,
  response: apiVersionsResponseSchema,
});
