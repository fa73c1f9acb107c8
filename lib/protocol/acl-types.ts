// Kafka's ACL vocabulary (org.apache.kafka.common.acl and .resource): resource types, operations,
// permission types and pattern types, each with its wire code (CreateAcls, DescribeAcls,
// DeleteAcls) and its name as ZooKeeper's ACL JSON and kafka-acls.sh spell it. The one table both
// the znode codecs (lib/zk) and the authorizer (lib/server/security) read.

export type ResourceTypeName = 'Topic' | 'Group' | 'Cluster' | 'TransactionalId' | 'DelegationToken';
export type AclOperationName =
  | 'All'
  | 'Read'
  | 'Write'
  | 'Create'
  | 'Delete'
  | 'Alter'
  | 'Describe'
  | 'ClusterAction'
  | 'DescribeConfigs'
  | 'AlterConfigs'
  | 'IdempotentWrite';
export type PermissionTypeName = 'Allow' | 'Deny';
/** The pattern types an ACL is stored under (ANY and MATCH only filter). */
export type StoredPatternType = 'LITERAL' | 'PREFIXED';

/** The resource name every resource matches, and the one name of the cluster resource. */
export const WILDCARD_RESOURCE = '*';
export const CLUSTER_RESOURCE_NAME = 'kafka-cluster';
export const WILDCARD_HOST = '*';
/** Principals are matched by their "Type:name" text; this one matches every user. */
export const WILDCARD_PRINCIPAL = 'User:*';

export const ResourceTypeCode = { ANY: 1, TOPIC: 2, GROUP: 3, CLUSTER: 4, TRANSACTIONAL_ID: 5, DELEGATION_TOKEN: 6 };
export const AclOperationCode = { ANY: 1, ALL: 2 };
export const PermissionTypeCode = { ANY: 1, DENY: 2, ALLOW: 3 };
export const PatternTypeCode = { ANY: 1, MATCH: 2, LITERAL: 3, PREFIXED: 4 };

const RESOURCE_TYPES: ReadonlyArray<[ResourceTypeName, number, string]> = [
  ['Topic', 2, 'TOPIC'],
  ['Group', 3, 'GROUP'],
  ['Cluster', 4, 'CLUSTER'],
  ['TransactionalId', 5, 'TRANSACTIONAL_ID'],
  ['DelegationToken', 6, 'DELEGATION_TOKEN'],
];

const OPERATIONS: ReadonlyArray<[AclOperationName, number, string]> = [
  ['All', 2, 'ALL'],
  ['Read', 3, 'READ'],
  ['Write', 4, 'WRITE'],
  ['Create', 5, 'CREATE'],
  ['Delete', 6, 'DELETE'],
  ['Alter', 7, 'ALTER'],
  ['Describe', 8, 'DESCRIBE'],
  ['ClusterAction', 9, 'CLUSTER_ACTION'],
  ['DescribeConfigs', 10, 'DESCRIBE_CONFIGS'],
  ['AlterConfigs', 11, 'ALTER_CONFIGS'],
  ['IdempotentWrite', 12, 'IDEMPOTENT_WRITE'],
];

const PERMISSIONS: ReadonlyArray<[PermissionTypeName, number, string]> = [
  ['Deny', 2, 'DENY'],
  ['Allow', 3, 'ALLOW'],
];

const PATTERNS: ReadonlyArray<[StoredPatternType, number, string]> = [
  ['LITERAL', 3, 'LITERAL'],
  ['PREFIXED', 4, 'PREFIXED'],
];

function table<N extends string>(rows: ReadonlyArray<[N, number, string]>) {
  const normal = (text: string) => text.replace(/[_\s-]/g, '').toLowerCase();
  return {
    names: rows.map((r) => r[0]),
    code: (name: N): number => rows.find((r) => r[0] === name)![1],
    byCode: (code: number): N | undefined => rows.find((r) => r[1] === code)?.[0],
    /** Kafka's enum constant, e.g. TRANSACTIONAL_ID (what change notifications carry). */
    enumName: (name: N): string => rows.find((r) => r[0] === name)![2],
    /** Accepts either spelling in any case: "Topic", "TOPIC", "cluster-action", "ClusterAction". */
    parse: (text: string): N | undefined => rows.find((r) => normal(r[0]) === normal(text))?.[0],
  };
}

export const resourceTypes = table(RESOURCE_TYPES);
export const aclOperations = table(OPERATIONS);
export const permissionTypes = table(PERMISSIONS);
export const patternTypes = table(PATTERNS);

export interface ResourcePattern {
  readonly resourceType: ResourceTypeName;
  readonly name: string;
  readonly patternType: StoredPatternType;
}

/** One ACL on a resource pattern, as Kafka's AclEntry: principal and host as text. */
export interface AclEntry {
  readonly principal: string;
  readonly permissionType: PermissionTypeName;
  readonly operation: AclOperationName;
  readonly host: string;
}

export interface AclBinding {
  readonly pattern: ResourcePattern;
  readonly entry: AclEntry;
}

export function sameAclEntry(a: AclEntry, b: AclEntry): boolean {
  return (
    a.principal === b.principal &&
    a.permissionType === b.permissionType &&
    a.operation === b.operation &&
    a.host === b.host
  );
}

export function patternKey(pattern: ResourcePattern): string {
  return `${pattern.resourceType}:${pattern.patternType}:${pattern.name}`;
}
