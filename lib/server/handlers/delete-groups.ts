// DeleteGroups, on each group's coordinator: what may go and what each group answers is the
// offset coordinator's decision (coordinator/offset-coordinator). A group the principal may not
// Delete answers GROUP_AUTHORIZATION_FAILED and is left alone, as in Kafka.
import type { DeleteGroupsRequest, DeleteGroupsResponse } from '../../protocol/apis/delete-groups';
import type { RequestContext } from '../dispatcher';
import type { BrokerServices } from './services';
import { ErrorCode } from '../../protocol/error-codes';
import { access } from '../security/authorizer';

export function handleDeleteGroups(services: BrokerServices) {
  return async (ctx: RequestContext, request: DeleteGroupsRequest): Promise<DeleteGroupsResponse> => {
    const allowed = access(services.authorizer, ctx);
    const deletable = request.groupsNames.filter((g) => allowed.group('Delete', g));
    const refused = request.groupsNames
      .filter((g) => !deletable.includes(g))
      .map((groupId) => ({ groupId, errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED }));
    const results = await services.groups.offsets.handleDeleteGroups(deletable);
    return { throttleTimeMs: 0, results: [...results, ...refused] };
  };
}
