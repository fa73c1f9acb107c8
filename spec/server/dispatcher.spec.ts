// Proves the dispatcher is the broker's one error boundary: for every API the broker registers,
// a handler that throws is answered, over a real socket, with that API's error response carrying
// UNKNOWN_SERVER_ERROR (or the thrown KafkaError's code) in every error code field, the failure
// is logged once with the request's identity, and the same TCP connection answers the next
// request. A Produce with acks=0 has no response to carry the error, so its connection is closed.
import { expect } from 'chai';
import { Writable } from 'node:stream';
import winston from 'winston';
import { Dispatcher } from '../../lib/server/dispatcher';
import { SocketServer } from '../../lib/server/socket-server';
import { registerHandlers } from '../../lib/server/handlers';
import type { BrokerServices } from '../../lib/server/handlers/services';
import { Connection } from '../../lib/network/connection';
import { API_SPECS, apiVersionsApi, heartbeatApi, produceApi } from '../../lib/protocol/apis';
import type { ApiSpec } from '../../lib/protocol/api-spec';
import { ErrorCode } from '../../lib/protocol/error-codes';
import { KafkaError } from '../../lib/protocol/kafka-error';
import { silentLogger } from '../../lib/util/logger';
import { errorCodesIn, errorResponseHasCode, sampleRequest } from '../helpers/sample-request';
import { waitUntil } from '../helpers/wait';

type Body = Record<string, unknown>;

function capturingLogger(lines: string[]): winston.Logger {
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return winston.createLogger({
    level: 'debug',
    format: winston.format.printf((info) => `${info.level}: ${String(info.message)}`),
    transports: [new winston.transports.Stream({ stream })],
  });
}

/** The specs of exactly the APIs the broker registers, read from its own registration table. */
function brokerApis(): ApiSpec[] {
  const probe = new Dispatcher(silentLogger());
  registerHandlers(probe, { logger: silentLogger() } as unknown as BrokerServices);
  return probe.advertisedVersions().map(({ apiKey }) => API_SPECS.find((s) => s.apiKey === apiKey) as ApiSpec);
}

function requestFor<Req, Res>(spec: ApiSpec<Req, Res>, version: number): Req {
  const body = sampleRequest(spec.requestSchema, version);
  if (spec.apiKey === produceApi.apiKey) body.acks = 1;
  return body as unknown as Req;
}

describe('Dispatcher error boundary', function () {
  this.timeout(30000);
  const lines: string[] = [];
  const dispatcher = new Dispatcher(capturingLogger(lines));
  const server = new SocketServer({
    listeners: [{ listenerName: 'PLAINTEXT', securityProtocol: 'PLAINTEXT', host: '127.0.0.1', port: 0 }],
    frameBytesMax: 1024 * 1024,
    inFlightMax: 16,
    dispatch: dispatcher.dispatch,
    logger: silentLogger(),
  });
  const connections: Connection[] = [];
  const apis = brokerApis();

  async function connect(): Promise<Connection> {
    const connection = await Connection.connect({
      host: '127.0.0.1',
      port: server.boundListeners()[0].port,
      clientId: 'boundary-spec',
    });
    connections.push(connection);
    return connection;
  }

  before(async () => {
    for (const spec of apis)
      dispatcher.register(spec, () => {
        throw new Error(`${spec.name} handler broke`);
      });
    await server.start();
  });

  after(async () => {
    for (const c of connections) c.close();
    await server.stop(1000);
  });

  it('covers every API the broker registers', () => {
    expect(apis.map((s) => s.name)).to.include.members([
      'Produce',
      'Fetch',
      'Metadata',
      'ApiVersions',
      'OffsetCommit',
      'DescribeConfigs',
      'LeaderAndIsr',
    ]);
    expect(apis).to.have.length(registeredCount());
  });

  it('answers each API, oldest and newest served version, with its error response on one connection', async () => {
    const connection = await connect();
    for (const spec of apis) {
      for (const version of new Set([spec.servedVersions.min, spec.servedVersions.max])) {
        const response = (await connection.send(spec, version, requestFor(spec, version))) as Body;
        const codes = errorCodesIn(spec.responseSchema.fields, response, version);
        if (errorResponseHasCode(spec, version)) expect(codes, `${spec.name} v${version}`).to.not.be.empty;
        expect(
          codes.every((c) => c === ErrorCode.UNKNOWN_SERVER_ERROR),
          `${spec.name} v${version}: ${codes.join(',')}`,
        ).to.equal(true);
      }
    }
    expect(connection.isClosed).to.equal(false);
    dispatcher.register(apiVersionsApi, () => ({
      errorCode: ErrorCode.NONE,
      apiKeys: dispatcher.advertisedVersions(),
      throttleTimeMs: 0,
    }));
    const answer = await connection.send(apiVersionsApi, 3, requestFor(apiVersionsApi, 3));
    expect(answer.errorCode).to.equal(ErrorCode.NONE);
    expect(answer.apiKeys).to.have.length(apis.length);
  });

  it('logs each failure once, with the api, version, correlation id, client id and peer', async () => {
    lines.length = 0;
    const connection = await connect();
    await connection.send(heartbeatApi, 4, requestFor(heartbeatApi, 4));
    const logged = await waitUntil(() => lines.filter((l) => l.includes('Heartbeat handler broke')), {
      message: 'the failure logged',
    });
    expect(logged).to.have.length(1);
    expect(logged[0])
      .to.match(/^error: /)
      .and.to.include('12/v4')
      .and.to.include('"boundary-spec"')
      .and.to.include('127.0.0.1:');
    expect(logged[0]).to.match(/correlation id \d+/);
  });

  it("answers with a thrown KafkaError's own code", async () => {
    dispatcher.register(heartbeatApi, () => {
      throw new KafkaError(ErrorCode.NOT_COORDINATOR, 'elsewhere');
    });
    const connection = await connect();
    const answer = await connection.send(heartbeatApi, 4, requestFor(heartbeatApi, 4));
    expect(answer.errorCode).to.equal(ErrorCode.NOT_COORDINATOR);
  });

  it('closes the connection of a failed Produce with acks=0, which has no response to carry the error', async () => {
    const connection = await connect();
    connection.sendNoResponse(produceApi, 8, { ...requestFor(produceApi, 8), acks: 0 });
    await waitUntil(() => connection.isClosed, { timeoutMs: 5000, message: 'the connection closed' });
  });
});

/** How many APIs handlers/index.ts registers, counted independently of advertisedVersions. */
function registeredCount(): number {
  let count = 0;
  registerHandlers(
    {
      register: () => {
        count++;
      },
    } as unknown as Dispatcher,
    { logger: silentLogger() } as unknown as BrokerServices,
  );
  return count;
}
