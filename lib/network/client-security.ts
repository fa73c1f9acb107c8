// The TLS half of how an outbound connection is secured, from the keys Kafka's clients take: the
// PEM trust store and key store, ssl.key.password, ssl.enabled.protocols and
// ssl.endpoint.identification.algorithm (https: the server's certificate must name the host
// dialled; empty: any trusted certificate). The SASL half is sasl-client.ts.
import type * as tls from 'node:tls';
import * as net from 'node:net';
import { usesTls } from './security-protocol';
import { checkTlsMaterial, readPemFile, requirePem, SecurityConfigError, tlsVersionRange } from './tls-material';
import type { ConnectionSecurity } from './connection';

export interface ClientTls {
  /** CA bundle the server's chain must lead to; unset: node's default roots. */
  ca?: Buffer;
  /** PEM holding this side's key and certificate chain (mutual TLS). */
  keyStore?: Buffer;
  keyPassword?: string;
  verifyHostname: boolean;
  minVersion: tls.SecureVersion;
  maxVersion: tls.SecureVersion;
}

/** The client-side TLS keys Samsa reads (tools accept them in their properties files). */
export const CLIENT_TLS_KEYS = [
  'ssl.truststore.location',
  'ssl.truststore.type',
  'ssl.keystore.location',
  'ssl.keystore.type',
  'ssl.key.password',
  'ssl.endpoint.identification.algorithm',
  'ssl.enabled.protocols',
] as const;

/** The TLS settings read through `get` (a properties file, or the broker's own config). */
export function clientTlsFrom(get: (key: string) => string | undefined): ClientTls {
  requirePem('ssl.truststore.type', get('ssl.truststore.type'));
  requirePem('ssl.keystore.type', get('ssl.keystore.type'));
  const trustStore = get('ssl.truststore.location');
  const keyStore = get('ssl.keystore.location');
  const algorithm = (get('ssl.endpoint.identification.algorithm') ?? 'https').trim().toLowerCase();
  if (algorithm !== '' && algorithm !== 'https') {
    throw new SecurityConfigError('ssl.endpoint.identification.algorithm', `'${algorithm}' is neither https nor empty`);
  }
  const material = {
    ca: trustStore ? readPemFile('ssl.truststore.location', trustStore) : undefined,
    keyStore: keyStore ? readPemFile('ssl.keystore.location', keyStore) : undefined,
    keyPassword: get('ssl.key.password'),
  };
  checkTlsMaterial(material);
  const versions = tlsVersionRange('ssl.enabled.protocols', get('ssl.enabled.protocols') ?? 'TLSv1.2,TLSv1.3');
  return { ...material, verifyHostname: algorithm === 'https', ...versions };
}

/** node:tls options for dialling `host`, or null for a plain TCP connection. */
export function tlsConnectOptions(
  security: ConnectionSecurity | undefined,
  host: string,
): tls.ConnectionOptions | null {
  if (!security || !usesTls(security.securityProtocol)) return null;
  const t = security.tls ?? clientTlsFrom(() => undefined);
  return {
    ca: t.ca,
    // Kafka's PEM key store is one file holding the key and its chain; node finds each block in it.
    cert: t.keyStore,
    key: t.keyStore,
    passphrase: t.keyPassword,
    minVersion: t.minVersion,
    maxVersion: t.maxVersion,
    rejectUnauthorized: true,
    servername: net.isIP(host) === 0 ? host : undefined,
    ...(t.verifyHostname ? {} : { checkServerIdentity: () => undefined }),
  };
}
