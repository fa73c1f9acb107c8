// Kafka's one-line JAAS configuration as brokers and clients write it.
import { expect } from 'chai';
import { jaasCredentials, jaasPlainUsers, parseJaasConfig, JaasError } from '../../lib/network/jaas';

describe('sasl.jaas.config', () => {
  it("reads a PLAIN broker's login and user database", () => {
    const jaas = parseJaasConfig(
      'org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="admin-secret" ' +
        'user_admin="admin-secret" user_alice="a;l\\"ice";',
    );
    expect(jaas.loginModule).to.equal('org.apache.kafka.common.security.plain.PlainLoginModule');
    expect(jaasCredentials(jaas)).to.deep.equal({ username: 'admin', password: 'admin-secret' });
    expect([...jaasPlainUsers(jaas)]).to.deep.equal([
      ['admin', 'admin-secret'],
      ['alice', 'a;l"ice'],
    ]);
  });

  it('reads a SCRAM client login with unquoted values and no user database', () => {
    const jaas = parseJaasConfig(
      'org.apache.kafka.common.security.scram.ScramLoginModule required username=bob password=pw ;',
    );
    expect(jaasCredentials(jaas)).to.deep.equal({ username: 'bob', password: 'pw' });
    expect(jaasPlainUsers(jaas).size).to.equal(0);
  });

  it('refuses a line without a control flag or the closing semicolon', () => {
    expect(() => parseJaasConfig('PlainLoginModule username="a" password="b";')).to.throw(JaasError);
    expect(() => parseJaasConfig('PlainLoginModule required username="a" password="b"')).to.throw(JaasError, /';'/);
  });
});
