// Kafka's AclBindingFilter: what DescribeAcls and DeleteAcls select. A null name, principal or
// host matches any; 'ANY' matches any resource type, operation or permission. Pattern type ANY
// selects stored patterns of either type with that exact name; MATCH selects every pattern
// that would apply to a resource of that name (the literal name, "*", and its prefixes).
import type {
  AclBinding,
  AclOperationName,
  PermissionTypeName,
  ResourceTypeName,
  StoredPatternType,
} from '../../protocol/acl-types';
import { patternMatches } from './acl-rules';

export interface AclBindingFilter {
  resourceType: ResourceTypeName | 'ANY';
  name: string | null;
  patternType: StoredPatternType | 'ANY' | 'MATCH';
  principal: string | null;
  host: string | null;
  operation: AclOperationName | 'ANY';
  permissionType: PermissionTypeName | 'ANY';
}

export function filterMatches(filter: AclBindingFilter, binding: AclBinding): boolean {
  const { pattern, entry } = binding;
  if (filter.resourceType !== 'ANY' && filter.resourceType !== pattern.resourceType) return false;
  if (!patternFilterMatches(filter, binding)) return false;
  if (filter.principal !== null && filter.principal !== entry.principal) return false;
  if (filter.host !== null && filter.host !== entry.host) return false;
  if (filter.operation !== 'ANY' && filter.operation !== entry.operation) return false;
  return filter.permissionType === 'ANY' || filter.permissionType === entry.permissionType;
}

function patternFilterMatches(filter: AclBindingFilter, { pattern }: AclBinding): boolean {
  if (filter.patternType === 'MATCH') {
    return filter.name === null || patternMatches(pattern, pattern.resourceType, filter.name);
  }
  if (filter.patternType !== 'ANY' && filter.patternType !== pattern.patternType) return false;
  return filter.name === null || filter.name === pattern.name;
}
