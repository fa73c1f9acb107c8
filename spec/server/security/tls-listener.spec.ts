// The broker's TLS listeners against real sockets: the principal of a connection is its client
// certificate's subject (RFC 2253), ANONYMOUS without one where ssl.client.auth=requested, and a
// certificate from another CA is turned away before any request is read.
import { expect } from 'chai';
import { SocketServer, type ConnectionInfo } from '../../../lib/server/socket-server';
import { buildBrokerConfig } from '../../../lib/server/config';
import { listenerTlsSettings } from '../../../lib/server/security/tls';
import { principalToString } from '../../../lib/server/security/principal';
import { Connection } from '../../../lib/network/connection';
import { securityFromProperties } from '../../../lib/client/security-config';
import { apiVersionsApi } from '../../../lib/protocol/apis/api-versions';
import { silentLogger } from '../../../lib/util/logger';
import { brokerProperties } from '../../helpers/broker';
import { makeCerts, sslBrokerProps, sslClientProps, type TestCerts } from '../../helpers/tls';

const NO_SOFTWARE = { clientSoftwareName: '', clientSoftwareVersion: '' };

describe('TLS listeners', function () {
  this.timeout(60000);
  let certs: TestCerts;
  let stranger: TestCerts;
  const servers: SocketServer[] = [];

  before(async () => {
    certs = await makeCerts('listener');
    stranger = await makeCerts('stranger', ['--client', 'mallory']);
  });

  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.stop(1000)));
  });

  /** A socket server on one SSL listener that records each request's connection and closes it. */
  async function serve(
    clientAuth: 'none' | 'requested' | 'required',
  ): Promise<{ port: number; seen: ConnectionInfo[] }> {
    const config = buildBrokerConfig(
      brokerProperties({
        listeners: 'SSL://127.0.0.1:0',
        'zookeeper.connect': '127.0.0.1:2181',
        ...sslBrokerProps(certs, clientAuth),
      }),
    );
    const seen: ConnectionInfo[] = [];
    const server = new SocketServer({
      listeners: config.listeners,
      frameBytesMax: 1024 * 1024,
      inFlightMax: 4,
      logger: silentLogger(),
      tls: listenerTlsSettings(config),
      dispatch: async (_frame, connection) => {
        seen.push({ ...connection });
        return { kind: 'close', reason: 'recorded' };
      },
    });
    servers.push(server);
    await server.start();
    return { port: server.boundListeners()[0].port, seen };
  }

  function dial(port: number, props: Record<string, string>): Promise<Connection> {
    return Connection.connect({
      host: '127.0.0.1',
      port,
      clientId: 'spec-tls',
      connectTimeoutMs: 10000,
      requestTimeoutMs: 10000,
      security: securityFromProperties(props),
    });
  }

  /** Sends one request (the server records it and closes); resolves once it did. */
  async function oneRequest(port: number, props: Record<string, string>): Promise<void> {
    const connection = await dial(port, props);
    try {
      await connection.send(apiVersionsApi, 0, NO_SOFTWARE).catch(() => undefined);
    } finally {
      connection.close();
    }
  }

  it('makes the client certificate subject the principal, in RFC 2253 order', async () => {
    const { port, seen } = await serve('required');
    await oneRequest(port, sslClientProps(certs, 'client'));
    expect(seen).to.have.length(1);
    expect(principalToString(seen[0].principal)).to.equal('User:CN=client,OU=Samsa,O=Samsa test');
    expect(seen[0].securityProtocol).to.equal('SSL');
    expect(seen[0].listenerName).to.equal('SSL');
  });

  it('admits a client without a certificate as ANONYMOUS when client auth is requested', async () => {
    const { port, seen } = await serve('requested');
    await oneRequest(port, sslClientProps(certs, null));
    expect(seen.map((c) => principalToString(c.principal))).to.deep.equal(['User:ANONYMOUS']);
  });

  it('turns away a certificate signed by another CA before reading a request', async () => {
    for (const clientAuth of ['requested', 'required'] as const) {
      const { port, seen } = await serve(clientAuth);
      const props = sslClientProps(stranger, 'mallory', certs.ca);
      const error = await dial(port, props)
        .then((connection) => connection.send(apiVersionsApi, 0, NO_SOFTWARE).finally(() => connection.close()))
        .then(
          () => null,
          (err: Error) => err,
        );
      expect(error, `a stranger's request was answered (${clientAuth})`).to.be.instanceOf(Error);
      expect(seen, clientAuth).to.deep.equal([]);
    }
  });

  it('fails the handshake of a client that trusts another CA, naming the certificate problem', async () => {
    const { port, seen } = await serve('none');
    const error = await dial(port, sslClientProps(certs, null, stranger.ca)).then(
      () => null,
      (err: Error) => err,
    );
    expect(error?.message).to.match(/cannot connect to 127\.0\.0\.1:\d+ over TLS: .*certificate/);
    expect(seen).to.deep.equal([]);
  });
});
