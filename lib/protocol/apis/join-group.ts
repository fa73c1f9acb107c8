// JoinGroup (key 11), Kafka versions 0-7, flexible from 6. Samsa serves 0-6: v7 adds the
// protocol type to the response, which no client we serve needs.
//
// Grammar of the newest version (flexible versions end every struct with TAG_BUFFER):
//   JoinGroup Request (Version: 7) => groupId sessionTimeoutMs rebalanceTimeoutMs memberId groupInstanceId protocolType [protocols] TAG_BUFFER
//     groupId => COMPACT_STRING
//     sessionTimeoutMs => INT32
//     rebalanceTimeoutMs => INT32
//     memberId => COMPACT_STRING
//     groupInstanceId => COMPACT_NULLABLE_STRING
//     protocolType => COMPACT_STRING
//     protocols => name metadata TAG_BUFFER
//       name => COMPACT_STRING
//       metadata => COMPACT_BYTES
//
//   JoinGroup Response (Version: 7) => throttleTimeMs errorCode generationId protocolType protocolName leader memberId [members] TAG_BUFFER
//     throttleTimeMs => INT32
//     errorCode => INT16
//     generationId => INT32
//     protocolType => COMPACT_NULLABLE_STRING
//     protocolName => COMPACT_NULLABLE_STRING
//     leader => COMPACT_STRING
//     memberId => COMPACT_STRING
//     members => memberId groupInstanceId metadata TAG_BUFFER
//       memberId => COMPACT_STRING
//       groupInstanceId => COMPACT_NULLABLE_STRING
//       metadata => COMPACT_BYTES
import { defineApi } from '../api-spec';
import { MessageSchema } from '../schema';

export interface JoinGroupRequestProtocol {
  name: string;
  /** opaque; for protocol type "consumer" a ConsumerProtocolSubscription */
  metadata: Buffer;
}

export interface JoinGroupRequest {
  groupId: string;
  sessionTimeoutMs: number;
  /** v1+, default -1 (v0: the session timeout applies) */
  rebalanceTimeoutMs: number;
  /** '' = unknown member */
  memberId: string;
  /** v5+, default null */
  groupInstanceId: string | null;
  protocolType: string;
  protocols: JoinGroupRequestProtocol[];
}

export interface JoinGroupResponseMember {
  memberId: string;
  /** v5+, default null */
  groupInstanceId: string | null;
  metadata: Buffer;
}

export interface JoinGroupResponse {
  /** v2+ */
  throttleTimeMs: number;
  errorCode: number;
  /** default -1 */
  generationId: number;
  /** v7+, default null */
  protocolType: string | null;
  /** nullable v7+ */
  protocolName: string | null;
  leader: string;
  memberId: string;
  members: JoinGroupResponseMember[];
}

const common = { apiKey: 11, validVersions: '0-7', flexibleVersions: '6+' } as const;

export const joinGroupRequestSchema: MessageSchema = {
  ...common,
  name: 'JoinGroupRequest',
  fields: [
    { name: 'groupId', type: 'string', versions: '0+' },
    { name: 'sessionTimeoutMs', type: 'int32', versions: '0+' },
    { name: 'rebalanceTimeoutMs', type: 'int32', versions: '1+', default: -1 },
    { name: 'memberId', type: 'string', versions: '0+' },
    { name: 'groupInstanceId', type: 'string', versions: '5+', nullableVersions: '5+', default: null },
    { name: 'protocolType', type: 'string', versions: '0+' },
    {
      name: 'protocols',
      type: '[]struct',
      versions: '0+',
      fields: [
        { name: 'name', type: 'string', versions: '0+' },
        { name: 'metadata', type: 'bytes', versions: '0+' },
      ],
    },
  ],
};

export const joinGroupResponseSchema: MessageSchema = {
  ...common,
  name: 'JoinGroupResponse',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '2+' },
    { name: 'errorCode', type: 'int16', versions: '0+' },
    { name: 'generationId', type: 'int32', versions: '0+', default: -1 },
    { name: 'protocolType', type: 'string', versions: '7+', nullableVersions: '7+', default: null },
    { name: 'protocolName', type: 'string', versions: '0+', nullableVersions: '7+', default: '' },
    { name: 'leader', type: 'string', versions: '0+' },
    { name: 'memberId', type: 'string', versions: '0+' },
    {
      name: 'members',
      type: '[]struct',
      versions: '0+',
      fields: [
        { name: 'memberId', type: 'string', versions: '0+' },
        { name: 'groupInstanceId', type: 'string', versions: '5+', nullableVersions: '5+', default: null },
        { name: 'metadata', type: 'bytes', versions: '0+' },
      ],
    },
  ],
};

export const joinGroupApi = defineApi<JoinGroupRequest, JoinGroupResponse>({
  served: '0-6',
  request: joinGroupRequestSchema,
  response: joinGroupResponseSchema,
});
