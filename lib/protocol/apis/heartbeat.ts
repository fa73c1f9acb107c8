// Heartbeat (key 12), Kafka versions 0-4, flexible from 4. A member proves it is alive; the
// error code tells it whether a rebalance is under way.
//
// Grammar of the newest version (flexible versions end every struct with TAG_BUFFER):
//   Heartbeat Request (Version: 4) => groupId generationId memberId groupInstanceId TAG_BUFFER
//     groupId => COMPACT_STRING
//     generationId => INT32
//     memberId => COMPACT_STRING
//     groupInstanceId => COMPACT_NULLABLE_STRING
//
//   Heartbeat Response (Version: 4) => throttleTimeMs errorCode TAG_BUFFER
//     throttleTimeMs => INT32
//     errorCode => INT16
import { defineApi } from '../api-spec';
import { MessageSchema } from '../schema';

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

const common = { apiKey: 12, validVersions: '0-4', flexibleVersions: '4+' } as const;

export const heartbeatRequestSchema: MessageSchema = {
  ...common,
  name: 'HeartbeatRequest',
  fields: [
    { name: 'groupId', type: 'string', versions: '0+' },
    { name: 'generationId', type: 'int32', versions: '0+' },
    { name: 'memberId', type: 'string', versions: '0+' },
    { name: 'groupInstanceId', type: 'string', versions: '3+', nullableVersions: '3+', default: null },
  ],
};

export const heartbeatResponseSchema: MessageSchema = {
  ...common,
  name: 'HeartbeatResponse',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '1+' },
    { name: 'errorCode', type: 'int16', versions: '0+' },
  ],
};

export const heartbeatApi = defineApi<HeartbeatRequest, HeartbeatResponse>({
  served: '0-4',
  request: heartbeatRequestSchema,
  response: heartbeatResponseSchema,
});
