// DescribeAcls, CreateAcls and DeleteAcls: the authorizer's ACL management, as Kafka 2.8 serves
// it. Describing needs Describe on the cluster, changing needs Alter on the cluster (else the
// request fails CLUSTER_AUTHORIZATION_FAILED); a broker without an authorizer answers
// SECURITY_DISABLED. Malformed creations and filters answer INVALID_REQUEST on their own.
import type { CreateAclsRequest, CreateAclsResponse } from '../../protocol/apis/create-acls';
import type { DeleteAclsRequest, DeleteAclsResponse } from '../../protocol/apis/delete-acls';
import type { DescribeAclsRequest, DescribeAclsResponse } from '../../protocol/apis/describe-acls';
import { patternKey, type AclBinding } from '../../protocol/acl-types';
import { ErrorCode } from '../../protocol/error-codes';
import { KafkaError } from '../../protocol/kafka-error';
import type { RequestContext } from '../dispatcher';
import { access, type Authorizer } from '../security/authorizer';
import { bindingToWire, parseAclCreation, parseAclFilter } from '../security/acl-requests';
import type { AclBindingFilter } from '../security/acl-filter';
import type { BrokerServices } from './services';

function authorizerFor(services: BrokerServices, ctx: RequestContext, operation: 'Describe' | 'Alter'): Authorizer {
  if (services.authorizer === null) throw new KafkaError(ErrorCode.SECURITY_DISABLED, 'No Authorizer is configured.');
  access(services.authorizer, ctx).requireCluster(operation);
  return services.authorizer;
}

export function handleDescribeAcls(services: BrokerServices) {
  return (ctx: RequestContext, request: DescribeAclsRequest): DescribeAclsResponse => {
    const authorizer = authorizerFor(services, ctx, 'Describe');
    const filter = parseAclFilter(request);
    if ('problem' in filter)
      return { throttleTimeMs: 0, errorCode: ErrorCode.INVALID_REQUEST, errorMessage: filter.problem, resources: [] };
    return {
      throttleTimeMs: 0,
      errorCode: ErrorCode.NONE,
      errorMessage: null,
      resources: byResource(authorizer.describeAcls(filter.value)),
    };
  };
}

function byResource(bindings: AclBinding[]): DescribeAclsResponse['resources'] {
  const resources = new Map<string, DescribeAclsResponse['resources'][number]>();
  for (const binding of bindings) {
    const { resourceType, resourceName, patternType, ...acl } = bindingToWire(binding);
    const key = patternKey(binding.pattern);
    const resource = resources.get(key) ?? { resourceType, resourceName, patternType, acls: [] };
    resource.acls.push(acl);
    resources.set(key, resource);
  }
  return [...resources.values()];
}

export function handleCreateAcls(services: BrokerServices) {
  return async (ctx: RequestContext, request: CreateAclsRequest): Promise<CreateAclsResponse> => {
    const authorizer = authorizerFor(services, ctx, 'Alter');
    const parsed = request.creations.map(parseAclCreation);
    await authorizer.createAcls(parsed.flatMap((p) => ('value' in p ? [p.value] : [])));
    const results = parsed.map((p) =>
      'problem' in p
        ? { errorCode: ErrorCode.INVALID_REQUEST, errorMessage: p.problem }
        : { errorCode: ErrorCode.NONE, errorMessage: null },
    );
    return { throttleTimeMs: 0, results };
  };
}

export function handleDeleteAcls(services: BrokerServices) {
  return async (ctx: RequestContext, request: DeleteAclsRequest): Promise<DeleteAclsResponse> => {
    const authorizer = authorizerFor(services, ctx, 'Alter');
    const parsed = request.filters.map(parseAclFilter);
    const valid: AclBindingFilter[] = parsed.flatMap((p) => ('value' in p ? [p.value] : []));
    const removed = await authorizer.deleteAcls(valid);
    let next = 0;
    const filterResults = parsed.map((p) => {
      if ('problem' in p) return { errorCode: ErrorCode.INVALID_REQUEST, errorMessage: p.problem, matchingAcls: [] };
      const matchingAcls = removed[next++].map((b) => ({
        errorCode: ErrorCode.NONE,
        errorMessage: null,
        ...bindingToWire(b),
      }));
      return { errorCode: ErrorCode.NONE, errorMessage: null, matchingAcls };
    });
    return { throttleTimeMs: 0, filterResults };
  };
}
