// The ACL APIs' wire shapes (codes and nullable strings) to and from the authorizer's bindings and
// filters, with Kafka's validation: a creation names one concrete resource type, pattern type
// (literal or prefixed), operation and permission, a well-formed principal, and the cluster only
// as kafka-cluster; a filter's codes must be known. A problem is an INVALID_REQUEST message.
import {
  type AclBinding,
  aclOperations,
  CLUSTER_RESOURCE_NAME,
  PatternTypeCode,
  patternTypes,
  permissionTypes,
  resourceTypes,
  AclOperationCode,
  PermissionTypeCode,
  ResourceTypeCode,
} from '../../protocol/acl-types';
import type { AclBindingFilter } from './acl-filter';
import type { AclCreation } from '../../protocol/apis/create-acls';
import type { DeleteAclsFilter } from '../../protocol/apis/delete-acls';
import { parsePrincipal } from './principal';

/** DescribeAcls' request and each DeleteAcls filter share these fields. */
export type WireAclFilter = DeleteAclsFilter;

export type Parsed<T> = { value: T } | { problem: string };

function anyOr<N>(code: number, anyCode: number, byCode: (code: number) => N | undefined): N | 'ANY' | undefined {
  return code === anyCode ? 'ANY' : byCode(code);
}

export function parseAclFilter(wire: WireAclFilter): Parsed<AclBindingFilter> {
  const resourceType = anyOr(wire.resourceTypeFilter, ResourceTypeCode.ANY, resourceTypes.byCode);
  const operation = anyOr(wire.operation, AclOperationCode.ANY, aclOperations.byCode);
  const permissionType = anyOr(wire.permissionType, PermissionTypeCode.ANY, permissionTypes.byCode);
  const patternType =
    wire.patternTypeFilter === PatternTypeCode.MATCH
      ? 'MATCH'
      : anyOr(wire.patternTypeFilter, PatternTypeCode.ANY, patternTypes.byCode);
  if (!resourceType || !operation || !permissionType || !patternType) return { problem: 'Unknown ACL filter code' };
  return {
    value: {
      resourceType,
      name: wire.resourceNameFilter,
      patternType,
      principal: wire.principalFilter,
      host: wire.hostFilter,
      operation,
      permissionType,
    },
  };
}

export function parseAclCreation(wire: AclCreation): Parsed<AclBinding> {
  const resourceType = resourceTypes.byCode(wire.resourceType);
  const patternType = patternTypes.byCode(wire.resourcePatternType);
  const operation = aclOperations.byCode(wire.operation);
  const permissionType = permissionTypes.byCode(wire.permissionType);
  if (!resourceType || !patternType || !operation || !permissionType)
    return { problem: 'Invalid ACL creation: resource, pattern, operation and permission must each be specific' };
  if (wire.resourceName === '') return { problem: 'Invalid empty resource name' };
  if (resourceType === 'Cluster' && wire.resourceName !== CLUSTER_RESOURCE_NAME)
    return { problem: `The only valid name for the CLUSTER resource is ${CLUSTER_RESOURCE_NAME}` };
  try {
    parsePrincipal(wire.principal);
  } catch (err) {
    return { problem: (err as Error).message };
  }
  return {
    value: {
      pattern: { resourceType, name: wire.resourceName, patternType },
      entry: { principal: wire.principal, host: wire.host, operation, permissionType },
    },
  };
}

/** A binding in the wire's codes (DescribeAcls and DeleteAcls answers). */
export function bindingToWire({ pattern, entry }: AclBinding) {
  return {
    resourceType: resourceTypes.code(pattern.resourceType),
    resourceName: pattern.name,
    patternType: patternTypes.code(pattern.patternType),
    principal: entry.principal,
    host: entry.host,
    operation: aclOperations.code(entry.operation),
    permissionType: permissionTypes.code(entry.permissionType),
  };
}
