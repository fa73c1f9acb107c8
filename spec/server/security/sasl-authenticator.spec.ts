// The per-connection SASL state machine on its own: what may be sent before login, Kafka's
// error codes for an unknown mechanism and out-of-order requests, the principal after login, and
// the failure log line naming the user and the address.
import { expect } from 'chai';
import type { Logger } from '../../../lib/util/logger';
import type { ConnectionInfo } from '../../../lib/server/socket-server';
import { ANONYMOUS } from '../../../lib/server/security/principal';
import { SaslAuthenticator } from '../../../lib/server/security/sasl-authenticator';
import { ApiKey } from '../../../lib/protocol/api-keys';
import { ErrorCode } from '../../../lib/protocol/error-codes';

function capturingLogger(lines: string[]): Logger {
  const log = (message: string): void => {
    lines.push(message);
  };
  return { warn: log, debug: log, info: log, error: log } as unknown as Logger;
}

function connection(securityProtocol: ConnectionInfo['securityProtocol'] = 'SASL_PLAINTEXT'): ConnectionInfo {
  return {
    id: 1,
    listenerName: securityProtocol,
    securityProtocol,
    remoteAddress: '127.0.0.9',
    remotePort: 4242,
    principal: ANONYMOUS,
  };
}

function authenticator(lines: string[] = []): SaslAuthenticator {
  return new SaslAuthenticator({
    enabledMechanisms: () => ['PLAIN', 'SCRAM-SHA-512', 'GSSAPI'],
    plainPasswordOf: (_listener, user) => (user === 'alice' ? 'alice-secret' : undefined),
    scramCredentials: { get: () => undefined },
    logger: capturingLogger(lines),
  });
}

const plainToken = (user: string, password: string): Buffer => Buffer.from(`\0${user}\0${password}`);

describe('SASL authenticator', () => {
  it('admits only ApiVersions and SaslHandshake before the handshake, then only SaslAuthenticate', () => {
    const sasl = authenticator();
    const conn = connection();
    expect(sasl.refusal(ApiKey.API_VERSIONS, conn)).to.equal(null);
    expect(sasl.refusal(ApiKey.SASL_HANDSHAKE, conn)).to.equal(null);
    expect(sasl.refusal(ApiKey.METADATA, conn)).to.match(/during SASL handshake/);
    expect(sasl.handshake(conn, 'PLAIN', 1)).to.deep.equal({
      errorCode: 0,
      mechanisms: ['PLAIN', 'SCRAM-SHA-512', 'GSSAPI'],
    });
    expect(sasl.refusal(ApiKey.PRODUCE, conn)).to.match(/during SASL authenticate/);
    expect(sasl.refusal(ApiKey.SASL_AUTHENTICATE, conn)).to.equal(null);
  });

  it('makes the principal User:<name> after a good login, and then admits everything', () => {
    const sasl = authenticator();
    const conn = connection();
    sasl.handshake(conn, 'PLAIN', 1);
    expect(sasl.authenticate(conn, plainToken('alice', 'alice-secret')).errorCode).to.equal(ErrorCode.NONE);
    expect(conn.principal).to.deep.equal({ principalType: 'User', name: 'alice' });
    expect(sasl.refusal(ApiKey.PRODUCE, conn)).to.equal(null);
    expect(sasl.closeAfterResponse(conn)).to.equal(null);
  });

  it('answers a bad password with SASL_AUTHENTICATION_FAILED, logs user and address, and closes after the answer', () => {
    const lines: string[] = [];
    const sasl = authenticator(lines);
    const conn = connection();
    sasl.handshake(conn, 'PLAIN', 1);
    const answer = sasl.authenticate(conn, plainToken('alice', 'wrong'));
    expect(answer.errorCode).to.equal(ErrorCode.SASL_AUTHENTICATION_FAILED);
    expect(answer.errorMessage).to.equal('Authentication failed: Invalid username or password');
    expect(conn.principal).to.equal(ANONYMOUS);
    expect(sasl.closeAfterResponse(conn)).to.be.a('string');
    expect(lines.join('\n')).to.contain('Failed authentication with /127.0.0.9 (user=alice)');
  });

  it('answers a mechanism not enabled, or enabled but not implemented (GSSAPI), with UNSUPPORTED_SASL_MECHANISM', () => {
    const sasl = authenticator();
    for (const mechanism of ['OAUTHBEARER', 'GSSAPI']) {
      const conn = connection();
      expect(sasl.handshake(conn, mechanism, 1)).to.deep.equal({
        errorCode: ErrorCode.UNSUPPORTED_SASL_MECHANISM,
        mechanisms: ['PLAIN', 'SCRAM-SHA-512', 'GSSAPI'],
      });
      expect(sasl.closeAfterResponse(conn)).to.be.a('string');
    }
  });

  it('answers out-of-order requests with ILLEGAL_SASL_STATE', () => {
    const sasl = authenticator();
    const early = connection();
    expect(sasl.authenticate(early, plainToken('alice', 'alice-secret')).errorCode).to.equal(
      ErrorCode.ILLEGAL_SASL_STATE,
    );
    const twice = connection();
    sasl.handshake(twice, 'PLAIN', 1);
    expect(sasl.handshake(twice, 'PLAIN', 1).errorCode).to.equal(ErrorCode.ILLEGAL_SASL_STATE);
    expect(sasl.handshake(connection('PLAINTEXT'), 'PLAIN', 1).errorCode).to.equal(ErrorCode.ILLEGAL_SASL_STATE);
  });

  it('after a v0 handshake takes bare tokens and answers them bare', () => {
    const sasl = authenticator();
    const conn = connection();
    sasl.handshake(conn, 'PLAIN', 0);
    expect(sasl.awaitsRawToken(conn)).to.equal(true);
    expect(sasl.rawToken(plainToken('alice', 'alice-secret'), conn)).to.deep.equal({
      kind: 'respond',
      chunks: [Buffer.alloc(0)],
    });
    expect(conn.principal.name).to.equal('alice');
    expect(sasl.awaitsRawToken(conn)).to.equal(false);
  });

  it('leaves PLAINTEXT connections alone', () => {
    expect(authenticator().refusal(ApiKey.PRODUCE, connection('PLAINTEXT'))).to.equal(null);
  });
});
