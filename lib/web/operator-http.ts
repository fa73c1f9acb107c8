// The operator port of one broker (samsa.http.listener): GET /metrics for Prometheus and the web
// console under /, served by fastify beside the Kafka listeners, in the broker's own process.
// It lives above the server layer because the console reads and writes the cluster through
// Samsa's client library, as the command-line tools do.
import Fastify, { type FastifyInstance } from 'fastify';
import formBody from '@fastify/formbody';
import type { Broker } from '../server/broker';
import type { Logger } from '../util/logger';
import { ConsoleContext } from './console-context';
import { registerConsole } from './console';
import { HttpError } from './http-error';
import { CoordinatedGroupLag } from './group-lag';
import { LagSampler } from './lag-history';

export interface OperatorHttpOptions {
  broker: Broker;
  host: string;
  port: number;
  logger: Logger;
}

export class OperatorHttp {
  private readonly app: FastifyInstance;
  private readonly context: ConsoleContext;
  private bound: { host: string; port: number } | null = null;
  /** Samples every group's lag into the context's history (specs call sampleNow). */
  readonly lagSampler: LagSampler;

  constructor(private readonly options: OperatorHttpOptions) {
    // Topic names reach 249 characters; fastify's default cap on a path parameter is 100.
    this.app = Fastify({ logger: false, bodyLimit: 1 << 20, routerOptions: { maxParamLength: 1024 } });
    this.context = new ConsoleContext(options.broker, options.logger);
    this.lagSampler = new LagSampler(this.context.lagHistory, () => this.context.admin(), options.logger);
    new CoordinatedGroupLag(this.context).register();
    this.routes();
  }

  /** Where the port is bound (port 0 in the config picks a free one). */
  get address(): { host: string; port: number } {
    if (this.bound === null) throw new Error('operator HTTP port not started');
    return this.bound;
  }

  get url(): string {
    const { host, port } = this.address;
    return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  }

  async start(): Promise<void> {
    await this.app.listen({ host: this.options.host || '0.0.0.0', port: this.options.port });
    const address = this.app.server.address();
    if (address === null || typeof address === 'string') throw new Error('operator HTTP port has no address');
    this.bound = { host: this.options.host || '0.0.0.0', port: address.port };
    this.options.logger.info(`operator HTTP port on ${this.url} (/metrics, console at /)`);
    this.lagSampler.start();
  }

  async stop(): Promise<void> {
    this.lagSampler.stop();
    await this.app.close();
    await this.context.close();
  }

  private routes(): void {
    const app = this.app;
    app.register(formBody);
    app.setErrorHandler((thrown, request, reply) => {
      const error = thrown instanceof Error ? thrown : new Error(String(thrown));
      if (error instanceof HttpError) return reply.code(error.statusCode).type('text/plain').send(error.message);
      const status = (error as { statusCode?: number }).statusCode;
      if (status !== undefined && status >= 400 && status < 500) {
        return reply.code(status).type('text/plain').send(error.message);
      }
      this.options.logger.error(`operator HTTP ${request.method} ${request.url}: ${error.stack ?? error.message}`);
      return reply.code(500).type('text/plain').send(`internal error: ${error.message}`);
    });
    app.get('/metrics', async (_request, reply) => {
      const metrics = this.options.broker.metrics;
      const text = await metrics.expose();
      return reply.type(metrics.contentType).send(text);
    });
    app.register(async (scope) => registerConsole(scope, this.context));
  }
}
