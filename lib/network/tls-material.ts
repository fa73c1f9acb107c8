// The TLS material both ends read from Kafka's PEM-typed ssl.* keys: files named by a key (a
// missing or unreadable file is an error naming that key) and ssl.enabled.protocols as the
// version range node:tls takes.
import * as fs from 'node:fs';
import * as tls from 'node:tls';

/** A bad ssl.* value, worded as the broker's config errors are so an operator sees the key. */
export class SecurityConfigError extends Error {
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(`Invalid value for configuration '${key}': ${message}`);
  }
}

const TLS_VERSIONS = ['TLSv1.2', 'TLSv1.3'] as const;
type TlsVersion = (typeof TLS_VERSIONS)[number];

export function readPemFile(key: string, path: string): Buffer {
  let pem: Buffer;
  try {
    pem = fs.readFileSync(path);
  } catch (err) {
    throw new SecurityConfigError(key, `cannot read ${path}: ${(err as Error).message}`);
  }
  if (!pem.includes('-----BEGIN ')) throw new SecurityConfigError(key, `${path} holds no PEM block`);
  return pem;
}

/** Only PEM stores are read; JKS and PKCS12 (Kafka's other types) are refused by name. */
export function requirePem(key: string, type: string | undefined): void {
  if (type !== undefined && type.toUpperCase() !== 'PEM') {
    throw new SecurityConfigError(key, `'${type}' is not supported; Samsa reads PEM files only (set ${key}=PEM)`);
  }
}

/** ssl.enabled.protocols ("TLSv1.2,TLSv1.3") as node's contiguous minVersion..maxVersion. */
export function tlsVersionRange(key: string, text: string): { minVersion: TlsVersion; maxVersion: TlsVersion } {
  const named = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const unknown = named.find((name) => !(TLS_VERSIONS as readonly string[]).includes(name));
  if (unknown !== undefined)
    throw new SecurityConfigError(key, `'${unknown}' is not one of ${TLS_VERSIONS.join(', ')}`);
  const enabled = TLS_VERSIONS.filter((v) => named.includes(v));
  if (enabled.length === 0) throw new SecurityConfigError(key, 'no protocol enabled');
  return { minVersion: enabled[0], maxVersion: enabled[enabled.length - 1] };
}

/**
 * Checks now, naming the key at fault, what node would otherwise report only at the first
 * handshake: the key store holds a key and a certificate that match, the password opens the key,
 * and the trust store parses.
 */
export function checkTlsMaterial(m: { keyStore?: Buffer; keyPassword?: string; ca?: Buffer }): void {
  if (m.keyStore) {
    const text = m.keyStore.toString('latin1');
    if (!/-----BEGIN (ENCRYPTED |RSA |EC )?PRIVATE KEY-----/.test(text)) {
      throw new SecurityConfigError('ssl.keystore.location', 'the file holds no private key');
    }
    if (!text.includes('-----BEGIN CERTIFICATE-----')) {
      throw new SecurityConfigError('ssl.keystore.location', 'the file holds no certificate');
    }
    try {
      tls.createSecureContext({ key: m.keyStore, cert: m.keyStore, passphrase: m.keyPassword });
    } catch (err) {
      const message = (err as Error).message;
      const key = /decrypt|password|passphrase/i.test(message) ? 'ssl.key.password' : 'ssl.keystore.location';
      throw new SecurityConfigError(key, `the key cannot be loaded: ${message}`);
    }
  }
  if (m.ca) {
    try {
      tls.createSecureContext({ ca: m.ca });
    } catch (err) {
      throw new SecurityConfigError(
        'ssl.truststore.location',
        `the CA bundle cannot be loaded: ${(err as Error).message}`,
      );
    }
  }
}
