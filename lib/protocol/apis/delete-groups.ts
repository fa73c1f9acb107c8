// Generated from lib/protocol/messages/delete-groups.json by `make generate`: edit the source, not this file.
//
// DeleteGroups (key 42): Kafka defines versions 0-2, flexible 2+; Samsa serves 0-2. Deletes empty
// groups (and their committed offsets); each group gets its own error code.
//
// Newest version, in the notation of Kafka's protocol guide:
//   DeleteGroups Request (Version: 2) => [groupsNames] TAG_BUFFER
//     groupsNames => COMPACT_STRING
//   DeleteGroups Response (Version: 2) => throttleTimeMs [results] TAG_BUFFER
//     throttleTimeMs => INT32
//     results => groupId errorCode TAG_BUFFER
//       groupId => COMPACT_STRING
//       errorCode => INT16
import { defineApi } from '../api-spec';
import source from '../messages/delete-groups.json';

export interface DeleteGroupsRequest {
  /** Kafka's spelling */
  groupsNames: string[];
}

export interface DeletableGroupResult {
  groupId: string;
  errorCode: number;
}

export interface DeleteGroupsResponse {
  throttleTimeMs: number;
  results: DeletableGroupResult[];
}

export const deleteGroupsApi = defineApi<DeleteGroupsRequest, DeleteGroupsResponse>(source);
