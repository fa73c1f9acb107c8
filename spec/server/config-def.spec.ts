// Proves the broker's config table is the one source for every key: each key parses its own
// default back to the same configuration; every key Samsa reads or accepts refuses a bad value
// with a ConfigError naming it; only keys outside the table, or only reported, count as unknown;
// DescribeConfigs lists every broker key and every topic key with its documented default; and
// storage's default log settings are what a broker configured with nothing gives its logs.
import { expect } from 'chai';
import { BROKER_CONFIG_KEYS } from '../../lib/server/config-def';
import { baseLogConfig, buildBrokerConfig, ConfigError, unknownKeys } from '../../lib/server/config';
import { describeBrokerConfigs, describeTopicConfigs } from '../../lib/server/config-view';
import { DEFAULT_LOG_CONFIG, TOPIC_ONLY_CONFIG_KEYS } from '../../lib/storage';
import { configText, LONG_MAX_TEXT, parseConfigValue, topicKeys, type ConfigKeyDef } from '../../lib/util/config-def';
import { ConfigSource } from '../../lib/protocol/config-resource';

const KEYS: Readonly<Record<string, ConfigKeyDef>> = BROKER_CONFIG_KEYS;
const REQUIRED = { 'broker.id': '0', 'zookeeper.connect': '127.0.0.1:2181' };
const base = (extra: Record<string, string> = {}) => new Map(Object.entries({ ...REQUIRED, ...extra }));
const readKeys = Object.keys(KEYS).filter((key) => KEYS[key].support !== 'reported');

/** Free-text keys and a value each refuses; the others get one from their type or values. */
const BAD_TEXT: Record<string, string> = {
  'zookeeper.connect': 'nohostport',
  listeners: 'localhost:9092',
  'advertised.listeners': 'PLAINTEXT://0.0.0.0:9092',
  'inter.broker.listener.name': 'NOWHERE',
  'log.dirs': ' , ',
  'listener.security.protocol.map': 'PLAINTEXT:TLS',
  'ssl.keystore.location': '/no/such/keystore.pem',
  'ssl.truststore.location': '/no/such/ca.pem',
  'authorizer.class.name': 'com.example.OtherAuthorizer',
  'super.users': 'admin',
  'samsa.http.listener': 'http://127.0.0.1',
  'samsa.http.console.command.config': '/no/such/console.properties',
};
/** Free-text keys any text is valid for (log.dir is checked as log.dirs' fallback, under that name). */
const ANY_TEXT = ['log.dir', 'samsa.log.level', 'broker.rack', 'ssl.key.password', 'samsa.http.console.listener.name'];

function badValue(key: string, def: ConfigKeyDef): string | null {
  if (BAD_TEXT[key] !== undefined) return BAD_TEXT[key];
  if (ANY_TEXT.includes(key)) return null;
  if (def.values !== undefined) return 'bogus';
  if (def.type === 'boolean') return 'maybe';
  return def.type === 'string' || def.type === 'list' ? null : '12x';
}

describe('broker config table', () => {
  it('has documentation, a known type and a consistent default for every key', () => {
    for (const [key, def] of Object.entries({ ...KEYS, ...TOPIC_ONLY_CONFIG_KEYS })) {
      expect(def.doc, key)
        .to.match(/^\S.*\S$/)
        .and.not.include('|');
      expect(def.default === null || !def.required, `${key}: required keys have no default`).to.equal(true);
      if (def.default === null) continue;
      const parsed = parseConfigValue(def, configText(def.default) as string);
      expect(parsed, `${key} parses its default`).to.deep.equal({ value: def.default });
    }
  });

  it('builds the same configuration when every key is set to its default as when none is', () => {
    const defaults = Object.fromEntries(
      readKeys
        .filter((key) => KEYS[key].default !== null && !(key in REQUIRED))
        .map((key) => [key, configText(KEYS[key].default) as string]),
    );
    const unset = buildBrokerConfig(base());
    const set = buildBrokerConfig(base(defaults));
    expect({ ...set, properties: null }).to.deep.equal({ ...unset, properties: null });
    expect(set.values).to.deep.equal(unset.values);
  });

  for (const key of readKeys) {
    const bad = badValue(key, KEYS[key]);
    if (bad === null) {
      it(`accepts any text for ${key}`, () => expect(ANY_TEXT, `${key} needs a bad value in BAD_TEXT`).to.include(key));
      continue;
    }
    it(`refuses ${key}=${JSON.stringify(bad)} naming the key`, () => {
      const build = () => buildBrokerConfig(base({ [key]: bad }));
      expect(build).to.throw(ConfigError).with.property('key', key);
      expect(build).to.throw(`Invalid value for configuration '${key}': `);
    });
  }

  it('warns only about keys outside the table and keys it only reports', () => {
    const set = Object.fromEntries(Object.keys(KEYS).map((key) => [key, 'x']));
    const reported = Object.keys(KEYS).filter((key) => KEYS[key].support === 'reported');
    expect(reported).to.include('compression.type');
    expect(unknownKeys(base({ ...set, 'no.such.key': '1' }))).to.deep.equal([...reported, 'no.such.key']);
  });

  it('describes every broker key with its documented default', () => {
    const entries = describeBrokerConfigs(buildBrokerConfig(base()));
    expect(entries.map((e) => e.name)).to.deep.equal(Object.keys(KEYS).sort());
    for (const entry of entries.filter((e) => !(e.name in REQUIRED))) {
      expect(entry, entry.name).to.deep.include({
        value: configText(KEYS[entry.name].default),
        source: ConfigSource.DEFAULT_CONFIG,
      });
    }
  });

  it('describes every topic key with the default of the broker keys behind it', () => {
    const entries = describeTopicConfigs(buildBrokerConfig(base()), {});
    const names = [...topicKeys(KEYS), ...Object.keys(TOPIC_ONLY_CONFIG_KEYS)].sort();
    expect(entries.map((e) => e.name)).to.deep.equal(names);
    expect(entries.every((e) => e.source === ConfigSource.DEFAULT_CONFIG)).to.equal(true);
    const value = (name: string) => entries.find((e) => e.name === name)?.value;
    expect([value('retention.ms'), value('segment.ms'), value('segment.jitter.ms'), value('flush.ms')]).to.deep.equal([
      '604800000',
      '604800000',
      '0',
      LONG_MAX_TEXT,
    ]);
    expect([
      value('cleanup.policy'),
      value('min.cleanable.dirty.ratio'),
      value('leader.replication.throttled.replicas'),
    ]).to.deep.equal(['delete', '0.5', '']);
  });

  it("gives logs storage's defaults when nothing is set, and the broker's log.* values when set", () => {
    expect(baseLogConfig(buildBrokerConfig(base()))).to.deep.equal(DEFAULT_LOG_CONFIG);
    const set = baseLogConfig(
      buildBrokerConfig(base({ 'log.retention.minutes': '5', 'log.cleanup.policy': 'compact, delete' })),
    );
    expect(set).to.include({ retentionMs: 300000, cleanupPolicy: 'compact,delete' });
  });
});
