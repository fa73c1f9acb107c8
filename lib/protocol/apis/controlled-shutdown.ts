// ControlledShutdown (key 7), Kafka versions 0-3, flexible from 3. A broker about to stop asks
// the controller to move leadership away from it; the response lists the partitions it still
// leads (the broker retries until that list is empty). v0 travels under request header v0 (no
// client id) — header.ts picks that header version, the body is the same as v1.
//
// Grammar of the newest version (flexible versions end every struct with TAG_BUFFER):
//   ControlledShutdown Request (Version: 3) => brokerId brokerEpoch TAG_BUFFER
//     brokerId => INT32
//     brokerEpoch => INT64
//
//   ControlledShutdown Response (Version: 3) => errorCode [remainingPartitions] TAG_BUFFER
//     errorCode => INT16
//     remainingPartitions => topicName partitionIndex TAG_BUFFER
//       topicName => COMPACT_STRING
//       partitionIndex => INT32
import { defineApi } from '../api-spec';
import { MessageSchema } from '../schema';

export interface ControlledShutdownRequest {
  brokerId: number;
  /** v2+, default -1 */
  brokerEpoch: number;
}

/** Kafka keys these by (topicName, partitionIndex); on the wire they are a plain array. */
export interface RemainingPartition {
  topicName: string;
  partitionIndex: number;
}

export interface ControlledShutdownResponse {
  errorCode: number;
  remainingPartitions: RemainingPartition[];
}

const common = { apiKey: 7, validVersions: '0-3', flexibleVersions: '3+' } as const;

export const controlledShutdownRequestSchema: MessageSchema = {
  ...common,
  name: 'ControlledShutdownRequest',
  fields: [
    { name: 'brokerId', type: 'int32', versions: '0+' },
    { name: 'brokerEpoch', type: 'int64', versions: '2+', default: -1 },
  ],
};

export const controlledShutdownResponseSchema: MessageSchema = {
  ...common,
  name: 'ControlledShutdownResponse',
  fields: [
    { name: 'errorCode', type: 'int16', versions: '0+' },
    {
      name: 'remainingPartitions',
      type: '[]struct',
      versions: '0+',
      fields: [
        { name: 'topicName', type: 'string', versions: '0+' },
        { name: 'partitionIndex', type: 'int32', versions: '0+' },
      ],
    },
  ],
};

export const controlledShutdownApi = defineApi<ControlledShutdownRequest, ControlledShutdownResponse>({
  served: '0-3',
  request: controlledShutdownRequestSchema,
  response: controlledShutdownResponseSchema,
});
