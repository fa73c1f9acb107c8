// DeleteGroups, on each group's coordinator: what may go and what each group answers is the
// offset coordinator's decision (coordinator/offset-coordinator).
import type { DeleteGroupsRequest, DeleteGroupsResponse } from '../../protocol/apis/delete-groups';
import type { RequestContext } from '../dispatcher';
import type { BrokerServices } from './services';

export function handleDeleteGroups(services: BrokerServices) {
  return async (_ctx: RequestContext, request: DeleteGroupsRequest): Promise<DeleteGroupsResponse> => {
    const results = await services.groups.offsets.handleDeleteGroups(request.groupsNames);
    return { throttleTimeMs: 0, results };
  };
}
