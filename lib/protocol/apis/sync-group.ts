// SyncGroup (key 14), Kafka versions 0-5, flexible from 4. Samsa serves 0-4: v5 adds the
// protocol type and name, which no client we serve needs. The leader sends every member's
// assignment; every member gets its own back.
//
// Grammar of the newest version (flexible versions end every struct with TAG_BUFFER):
//   SyncGroup Request (Version: 5) => groupId generationId memberId groupInstanceId protocolType protocolName [assignments] TAG_BUFFER
//     groupId => COMPACT_STRING
//     generationId => INT32
//     memberId => COMPACT_STRING
//     groupInstanceId => COMPACT_NULLABLE_STRING
//     protocolType => COMPACT_NULLABLE_STRING
//     protocolName => COMPACT_NULLABLE_STRING
//     assignments => memberId assignment TAG_BUFFER
//       memberId => COMPACT_STRING
//       assignment => COMPACT_BYTES
//
//   SyncGroup Response (Version: 5) => throttleTimeMs errorCode protocolType protocolName assignment TAG_BUFFER
//     throttleTimeMs => INT32
//     errorCode => INT16
//     protocolType => COMPACT_NULLABLE_STRING
//     protocolName => COMPACT_NULLABLE_STRING
//     assignment => COMPACT_BYTES
import { defineApi } from '../api-spec';
import { MessageSchema } from '../schema';

export interface SyncGroupRequestAssignment {
  memberId: string;
  /** opaque; for protocol type "consumer" a ConsumerProtocolAssignment */
  assignment: Buffer;
}

export interface SyncGroupRequest {
  groupId: string;
  generationId: number;
  memberId: string;
  /** v3+, default null */
  groupInstanceId: string | null;
  /** v5+, default null */
  protocolType: string | null;
  /** v5+, default null */
  protocolName: string | null;
  assignments: SyncGroupRequestAssignment[];
}

export interface SyncGroupResponse {
  /** v1+ */
  throttleTimeMs: number;
  errorCode: number;
  /** v5+, default null */
  protocolType: string | null;
  /** v5+, default null */
  protocolName: string | null;
  assignment: Buffer;
}

const common = { apiKey: 14, validVersions: '0-5', flexibleVersions: '4+' } as const;

export const syncGroupRequestSchema: MessageSchema = {
  ...common,
  name: 'SyncGroupRequest',
  fields: [
    { name: 'groupId', type: 'string', versions: '0+' },
    { name: 'generationId', type: 'int32', versions: '0+' },
    { name: 'memberId', type: 'string', versions: '0+' },
    { name: 'groupInstanceId', type: 'string', versions: '3+', nullableVersions: '3+', default: null },
    { name: 'protocolType', type: 'string', versions: '5+', nullableVersions: '5+', default: null },
    { name: 'protocolName', type: 'string', versions: '5+', nullableVersions: '5+', default: null },
    {
      name: 'assignments',
      type: '[]struct',
      versions: '0+',
      fields: [
        { name: 'memberId', type: 'string', versions: '0+' },
        { name: 'assignment', type: 'bytes', versions: '0+' },
      ],
    },
  ],
};

export const syncGroupResponseSchema: MessageSchema = {
  ...common,
  name: 'SyncGroupResponse',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '1+' },
    { name: 'errorCode', type: 'int16', versions: '0+' },
    { name: 'protocolType', type: 'string', versions: '5+', nullableVersions: '5+', default: null },
    { name: 'protocolName', type: 'string', versions: '5+', nullableVersions: '5+', default: null },
    { name: 'assignment', type: 'bytes', versions: '0+' },
  ],
};

export const syncGroupApi = defineApi<SyncGroupRequest, SyncGroupResponse>({
  served: '0-4',
  request: syncGroupRequestSchema,
  response: syncGroupResponseSchema,
});
