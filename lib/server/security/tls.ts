// TLS for the broker's SSL and SASL_SSL listeners and for its own inter-broker connections, from
// Kafka's ssl.* keys (PEM stores only). A listener's `listener.name.<listener>.ssl.*` key wins
// over the plain one, as in Kafka. Everything is read and checked before the broker binds, so a
// missing file or a key that does not open stops start-up with an error naming the key.
import type * as tls from 'node:tls';
import type { BrokerConfig, Listener } from '../config';
import { usesTls } from '../../network/security-protocol';
import { clientTlsFrom, type ClientTls } from '../../network/client-security';
import {
  checkTlsMaterial,
  readPemFile,
  requirePem,
  SecurityConfigError,
  tlsVersionRange,
} from '../../network/tls-material';

const CLIENT_AUTH = ['none', 'requested', 'required'] as const;
export type ClientAuth = (typeof CLIENT_AUTH)[number];

/** Node's server options for a listener, plus what the socket server decides per connection. */
export interface ListenerTls {
  options: tls.TlsOptions;
  clientAuth: ClientAuth;
}

/** The ssl.* value for one listener: its listener.name.<name>. form first, then the plain key. */
export function listenerSetting(config: BrokerConfig, listenerName: string, key: string): string | undefined {
  const prefixed = config.properties.get(`listener.name.${listenerName.toLowerCase()}.${key}`);
  if (prefixed !== undefined) return prefixed.trim();
  const value = (config.values as Readonly<Record<string, unknown>>)[key];
  return value === null || value === undefined ? undefined : String(value);
}

/** TLS server settings for every listener that speaks SSL or SASL_SSL, by listener name. */
export function listenerTlsSettings(config: BrokerConfig): Map<string, ListenerTls> {
  const settings = new Map<string, ListenerTls>();
  for (const listener of config.listeners) {
    if (usesTls(listener.securityProtocol)) settings.set(listener.listenerName, listenerTls(config, listener));
  }
  return settings;
}

function listenerTls(config: BrokerConfig, listener: Listener): ListenerTls {
  const get = (key: string) => listenerSetting(config, listener.listenerName, key);
  const keyStorePath = get('ssl.keystore.location');
  if (!keyStorePath) {
    throw new SecurityConfigError(
      'ssl.keystore.location',
      `listener ${listener.listenerName} is ${listener.securityProtocol} and needs a PEM key store`,
    );
  }
  requirePem('ssl.keystore.type', get('ssl.keystore.type'));
  const clientAuth = (get('ssl.client.auth') ?? 'none').toLowerCase();
  if (!(CLIENT_AUTH as readonly string[]).includes(clientAuth)) {
    throw new SecurityConfigError('ssl.client.auth', `'${clientAuth}' must be none, requested or required`);
  }
  const trustStorePath = get('ssl.truststore.location');
  if (trustStorePath) requirePem('ssl.truststore.type', get('ssl.truststore.type'));
  if (clientAuth !== 'none' && !trustStorePath) {
    throw new SecurityConfigError('ssl.truststore.location', `ssl.client.auth=${clientAuth} needs a CA bundle`);
  }
  const keyStore = readPemFile('ssl.keystore.location', keyStorePath);
  const ca = trustStorePath ? readPemFile('ssl.truststore.location', trustStorePath) : undefined;
  const keyPassword = get('ssl.key.password');
  checkTlsMaterial({ keyStore, keyPassword, ca });
  return {
    clientAuth: clientAuth as ClientAuth,
    options: {
      key: keyStore,
      cert: keyStore,
      passphrase: keyPassword,
      ca,
      requestCert: clientAuth !== 'none',
      // 'requested' lets a client without a certificate in; one with an untrusted certificate
      // is turned away by the socket server after the handshake.
      rejectUnauthorized: clientAuth === 'required',
      ...tlsVersionRange('ssl.enabled.protocols', get('ssl.enabled.protocols') ?? 'TLSv1.2,TLSv1.3'),
    },
  };
}

/**
 * The TLS side of how this broker dials other brokers when the inter-broker listener uses TLS:
 * trusting its trust store and presenting its own key store (so a listener requiring client
 * auth accepts it). Undefined on PLAINTEXT and SASL_PLAINTEXT.
 */
export function interBrokerTls(config: BrokerConfig): ClientTls | undefined {
  if (!usesTls(config.interBrokerSecurityProtocol)) return undefined;
  return clientTlsFrom((key) => listenerSetting(config, config.interBrokerListenerName, key));
}
