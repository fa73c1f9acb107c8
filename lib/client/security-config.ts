// A client's security settings from Kafka's client property names, so a client.properties that
// works with Kafka's tools works here: security.protocol, sasl.mechanism, and either
// sasl.username/sasl.password (as librdkafka names them) or a sasl.jaas.config line, and the
// ssl.* keys (PEM trust and key stores) on SSL and SASL_SSL.
import type { ConnectionSecurity } from '../network/connection';
import { readPropertiesFile } from '../util/properties';
import { isSecurityProtocol, usesSasl, usesTls, type SecurityProtocol } from '../network/security-protocol';
import { clientTlsFrom, type ClientTls } from '../network/client-security';
import { SecurityConfigError } from '../network/tls-material';
import { jaasCredentials, parseJaasConfig } from '../network/jaas';
import { isScramMechanism } from '../network/scram';
import type { SaslMechanism } from '../network/sasl-client';
import { ClientError } from './errors';

export function securityFromProperties(
  properties: ReadonlyMap<string, string> | Readonly<Record<string, string>>,
): ConnectionSecurity {
  const map = properties instanceof Map ? properties : new Map(Object.entries(properties));
  const protocol = (map.get('security.protocol') ?? 'PLAINTEXT').toUpperCase();
  if (!isSecurityProtocol(protocol)) throw invalid(`security.protocol '${protocol}' is not one of Kafka's four`);
  const tls = usesTls(protocol) ? tlsFromProperties(map) : undefined;
  if (!usesSasl(protocol)) return tls ? { securityProtocol: protocol, tls } : { securityProtocol: protocol };
  return { ...saslSecurity(protocol, map), ...(tls ? { tls } : {}) };
}

function tlsFromProperties(properties: ReadonlyMap<string, string>): ClientTls {
  try {
    return clientTlsFrom((key) => properties.get(key));
  } catch (err) {
    if (err instanceof SecurityConfigError) throw invalid(err.message);
    throw err;
  }
}

function saslSecurity(protocol: SecurityProtocol, properties: ReadonlyMap<string, string>): ConnectionSecurity {
  const mechanism = (properties.get('sasl.mechanism') ?? properties.get('sasl.mechanisms') ?? 'GSSAPI').toUpperCase();
  if (mechanism !== 'PLAIN' && !isScramMechanism(mechanism)) {
    throw invalid(`sasl.mechanism ${mechanism} is not supported (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512)`);
  }
  const jaas = properties.get('sasl.jaas.config');
  const login = jaas !== undefined ? jaasCredentials(parseJaasConfig(jaas)) : plainLogin(properties);
  if (login === null) throw invalid(`${protocol} needs sasl.username and sasl.password, or sasl.jaas.config`);
  return { securityProtocol: protocol, sasl: { mechanism: mechanism as SaslMechanism, ...login } };
}

/** A client.properties file as Kafka's tools take it (--command-config). */
export function securityFromPropertiesFile(path: string): ConnectionSecurity {
  return securityFromProperties(readPropertiesFile(path));
}

function plainLogin(properties: ReadonlyMap<string, string>): { username: string; password: string } | null {
  const username = properties.get('sasl.username');
  const password = properties.get('sasl.password');
  return username !== undefined && password !== undefined ? { username, password } : null;
}

function invalid(message: string): ClientError {
  return new ClientError('INVALID_ARGUMENT', message);
}
