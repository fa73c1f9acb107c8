// Generated from lib/protocol/messages/list-groups.json by `make generate`: edit the source, not this file.
//
// ListGroups (key 16): Kafka defines versions 0-4, flexible 3+; Samsa serves 0-4. Lists the groups
// this broker coordinates; v4 (KIP-518) filters by state and reports each group's state.
//
// Newest version, in the notation of Kafka's protocol guide:
//   ListGroups Request (Version: 4) => [statesFilter] TAG_BUFFER
//     statesFilter => COMPACT_STRING
//   ListGroups Response (Version: 4) => throttleTimeMs errorCode [groups] TAG_BUFFER
//     throttleTimeMs => INT32
//     errorCode => INT16
//     groups => groupId protocolType groupState TAG_BUFFER
//       groupId => COMPACT_STRING
//       protocolType => COMPACT_STRING
//       groupState => COMPACT_STRING
import { defineApi } from '../api-spec';
import source from '../messages/list-groups.json';

export interface ListGroupsRequest {
  /** v4+: v4+; empty = every state */
  statesFilter: string[];
}

export interface ListedGroup {
  groupId: string;
  protocolType: string;
  /** v4+ */
  groupState: string;
}

export interface ListGroupsResponse {
  /** v1+ */
  throttleTimeMs: number;
  errorCode: number;
  groups: ListedGroup[];
}

export const listGroupsApi = defineApi<ListGroupsRequest, ListGroupsResponse>(source);
