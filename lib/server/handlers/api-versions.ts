// ApiVersions: advertises exactly the versions the dispatcher has handlers for.
import { ErrorCode } from '../../protocol/error-codes';
import type { ApiVersionsRequest, ApiVersionsResponse } from '../../protocol/apis/api-versions';
import type { BrokerServices } from './services';
import type { RequestContext } from '../dispatcher';

export function handleApiVersions(services: BrokerServices) {
  return (_ctx: RequestContext, _request: ApiVersionsRequest): ApiVersionsResponse => ({
    errorCode: ErrorCode.NONE,
    apiKeys: services.advertisedVersions(),
    throttleTimeMs: 0,
  });
}
