// Generated from lib/protocol/messages/leave-group.json by `make generate`: edit the source, not this file.
//
// LeaveGroup (key 13): Kafka defines versions 0-4, flexible 4+; Samsa serves 0-4. Versions 0-2 name
// one member; version 3+ (KIP-345) names a batch of members, each answered with its own error code.
//
// Newest version, in the notation of Kafka's protocol guide:
//   LeaveGroup Request (Version: 4) => groupId [members] TAG_BUFFER
//     groupId => COMPACT_STRING
//     members => memberId groupInstanceId TAG_BUFFER
//       memberId => COMPACT_STRING
//       groupInstanceId => COMPACT_NULLABLE_STRING
//   LeaveGroup Response (Version: 4) => throttleTimeMs errorCode [members] TAG_BUFFER
//     throttleTimeMs => INT32
//     errorCode => INT16
//     members => memberId groupInstanceId errorCode TAG_BUFFER
//       memberId => COMPACT_STRING
//       groupInstanceId => COMPACT_NULLABLE_STRING
//       errorCode => INT16
import { defineApi } from '../api-spec';
import source from '../messages/leave-group.json';

export interface MemberIdentity {
  memberId: string;
  /** default null: default null */
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

export const leaveGroupApi = defineApi<LeaveGroupRequest, LeaveGroupResponse>(source);
