// Generated from lib/protocol/messages/describe-groups.json by `make generate`: edit the source, not this file.
//
// DescribeGroups (key 15): Kafka defines versions 0-5, flexible 5+; Samsa serves 0-5. Shows each
// group's state, protocol and members (with their subscription and assignment bytes).
//
// Newest version, in the notation of Kafka's protocol guide:
//   DescribeGroups Request (Version: 5) => [groups] includeAuthorizedOperations TAG_BUFFER
//     groups => COMPACT_STRING
//     includeAuthorizedOperations => BOOLEAN
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
import source from '../messages/describe-groups.json';

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
  /** v3+, default -2147483648 */
  authorizedOperations: number;
}

export interface DescribeGroupsResponse {
  /** v1+ */
  throttleTimeMs: number;
  groups: DescribedGroup[];
}

export const describeGroupsApi = defineApi<DescribeGroupsRequest, DescribeGroupsResponse>(source);
