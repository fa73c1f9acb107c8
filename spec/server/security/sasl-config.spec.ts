// Where a broker's SASL settings come from: Kafka's listener.name.<listener>.[<mechanism>.]<key>
// overrides before the broker-wide keys, and the inter-broker login they give.
import { expect } from 'chai';
import { buildBrokerConfig, ConfigError, unknownKeys } from '../../../lib/server/config';
import { interBrokerSecurity, SaslConfig } from '../../../lib/server/security/sasl-config';

const PLAIN_JAAS = (user: string, password: string, extra = ''): string =>
  `org.apache.kafka.common.security.plain.PlainLoginModule required username="${user}" password="${password}" ${extra};`;

function config(extra: Record<string, string>) {
  return buildBrokerConfig(
    new Map(
      Object.entries({
        'broker.id': '0',
        'zookeeper.connect': '127.0.0.1:2181',
        listeners: 'PLAINTEXT://127.0.0.1:9092,SASL_PLAINTEXT://127.0.0.1:9093',
        ...extra,
      }),
    ),
  );
}

describe('SASL configuration', () => {
  it('takes a listener override of sasl.enabled.mechanisms and of the JAAS line before the broker-wide keys', () => {
    const sasl = new SaslConfig(
      config({
        'sasl.enabled.mechanisms': 'PLAIN',
        'listener.name.sasl_plaintext.sasl.enabled.mechanisms': 'SCRAM-SHA-512,PLAIN',
        'sasl.jaas.config': PLAIN_JAAS('admin', 'x', 'user_alice="broker-wide"'),
        'listener.name.sasl_plaintext.plain.sasl.jaas.config': PLAIN_JAAS('admin', 'x', 'user_alice="listener"'),
      }),
    );
    expect(sasl.enabledMechanisms('SASL_PLAINTEXT')).to.deep.equal(['SCRAM-SHA-512', 'PLAIN']);
    expect(sasl.enabledMechanisms('OTHER')).to.deep.equal(['PLAIN']);
    expect(sasl.plainPasswordOf('SASL_PLAINTEXT', 'alice')).to.equal('listener');
    expect(sasl.plainPasswordOf('OTHER', 'alice')).to.equal('broker-wide');
    expect(sasl.plainPasswordOf('SASL_PLAINTEXT', 'mallory')).to.equal(undefined);
  });

  it("does not warn about listener.name.* keys, Kafka's per-listener overrides", () => {
    const raw = new Map([
      ['listener.name.sasl_plaintext.plain.sasl.jaas.config', PLAIN_JAAS('a', 'b')],
      ['no.such.key', '1'],
    ]);
    expect(unknownKeys(raw)).to.deep.equal(['no.such.key']);
  });

  it('logs in to a SASL inter-broker listener with sasl.mechanism.inter.broker.protocol and the JAAS username', () => {
    const security = interBrokerSecurity(
      config({
        'inter.broker.listener.name': 'SASL_PLAINTEXT',
        'sasl.mechanism.inter.broker.protocol': 'PLAIN',
        'sasl.jaas.config': PLAIN_JAAS('broker', 'broker-secret'),
      }),
    );
    expect(security).to.deep.equal({
      securityProtocol: 'SASL_PLAINTEXT',
      sasl: { mechanism: 'PLAIN', username: 'broker', password: 'broker-secret' },
    });
    expect(interBrokerSecurity(config({}))).to.deep.equal({ securityProtocol: 'PLAINTEXT' });
  });

  it('refuses an inter-broker SASL listener without a mechanism Samsa has or without a login', () => {
    const build = (extra: Record<string, string>) => () =>
      interBrokerSecurity(config({ 'inter.broker.listener.name': 'SASL_PLAINTEXT', ...extra }));
    expect(build({ 'sasl.jaas.config': PLAIN_JAAS('a', 'b') })).to.throw(ConfigError, /GSSAPI/);
    expect(build({ 'sasl.mechanism.inter.broker.protocol': 'SCRAM-SHA-256' })).to.throw(
      ConfigError,
      /username and password/,
    );
  });
});
