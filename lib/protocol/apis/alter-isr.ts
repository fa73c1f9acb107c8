// AlterIsr (key 56), Kafka version 0 only, flexible from 0 (KIP-497, Kafka 2.7+). A partition
// leader proposes a new ISR to the controller, naming the ISR version (the partition state
// znode's zkVersion) it changes; the controller answers with the state it actually holds.
//
// Grammar (flexible: every struct ends with TAG_BUFFER):
//   AlterIsr Request (Version: 0) => brokerId brokerEpoch [topics] TAG_BUFFER
//     brokerId => INT32
//     brokerEpoch => INT64
//     topics => name [partitions] TAG_BUFFER
//       name => COMPACT_STRING
//       partitions => partitionIndex leaderEpoch [newIsr] currentIsrVersion TAG_BUFFER
//         partitionIndex => INT32
//         leaderEpoch => INT32
//         newIsr => COMPACT_ARRAY of INT32
//         currentIsrVersion => INT32
//
//   AlterIsr Response (Version: 0) => throttleTimeMs errorCode [topics] TAG_BUFFER
//     throttleTimeMs => INT32
//     errorCode => INT16
//     topics => name [partitions] TAG_BUFFER
//       name => COMPACT_STRING
//       partitions => partitionIndex errorCode leaderId leaderEpoch [isr] currentIsrVersion TAG_BUFFER
//         partitionIndex => INT32
//         errorCode => INT16
//         leaderId => INT32
//         leaderEpoch => INT32
//         isr => COMPACT_ARRAY of INT32
//         currentIsrVersion => INT32
import { defineApi } from '../api-spec';
import { MessageSchema } from '../schema';

export interface AlterIsrRequestPartition {
  partitionIndex: number;
  leaderEpoch: number;
  newIsr: number[];
  /** the zkVersion of the partition state the leader last saw */
  currentIsrVersion: number;
}

export interface AlterIsrRequestTopic {
  name: string;
  partitions: AlterIsrRequestPartition[];
}

export interface AlterIsrRequest {
  brokerId: number;
  /** default -1 */
  brokerEpoch: number;
  topics: AlterIsrRequestTopic[];
}

export interface AlterIsrResponsePartition {
  partitionIndex: number;
  errorCode: number;
  leaderId: number;
  leaderEpoch: number;
  isr: number[];
  currentIsrVersion: number;
}

export interface AlterIsrResponseTopic {
  name: string;
  partitions: AlterIsrResponsePartition[];
}

export interface AlterIsrResponse {
  throttleTimeMs: number;
  errorCode: number;
  topics: AlterIsrResponseTopic[];
}

const common = { apiKey: 56, validVersions: '0', flexibleVersions: '0+' } as const;

export const alterIsrRequestSchema: MessageSchema = {
  ...common,
  name: 'AlterIsrRequest',
  fields: [
    { name: 'brokerId', type: 'int32', versions: '0+' },
    { name: 'brokerEpoch', type: 'int64', versions: '0+', default: -1 },
    {
      name: 'topics',
      type: '[]struct',
      versions: '0+',
      fields: [
        { name: 'name', type: 'string', versions: '0+' },
        {
          name: 'partitions',
          type: '[]struct',
          versions: '0+',
          fields: [
            { name: 'partitionIndex', type: 'int32', versions: '0+' },
            { name: 'leaderEpoch', type: 'int32', versions: '0+' },
            { name: 'newIsr', type: '[]int32', versions: '0+' },
            { name: 'currentIsrVersion', type: 'int32', versions: '0+' },
          ],
        },
      ],
    },
  ],
};

export const alterIsrResponseSchema: MessageSchema = {
  ...common,
  name: 'AlterIsrResponse',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
    { name: 'errorCode', type: 'int16', versions: '0+' },
    {
      name: 'topics',
      type: '[]struct',
      versions: '0+',
      fields: [
        { name: 'name', type: 'string', versions: '0+' },
        {
          name: 'partitions',
          type: '[]struct',
          versions: '0+',
          fields: [
            { name: 'partitionIndex', type: 'int32', versions: '0+' },
            { name: 'errorCode', type: 'int16', versions: '0+' },
            { name: 'leaderId', type: 'int32', versions: '0+' },
            { name: 'leaderEpoch', type: 'int32', versions: '0+' },
            { name: 'isr', type: '[]int32', versions: '0+' },
            { name: 'currentIsrVersion', type: 'int32', versions: '0+' },
          ],
        },
      ],
    },
  ],
};

export const alterIsrApi = defineApi<AlterIsrRequest, AlterIsrResponse>({
  served: '0',
  request: alterIsrRequestSchema,
  response: alterIsrResponseSchema,
});
