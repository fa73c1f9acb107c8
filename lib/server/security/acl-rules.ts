// Kafka 2.8 AclAuthorizer's decision, as pure functions over the ACLs that apply to a resource:
// which stored patterns match a resource (the literal name, the wildcard "*", every prefix), and
// whether one principal from one host may perform one operation given those ACLs. Deny wins
// over Allow; Read, Write, Delete and Alter imply Describe; AlterConfigs implies DescribeConfigs;
// All covers every operation. Super users and "no ACL at all" are decided by the caller's config.
import {
  type AclEntry,
  type AclOperationName,
  type ResourcePattern,
  type ResourceTypeName,
  WILDCARD_HOST,
  WILDCARD_PRINCIPAL,
  WILDCARD_RESOURCE,
} from '../../protocol/acl-types';

/** The operations whose Allow also allows `operation` (Kafka's implied-operation rule). */
export function allowingOperations(operation: AclOperationName): readonly AclOperationName[] {
  if (operation === 'Describe') return ['Describe', 'Read', 'Write', 'Delete', 'Alter', 'All'];
  if (operation === 'DescribeConfigs') return ['DescribeConfigs', 'AlterConfigs', 'All'];
  return [operation, 'All'];
}

/** Whether a stored pattern applies to a resource of this type and name. */
export function patternMatches(pattern: ResourcePattern, resourceType: ResourceTypeName, name: string): boolean {
  if (pattern.resourceType !== resourceType) return false;
  if (pattern.patternType === 'PREFIXED') return name.startsWith(pattern.name);
  return pattern.name === name || pattern.name === WILDCARD_RESOURCE;
}

function entryApplies(entry: AclEntry, principal: string, host: string): boolean {
  const principalMatches = entry.principal === principal || entry.principal === WILDCARD_PRINCIPAL;
  return principalMatches && (entry.host === host || entry.host === WILDCARD_HOST);
}

export interface AccessRequest {
  /** "Type:name", as ACLs spell principals. */
  principal: string;
  host: string;
  operation: AclOperationName;
}

/**
 * The decision for ACLs that apply to the resource; `allowIfNone` answers a resource without
 * any ACL (allow.everyone.if.no.acl.found).
 */
export function decide(acls: readonly AclEntry[], request: AccessRequest, allowIfNone: boolean): boolean {
  if (acls.length === 0) return allowIfNone;
  const applying = acls.filter((e) => entryApplies(e, request.principal, request.host));
  const denies = applying.some(
    (e) => e.permissionType === 'Deny' && (e.operation === request.operation || e.operation === 'All'),
  );
  if (denies) return false;
  const allowing = allowingOperations(request.operation);
  return applying.some((e) => e.permissionType === 'Allow' && allowing.includes(e.operation));
}
