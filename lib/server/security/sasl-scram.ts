// SCRAM-SHA-256/512 (RFC 5802, RFC 7677) on the broker: client-first -> server-first (nonce,
// salt, iterations), client-final (proof) -> server-final (signature). An unknown user is
// answered with a made-up credential derived from its name, so the exchange looks and takes the
// same as for a wrong password; it fails only at the proof, with the same message.
import * as crypto from 'node:crypto';
import {
  clientSignature,
  credentialFromSalted,
  decodeSaslName,
  hash,
  nonce,
  parseAttributes,
  serverSignature,
  xor,
  SCRAM_ITERATIONS_MIN,
  type ScramCredential,
  type ScramMechanism,
} from '../../network/scram';
import { invalidCredentials, SaslFailure, type SaslMechanismServer, type SaslStep } from './sasl-mechanism';

const FAKE_CREDENTIAL_KEY = crypto.randomBytes(32);

interface FirstSeen {
  user: string;
  credential: ScramCredential;
  known: boolean;
  clientFirstBare: string;
  serverFirst: string;
  serverNonce: string;
}

export class ScramServer implements SaslMechanismServer {
  private first: FirstSeen | null = null;

  constructor(
    private readonly mechanism: ScramMechanism,
    private readonly credentialOf: (user: string) => ScramCredential | undefined,
    /** The server's part of the nonce; fixed only by the RFC 7677 test-vector spec. */
    private readonly serverNoncePart: () => string = nonce,
  ) {}

  evaluate(token: Buffer): SaslStep {
    const message = token.toString('utf8');
    return this.first === null ? this.clientFirst(message) : this.clientFinal(message, this.first);
  }

  private clientFirst(message: string): SaslStep {
    const gs2 = /^([ny]|p=[^,]*),(a=[^,]*)?,(.*)$/.exec(message);
    if (!gs2) throw new SaslFailure(`Invalid SCRAM client first message`, null);
    if (gs2[1].startsWith('p=')) throw new SaslFailure('SCRAM channel binding is not supported', null);
    const clientFirstBare = gs2[3];
    const attributes = parseMessage(clientFirstBare);
    const user = decodeUser(attributes.get('n'));
    const clientNonce = attributes.get('r');
    if (!clientNonce) throw new SaslFailure('Invalid SCRAM client first message: no nonce', user);
    const stored = this.credentialOf(user);
    const credential = stored ?? this.fakeCredential(user);
    const serverNonce = clientNonce + this.serverNoncePart();
    const serverFirst = `r=${serverNonce},s=${credential.salt.toString('base64')},i=${credential.iterations}`;
    this.first = { user, credential, known: stored !== undefined, clientFirstBare, serverFirst, serverNonce };
    return { done: false, token: Buffer.from(serverFirst, 'utf8') };
  }

  private clientFinal(message: string, first: FirstSeen): SaslStep {
    const proofAt = message.lastIndexOf(',p=');
    if (proofAt < 0) throw new SaslFailure('Invalid SCRAM client final message: no proof', first.user);
    const withoutProof = message.slice(0, proofAt);
    const attributes = parseMessage(withoutProof);
    // endsWith, as Kafka checks: librdkafka repeats its own nonce in front of the combined one.
    if (!(attributes.get('r') ?? '').endsWith(first.serverNonce)) {
      throw new SaslFailure('Invalid SCRAM client final message: nonce mismatch', first.user);
    }
    const authMessage = `${first.clientFirstBare},${first.serverFirst},${withoutProof}`;
    const { storedKey, serverKey } = first.credential;
    const proof = Buffer.from(message.slice(proofAt + 3), 'base64');
    const signature = clientSignature(this.mechanism, storedKey, authMessage);
    const computed =
      proof.length === signature.length ? hash(this.mechanism, xor(proof, signature)) : Buffer.alloc(storedKey.length);
    if (!crypto.timingSafeEqual(computed, storedKey) || !first.known) {
      throw invalidCredentials(this.mechanism, first.user);
    }
    const verifier = serverSignature(this.mechanism, serverKey, authMessage).toString('base64');
    return { done: true, token: Buffer.from(`v=${verifier}`, 'utf8'), user: first.user };
  }

  /** A stable credential for a user that does not exist: the same salt on every attempt, as a real one would have. */
  private fakeCredential(user: string): ScramCredential {
    const salt = crypto.createHmac('sha256', FAKE_CREDENTIAL_KEY).update(user, 'utf8').digest();
    const salted = crypto.createHmac('sha512', FAKE_CREDENTIAL_KEY).update(salt).digest();
    const keyBytes = this.mechanism === 'SCRAM-SHA-256' ? 32 : 64;
    return credentialFromSalted(this.mechanism, salted.subarray(0, keyBytes), salt, SCRAM_ITERATIONS_MIN);
  }
}

function parseMessage(message: string): Map<string, string> {
  try {
    return parseAttributes(message);
  } catch (error) {
    throw new SaslFailure(`Invalid SCRAM message: ${(error as Error).message}`, null);
  }
}

function decodeUser(name: string | undefined): string {
  if (!name) throw new SaslFailure('Invalid SCRAM client first message: no user name', null);
  try {
    return decodeSaslName(name);
  } catch (error) {
    throw new SaslFailure((error as Error).message, null);
  }
}
