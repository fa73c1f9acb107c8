// DescribeUserScramCredentials and AlterUserScramCredentials (KIP-554): routed to the broker's
// SCRAM admin service, which reads and writes /config/users.
import type { RequestContext } from '../dispatcher';
import type { BrokerServices } from './services';
import type {
  DescribeUserScramCredentialsRequest,
  DescribeUserScramCredentialsResponse,
} from '../../protocol/apis/describe-user-scram-credentials';
import type {
  AlterUserScramCredentialsRequest,
  AlterUserScramCredentialsResponse,
} from '../../protocol/apis/alter-user-scram-credentials';
import { ErrorCode } from '../../protocol/error-codes';

export function handleDescribeUserScramCredentials(services: BrokerServices) {
  return async (
    _ctx: RequestContext,
    request: DescribeUserScramCredentialsRequest,
  ): Promise<DescribeUserScramCredentialsResponse> => ({
    throttleTimeMs: 0,
    errorCode: ErrorCode.NONE,
    errorMessage: null,
    results: await services.scramAdmin.describe(request.users === null ? null : request.users.map((u) => u.name)),
  });
}

export function handleAlterUserScramCredentials(services: BrokerServices) {
  return async (
    _ctx: RequestContext,
    request: AlterUserScramCredentialsRequest,
  ): Promise<AlterUserScramCredentialsResponse> => ({
    throttleTimeMs: 0,
    results: await services.scramAdmin.alter(request),
  });
}
