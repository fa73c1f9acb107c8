// DeleteGroups (key 42), Kafka versions 0-2, flexible from 2. Deletes empty groups (and their
// committed offsets); each group gets its own error code.
//
// Grammar of the newest version (flexible versions end every struct with TAG_BUFFER):
//   DeleteGroups Request (Version: 2) => [groupsNames] TAG_BUFFER
//     groupsNames => COMPACT_ARRAY of COMPACT_STRING
//
//   DeleteGroups Response (Version: 2) => throttleTimeMs [results] TAG_BUFFER
//     throttleTimeMs => INT32
//     results => groupId errorCode TAG_BUFFER
//       groupId => COMPACT_STRING
//       errorCode => INT16
import { defineApi } from '../api-spec';
import { MessageSchema } from '../schema';

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

const common = { apiKey: 42, validVersions: '0-2', flexibleVersions: '2+' } as const;

export const deleteGroupsRequestSchema: MessageSchema = {
  ...common,
  name: 'DeleteGroupsRequest',
  fields: [{ name: 'groupsNames', type: '[]string', versions: '0+' }],
};

export const deleteGroupsResponseSchema: MessageSchema = {
  ...common,
  name: 'DeleteGroupsResponse',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
    {
      name: 'results',
      type: '[]struct',
      versions: '0+',
      fields: [
        { name: 'groupId', type: 'string', versions: '0+' },
        { name: 'errorCode', type: 'int16', versions: '0+' },
      ],
    },
  ],
};

export const deleteGroupsApi = defineApi<DeleteGroupsRequest, DeleteGroupsResponse>({
  served: '0-2',
  request: deleteGroupsRequestSchema,
  response: deleteGroupsResponseSchema,
});
