// What bin/acls prints and the ACL entries its flags name, shared by its two ways of reaching
// the ACLs (a broker's ACL APIs, or ZooKeeper with --authorizer-properties). kafka-acls.sh's text:
// `ResourcePattern(resourceType=TOPIC, name=orders, patternType=LITERAL)` and
// `(principal=User:alice, host=*, operation=READ, permissionType=ALLOW)`.
import {
  type AclOperationName,
  aclOperations,
  type PermissionTypeName,
  permissionTypes,
  resourceTypes,
  type ResourceTypeName,
  WILDCARD_HOST,
} from '../protocol/acl-types';
import type { AclsArgs } from './acls';

/** Every (principal, host, operation) the flags name, as Kafka's AclCommand pairs them. */
export function entries(args: AclsArgs) {
  const operations = args.operations.length > 0 ? args.operations : (['All'] as AclOperationName[]);
  return args.principals.flatMap(({ principal, permission }) => {
    const given = permission === 'Allow' ? args.allowHosts : args.denyHosts;
    const hosts = given.length > 0 ? given : [WILDCARD_HOST];
    return hosts.flatMap((host) => operations.map((op) => ({ principal, host, operation: op, permission })));
  });
}

export function patternText(type: ResourceTypeName, name: string, patternType: string): string {
  return `ResourcePattern(resourceType=${resourceTypes.enumName(type)}, name=${name}, patternType=${patternType})`;
}

export function entryText(
  principal: string,
  host: string,
  op: AclOperationName,
  permission: PermissionTypeName,
): string {
  return (
    `(principal=${principal}, host=${host}, operation=${aclOperations.enumName(op)}, ` +
    `permissionType=${permissionTypes.enumName(permission)})`
  );
}
