// bin/certs makes what a TLS listener and its clients need: a CA, broker certificates that name
// localhost and 127.0.0.1, client certificates whose subject becomes the principal, Kafka's PEM
// key store (key then chain) per name, and keys encrypted when --key-password is given.
import * as fs from 'node:fs';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { expect } from 'chai';
import { parseCertsArgs } from '../../lib/cli/certs';
import { UsageError } from '../../lib/cli/flags';
import { rfc2253 } from '../../lib/server/security/tls-principal';
import { makeCerts } from '../helpers/tls';

describe('bin/certs', function () {
  this.timeout(60000);

  it('checks its flags', () => {
    expect(() => parseCertsArgs([])).to.throw(UsageError, '--dir is required');
    expect(() => parseCertsArgs(['--dir', 'd', '--client', '../x'])).to.throw(UsageError, /file-name-safe/);
    expect(() => parseCertsArgs(['--dir', 'd', '--days', '0'])).to.throw(UsageError, /--days/);
    expect(parseCertsArgs(['--dir', 'd'])).to.deep.equal({
      dir: 'd',
      brokers: ['broker'],
      clients: ['client'],
      days: 365,
    });
  });

  it('signs broker and client certificates with its CA, in PEM key stores, keys encrypted on request', async () => {
    const certs = await makeCerts('certs-spec', ['--broker', 'b1', '--client', 'alice', '--key-password', 'pw']);
    const ca = new X509Certificate(fs.readFileSync(certs.ca));
    const broker = new X509Certificate(fs.readFileSync(certs.cert('b1')));
    const alice = new X509Certificate(fs.readFileSync(certs.cert('alice')));
    expect(broker.verify(ca.publicKey) && alice.verify(ca.publicKey)).to.equal(true);
    expect(broker.subjectAltName).to.include('DNS:localhost').and.include('IP Address:127.0.0.1');
    expect(rfc2253(alice.subject)).to.equal('CN=alice,OU=Samsa,O=Samsa test');
    const store = fs.readFileSync(certs.keyStore('alice'), 'utf8');
    expect(store.indexOf('PRIVATE KEY')).to.be.lessThan(store.indexOf('BEGIN CERTIFICATE'));
    expect(store.match(/BEGIN CERTIFICATE/g)).to.have.length(2);
    expect(() => createPrivateKey({ key: fs.readFileSync(certs.key('alice')) })).to.throw();
    expect(createPrivateKey({ key: fs.readFileSync(certs.key('alice')), passphrase: 'pw' }).type).to.equal('private');
  });

  it('writes RDNs most specific first and keeps RFC 2253 escapes', () => {
    expect(rfc2253('C=US\nO=Acme\\, Inc.\nCN=bob')).to.equal('CN=bob,O=Acme\\, Inc.,C=US');
  });
});
