// LeaveGroup (key 13), Kafka versions 0-4, flexible from 4. Versions 0-2 name one member;
// version 3+ (KIP-345) names a batch of members, each answered with its own error code.
//
// Grammar of the newest version (flexible versions end every struct with TAG_BUFFER):
//   LeaveGroup Request (Version: 4) => groupId [members] TAG_BUFFER
//     groupId => COMPACT_STRING
//     members => memberId groupInstanceId TAG_BUFFER
//       memberId => COMPACT_STRING
//       groupInstanceId => COMPACT_NULLABLE_STRING
//   (v0-2: groupId memberId)
//
//   LeaveGroup Response (Version: 4) => throttleTimeMs errorCode [members] TAG_BUFFER
//     throttleTimeMs => INT32
//     errorCode => INT16
//     members => memberId groupInstanceId errorCode TAG_BUFFER
//       memberId => COMPACT_STRING
//       groupInstanceId => COMPACT_NULLABLE_STRING
//       errorCode => INT16
import { defineApi } from '../api-spec';
import { MessageSchema } from '../schema';

export interface MemberIdentity {
  memberId: string;
  /** default null */
  groupInstanceId: string | null;
}

export interface LeaveGroupRequest {
  groupId: string;
  /** v0-2 */
  memberId: string;
  /** v3+ */
  members: MemberIdentity[];
}

export interface MemberResponse {
  memberId: string;
  groupInstanceId: string | null;
  errorCode: number;
}

export interface LeaveGroupResponse {
  /** v1+ */
  throttleTimeMs: number;
  errorCode: number;
  /** v3+ */
  members: MemberResponse[];
}

const common = { apiKey: 13, validVersions: '0-4', flexibleVersions: '4+' } as const;

export const leaveGroupRequestSchema: MessageSchema = {
  ...common,
  name: 'LeaveGroupRequest',
  fields: [
    { name: 'groupId', type: 'string', versions: '0+' },
    { name: 'memberId', type: 'string', versions: '0-2' },
    {
      name: 'members',
      type: '[]struct',
      versions: '3+',
      fields: [
        { name: 'memberId', type: 'string', versions: '3+' },
        { name: 'groupInstanceId', type: 'string', versions: '3+', nullableVersions: '3+', default: null },
      ],
    },
  ],
};

export const leaveGroupResponseSchema: MessageSchema = {
  ...common,
  name: 'LeaveGroupResponse',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '1+' },
    { name: 'errorCode', type: 'int16', versions: '0+' },
    {
      name: 'members',
      type: '[]struct',
      versions: '3+',
      fields: [
        { name: 'memberId', type: 'string', versions: '3+' },
        { name: 'groupInstanceId', type: 'string', versions: '3+', nullableVersions: '3+' },
        { name: 'errorCode', type: 'int16', versions: '3+' },
      ],
    },
  ],
};

export const leaveGroupApi = defineApi<LeaveGroupRequest, LeaveGroupResponse>({
  served: '0-4',
  request: leaveGroupRequestSchema,
  response: leaveGroupResponseSchema,
});
