// KIP-554 for the Admin client: describe users' SCRAM mechanisms and add or delete credentials.
// The password is salted here (Hi with a fresh salt), so only the salted form crosses the wire.
import type { Cluster } from './cluster';
import { ClientError } from './errors';
import { describeUserScramCredentialsApi } from '../protocol/apis/describe-user-scram-credentials';
import { alterUserScramCredentialsApi } from '../protocol/apis/alter-user-scram-credentials';
import { errorInfo, ErrorCode } from '../protocol/error-codes';
import { newSalt, saltedPassword, scramMechanismOfTypeId, scramTypeId, type ScramMechanism } from '../network/scram';

export interface ScramCredentialInfo {
  mechanism: ScramMechanism;
  iterations: number;
}

export type ScramAlteration =
  | { user: string; mechanism: ScramMechanism; iterations: number; password: string }
  | { user: string; mechanism: ScramMechanism; delete: true };

/** Users (all when null) and their mechanisms; a user asked for by name that has none fails the call. */
export async function describeUserScramCredentials(
  cluster: Cluster,
  users: string[] | null,
): Promise<Map<string, ScramCredentialInfo[]>> {
  const connection = await cluster.anyConnection();
  const { response } = await connection.request(describeUserScramCredentialsApi, {
    users: users === null ? null : users.map((name) => ({ name })),
  });
  if (response.errorCode !== ErrorCode.NONE) throw failure(response.errorCode, response.errorMessage);
  const described = new Map<string, ScramCredentialInfo[]>();
  for (const result of response.results) {
    if (result.errorCode !== ErrorCode.NONE) throw failure(result.errorCode, result.errorMessage);
    described.set(
      result.user,
      result.credentialInfos.map((c) => ({
        mechanism: scramMechanismOfTypeId(c.mechanism) ?? 'SCRAM-SHA-256',
        iterations: c.iterations,
      })),
    );
  }
  return described;
}

export async function alterUserScramCredentials(cluster: Cluster, alterations: ScramAlteration[]): Promise<void> {
  const deletions = alterations
    .filter((a) => 'delete' in a)
    .map((a) => ({ name: a.user, mechanism: scramTypeId(a.mechanism) }));
  const upsertions = alterations.flatMap((a) => {
    if ('delete' in a) return [];
    const salt = newSalt();
    return [
      {
        name: a.user,
        mechanism: scramTypeId(a.mechanism),
        iterations: a.iterations,
        salt,
        saltedPassword: saltedPassword(a.mechanism, a.password, salt, a.iterations),
      },
    ];
  });
  const connection = await cluster.anyConnection();
  const { response } = await connection.request(alterUserScramCredentialsApi, { deletions, upsertions });
  const failed = response.results.find((r) => r.errorCode !== ErrorCode.NONE);
  if (failed) throw failure(failed.errorCode, `${failed.user}: ${failed.errorMessage ?? ''}`);
}

function failure(errorCode: number, message: string | null): ClientError {
  return new ClientError(errorInfo(errorCode).name, message ?? errorInfo(errorCode).message, { errorCode });
}
