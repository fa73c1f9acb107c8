// The per-connection SASL state machine of a SASL listener (Kafka's SaslServerAuthenticator).
// A connection starts in `handshake`, where only ApiVersions and SaslHandshake are accepted; the
// handshake picks a mechanism among those enabled and moves to `authenticate`, where the tokens
// arrive wrapped in SaslAuthenticate (handshake v1) or as bare size-prefixed frames (handshake
// v0, as kafka-python 2.0.2 sends them). Success makes the principal User:<name>; any other
// request, or a failure, closes the connection (after the failure's response). Re-authentication
// (KIP-368) is not implemented: the session lifetime is answered as 0.
import type { ConnectionInfo, DispatchResult } from '../socket-server';
import type { Logger } from '../../util/logger';
import { usesSasl } from '../../network/security-protocol';
import { isScramMechanism } from '../../network/scram';
import { ApiKey } from '../../protocol/api-keys';
import { ErrorCode } from '../../protocol/error-codes';
import type { SaslHandshakeResponse } from '../../protocol/apis/sasl-handshake';
import type { SaslAuthenticateResponse } from '../../protocol/apis/sasl-authenticate';
import { userPrincipal } from './principal';
import { SaslFailure, type SaslMechanismServer } from './sasl-mechanism';
import { PlainServer } from './sasl-plain';
import { ScramServer } from './sasl-scram';
import type { ScramCredentialCache } from './scram-credential-cache';

export interface SaslServerSettings {
  /** sasl.enabled.mechanisms of the listener. */
  enabledMechanisms(listenerName: string): readonly string[];
  /** PLAIN's users: the JAAS user_<name> entries of the listener. */
  plainPasswordOf(listenerName: string, user: string): string | undefined;
  scramCredentials: Pick<ScramCredentialCache, 'get'>;
  logger: Logger;
}

type State =
  | { phase: 'handshake' }
  | { phase: 'authenticate'; mechanism: string; server: SaslMechanismServer; rawTokens: boolean }
  | { phase: 'done' }
  | { phase: 'failed'; reason: string };

const BEFORE_HANDSHAKE: ReadonlySet<number> = new Set([ApiKey.API_VERSIONS, ApiKey.SASL_HANDSHAKE]);

export class SaslAuthenticator {
  private readonly states = new WeakMap<ConnectionInfo, State>();

  constructor(private readonly settings: SaslServerSettings) {}

  /** Whether the connection's next frame is a bare SASL token rather than a Kafka request. */
  awaitsRawToken(connection: ConnectionInfo): boolean {
    const state = this.stateOf(connection);
    return state.phase === 'authenticate' && state.rawTokens;
  }

  /** Why a request of this api key may not be served now (the connection is then closed), or null. */
  refusal(apiKey: number, connection: ConnectionInfo): string | null {
    if (!usesSasl(connection.securityProtocol)) return null;
    const state = this.stateOf(connection);
    if (state.phase === 'done') return null;
    if (state.phase === 'failed') return state.reason;
    const allowed = state.phase === 'handshake' ? BEFORE_HANDSHAKE.has(apiKey) : apiKey === ApiKey.SASL_AUTHENTICATE;
    return allowed ? null : `unexpected request (api key ${apiKey}) during SASL ${state.phase}`;
  }

  /** Set once a handshake or authentication failed: the response is sent, then the connection closed. */
  closeAfterResponse(connection: ConnectionInfo): string | null {
    const state = this.states.get(connection);
    return state?.phase === 'failed' ? state.reason : null;
  }

  handshake(connection: ConnectionInfo, mechanism: string, version: number): SaslHandshakeResponse {
    const enabled = usesSasl(connection.securityProtocol)
      ? [...this.settings.enabledMechanisms(connection.listenerName)]
      : [];
    if (this.stateOf(connection).phase !== 'handshake' || !usesSasl(connection.securityProtocol)) {
      this.fail(connection, 'SaslHandshake out of order or on a listener without SASL');
      return { errorCode: ErrorCode.ILLEGAL_SASL_STATE, mechanisms: enabled };
    }
    const server = enabled.includes(mechanism) ? this.serverFor(connection.listenerName, mechanism) : null;
    if (server === null) {
      this.fail(connection, `SASL mechanism ${mechanism} is not enabled (enabled: ${enabled.join(', ')})`);
      return { errorCode: ErrorCode.UNSUPPORTED_SASL_MECHANISM, mechanisms: enabled };
    }
    this.states.set(connection, { phase: 'authenticate', mechanism, server, rawTokens: version === 0 });
    return { errorCode: ErrorCode.NONE, mechanisms: enabled };
  }

  authenticate(connection: ConnectionInfo, token: Buffer): SaslAuthenticateResponse {
    const state = this.stateOf(connection);
    if (state.phase !== 'authenticate' || state.rawTokens) {
      this.fail(connection, 'SaslAuthenticate out of order');
      return failedResponse(ErrorCode.ILLEGAL_SASL_STATE, 'Unexpected SaslAuthenticate request');
    }
    try {
      return {
        errorCode: ErrorCode.NONE,
        errorMessage: null,
        authBytes: this.step(connection, state, token),
        sessionLifetimeMs: 0,
      };
    } catch (error) {
      if (!(error instanceof SaslFailure)) throw error;
      this.failed(connection, state.mechanism, error);
      return failedResponse(error.code, error.message);
    }
  }

  /** A bare token after a v0 handshake: answered bare; a failure just closes the connection, as Kafka does. */
  rawToken(frame: Buffer, connection: ConnectionInfo): DispatchResult {
    const state = this.stateOf(connection);
    if (state.phase !== 'authenticate') return { kind: 'close', reason: 'SASL token out of order' };
    try {
      return { kind: 'respond', chunks: [this.step(connection, state, frame)] };
    } catch (error) {
      if (!(error instanceof SaslFailure)) throw error;
      this.failed(connection, state.mechanism, error);
      return { kind: 'close', reason: error.message };
    }
  }

  private step(connection: ConnectionInfo, state: State & { phase: 'authenticate' }, token: Buffer): Buffer {
    const result = state.server.evaluate(token);
    if (result.done) {
      connection.principal = userPrincipal(result.user);
      this.states.set(connection, { phase: 'done' });
      this.settings.logger.debug(
        `${connection.remoteAddress}:${connection.remotePort} authenticated as User:${result.user} with ${state.mechanism}`,
      );
    }
    return result.token;
  }

  private failed(connection: ConnectionInfo, mechanism: string, error: SaslFailure): void {
    const user = error.user === null ? '' : ` (user=${error.user})`;
    this.settings.logger.warn(
      `Failed authentication with /${connection.remoteAddress}${user} using ${mechanism}: ${error.message}`,
    );
    this.fail(connection, error.message);
  }

  private fail(connection: ConnectionInfo, reason: string): void {
    this.states.set(connection, { phase: 'failed', reason });
  }

  private serverFor(listenerName: string, mechanism: string): SaslMechanismServer | null {
    if (mechanism === 'PLAIN') return new PlainServer((user) => this.settings.plainPasswordOf(listenerName, user));
    if (isScramMechanism(mechanism)) {
      return new ScramServer(mechanism, (user) => this.settings.scramCredentials.get(user, mechanism));
    }
    return null;
  }

  private stateOf(connection: ConnectionInfo): State {
    return this.states.get(connection) ?? { phase: 'handshake' };
  }
}

function failedResponse(errorCode: number, errorMessage: string): SaslAuthenticateResponse {
  return { errorCode, errorMessage, authBytes: Buffer.alloc(0), sessionLifetimeMs: 0 };
}
