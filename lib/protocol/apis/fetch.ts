// Fetch (key 1), Kafka versions 0-12, flexible from 12. Record sets are passed through: the
// response encoder appends each record buffer as its own chunk, so log bytes are never copied.
//
// Grammar of the newest version (flexible versions end every struct with TAG_BUFFER):
//   Fetch Request (Version: 12) => replicaId maxWaitMs minBytes maxBytes isolationLevel sessionId sessionEpoch [topics] [forgottenTopicsData] rackId TAG_BUFFER
//     replicaId => INT32
//     maxWaitMs => INT32
//     minBytes => INT32
//     maxBytes => INT32
//     isolationLevel => INT8
//     sessionId => INT32
//     sessionEpoch => INT32
//     topics => topic [partitions] TAG_BUFFER
//       topic => COMPACT_STRING
//       partitions => partition currentLeaderEpoch fetchOffset lastFetchedEpoch logStartOffset partitionMaxBytes TAG_BUFFER
//         partition => INT32
//         currentLeaderEpoch => INT32
//         fetchOffset => INT64
//         lastFetchedEpoch => INT32
//         logStartOffset => INT64
//         partitionMaxBytes => INT32
//     forgottenTopicsData => topic [partitions] TAG_BUFFER
//       topic => COMPACT_STRING
//       partitions => COMPACT_ARRAY of INT32
//     rackId => COMPACT_STRING
//     tag 0: clusterId => COMPACT_NULLABLE_STRING
//
//   Fetch Response (Version: 12) => throttleTimeMs errorCode sessionId [responses] TAG_BUFFER
//     throttleTimeMs => INT32
//     errorCode => INT16
//     sessionId => INT32
//     responses => topic [partitionResponses] TAG_BUFFER
//       topic => COMPACT_STRING
//       partitionResponses => partition errorCode highWatermark lastStableOffset logStartOffset [abortedTransactions] preferredReadReplica recordSet TAG_BUFFER
//         partition => INT32
//         errorCode => INT16
//         highWatermark => INT64
//         lastStableOffset => INT64
//         logStartOffset => INT64
//         abortedTransactions => producerId firstOffset TAG_BUFFER  (nullable array)
//           producerId => INT64
//           firstOffset => INT64
//         preferredReadReplica => INT32
//         recordSet => COMPACT_RECORDS
//         tag 0: divergingEpoch => epoch endOffset TAG_BUFFER
//           epoch => INT32
//           endOffset => INT64
//         tag 1: currentLeader => leaderId leaderEpoch TAG_BUFFER
//           leaderId => INT32
//           leaderEpoch => INT32
//         tag 2: snapshotId => endOffset epoch TAG_BUFFER
//           endOffset => INT64
//           epoch => INT32
import { defineApi } from '../api-spec';
import { MessageSchema } from '../schema';

export interface FetchPartition {
  partition: number;
  /** v9+, default -1 */
  currentLeaderEpoch: number;
  fetchOffset: number;
  /** v12+, default -1 */
  lastFetchedEpoch: number;
  /** v5+, default -1 (followers only) */
  logStartOffset: number;
  partitionMaxBytes: number;
}

export interface FetchTopic {
  topic: string;
  partitions: FetchPartition[];
}

export interface ForgottenTopic {
  topic: string;
  partitions: number[];
}

export interface FetchRequest {
  /** v12+, tagged, default null */
  clusterId?: string | null;
  replicaId: number;
  maxWaitMs: number;
  minBytes: number;
  /** v3+, default 0x7fffffff */
  maxBytes: number;
  /** v4+: 0 read_uncommitted, 1 read_committed */
  isolationLevel: number;
  /** v7+ */
  sessionId: number;
  /** v7+, default -1 */
  sessionEpoch: number;
  topics: FetchTopic[];
  /** v7+ */
  forgottenTopicsData: ForgottenTopic[];
  /** v11+ */
  rackId: string;
}

export interface EpochEndOffset {
  epoch: number;
  endOffset: number;
}

export interface LeaderIdAndEpoch {
  leaderId: number;
  leaderEpoch: number;
}

export interface SnapshotId {
  endOffset: number;
  epoch: number;
}

export interface AbortedTransaction {
  producerId: number;
  firstOffset: number;
}

export interface FetchablePartitionResponse {
  partition: number;
  errorCode: number;
  highWatermark: number;
  /** v4+, default -1 */
  lastStableOffset: number;
  /** v5+, default -1 */
  logStartOffset: number;
  /** v12+, tagged */
  divergingEpoch?: EpochEndOffset;
  /** v12+, tagged */
  currentLeader?: LeaderIdAndEpoch;
  /** v12+, tagged */
  snapshotId?: SnapshotId;
  /** v4+ */
  abortedTransactions: AbortedTransaction[] | null;
  /** v11+, default -1 */
  preferredReadReplica: number;
  /** A slice of the response frame on decode; pieces are written uncopied on encode. */
  recordSet: Buffer | Buffer[] | null;
}

export interface FetchableTopicResponse {
  topic: string;
  partitionResponses: FetchablePartitionResponse[];
}

export interface FetchResponse {
  /** v1+ */
  throttleTimeMs: number;
  /** v7+ */
  errorCode: number;
  /** v7+ */
  sessionId: number;
  responses: FetchableTopicResponse[];
}

const common = { apiKey: 1, validVersions: '0-12', flexibleVersions: '12+' } as const;

export const fetchRequestSchema: MessageSchema = {
  ...common,
  name: 'FetchRequest',
  fields: [
    { name: 'clusterId', type: 'string', versions: '12+', nullableVersions: '12+', default: null, tag: 0, taggedVersions: '12+' },
    { name: 'replicaId', type: 'int32', versions: '0+' },
    { name: 'maxWaitMs', type: 'int32', versions: '0+' },
    { name: 'minBytes', type: 'int32', versions: '0+' },
    { name: 'maxBytes', type: 'int32', versions: '3+', default: 0x7fffffff },
    { name: 'isolationLevel', type: 'int8', versions: '4+', default: 0 },
    { name: 'sessionId', type: 'int32', versions: '7+', default: 0 },
    { name: 'sessionEpoch', type: 'int32', versions: '7+', default: -1 },
    {
      name: 'topics',
      type: '[]struct',
      versions: '0+',
      fields: [
        { name: 'topic', type: 'string', versions: '0+' },
        {
          name: 'partitions',
          type: '[]struct',
          versions: '0+',
          fields: [
            { name: 'partition', type: 'int32', versions: '0+' },
            { name: 'currentLeaderEpoch', type: 'int32', versions: '9+', default: -1 },
            { name: 'fetchOffset', type: 'int64', versions: '0+' },
            { name: 'lastFetchedEpoch', type: 'int32', versions: '12+', default: -1 },
            { name: 'logStartOffset', type: 'int64', versions: '5+', default: -1 },
            { name: 'partitionMaxBytes', type: 'int32', versions: '0+' },
          ],
        },
      ],
    },
    {
      name: 'forgottenTopicsData',
      type: '[]struct',
      versions: '7+',
      fields: [
        { name: 'topic', type: 'string', versions: '7+' },
        { name: 'partitions', type: '[]int32', versions: '7+' },
      ],
    },
    { name: 'rackId', type: 'string', versions: '11+', default: '' },
  ],
};

const partitionResponseFields: MessageSchema['fields'] = [
  { name: 'partition', type: 'int32', versions: '0+' },
  { name: 'errorCode', type: 'int16', versions: '0+' },
  { name: 'highWatermark', type: 'int64', versions: '0+' },
  { name: 'lastStableOffset', type: 'int64', versions: '4+', default: -1 },
  { name: 'logStartOffset', type: 'int64', versions: '5+', default: -1 },
  {
    name: 'divergingEpoch',
    type: 'struct',
    versions: '12+',
    tag: 0,
    taggedVersions: '12+',
    fields: [
      { name: 'epoch', type: 'int32', versions: '12+', default: -1 },
      { name: 'endOffset', type: 'int64', versions: '12+', default: -1 },
    ],
  },
  {
    name: 'currentLeader',
    type: 'struct',
    versions: '12+',
    tag: 1,
    taggedVersions: '12+',
    fields: [
      { name: 'leaderId', type: 'int32', versions: '12+', default: -1 },
      { name: 'leaderEpoch', type: 'int32', versions: '12+', default: -1 },
    ],
  },
  {
    name: 'snapshotId',
    type: 'struct',
    versions: '12+',
    tag: 2,
    taggedVersions: '12+',
    fields: [
      { name: 'endOffset', type: 'int64', versions: '0+', default: -1 },
      { name: 'epoch', type: 'int32', versions: '0+', default: -1 },
    ],
  },
  {
    name: 'abortedTransactions',
    type: '[]struct',
    versions: '4+',
    nullableVersions: '4+',
    fields: [
      { name: 'producerId', type: 'int64', versions: '4+' },
      { name: 'firstOffset', type: 'int64', versions: '4+' },
    ],
  },
  { name: 'preferredReadReplica', type: 'int32', versions: '11+', default: -1 },
  { name: 'recordSet', type: 'records', versions: '0+', nullableVersions: '0+' },
];

export const fetchResponseSchema: MessageSchema = {
  ...common,
  name: 'FetchResponse',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '1+' },
    { name: 'errorCode', type: 'int16', versions: '7+' },
    { name: 'sessionId', type: 'int32', versions: '7+', default: 0 },
    {
      name: 'responses',
      type: '[]struct',
      versions: '0+',
      fields: [
        { name: 'topic', type: 'string', versions: '0+' },
        { name: 'partitionResponses', type: '[]struct', versions: '0+', fields: partitionResponseFields },
      ],
    },
  ],
};

/**
 * Samsa serves all of Kafka 2.8's versions: v0-3 answer with legacy message sets, down-converted
 * for that response only (server/down-convert.ts).
 */
export const fetchApi = defineApi<FetchRequest, FetchResponse>({
  served: '0-12',
  request: fetchRequestSchema,
  response: fetchResponseSchema,
});
