// What console pages read from: the broker they run in (metadata cache, ZooKeeper session) and
// an admin client of the cluster, connected to this broker's inter-broker listener on first use.
import { Admin } from '../client/admin';
import type { Broker } from '../server/broker';
import type { Logger } from '../util/logger';
import { LagHistory } from './lag-history';

export class ConsoleContext {
  private adminClient: Promise<Admin> | null = null;
  /** Every group's lag over the last hour, filled by the operator port's sampler. */
  readonly lagHistory = new LagHistory();

  constructor(
    readonly broker: Broker,
    readonly logger: Logger,
  ) {}

  /** The admin client (the tools' client library); reconnects after a failed connect. */
  admin(): Promise<Admin> {
    if (this.adminClient === null) {
      const connecting = this.connectAdmin();
      this.adminClient = connecting;
      connecting.catch(() => {
        if (this.adminClient === connecting) this.adminClient = null;
      });
    }
    return this.adminClient;
  }

  async close(): Promise<void> {
    const admin = this.adminClient;
    this.adminClient = null;
    if (admin !== null) await admin.then((a) => a.close()).catch(() => undefined);
  }

  private async connectAdmin(): Promise<Admin> {
    const config = this.broker.config;
    const listener = this.broker.boundListeners().find((l) => l.listenerName === config.interBrokerListenerName);
    if (listener === undefined) throw new Error('the broker has no inter-broker listener bound yet');
    const host = listener.host === '' || listener.host === '0.0.0.0' ? '127.0.0.1' : listener.host;
    const admin = new Admin({
      brokers: [`${host.includes(':') ? `[${host}]` : host}:${listener.port}`],
      clientId: `samsa-console-${this.broker.brokerId}`,
      security: this.broker.interBrokerClientSecurity,
    });
    await admin.connect();
    return admin;
  }
}
