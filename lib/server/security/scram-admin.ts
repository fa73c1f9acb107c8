// KIP-554 on the broker: describes users' SCRAM mechanisms (never their keys) and applies
// credential upserts and deletions to /config/users, announcing each change so every broker's
// credential cache follows. Problems with one user are that user's result, as in Kafka.
import type { ZkSession } from '../../zk/session';
import { alterUserConfig, listConfiguredUsers, readUserConfig } from '../../zk/user-config-znodes';
import { isZnodeSegment } from '../../zk/znodes';
import {
  credentialFromSalted,
  formatCredential,
  parseCredential,
  scramMechanismOfTypeId,
  scramTypeId,
  SCRAM_ITERATIONS_MAX,
  SCRAM_ITERATIONS_MIN,
  SCRAM_MECHANISMS,
  type ScramMechanism,
} from '../../network/scram';
import { ErrorCode } from '../../protocol/error-codes';
import type { DescribeUserScramCredentialsResult } from '../../protocol/apis/describe-user-scram-credentials';
import type {
  AlterUserScramCredentialsRequest,
  AlterUserScramCredentialsResult,
} from '../../protocol/apis/alter-user-scram-credentials';

type Outcome = { errorCode: number; errorMessage: string | null };
const OK: Outcome = { errorCode: ErrorCode.NONE, errorMessage: null };

export class ScramAdmin {
  constructor(private readonly session: () => ZkSession) {}

  /** `users` null: every user that has a SCRAM credential. */
  async describe(users: string[] | null): Promise<DescribeUserScramCredentialsResult[]> {
    const all = users === null;
    const names = users ?? (await listConfiguredUsers(this.session()));
    const results: DescribeUserScramCredentialsResult[] = [];
    for (const [i, user] of names.entries()) {
      if (names.indexOf(user) !== i) continue;
      if (names.lastIndexOf(user) !== i) {
        results.push({
          user,
          ...failure(
            ErrorCode.DUPLICATE_RESOURCE,
            `Cannot describe SCRAM credentials for the same user twice in a single request: ${user}`,
          ),
          credentialInfos: [],
        });
        continue;
      }
      // A name ZooKeeper cannot hold has no credential, as an absent user has none.
      const config = isZnodeSegment(user) ? await readUserConfig(this.session(), user) : {};
      const credentialInfos = SCRAM_MECHANISMS.filter((m) => config[m] !== undefined).map((m) => ({
        mechanism: scramTypeId(m),
        iterations: parseCredential(config[m]).iterations,
      }));
      if (credentialInfos.length > 0) results.push({ user, ...OK, credentialInfos });
      else if (!all) {
        results.push({
          user,
          ...failure(
            ErrorCode.RESOURCE_NOT_FOUND,
            `Attempt to describe a user credential that does not exist: ${user}`,
          ),
          credentialInfos: [],
        });
      }
    }
    return results;
  }

  async alter(request: AlterUserScramCredentialsRequest): Promise<AlterUserScramCredentialsResult[]> {
    const changes = new Map<string, Record<string, string | null>>();
    const outcomes = new Map<string, Outcome>();
    const seen = new Set<string>();
    const record = (user: string, outcome: Outcome | Record<string, string | null>): void => {
      if (outcomes.has(user)) return;
      if ('errorCode' in outcome) {
        outcomes.set(user, outcome as Outcome);
        changes.delete(user);
      } else changes.set(user, { ...changes.get(user), ...outcome });
    };
    const entries = [
      ...request.deletions.map((d) => ({ ...d, upsert: null })),
      ...request.upsertions.map((u) => ({ name: u.name, mechanism: u.mechanism, upsert: u })),
    ];
    for (const { name, mechanism: typeId, upsert } of entries) {
      const mechanism = scramMechanismOfTypeId(typeId);
      const key = `${name}/${typeId}`;
      if (seen.has(key))
        record(
          name,
          failure(
            ErrorCode.DUPLICATE_RESOURCE,
            `A user credential cannot be altered twice in the same request: ${name}`,
          ),
        );
      seen.add(key);
      if (name === '') record(name, failure(ErrorCode.UNACCEPTABLE_CREDENTIAL, 'Username must not be empty'));
      else if (!isZnodeSegment(name))
        record(name, failure(ErrorCode.UNACCEPTABLE_CREDENTIAL, `Username ${JSON.stringify(name)} cannot be stored`));
      else if (mechanism === null)
        record(name, failure(ErrorCode.UNSUPPORTED_SASL_MECHANISM, `Unknown SCRAM mechanism type ${typeId}`));
      else if (upsert === null) record(name, { [mechanism]: null });
      else record(name, this.upsertion(mechanism, upsert.iterations, upsert.salt, upsert.saltedPassword));
    }
    for (const [user, change] of changes) {
      const outcome = await this.apply(user, change);
      outcomes.set(user, outcome);
    }
    return [...outcomes].map(([user, outcome]) => ({ user, ...outcome }));
  }

  private upsertion(
    mechanism: ScramMechanism,
    iterations: number,
    salt: Buffer,
    salted: Buffer,
  ): Outcome | Record<string, string> {
    if (iterations < SCRAM_ITERATIONS_MIN || iterations > SCRAM_ITERATIONS_MAX) {
      return failure(
        ErrorCode.UNACCEPTABLE_CREDENTIAL,
        `Iterations ${iterations} is out of range [${SCRAM_ITERATIONS_MIN}, ${SCRAM_ITERATIONS_MAX}] for ${mechanism}`,
      );
    }
    if (salt.length === 0 || salted.length === 0)
      return failure(ErrorCode.UNACCEPTABLE_CREDENTIAL, 'Salt and salted password must not be empty');
    return { [mechanism]: formatCredential(credentialFromSalted(mechanism, salted, salt, iterations)) };
  }

  private async apply(user: string, change: Record<string, string | null>): Promise<Outcome> {
    const current = await readUserConfig(this.session(), user);
    const missing = Object.entries(change).find(([m, v]) => v === null && current[m] === undefined);
    if (missing)
      return failure(
        ErrorCode.RESOURCE_NOT_FOUND,
        `Attempt to delete a user credential that does not exist: ${user} ${missing[0]}`,
      );
    await alterUserConfig(this.session(), user, change);
    return OK;
  }
}

function failure(errorCode: number, errorMessage: string): Outcome {
  return { errorCode, errorMessage };
}
