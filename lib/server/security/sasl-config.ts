// Where a broker's SASL settings come from, per listener, with Kafka's precedence: a
// listener.name.<listener>.[<mechanism>.]<key> override, else the broker-wide key. The JAAS
// line gives PLAIN's users (user_<name>) and this broker's own inter-broker login.
import { parseJaasConfig, jaasCredentials, jaasPlainUsers, type JaasConfig } from '../../network/jaas';
import { usesSasl } from '../../network/security-protocol';
import type { SaslClientConfig, SaslMechanism } from '../../network/sasl-client';
import { isScramMechanism } from '../../network/scram';
import type { BrokerConfig } from '../config';
import { ConfigError } from '../config';
import type { ConnectionSecurity } from '../../network/connection';
import { interBrokerTls } from './tls';

export class SaslConfig {
  private readonly jaas = new Map<string, JaasConfig | null>();

  constructor(private readonly config: BrokerConfig) {}

  enabledMechanisms(listenerName: string): readonly string[] {
    const text = this.listenerValue(listenerName, 'sasl.enabled.mechanisms') ?? this.config.saslEnabledMechanisms;
    // Offered as listed, as Kafka does; a client choosing GSSAPI or OAUTHBEARER gets UNSUPPORTED_SASL_MECHANISM.
    return splitList(text);
  }

  plainPasswordOf(listenerName: string, user: string): string | undefined {
    const jaas = this.jaasOf(listenerName, 'PLAIN');
    return jaas === null ? undefined : jaasPlainUsers(jaas).get(user);
  }

  /** How this broker logs in to another one's inter-broker listener; null when that listener has no SASL. */
  interBrokerClient(): SaslClientConfig | null {
    const listenerName = this.config.interBrokerListenerName;
    if (!usesSasl(this.config.interBrokerSecurityProtocol)) return null;
    const mechanism = this.config.saslMechanismInterBrokerProtocol;
    if (mechanism !== 'PLAIN' && !isScramMechanism(mechanism)) {
      throw new ConfigError('sasl.mechanism.inter.broker.protocol', `${mechanism} is not a mechanism Samsa implements`);
    }
    const jaas = this.jaasOf(listenerName, mechanism);
    const login = jaas === null ? null : jaasCredentials(jaas);
    if (login === null) {
      throw new ConfigError(
        'sasl.jaas.config',
        `the inter-broker listener ${listenerName} needs username and password`,
      );
    }
    return { mechanism: mechanism as SaslMechanism, ...login };
  }

  private jaasOf(listenerName: string, mechanism: string): JaasConfig | null {
    const cacheKey = `${listenerName}/${mechanism}`;
    if (!this.jaas.has(cacheKey)) {
      const text =
        this.listenerValue(listenerName, `${mechanism.toLowerCase()}.sasl.jaas.config`) ??
        this.config.properties.get('sasl.jaas.config') ??
        null;
      this.jaas.set(cacheKey, text === null ? null : parseJaasConfig(text));
    }
    return this.jaas.get(cacheKey) ?? null;
  }

  private listenerValue(listenerName: string, key: string): string | null {
    return this.config.properties.get(`listener.name.${listenerName.toLowerCase()}.${key}`) ?? null;
  }
}

/** The protocol of the inter-broker listener (listener.security.protocol.map), its TLS material and its login. */
export function interBrokerSecurity(config: BrokerConfig): ConnectionSecurity {
  const securityProtocol = config.interBrokerSecurityProtocol;
  const tls = interBrokerTls(config);
  const sasl = usesSasl(securityProtocol) ? new SaslConfig(config).interBrokerClient() : null;
  return { securityProtocol, ...(tls ? { tls } : {}), ...(sasl ? { sasl } : {}) };
}

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
