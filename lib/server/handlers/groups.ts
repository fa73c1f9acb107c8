// The consumer-group APIs: FindCoordinator answers from the metadata cache (the leader of the
// group's __consumer_offsets slot); the others run only on that coordinator (NOT_COORDINATOR
// elsewhere) and map each wire version onto the GroupCoordinator and the ZooKeeper offset store.
// Authorization as Kafka 2.8, before anything else: Read on the group to join, sync, heartbeat
// or leave it, Describe to find its coordinator or describe it (GROUP_AUTHORIZATION_FAILED);
// ListGroups lists every group to Describe on the cluster, else the groups the principal may Describe.
import type {
  FindCoordinatorRequest,
  FindCoordinatorResponse,
  Coordinator,
} from '../../protocol/apis/find-coordinator';
import type { JoinGroupRequest, JoinGroupResponse } from '../../protocol/apis/join-group';
import type { SyncGroupRequest, SyncGroupResponse } from '../../protocol/apis/sync-group';
import type { HeartbeatRequest, HeartbeatResponse } from '../../protocol/apis/heartbeat';
import type { LeaveGroupRequest, LeaveGroupResponse } from '../../protocol/apis/leave-group';
import type { ListGroupsRequest, ListGroupsResponse } from '../../protocol/apis/list-groups';
import type {
  DescribeGroupsRequest,
  DescribeGroupsResponse,
  DescribedGroup as WireDescribedGroup,
} from '../../protocol/apis/describe-groups';
import { errorInfo, ErrorCode } from '../../protocol/error-codes';
import type { RequestContext } from '../dispatcher';
import type { BrokerServices } from './services';
import { settle, settleAsync } from '../../protocol/kafka-error';
import { access } from '../security/authorizer';
import type { AclOperationName } from '../../protocol/acl-types';

const TRANSACTION_KEY = 1;
const OPERATIONS_UNKNOWN = -2147483648;

export function handleFindCoordinator(services: BrokerServices) {
  return async (ctx: RequestContext, request: FindCoordinatorRequest): Promise<FindCoordinatorResponse> => {
    const batched = ctx.header.apiVersion >= 4;
    const keys = batched ? request.coordinatorKeys : [request.key];
    const coordinators = await Promise.all(keys.map((key) => findOne(services, ctx, key, request.keyType)));
    const first = coordinators[0] ?? {
      key: '',
      nodeId: -1,
      host: '',
      port: -1,
      errorCode: ErrorCode.INVALID_REQUEST,
      errorMessage: null,
    };
    return {
      throttleTimeMs: 0,
      errorCode: first.errorCode,
      errorMessage: first.errorMessage,
      nodeId: first.nodeId,
      host: first.host,
      port: first.port,
      coordinators: batched ? coordinators : [],
    };
  };
}

async function findOne(
  services: BrokerServices,
  ctx: RequestContext,
  key: string,
  keyType: number,
): Promise<Coordinator> {
  const fail = (errorCode: number, errorMessage: string | null = null): Coordinator => ({
    key,
    nodeId: -1,
    host: '',
    port: -1,
    errorCode,
    errorMessage,
  });
  if (keyType === TRANSACTION_KEY) return fail(ErrorCode.COORDINATOR_NOT_AVAILABLE, 'transactions are not supported');
  if (key === '') return fail(ErrorCode.INVALID_GROUP_ID);
  if (!access(services.authorizer, ctx).group('Describe', key)) return fail(ErrorCode.GROUP_AUTHORIZATION_FAILED);
  return settleAsync(
    async () => {
      const nodeId = await services.groups.router.coordinatorFor(key);
      const endpoint =
        nodeId === null ? undefined : services.metadataCache.endpointFor(nodeId, ctx.connection.listenerName);
      if (nodeId === null || !endpoint) return fail(ErrorCode.COORDINATOR_NOT_AVAILABLE);
      return { key, nodeId, host: endpoint.host, port: endpoint.port, errorCode: ErrorCode.NONE, errorMessage: null };
    },
    ({ errorCode, errorMessage }) => {
      // Whatever kept the coordinator from being found (creating __consumer_offsets, ZooKeeper), the
      // client's answer is to ask again.
      services.logger.warn(`FindCoordinator for ${key} failed: ${errorInfo(errorCode).name} ${errorMessage ?? ''}`);
      return fail(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    },
    services.logger,
  );
}

/** Runs `work` if the principal may and this broker coordinates the group, else answers `onError(code)`. */
async function onCoordinator<T>(
  services: BrokerServices,
  [ctx, operation]: [RequestContext, AclOperationName],
  groupId: string,
  work: () => T | Promise<T>,
  onError: (code: number) => T,
): Promise<T> {
  if (!access(services.authorizer, ctx).group(operation, groupId)) return onError(ErrorCode.GROUP_AUTHORIZATION_FAILED);
  const refusal = settle<number>(
    () => {
      services.groups.router.requireLocal(groupId);
      return ErrorCode.NONE;
    },
    ({ errorCode }) => errorCode,
    services.logger,
  );
  return refusal === ErrorCode.NONE ? work() : onError(refusal);
}

export function handleJoinGroup(services: BrokerServices) {
  return (ctx: RequestContext, request: JoinGroupRequest): Promise<JoinGroupResponse> => {
    const version = ctx.header.apiVersion;
    const error = (errorCode: number): JoinGroupResponse => ({
      throttleTimeMs: 0,
      errorCode,
      generationId: -1,
      protocolType: null,
      protocolName: '',
      leader: '',
      memberId: request.memberId,
      members: [],
    });
    return onCoordinator(
      services,
      [ctx, 'Read'],
      request.groupId,
      async () => {
        const result = await services.groups.coordinator.handleJoinGroup({
          groupId: request.groupId,
          memberId: request.memberId,
          groupInstanceId: request.groupInstanceId,
          clientId: ctx.header.clientId ?? '',
          clientHost: `/${ctx.connection.remoteAddress}`,
          sessionTimeoutMs: request.sessionTimeoutMs,
          rebalanceTimeoutMs: version === 0 ? request.sessionTimeoutMs : request.rebalanceTimeoutMs,
          protocolType: request.protocolType,
          protocols: request.protocols.map((p) => ({ name: p.name, metadata: p.metadata })),
          requireKnownMemberId: version >= 4,
        });
        return {
          throttleTimeMs: 0,
          errorCode: result.errorCode,
          generationId: result.generationId,
          protocolType: result.protocolType,
          protocolName: result.protocolName ?? '',
          leader: result.leader,
          memberId: result.memberId,
          members: result.members.map((m) => ({
            memberId: m.memberId,
            groupInstanceId: m.groupInstanceId,
            metadata: m.metadata,
          })),
        };
      },
      error,
    );
  };
}

export function handleSyncGroup(services: BrokerServices) {
  return (ctx: RequestContext, request: SyncGroupRequest): Promise<SyncGroupResponse> => {
    const error = (errorCode: number): SyncGroupResponse => ({
      throttleTimeMs: 0,
      errorCode,
      protocolType: null,
      protocolName: null,
      assignment: Buffer.alloc(0),
    });
    return onCoordinator(
      services,
      [ctx, 'Read'],
      request.groupId,
      async () => {
        const result = await services.groups.coordinator.handleSyncGroup({
          groupId: request.groupId,
          generationId: request.generationId,
          memberId: request.memberId,
          groupInstanceId: request.groupInstanceId,
          protocolType: ctx.header.apiVersion >= 5 ? request.protocolType : null,
          protocolName: ctx.header.apiVersion >= 5 ? request.protocolName : null,
          assignments: request.assignments.map((a) => ({ memberId: a.memberId, assignment: a.assignment })),
        });
        return {
          throttleTimeMs: 0,
          errorCode: result.errorCode,
          protocolType: result.protocolType,
          protocolName: result.protocolName,
          assignment: result.assignment,
        };
      },
      error,
    );
  };
}

export function handleHeartbeat(services: BrokerServices) {
  return (ctx: RequestContext, request: HeartbeatRequest): Promise<HeartbeatResponse> =>
    onCoordinator(
      services,
      [ctx, 'Read'],
      request.groupId,
      () => ({
        throttleTimeMs: 0,
        errorCode: services.groups.coordinator.handleHeartbeat({
          groupId: request.groupId,
          generationId: request.generationId,
          memberId: request.memberId,
          groupInstanceId: request.groupInstanceId,
        }),
      }),
      (errorCode) => ({ throttleTimeMs: 0, errorCode }),
    );
}

export function handleLeaveGroup(services: BrokerServices) {
  return (ctx: RequestContext, request: LeaveGroupRequest): Promise<LeaveGroupResponse> => {
    const batched = ctx.header.apiVersion >= 3;
    const members = batched ? request.members : [{ memberId: request.memberId, groupInstanceId: null }];
    return onCoordinator(
      services,
      [ctx, 'Read'],
      request.groupId,
      () => {
        const result = services.groups.coordinator.handleLeaveGroup({ groupId: request.groupId, members });
        // Before v3 one member left, and its error was the request's.
        const errorCode = batched
          ? result.errorCode
          : result.errorCode || (result.members[0]?.errorCode ?? ErrorCode.NONE);
        return { throttleTimeMs: 0, errorCode, members: batched ? result.members : [] };
      },
      (errorCode) => ({ throttleTimeMs: 0, errorCode, members: [] }),
    );
  };
}

export function handleListGroups(services: BrokerServices) {
  return (ctx: RequestContext, request: ListGroupsRequest): ListGroupsResponse => {
    const allowed = access(services.authorizer, ctx);
    const all = allowed.cluster('Describe');
    return {
      throttleTimeMs: 0,
      errorCode: ErrorCode.NONE,
      groups: services.groups.coordinator
        .handleListGroups(request.statesFilter)
        .filter((g) => all || allowed.group('Describe', g.groupId))
        .map((g) => ({ groupId: g.groupId, protocolType: g.protocolType, groupState: g.state })),
    };
  };
}

export function handleDescribeGroups(services: BrokerServices) {
  return async (ctx: RequestContext, request: DescribeGroupsRequest): Promise<DescribeGroupsResponse> => {
    const groups = await Promise.all(
      request.groups.map((groupId) =>
        onCoordinator<WireDescribedGroup>(
          services,
          [ctx, 'Describe'],
          groupId,
          () => {
            const [g] = services.groups.coordinator.handleDescribeGroups([groupId]);
            return {
              errorCode: g.errorCode,
              groupId: g.groupId,
              groupState: g.state,
              protocolType: g.protocolType,
              protocolData: g.protocolName,
              members: g.members.map((m) => ({
                memberId: m.memberId,
                groupInstanceId: m.groupInstanceId,
                clientId: m.clientId,
                clientHost: m.clientHost,
                memberMetadata: m.metadata,
                memberAssignment: m.assignment,
              })),
              authorizedOperations: OPERATIONS_UNKNOWN,
            };
          },
          (errorCode) => ({
            errorCode,
            groupId,
            groupState: '',
            protocolType: '',
            protocolData: '',
            members: [],
            authorizedOperations: OPERATIONS_UNKNOWN,
          }),
        ),
      ),
    );
    return { throttleTimeMs: 0, groups };
  };
}
