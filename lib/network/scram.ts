// SCRAM's arithmetic (RFC 5802, RFC 7677), shared by the broker that verifies and the client that
// proves: Hi() is PBKDF2 with the mechanism's HMAC; the stored key is H(HMAC(salted, "Client
// Key")) and the server key HMAC(salted, "Server Key"). Kafka stores one credential per mechanism
// as "salt=<b64>,stored_key=<b64>,server_key=<b64>,iterations=<n>".
import * as crypto from 'node:crypto';

export const SCRAM_MECHANISMS = ['SCRAM-SHA-256', 'SCRAM-SHA-512'] as const;
export type ScramMechanism = (typeof SCRAM_MECHANISMS)[number];

interface MechanismInfo {
  hash: 'sha256' | 'sha512';
  keyBytes: number;
  /** KIP-554's ScramMechanism type id on the wire. */
  typeId: number;
}

const INFO: Record<ScramMechanism, MechanismInfo> = {
  'SCRAM-SHA-256': { hash: 'sha256', keyBytes: 32, typeId: 1 },
  'SCRAM-SHA-512': { hash: 'sha512', keyBytes: 64, typeId: 2 },
};

/** Kafka refuses fewer iterations than this (ScramMechanism.minIterations) and more than 16384. */
export const SCRAM_ITERATIONS_MIN = 4096;
export const SCRAM_ITERATIONS_MAX = 16384;

export interface ScramCredential {
  salt: Buffer;
  storedKey: Buffer;
  serverKey: Buffer;
  iterations: number;
}

export function isScramMechanism(name: string): name is ScramMechanism {
  return (SCRAM_MECHANISMS as readonly string[]).includes(name);
}

export function scramTypeId(mechanism: ScramMechanism): number {
  return INFO[mechanism].typeId;
}

export function scramMechanismOfTypeId(typeId: number): ScramMechanism | null {
  return SCRAM_MECHANISMS.find((m) => INFO[m].typeId === typeId) ?? null;
}

export function hmac(mechanism: ScramMechanism, key: Buffer, data: Buffer | string): Buffer {
  return crypto.createHmac(INFO[mechanism].hash, key).update(data).digest();
}

export function hash(mechanism: ScramMechanism, data: Buffer): Buffer {
  return crypto.createHash(INFO[mechanism].hash).update(data).digest();
}

/** Hi(password, salt, i). SASLprep is not applied: Kafka's own ScramFormatter does not either. */
export function saltedPassword(mechanism: ScramMechanism, password: string, salt: Buffer, iterations: number): Buffer {
  const { hash: digest, keyBytes } = INFO[mechanism];
  return crypto.pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, keyBytes, digest);
}

export function clientKey(mechanism: ScramMechanism, salted: Buffer): Buffer {
  return hmac(mechanism, salted, 'Client Key');
}

export function serverKeyOf(mechanism: ScramMechanism, salted: Buffer): Buffer {
  return hmac(mechanism, salted, 'Server Key');
}

export function credentialFromSalted(
  mechanism: ScramMechanism,
  salted: Buffer,
  salt: Buffer,
  iterations: number,
): ScramCredential {
  return {
    salt,
    storedKey: hash(mechanism, clientKey(mechanism, salted)),
    serverKey: serverKeyOf(mechanism, salted),
    iterations,
  };
}

export function newSalt(): Buffer {
  return crypto.randomBytes(32);
}

export function credentialFromPassword(
  mechanism: ScramMechanism,
  password: string,
  iterations: number,
  salt: Buffer = newSalt(),
): ScramCredential {
  return credentialFromSalted(mechanism, saltedPassword(mechanism, password, salt, iterations), salt, iterations);
}

export function formatCredential(c: ScramCredential): string {
  const b64 = (b: Buffer): string => b.toString('base64');
  return `salt=${b64(c.salt)},stored_key=${b64(c.storedKey)},server_key=${b64(c.serverKey)},iterations=${c.iterations}`;
}

export function parseCredential(text: string): ScramCredential {
  const fields = new Map(
    text.split(',').map((part) => {
      const eq = part.indexOf('=');
      return [part.slice(0, eq), part.slice(eq + 1)] as const;
    }),
  );
  const field = (name: string): string => {
    const value = fields.get(name);
    if (value === undefined || value === '') throw new Error(`SCRAM credential has no ${name}`);
    return value;
  };
  const iterations = Number(field('iterations'));
  if (!Number.isInteger(iterations) || iterations <= 0) throw new Error('SCRAM credential has a bad iteration count');
  return {
    salt: Buffer.from(field('salt'), 'base64'),
    storedKey: Buffer.from(field('stored_key'), 'base64'),
    serverKey: Buffer.from(field('server_key'), 'base64'),
    iterations,
  };
}

export function xor(a: Buffer, b: Buffer): Buffer {
  const out = Buffer.alloc(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] ^ b[i];
  return out;
}

export function nonce(): string {
  return crypto.randomBytes(24).toString('base64');
}

/** A SCRAM message's "a=value" attributes; values may contain '=' but never ','. */
export function parseAttributes(message: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const part of message.split(',')) {
    if (part.length < 2 || part[1] !== '=') throw new Error(`malformed SCRAM attribute '${part}'`);
    attributes.set(part[0], part.slice(2));
  }
  return attributes;
}

/** RFC 5802's saslname: ',' and '=' escaped as =2C and =3D. */
export function decodeSaslName(name: string): string {
  if (/=(?!2C|3D)/.test(name)) throw new Error(`invalid SCRAM user name '${name}'`);
  return name.replace(/=2C/g, ',').replace(/=3D/g, '=');
}

export function encodeSaslName(name: string): string {
  return name.replace(/=/g, '=3D').replace(/,/g, '=2C');
}

/** ClientProof = ClientKey XOR HMAC(StoredKey, AuthMessage); both sides compute the signature. */
export function clientSignature(mechanism: ScramMechanism, storedKey: Buffer, authMessage: string): Buffer {
  return hmac(mechanism, storedKey, authMessage);
}

export function serverSignature(mechanism: ScramMechanism, serverKey: Buffer, authMessage: string): Buffer {
  return hmac(mechanism, serverKey, authMessage);
}
