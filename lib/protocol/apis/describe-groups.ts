// DescribeGroups (key 15), Kafka versions 0-5, flexible from 5. Shows each group's state,
// protocol and members (with their subscription and assignment bytes).
//
// Grammar of the newest version (flexible versions end every struct with TAG_BUFFER):
//   DescribeGroups Request (Version: 5) => [groups] includeAuthorizedOperations TAG_BUFFER
//     groups => COMPACT_ARRAY of COMPACT_STRING
//     includeAuthorizedOperations => BOOLEAN
//
//   DescribeGroups Response (Version: 5) => throttleTimeMs [groups] TAG_BUFFER
//     throttleTimeMs => INT32
//     groups => errorCode groupId groupState protocolType protocolData [members] authorizedOperations TAG_BUFFER
//       errorCode => INT16
//       groupId => COMPACT_STRING
//       groupState => COMPACT_STRING
//       protocolType => COMPACT_STRING
//       protocolData => COMPACT_STRING
//       members => memberId groupInstanceId clientId clientHost memberMetadata memberAssignment TAG_BUFFER
//         memberId => COMPACT_STRING
//         groupInstanceId => COMPACT_NULLABLE_STRING
//         clientId => COMPACT_STRING
//         clientHost => COMPACT_STRING
//         memberMetadata => COMPACT_BYTES
//         memberAssignment => COMPACT_BYTES
//       authorizedOperations => INT32
import { defineApi } from '../api-spec';
import { MessageSchema } from '../schema';

export interface DescribeGroupsRequest {
  groups: string[];
  /** v3+ */
  includeAuthorizedOperations: boolean;
}

export interface DescribedGroupMember {
  memberId: string;
  /** v4+, default null */
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  memberMetadata: Buffer;
  memberAssignment: Buffer;
}

export interface DescribedGroup {
  errorCode: number;
  groupId: string;
  /** Kafka's state names: Empty, PreparingRebalance, CompletingRebalance, Stable, Dead */
  groupState: string;
  protocolType: string;
  /** the chosen protocol (assignor) name */
  protocolData: string;
  members: DescribedGroupMember[];
  /** v3+, default -2147483648 (not requested) */
  authorizedOperations: number;
}

export interface DescribeGroupsResponse {
  /** v1+ */
  throttleTimeMs: number;
  groups: DescribedGroup[];
}

const common = { apiKey: 15, validVersions: '0-5', flexibleVersions: '5+' } as const;

export const describeGroupsRequestSchema: MessageSchema = {
  ...common,
  name: 'DescribeGroupsRequest',
  fields: [
    { name: 'groups', type: '[]string', versions: '0+' },
    { name: 'includeAuthorizedOperations', type: 'bool', versions: '3+' },
  ],
};

export const describeGroupsResponseSchema: MessageSchema = {
  ...common,
  name: 'DescribeGroupsResponse',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '1+' },
    {
      name: 'groups',
      type: '[]struct',
      versions: '0+',
      fields: [
        { name: 'errorCode', type: 'int16', versions: '0+' },
        { name: 'groupId', type: 'string', versions: '0+' },
        { name: 'groupState', type: 'string', versions: '0+' },
        { name: 'protocolType', type: 'string', versions: '0+' },
        { name: 'protocolData', type: 'string', versions: '0+' },
        {
          name: 'members',
          type: '[]struct',
          versions: '0+',
          fields: [
            { name: 'memberId', type: 'string', versions: '0+' },
            { name: 'groupInstanceId', type: 'string', versions: '4+', nullableVersions: '4+', default: null },
            { name: 'clientId', type: 'string', versions: '0+' },
            { name: 'clientHost', type: 'string', versions: '0+' },
            { name: 'memberMetadata', type: 'bytes', versions: '0+' },
            { name: 'memberAssignment', type: 'bytes', versions: '0+' },
          ],
        },
        { name: 'authorizedOperations', type: 'int32', versions: '3+', default: -2147483648 },
      ],
    },
  ],
};

export const describeGroupsApi = defineApi<DescribeGroupsRequest, DescribeGroupsResponse>({
  served: '0-5',
  request: describeGroupsRequestSchema,
  response: describeGroupsResponseSchema,
});
