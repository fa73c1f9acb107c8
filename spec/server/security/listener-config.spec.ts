// Listener configuration as Kafka 2.8 reads it: listener.security.protocol.map gives each
// listener its protocol, the inter-broker listener comes from inter.broker.listener.name or
// security.inter.broker.protocol (not both), listener.name.<l>.ssl.* keys override the plain
// ones for that listener only, and a TLS listener's bad key store stops the broker naming the key.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import { buildBrokerConfig, ConfigError, unknownKeys } from '../../../lib/server/config';
import { listenerSetting, listenerTlsSettings } from '../../../lib/server/security/tls';
import { interBrokerSecurity } from '../../../lib/server/security/sasl-config';
import { SecurityConfigError } from '../../../lib/network/tls-material';
import { securityFromProperties } from '../../../lib/client/security-config';
import { spawnBroker, stopAllBrokers, tempDir } from '../../helpers/broker';
import { zkChroot } from '../../helpers/zookeeper';
import { makeCerts, sslBrokerProps, type TestCerts } from '../../helpers/tls';

const base = (extra: Record<string, string> = {}) =>
  new Map(Object.entries({ 'broker.id': '0', 'zookeeper.connect': '127.0.0.1:2181', ...extra }));

describe('listener configuration', function () {
  this.timeout(60000);
  let certs: TestCerts;

  before(async () => {
    certs = await makeCerts('listener-config', ['--key-password', 'sekret']);
  });

  after(stopAllBrokers);

  it('stops bin/broker with exit code 1 and the key named when a key store is missing or does not open', async () => {
    const props = {
      'broker.id': 0,
      listeners: 'SSL://127.0.0.1:0',
      'log.dirs': tempDir('bad-tls'),
      'zookeeper.connect': zkChroot('bad-tls'),
      ...sslBrokerProps(certs, 'none'),
    };
    const cases: Array<[Record<string, string>, RegExp]> = [
      [
        { 'ssl.keystore.location': '/no/such/broker.pem' },
        /'ssl.keystore.location': cannot read \/no\/such\/broker.pem/,
      ],
      [{ 'ssl.key.password': 'guess' }, /'ssl.key.password': the key cannot be loaded/],
    ];
    for (const [bad, message] of cases) {
      const broker = await spawnBroker({ props: { ...props, ...bad }, waitForListening: false });
      expect(await broker.exited, broker.output()).to.equal(1);
      expect(broker.output()).to.match(message);
    }
  });

  it('gives each listener the protocol the map names, with Kafka default map for the protocol names', () => {
    const c = buildBrokerConfig(
      base({
        listeners: 'PLAINTEXT://:9092,SSL://:9093,INTERNAL://:9094,CLIENTS://:9095',
        'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,SSL:SSL,INTERNAL:SASL_SSL,CLIENTS:SASL_PLAINTEXT',
      }),
    );
    expect(c.listeners.map((l) => [l.listenerName, l.securityProtocol])).to.deep.equal([
      ['PLAINTEXT', 'PLAINTEXT'],
      ['SSL', 'SSL'],
      ['INTERNAL', 'SASL_SSL'],
      ['CLIENTS', 'SASL_PLAINTEXT'],
    ]);
    expect(buildBrokerConfig(base({ listeners: 'SASL_SSL://:9093' })).listeners[0].securityProtocol).to.equal(
      'SASL_SSL',
    );
  });

  it('refuses a listener the map does not name, and a map entry that is not a protocol', () => {
    expect(() => buildBrokerConfig(base({ listeners: 'INTERNAL://:9094' })))
      .to.throw(ConfigError, /no security protocol for listener INTERNAL/)
      .with.property('key', 'listeners');
    expect(() => buildBrokerConfig(base({ 'listener.security.protocol.map': 'PLAINTEXT:TLS' })))
      .to.throw(ConfigError, /'TLS' is not a security protocol/)
      .with.property('key', 'listener.security.protocol.map');
  });

  it('chooses the inter-broker listener by name or by protocol, never both', () => {
    const listeners = 'PLAINTEXT://:9092,SSL://:9093,INTERNAL://:9094';
    const map = { 'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,SSL:SSL,INTERNAL:SSL' };
    const byName = buildBrokerConfig(base({ listeners, ...map, 'inter.broker.listener.name': 'INTERNAL' }));
    expect([byName.interBrokerListenerName, byName.interBrokerSecurityProtocol]).to.deep.equal(['INTERNAL', 'SSL']);
    const byProtocol = buildBrokerConfig(base({ listeners, ...map, 'security.inter.broker.protocol': 'SSL' }));
    expect([byProtocol.interBrokerListenerName, byProtocol.interBrokerSecurityProtocol]).to.deep.equal(['SSL', 'SSL']);
    expect(() =>
      buildBrokerConfig(
        base({ listeners, ...map, 'inter.broker.listener.name': 'SSL', 'security.inter.broker.protocol': 'SSL' }),
      ),
    ).to.throw(ConfigError, /set only one of/);
    expect(() => buildBrokerConfig(base({ listeners: 'PLAINTEXT://:9092', 'security.inter.broker.protocol': 'SSL' })))
      .to.throw(ConfigError, /'SSL' is not one of the listeners/)
      .with.property('key', 'security.inter.broker.protocol');
  });

  it('lets listener.name.<listener>.ssl.* override the plain key for that listener only, without a warning', () => {
    const raw = base({
      listeners: 'SSL://:9093,INTERNAL://:9094',
      'listener.security.protocol.map': 'SSL:SSL,INTERNAL:SSL',
      'ssl.client.auth': 'required',
      'listener.name.internal.ssl.client.auth': 'none',
    });
    const c = buildBrokerConfig(raw);
    expect(listenerSetting(c, 'INTERNAL', 'ssl.client.auth')).to.equal('none');
    expect(listenerSetting(c, 'SSL', 'ssl.client.auth')).to.equal('required');
    expect(unknownKeys(raw)).to.deep.equal([]);
  });

  it('reads an encrypted PEM key store with ssl.key.password, and names the key when it does not open', () => {
    const props = { listeners: 'SSL://:9093', ...sslBrokerProps(certs, 'required') };
    const ok = listenerTlsSettings(buildBrokerConfig(base({ ...props, 'ssl.key.password': 'sekret' })));
    expect(ok.get('SSL')).to.deep.include({ clientAuth: 'required' });
    expect(ok.get('SSL')?.options).to.deep.include({ requestCert: true, rejectUnauthorized: true });
    const wrong = buildBrokerConfig(base({ ...props, 'ssl.key.password': 'guess' }));
    expect(() => listenerTlsSettings(wrong))
      .to.throw(SecurityConfigError, /Invalid value for configuration 'ssl.key.password'/)
      .with.property('key', 'ssl.key.password');
  });

  it('names the key when a TLS listener has no key store, a non-PEM store or a file without a key', () => {
    const noStore = buildBrokerConfig(base({ listeners: 'SSL://:9093' }));
    expect(() => listenerTlsSettings(noStore)).to.throw(/'ssl.keystore.location': listener SSL is SSL/);
    const jks = buildBrokerConfig(
      base({ listeners: 'SSL://:9093', ...sslBrokerProps(certs, 'none'), 'ssl.keystore.type': 'JKS' }),
    );
    expect(() => listenerTlsSettings(jks)).to.throw(/'ssl.keystore.type': 'JKS' is not supported/);
    const certOnly = path.join(tempDir('cert-only'), 'cert.pem');
    fs.copyFileSync(certs.cert('broker'), certOnly);
    const noKey = buildBrokerConfig(
      base({ listeners: 'SSL://:9093', ...sslBrokerProps(certs, 'none'), 'ssl.keystore.location': certOnly }),
    );
    expect(() => listenerTlsSettings(noKey)).to.throw(/'ssl.keystore.location': the file holds no private key/);
    expect(() => buildBrokerConfig(base({ 'ssl.keystore.location': '/no/such.pem' })))
      .to.throw(ConfigError, /cannot read \/no\/such.pem/)
      .with.property('key', 'ssl.keystore.location');
  });

  it("dials other brokers with the inter-broker listener's protocol and its TLS material", () => {
    const c = buildBrokerConfig(
      base({
        listeners: 'PLAINTEXT://:9092,SSL://:9093',
        'security.inter.broker.protocol': 'SSL',
        ...sslBrokerProps(certs, 'required'),
        'ssl.key.password': 'sekret',
        'ssl.endpoint.identification.algorithm': '',
      }),
    );
    const security = interBrokerSecurity(c);
    expect(security.securityProtocol).to.equal('SSL');
    expect(security.tls).to.deep.include({ verifyHostname: false, keyPassword: 'sekret' });
    expect(security.tls?.ca?.equals(fs.readFileSync(certs.ca))).to.equal(true);
    const plain = interBrokerSecurity(buildBrokerConfig(base()));
    expect(plain).to.deep.equal({ securityProtocol: 'PLAINTEXT' });
  });

  it("reads a client's security.protocol and ssl.* keys, refusing what it cannot use by key", () => {
    const get = (props: Record<string, string>) => () => securityFromProperties(props);
    expect(get({ 'security.protocol': 'TLS' })).to.throw(/security.protocol 'TLS' is not one of Kafka's four/);
    expect(get({ 'security.protocol': 'SSL', 'ssl.truststore.location': '/no/ca.pem' })).to.throw(
      /'ssl.truststore.location': cannot read/,
    );
    expect(get({ 'security.protocol': 'SSL', 'ssl.enabled.protocols': 'TLSv1.1' })).to.throw(
      /'ssl.enabled.protocols': 'TLSv1.1'/,
    );
    expect(get({ 'security.protocol': 'SSL', 'ssl.endpoint.identification.algorithm': 'http' })).to.throw(
      /'ssl.endpoint.identification.algorithm'/,
    );
    const ssl = securityFromProperties({ 'security.protocol': 'ssl', 'ssl.enabled.protocols': 'TLSv1.3' });
    expect(ssl.tls).to.deep.include({ verifyHostname: true, minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3' });
  });
});
