// Generated from lib/protocol/messages/heartbeat.json by `make generate`: edit the source, not this file.
//
// Heartbeat (key 12): Kafka defines versions 0-4, flexible 4+; Samsa serves 0-4. A member proves it
// is alive; the error code tells it whether a rebalance is under way.
//
// Newest version, in the notation of Kafka's protocol guide:
//   Heartbeat Request (Version: 4) => groupId generationId memberId groupInstanceId TAG_BUFFER
//     groupId => COMPACT_STRING
//     generationId => INT32
//     memberId => COMPACT_STRING
//     groupInstanceId => COMPACT_NULLABLE_STRING
//   Heartbeat Response (Version: 4) => throttleTimeMs errorCode TAG_BUFFER
//     throttleTimeMs => INT32
//     errorCode => INT16
import { defineApi } from '../api-spec';
import source from '../messages/heartbeat.json';

export interface HeartbeatRequest {
  groupId: string;
  generationId: number;
  memberId: string;
  /** v3+, default null */
  groupInstanceId: string | null;
}

export interface HeartbeatResponse {
  /** v1+ */
  throttleTimeMs: number;
  errorCode: number;
}

export const heartbeatApi = defineApi<HeartbeatRequest, HeartbeatResponse>(source);
