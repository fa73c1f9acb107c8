// Generated from lib/protocol/messages/join-group.json by `make generate`: edit the source, not this file.
//
// JoinGroup (key 11): Kafka defines versions 0-7, flexible 6+; Samsa serves 0-6. Samsa serves 0-6:
// v7 adds the protocol type to the response, which no client we serve needs.
//
// Newest version, in the notation of Kafka's protocol guide:
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
import source from '../messages/join-group.json';

export interface JoinGroupRequestProtocol {
  name: string;
  /** opaque; for protocol type "consumer" a ConsumerProtocolSubscription */
  metadata: Buffer;
}

export interface JoinGroupRequest {
  groupId: string;
  sessionTimeoutMs: number;
  /** v1+, default -1 */
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
  /** default -1: default -1 */
  generationId: number;
  /** v7+, default null */
  protocolType: string | null;
  /** nullable v7+, default "": nullable v7+ */
  protocolName: string | null;
  leader: string;
  memberId: string;
  members: JoinGroupResponseMember[];
}

export const joinGroupApi = defineApi<JoinGroupRequest, JoinGroupResponse>(source);
