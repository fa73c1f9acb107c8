// ListGroups (key 16), Kafka versions 0-4, flexible from 3. Lists the groups this broker
// coordinates; v4 (KIP-518) filters by state and reports each group's state.
//
// Grammar of the newest version (flexible versions end every struct with TAG_BUFFER):
//   ListGroups Request (Version: 4) => [statesFilter] TAG_BUFFER
//     statesFilter => COMPACT_ARRAY of COMPACT_STRING
//
//   ListGroups Response (Version: 4) => throttleTimeMs errorCode [groups] TAG_BUFFER
//     throttleTimeMs => INT32
//     errorCode => INT16
//     groups => groupId protocolType groupState TAG_BUFFER
//       groupId => COMPACT_STRING
//       protocolType => COMPACT_STRING
//       groupState => COMPACT_STRING
import { defineApi } from '../api-spec';
import { MessageSchema } from '../schema';

export interface ListGroupsRequest {
  /** v4+; empty = every state */
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

const common = { apiKey: 16, validVersions: '0-4', flexibleVersions: '3+' } as const;

export const listGroupsRequestSchema: MessageSchema = {
  ...common,
  name: 'ListGroupsRequest',
  fields: [{ name: 'statesFilter', type: '[]string', versions: '4+' }],
};

export const listGroupsResponseSchema: MessageSchema = {
  ...common,
  name: 'ListGroupsResponse',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '1+' },
    { name: 'errorCode', type: 'int16', versions: '0+' },
    {
      name: 'groups',
      type: '[]struct',
      versions: '0+',
      fields: [
        { name: 'groupId', type: 'string', versions: '0+' },
        { name: 'protocolType', type: 'string', versions: '0+' },
        { name: 'groupState', type: 'string', versions: '4+' },
      ],
    },
  ],
};

export const listGroupsApi = defineApi<ListGroupsRequest, ListGroupsResponse>({
  served: '0-4',
  request: listGroupsRequestSchema,
  response: listGroupsResponseSchema,
});
