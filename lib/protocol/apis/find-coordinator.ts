// FindCoordinator (key 10), versions 0-4, flexible from 3. Versions 0-3 ask for one key and get
// one coordinator back; version 4 (Kafka 3.x, KIP-699) batches keys in coordinatorKeys and
// answers one coordinators entry per key. Kafka 2.8.2 defines 0-3; v4 is taken from Kafka 3.2
// because @platformatic/kafka only speaks v4.
//
// Grammar of the newest version (flexible versions end every struct with TAG_BUFFER):
//   FindCoordinator Request (Version: 4) => keyType [coordinatorKeys] TAG_BUFFER
//     keyType => INT8
//     coordinatorKeys => COMPACT_ARRAY of COMPACT_STRING
//
//   FindCoordinator Response (Version: 4) => throttleTimeMs [coordinators] TAG_BUFFER
//     throttleTimeMs => INT32
//     coordinators => key nodeId host port errorCode errorMessage TAG_BUFFER
//       key => COMPACT_STRING
//       nodeId => INT32
//       host => COMPACT_STRING
//       port => INT32
//       errorCode => INT16
//       errorMessage => COMPACT_NULLABLE_STRING
import { defineApi } from '../api-spec';
import { MessageSchema } from '../schema';

export interface FindCoordinatorRequest {
  /** v0-3 */
  key: string;
  /** v1+: 0 group, 1 transaction */
  keyType: number;
  /** v4+ */
  coordinatorKeys: string[];
}

export interface Coordinator {
  key: string;
  nodeId: number;
  host: string;
  port: number;
  errorCode: number;
  errorMessage: string | null;
}

export interface FindCoordinatorResponse {
  /** v1+ */
  throttleTimeMs: number;
  /** v0-3 */
  errorCode: number;
  /** v1-3 */
  errorMessage: string | null;
  /** v0-3 */
  nodeId: number;
  /** v0-3 */
  host: string;
  /** v0-3 */
  port: number;
  /** v4+ */
  coordinators: Coordinator[];
}

const common = { apiKey: 10, validVersions: '0-4', flexibleVersions: '3+' } as const;

export const findCoordinatorRequestSchema: MessageSchema = {
  ...common,
  name: 'FindCoordinatorRequest',
  fields: [
    { name: 'key', type: 'string', versions: '0-3' },
    { name: 'keyType', type: 'int8', versions: '1+', default: 0 },
    { name: 'coordinatorKeys', type: '[]string', versions: '4+' },
  ],
};

export const findCoordinatorResponseSchema: MessageSchema = {
  ...common,
  name: 'FindCoordinatorResponse',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '1+' },
    { name: 'errorCode', type: 'int16', versions: '0-3' },
    { name: 'errorMessage', type: 'string', versions: '1-3', nullableVersions: '1-3' },
    { name: 'nodeId', type: 'int32', versions: '0-3' },
    { name: 'host', type: 'string', versions: '0-3' },
    { name: 'port', type: 'int32', versions: '0-3' },
    {
      name: 'coordinators',
      type: '[]struct',
      versions: '4+',
      fields: [
        { name: 'key', type: 'string', versions: '4+' },
        { name: 'nodeId', type: 'int32', versions: '4+' },
        { name: 'host', type: 'string', versions: '4+' },
        { name: 'port', type: 'int32', versions: '4+' },
        { name: 'errorCode', type: 'int16', versions: '4+' },
        { name: 'errorMessage', type: 'string', versions: '4+', nullableVersions: '4+' },
      ],
    },
  ],
};

export const findCoordinatorApi = defineApi<FindCoordinatorRequest, FindCoordinatorResponse>({
  served: '0-4',
  request: findCoordinatorRequestSchema,
  response: findCoordinatorResponseSchema,
});
