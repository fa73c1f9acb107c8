// Generated from lib/protocol/messages/describe-acls.json by `make generate`: edit the source, not this file.
//
// DescribeAcls (key 29): Kafka defines versions 0-2, flexible 2+; Samsa serves 0-2. Lists the ACLs
// a filter matches (Describe on the cluster needed).
//
// Newest version, in the notation of Kafka's protocol guide:
//   DescribeAcls Request (Version: 2) => resourceTypeFilter resourceNameFilter patternTypeFilter principalFilter hostFilter operation permissionType TAG_BUFFER
//     resourceTypeFilter => INT8
//     resourceNameFilter => COMPACT_NULLABLE_STRING
//     patternTypeFilter => INT8
//     principalFilter => COMPACT_NULLABLE_STRING
//     hostFilter => COMPACT_NULLABLE_STRING
//     operation => INT8
//     permissionType => INT8
//   DescribeAcls Response (Version: 2) => throttleTimeMs errorCode errorMessage [resources] TAG_BUFFER
//     throttleTimeMs => INT32
//     errorCode => INT16
//     errorMessage => COMPACT_NULLABLE_STRING
//     resources => resourceType resourceName patternType [acls] TAG_BUFFER
//       resourceType => INT8
//       resourceName => COMPACT_STRING
//       patternType => INT8
//       acls => principal host operation permissionType TAG_BUFFER
//         principal => COMPACT_STRING
//         host => COMPACT_STRING
//         operation => INT8
//         permissionType => INT8
import { defineApi } from '../api-spec';
import source from '../messages/describe-acls.json';

export interface DescribeAclsRequest {
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

export interface AclDescription {
  /** The ACL principal. */
  principal: string;
  /** The ACL host. */
  host: string;
  /** The ACL operation. */
  operation: number;
  /** The ACL permission type. */
  permissionType: number;
}

export interface DescribeAclsResource {
  /** The resource type. */
  resourceType: number;
  /** The resource name. */
  resourceName: string;
  /** v1+, default 3: The resource pattern type. */
  patternType: number;
  acls: AclDescription[];
}

export interface DescribeAclsResponse {
  throttleTimeMs: number;
  errorCode: number;
  errorMessage: string | null;
  resources: DescribeAclsResource[];
}

export const describeAclsApi = defineApi<DescribeAclsRequest, DescribeAclsResponse>(source);
