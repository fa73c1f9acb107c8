// DeleteGroups, on each group's coordinator: only a group without members (Empty, or not known
// here at all) may go; its committed offsets are removed from ZooKeeper. A group with neither
// state here nor offsets in ZooKeeper is GROUP_ID_NOT_FOUND, as Kafka answers.
import type { DeleteGroupsRequest, DeleteGroupsResponse, DeletableGroupResult } from '../../protocol/apis/delete-groups';
import { ErrorCode } from '../../protocol/error-codes';
import { errorOf } from '../../protocol/kafka-error';
import { deleteGroupOffsets } from '../../coordinator/offset-store';
import { consumerOffsetsPath, isZnodeSegment } from '../../zk/znodes';
import type { RequestContext } from '../dispatcher';
import type { BrokerServices } from './services';

export function handleDeleteGroups(services: BrokerServices) {
  return async (_ctx: RequestContext, request: DeleteGroupsRequest): Promise<DeleteGroupsResponse> => {
    const results: DeletableGroupResult[] = [];
    // One at a time: a request naming a group twice must not race with itself in ZooKeeper.
    for (const groupId of request.groupsNames) results.push({ groupId, errorCode: await deleteOne(services, groupId) });
    return { throttleTimeMs: 0, results };
  };
}

async function deleteOne(services: BrokerServices, groupId: string): Promise<number> {
  const { router, coordinator } = services.groups;
  try {
    router.requireLocal(groupId);
  } catch (err) {
    return errorOf(err, services.logger).errorCode;
  }
  const deletion = coordinator.deleteGroup(groupId);
  if (deletion === 'non-empty') return ErrorCode.NON_EMPTY_GROUP;
  // A group id ZooKeeper cannot hold has no offsets there to delete.
  if (!isZnodeSegment(groupId)) return deletion === 'deleted' ? ErrorCode.NONE : ErrorCode.GROUP_ID_NOT_FOUND;
  try {
    const session = services.groups.session();
    const hasOffsets = await services.groups.serial.run(groupId, async () => {
      const found = (await session.exists(consumerOffsetsPath(groupId))) !== null;
      if (found) await deleteGroupOffsets(session, groupId);
      return found;
    });
    if (deletion === 'absent' && !hasOffsets) return ErrorCode.GROUP_ID_NOT_FOUND;
    services.logger.info(`Deleted group ${groupId}${hasOffsets ? ' and its committed offsets' : ''}`);
    return ErrorCode.NONE;
  } catch (err) {
    services.logger.error(`deleting the offsets of group ${groupId} failed: ${(err as Error).message}`);
    return ErrorCode.COORDINATOR_NOT_AVAILABLE;
  }
}
