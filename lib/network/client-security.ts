// How an outbound connection is secured, from the keys Kafka's clients take: security.protocol,
// the PEM trust store and key store, ssl.key.password and ssl.endpoint.identification.algorithm
// (https: the server's certificate must name the host dialled; empty: any trusted certificate).
// SASL plugs in through `authenticate`, run once the (TLS) connection is up.
import type * as tls from 'node:tls';
import * as net from 'node:net';
import { isSecurityProtocol, usesTls, type SecurityProtocol } from './security-protocol';
import { checkTlsMaterial, readPemFile, requirePem, SecurityConfigError, tlsVersionRange } from './tls-material';
import type { Connection } from './connection';

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

export interface ClientSecurity {
  securityProtocol: SecurityProtocol;
  /** Present exactly when the protocol uses TLS. */
  tls?: ClientTls;
  /** A step after connecting and before any request (the SASL handshake on SASL_* protocols). */
  authenticate?: (connection: Connection) => Promise<void>;
}

export const PLAINTEXT_SECURITY: ClientSecurity = { securityProtocol: 'PLAINTEXT' };

/** The client-side security keys Samsa reads (tools accept them in --command-config files). */
export const CLIENT_SECURITY_KEYS = [
  'security.protocol',
  'ssl.truststore.location',
  'ssl.truststore.type',
  'ssl.keystore.location',
  'ssl.keystore.type',
  'ssl.key.password',
  'ssl.endpoint.identification.algorithm',
  'ssl.enabled.protocols',
] as const;

/** Reads the client keys through `get` (a properties file, or the broker's own config). */
export function clientSecurityFrom(get: (key: string) => string | undefined): ClientSecurity {
  const protocolText = (get('security.protocol') ?? 'PLAINTEXT').trim().toUpperCase();
  if (!isSecurityProtocol(protocolText)) {
    throw new SecurityConfigError('security.protocol', `'${protocolText}' is not a security protocol`);
  }
  if (!usesTls(protocolText)) return { securityProtocol: protocolText };
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
  return { securityProtocol: protocolText, tls: { ...material, verifyHostname: algorithm === 'https', ...versions } };
}

/** node:tls options for dialling `host`, or null for a plain TCP connection. */
export function tlsConnectOptions(security: ClientSecurity | undefined, host: string): tls.ConnectionOptions | null {
  const t = security?.tls;
  if (!security || !usesTls(security.securityProtocol) || !t) return null;
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
