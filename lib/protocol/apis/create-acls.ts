// Generated from lib/protocol/messages/create-acls.json by `make generate`: edit the source, not this file.
//
// CreateAcls (key 30): Kafka defines versions 0-2, flexible 2+; Samsa serves 0-2. Adds ACLs (Alter
// on the cluster needed); each creation gets its own error code.
//
// Newest version, in the notation of Kafka's protocol guide:
//   CreateAcls Request (Version: 2) => [creations] TAG_BUFFER
//     creations => resourceType resourceName resourcePatternType principal host operation permissionType TAG_BUFFER
//       resourceType => INT8
//       resourceName => COMPACT_STRING
//       resourcePatternType => INT8
//       principal => COMPACT_STRING
//       host => COMPACT_STRING
//       operation => INT8
//       permissionType => INT8
//   CreateAcls Response (Version: 2) => throttleTimeMs [results] TAG_BUFFER
//     throttleTimeMs => INT32
//     results => errorCode errorMessage TAG_BUFFER
//       errorCode => INT16
//       errorMessage => COMPACT_NULLABLE_STRING
import { defineApi } from '../api-spec';
import source from '../messages/create-acls.json';

export interface AclCreation {
  /** The resource type. */
  resourceType: number;
  /** The resource name. */
  resourceName: string;
  /** v1+, default 3: The pattern type (3 literal, 4 prefixed). */
  resourcePatternType: number;
  /** The ACL principal. */
  principal: string;
  /** The ACL host. */
  host: string;
  /** The ACL operation. */
  operation: number;
  /** The ACL permission type. */
  permissionType: number;
}

export interface CreateAclsRequest {
  creations: AclCreation[];
}

export interface AclCreationResult {
  errorCode: number;
  errorMessage: string | null;
}

export interface CreateAclsResponse {
  throttleTimeMs: number;
  results: AclCreationResult[];
}

export const createAclsApi = defineApi<CreateAclsRequest, CreateAclsResponse>(source);
