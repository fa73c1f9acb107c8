// What console pages read from: the broker they run in (metadata cache, ZooKeeper session) and
// admin clients of the cluster, connected on first use. Pages act as the console's principal
// (samsa.http.console.command.config, on samsa.http.console.listener.name), so a cluster's ACLs
// apply to what an operator does in the console; the metrics and the lag sampler act as the
// broker itself, on its inter-broker listener. Without those keys both are one client.
import { Admin } from '../client/admin';
import { securityFromPropertiesFile } from '../client/security-config';
import type { ConnectionSecurity } from '../network/connection';
import type { Broker } from '../server/broker';
import type { Logger } from '../util/logger';
import { LagHistory } from './lag-history';

/** A console setting the operator port cannot use: names the key, as a bad broker config does. */
export class ConsoleConfigError extends Error {
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(`${key}: ${message}`);
    this.name = 'ConsoleConfigError';
  }
}

interface AdminIdentity {
  listenerName: string;
  security: ConnectionSecurity;
  clientId: string;
}

/** One admin client, connected on first use; a failed connect is retried by the next caller. */
class LazyAdmin {
  private client: Promise<Admin> | null = null;

  constructor(
    private readonly broker: Broker,
    private readonly identity: AdminIdentity,
  ) {}

  get(): Promise<Admin> {
    if (this.client === null) {
      const connecting = this.connect();
      this.client = connecting;
      connecting.catch(() => {
        if (this.client === connecting) this.client = null;
      });
    }
    return this.client;
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = null;
    if (client !== null) await client.then((a) => a.close()).catch(() => undefined);
  }

  private async connect(): Promise<Admin> {
    const { listenerName, security, clientId } = this.identity;
    const listener = this.broker.boundListeners().find((l) => l.listenerName === listenerName);
    if (listener === undefined) throw new Error(`the broker has no listener ${listenerName} bound`);
    const host = listener.host === '' || listener.host === '0.0.0.0' ? '127.0.0.1' : listener.host;
    const admin = new Admin({
      brokers: [`${host.includes(':') ? `[${host}]` : host}:${listener.port}`],
      clientId,
      security,
    });
    await admin.connect();
    return admin;
  }
}

export class ConsoleContext {
  /** Every group's lag over the last hour, filled by the operator port's sampler. */
  readonly lagHistory = new LagHistory();
  private readonly asBroker: LazyAdmin;
  private readonly asConsole: LazyAdmin;

  /** Throws ConsoleConfigError for a console key the broker cannot use (unknown listener, bad client file). */
  constructor(
    readonly broker: Broker,
    readonly logger: Logger,
  ) {
    const config = broker.config;
    const clientId = `samsa-console-${broker.brokerId}`;
    this.asBroker = new LazyAdmin(broker, {
      listenerName: config.interBrokerListenerName,
      security: broker.interBrokerClientSecurity,
      clientId,
    });
    const listenerName = config.samsaHttpConsoleListenerName ?? config.interBrokerListenerName;
    const commandConfig = config.samsaHttpConsoleCommandConfig;
    if (listenerName === config.interBrokerListenerName && commandConfig === null) {
      this.asConsole = this.asBroker;
      return;
    }
    if (!config.listeners.some((l) => l.listenerName === listenerName)) {
      throw new ConsoleConfigError('samsa.http.console.listener.name', `no listener is named ${listenerName}`);
    }
    this.asConsole = new LazyAdmin(broker, {
      listenerName,
      security: commandConfig === null ? broker.interBrokerClientSecurity : consoleSecurity(commandConfig),
      clientId,
    });
  }

  /** The admin client console pages act through (the tools' client library), as the console's principal. */
  admin(): Promise<Admin> {
    return this.asConsole.get();
  }

  /** The admin client the broker's own observers use (group-lag metric, lag sampler), as the broker. */
  brokerAdmin(): Promise<Admin> {
    return this.asBroker.get();
  }

  async close(): Promise<void> {
    await Promise.all([this.asConsole.close(), this.asBroker.close()]);
  }
}

function consoleSecurity(file: string): ConnectionSecurity {
  try {
    return securityFromPropertiesFile(file);
  } catch (error) {
    throw new ConsoleConfigError('samsa.http.console.command.config', (error as Error).message);
  }
}
