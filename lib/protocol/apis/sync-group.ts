// Generated from lib/protocol/messages/sync-group.json by `make generate`: edit the source, not this file.
//
// SyncGroup (key 14): Kafka defines versions 0-5, flexible 4+; Samsa serves 0-4. Samsa serves 0-4:
// v5 adds the protocol type and name, which no client we serve needs. The leader sends every
// member's assignment; every member gets its own back.
//
// Newest version, in the notation of Kafka's protocol guide:
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
//   SyncGroup Response (Version: 5) => throttleTimeMs errorCode protocolType protocolName assignment TAG_BUFFER
//     throttleTimeMs => INT32
//     errorCode => INT16
//     protocolType => COMPACT_NULLABLE_STRING
//     protocolName => COMPACT_NULLABLE_STRING
//     assignment => COMPACT_BYTES
import { defineApi } from '../api-spec';
import source from '../messages/sync-group.json';

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

export const syncGroupApi = defineApi<SyncGroupRequest, SyncGroupResponse>(source);
