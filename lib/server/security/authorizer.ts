// The broker's authorization seam (Kafka's Authorizer interface): handlers ask it, through
// `access(services, context)`, whether the connection's principal may perform an operation on a
// resource, and the ACL APIs manage its ACLs. With no authorizer configured (authorizer.class.name
// empty) every check passes, as in Kafka. The one place a refused check becomes an error code.
import {
  type AclBinding,
  type AclOperationName,
  CLUSTER_RESOURCE_NAME,
  type ResourceTypeName,
} from '../../protocol/acl-types';
import { ErrorCode } from '../../protocol/error-codes';
import { KafkaError } from '../../protocol/kafka-error';
import type { RequestContext } from '../dispatcher';
import type { AclBindingFilter } from './acl-filter';
import { type KafkaPrincipal } from './principal';

export interface ResourceRef {
  resourceType: ResourceTypeName;
  name: string;
}

export interface Authorizer {
  authorize(principal: KafkaPrincipal, host: string, operation: AclOperationName, resource: ResourceRef): boolean;
  /** Stores the bindings (ZooKeeper, conditional writes); a binding already there is kept once. */
  createAcls(bindings: readonly AclBinding[]): Promise<void>;
  /** Removes what each filter matches; returns, per filter, the bindings it removed. */
  deleteAcls(filters: readonly AclBindingFilter[]): Promise<AclBinding[][]>;
  describeAcls(filter: AclBindingFilter): AclBinding[];
}

/** The client's address as ACL hosts name it (an IPv4-mapped IPv6 address as plain IPv4). */
export function aclHost(remoteAddress: string): string {
  return remoteAddress.startsWith('::ffff:') ? remoteAddress.slice('::ffff:'.length) : remoteAddress;
}

/** One request's questions to the authorizer, answered for its connection's principal and host. */
export interface RequestAccess {
  topic(operation: AclOperationName, topic: string): boolean;
  group(operation: AclOperationName, groupId: string): boolean;
  cluster(operation: AclOperationName): boolean;
  /** Throws CLUSTER_AUTHORIZATION_FAILED unless allowed (for requests refused as a whole). */
  requireCluster(operation: AclOperationName): void;
  /** Throws GROUP_AUTHORIZATION_FAILED unless allowed. */
  requireGroup(operation: AclOperationName, groupId: string): void;
}

export function access(
  authorizer: Authorizer | null,
  { connection }: Pick<RequestContext, 'connection'>,
): RequestAccess {
  const host = aclHost(connection.remoteAddress);
  const allowed = (operation: AclOperationName, resource: ResourceRef): boolean =>
    authorizer === null || authorizer.authorize(connection.principal, host, operation, resource);
  const checks = {
    topic: (operation: AclOperationName, topic: string) => allowed(operation, { resourceType: 'Topic', name: topic }),
    group: (operation: AclOperationName, groupId: string) =>
      allowed(operation, { resourceType: 'Group', name: groupId }),
    cluster: (operation: AclOperationName) =>
      allowed(operation, { resourceType: 'Cluster', name: CLUSTER_RESOURCE_NAME }),
  };
  return {
    ...checks,
    requireCluster(operation) {
      if (!checks.cluster(operation)) throw new KafkaError(ErrorCode.CLUSTER_AUTHORIZATION_FAILED);
    },
    requireGroup(operation, groupId) {
      if (!checks.group(operation, groupId)) throw new KafkaError(ErrorCode.GROUP_AUTHORIZATION_FAILED);
    },
  };
}
