// A server-side SASL mechanism for one connection (Kafka's SaslServer): fed the client's tokens
// one at a time, it answers a challenge or finishes with the authenticated user. A failure is a
// SaslFailure: the connection gets SASL_AUTHENTICATION_FAILED and is closed.
import { KafkaError } from '../../protocol/kafka-error';
import { ErrorCode } from '../../protocol/error-codes';

export type SaslStep = { done: false; token: Buffer } | { done: true; token: Buffer; user: string };

export interface SaslMechanismServer {
  evaluate(token: Buffer): SaslStep;
}

/** Authentication failed; `user` (when known) is for the broker's log, never for the client. */
export class SaslFailure extends KafkaError {
  constructor(
    message: string,
    readonly user: string | null,
  ) {
    super(ErrorCode.SASL_AUTHENTICATION_FAILED, message);
  }
}

/** Kafka's message for a bad password or an unknown user: the two are indistinguishable on purpose. */
export function invalidCredentials(mechanism: string, user: string | null): SaslFailure {
  return new SaslFailure(
    `Authentication failed during authentication due to invalid credentials with SASL mechanism ${mechanism}`,
    user,
  );
}
