// SCRAM against RFC 7677's SCRAM-SHA-256 test vector (user "user", password "pencil"), the
// credential format Kafka stores, and the broker's side of the exchange.
import { expect } from 'chai';
import {
  clientKey,
  clientSignature,
  credentialFromPassword,
  formatCredential,
  hash,
  parseCredential,
  saltedPassword,
  serverKeyOf,
  serverSignature,
  xor,
} from '../../../lib/network/scram';
import { ScramServer } from '../../../lib/server/security/sasl-scram';
import { SaslFailure } from '../../../lib/server/security/sasl-mechanism';

const SALT = Buffer.from('W22ZaJ0SNY7soEsUEjb6gQ==', 'base64');
const CLIENT_FIRST = 'n,,n=user,r=rOprNGfwEbeRWgbNEkqO';
const SERVER_NONCE_PART = '%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0';
const SERVER_FIRST = `r=rOprNGfwEbeRWgbNEkqO${SERVER_NONCE_PART},s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096`;
const CLIENT_FINAL_NO_PROOF = `c=biws,r=rOprNGfwEbeRWgbNEkqO${SERVER_NONCE_PART}`;
const CLIENT_FINAL = `${CLIENT_FINAL_NO_PROOF},p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=`;
const SERVER_FINAL = 'v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=';
const AUTH_MESSAGE = `n=user,r=rOprNGfwEbeRWgbNEkqO,${SERVER_FIRST},${CLIENT_FINAL_NO_PROOF}`;

function rfcServer(known = true): ScramServer {
  const credential = credentialFromPassword('SCRAM-SHA-256', 'pencil', 4096, SALT);
  return new ScramServer(
    'SCRAM-SHA-256',
    (user) => (known && user === 'user' ? credential : undefined),
    () => SERVER_NONCE_PART,
  );
}

describe('SCRAM (RFC 5802/7677)', () => {
  it("computes RFC 7677's client proof and server signature", () => {
    const salted = saltedPassword('SCRAM-SHA-256', 'pencil', SALT, 4096);
    const key = clientKey('SCRAM-SHA-256', salted);
    const proof = xor(key, clientSignature('SCRAM-SHA-256', hash('SCRAM-SHA-256', key), AUTH_MESSAGE));
    expect(proof.toString('base64')).to.equal('dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=');
    const signature = serverSignature('SCRAM-SHA-256', serverKeyOf('SCRAM-SHA-256', salted), AUTH_MESSAGE);
    expect(`v=${signature.toString('base64')}`).to.equal(SERVER_FINAL);
  });

  it("answers RFC 7677's exchange as the server, from a stored credential", () => {
    const server = rfcServer();
    const first = server.evaluate(Buffer.from(CLIENT_FIRST));
    expect(first.done).to.equal(false);
    expect(first.token.toString()).to.equal(SERVER_FIRST);
    const final = server.evaluate(Buffer.from(CLIENT_FINAL));
    expect(final).to.deep.include({ done: true, user: 'user' });
    expect(final.token.toString()).to.equal(SERVER_FINAL);
  });

  it("fails a wrong proof and an unknown user alike, with Kafka's message", () => {
    const wrongProof = CLIENT_FINAL.replace('p=dHzb', 'p=eHzb');
    const failureOf = (server: ScramServer, clientFinal: string): SaslFailure => {
      server.evaluate(Buffer.from(CLIENT_FIRST));
      try {
        server.evaluate(Buffer.from(clientFinal));
      } catch (error) {
        return error as SaslFailure;
      }
      throw new Error('the exchange succeeded');
    };
    const wrong = failureOf(rfcServer(), wrongProof);
    const unknown = failureOf(rfcServer(false), CLIENT_FINAL);
    expect(wrong.code).to.equal(58);
    expect(wrong.message).to.equal(
      'Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-256',
    );
    expect(unknown.message).to.equal(wrong.message);
    expect([wrong.user, unknown.user]).to.deep.equal(['user', 'user']);
  });

  it('offers an unknown user a salt that stays the same across attempts, like a real one', () => {
    const saltOf = (): string => {
      const server = new ScramServer('SCRAM-SHA-512', () => undefined);
      const first = server.evaluate(Buffer.from('n,,n=ghost,r=abc')).token.toString();
      return /s=([^,]+)/.exec(first)?.[1] ?? '';
    };
    expect(saltOf()).to.have.length.greaterThan(0);
    expect(saltOf()).to.equal(saltOf());
  });

  it("writes and reads Kafka's stored credential form", () => {
    const credential = credentialFromPassword('SCRAM-SHA-512', 'secret', 8192);
    const text = formatCredential(credential);
    expect(text).to.match(
      /^salt=[A-Za-z0-9+/=]+,stored_key=[A-Za-z0-9+/=]+,server_key=[A-Za-z0-9+/=]+,iterations=8192$/,
    );
    expect(parseCredential(text)).to.deep.equal(credential);
  });
});
