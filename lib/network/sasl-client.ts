// The client's side of SASL on a fresh connection (Kafka's SaslClientAuthenticator): a v1
// SaslHandshake names the mechanism, then SaslAuthenticate carries the tokens — one for PLAIN,
// two round trips for SCRAM. Re-authentication (KIP-368) is not done: the broker answers a
// session lifetime of 0. Used by Samsa's client and tools and by the broker's own outbound
// channels (replica fetchers, controller channel, AlterIsr).
import { KafkaError } from '../protocol/kafka-error';
import { ErrorCode } from '../protocol/error-codes';
import { saslHandshakeApi } from '../protocol/apis/sasl-handshake';
import { saslAuthenticateApi } from '../protocol/apis/sasl-authenticate';
import type { Connection } from './connection';
import {
  clientKey,
  clientSignature,
  encodeSaslName,
  hash,
  isScramMechanism,
  nonce,
  parseAttributes,
  saltedPassword,
  serverKeyOf,
  serverSignature,
  xor,
  type ScramMechanism,
} from './scram';

export type SaslMechanism = 'PLAIN' | ScramMechanism;

export interface SaslClientConfig {
  mechanism: SaslMechanism;
  username: string;
  password: string;
}

const AUTHENTICATE_VERSION = 1;

export async function saslAuthenticate(connection: Connection, sasl: SaslClientConfig): Promise<void> {
  const handshake = await connection.send(saslHandshakeApi, 1, { mechanism: sasl.mechanism });
  if (handshake.errorCode !== ErrorCode.NONE) {
    throw new KafkaError(
      handshake.errorCode,
      `${connection.address} does not offer SASL mechanism ${sasl.mechanism} (it offers ${handshake.mechanisms.join(', ') || 'none'})`,
    );
  }
  if (isScramMechanism(sasl.mechanism)) await scramExchange(connection, sasl.mechanism, sasl);
  else await exchange(connection, Buffer.from(`\0${sasl.username}\0${sasl.password}`, 'utf8'));
}

async function exchange(connection: Connection, token: Buffer): Promise<Buffer> {
  const response = await connection.send(saslAuthenticateApi, AUTHENTICATE_VERSION, { authBytes: token });
  if (response.errorCode !== ErrorCode.NONE) {
    throw new KafkaError(
      response.errorCode,
      response.errorMessage ?? `SASL authentication to ${connection.address} failed`,
    );
  }
  return response.authBytes;
}

async function scramExchange(connection: Connection, mechanism: ScramMechanism, sasl: SaslClientConfig): Promise<void> {
  const clientNonce = nonce();
  const clientFirstBare = `n=${encodeSaslName(sasl.username)},r=${clientNonce}`;
  const serverFirst = (await exchange(connection, Buffer.from(`n,,${clientFirstBare}`, 'utf8'))).toString('utf8');
  const first = parseAttributes(serverFirst);
  const serverNonce = first.get('r') ?? '';
  const iterations = Number(first.get('i'));
  if (!serverNonce.startsWith(clientNonce) || !first.has('s') || !Number.isInteger(iterations)) {
    throw new KafkaError(
      ErrorCode.SASL_AUTHENTICATION_FAILED,
      `malformed SCRAM server-first message from ${connection.address}`,
    );
  }
  const salted = saltedPassword(mechanism, sasl.password, Buffer.from(first.get('s') as string, 'base64'), iterations);
  const clientFinalNoProof = `c=biws,r=${serverNonce}`;
  const authMessage = `${clientFirstBare},${serverFirst},${clientFinalNoProof}`;
  const key = clientKey(mechanism, salted);
  const proof = xor(key, clientSignature(mechanism, hash(mechanism, key), authMessage));
  const clientFinal = `${clientFinalNoProof},p=${proof.toString('base64')}`;
  const serverFinal = parseAttributes((await exchange(connection, Buffer.from(clientFinal, 'utf8'))).toString('utf8'));
  const expected = serverSignature(mechanism, serverKeyOf(mechanism, salted), authMessage).toString('base64');
  if (serverFinal.get('v') !== expected) {
    throw new KafkaError(
      ErrorCode.SASL_AUTHENTICATION_FAILED,
      `${connection.address} did not prove it knows the SCRAM credential`,
    );
  }
}
