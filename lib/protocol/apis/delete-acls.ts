// Generated from lib/protocol/messages/delete-acls.json by `make generate`: edit the source, not this file.
//
// DeleteAcls (key 31): Kafka defines versions 0-2, flexible 2+; Samsa serves 0-2. Removes the ACLs
// each filter matches (Alter on the cluster needed) and lists what went.
//
// Newest version, in the notation of Kafka's protocol guide:
//   DeleteAcls Request (Version: 2) => [filters] TAG_BUFFER
//     filters => resourceTypeFilter resourceNameFilter patternTypeFilter principalFilter hostFilter operation permissionType TAG_BUFFER
//       resourceTypeFilter => INT8
//       resourceNameFilter => COMPACT_NULLABLE_STRING
//       patternTypeFilter => INT8
//       principalFilter => COMPACT_NULLABLE_STRING
//       hostFilter => COMPACT_NULLABLE_STRING
//       operation => INT8
//       permissionType => INT8
//   DeleteAcls Response (Version: 2) => throttleTimeMs [filterResults] TAG_BUFFER
//     throttleTimeMs => INT32
//     filterResults => errorCode errorMessage [matchingAcls] TAG_BUFFER
//       errorCode => INT16
//       errorMessage => COMPACT_NULLABLE_STRING
//       matchingAcls => errorCode errorMessage resourceType resourceName patternType principal host operation permissionType TAG_BUFFER
//         errorCode => INT16
//         errorMessage => COMPACT_NULLABLE_STRING
//         resourceType => INT8
//         resourceName => COMPACT_STRING
//         patternType => INT8
//         principal => COMPACT_STRING
//         host => COMPACT_STRING
//         operation => INT8
//         permissionType => INT8
import { defineApi } from '../api-spec';
import source from '../messages/delete-acls.json';

export interface DeleteAclsFilter {
  /** The resource type (1 any, 2 topic, 3 group, 4 cluster, 5 transactional id, 6 delegation token). */
  resourceTypeFilter: number;
  /** The resource name, or null to match any. */
  resourceNameFilter: string | null;
  /** v1+, default 3: The pattern type (1 any, 2 match, 3 literal, 4 prefixed). */
  patternTypeFilter: number;
  /** The principal, or null to match any. */
  principalFilter: string | null;
  /** The host, or null to match any. */
  hostFilter: string | null;
  /** The operation (1 any, 2 all, 3 read, ...). */
  operation: number;
  /** The permission type (1 any, 2 deny, 3 allow). */
  permissionType: number;
}

export interface DeleteAclsRequest {
  filters: DeleteAclsFilter[];
}

export interface DeleteAclsMatchingAcl {
  errorCode: number;
  errorMessage: string | null;
  resourceType: number;
  resourceName: string;
  /** v1+, default 3 */
  patternType: number;
  /** The ACL principal. */
  principal: string;
  /** The ACL host. */
  host: string;
  /** The ACL operation. */
  operation: number;
  /** The ACL permission type. */
  permissionType: number;
}

export interface DeleteAclsFilterResult {
  errorCode: number;
  errorMessage: string | null;
  matchingAcls: DeleteAclsMatchingAcl[];
}

export interface DeleteAclsResponse {
  throttleTimeMs: number;
  filterResults: DeleteAclsFilterResult[];
}

export const deleteAclsApi = defineApi<DeleteAclsRequest, DeleteAclsResponse>(source);
