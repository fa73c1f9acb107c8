// The broker's copy of every user's SCRAM credentials (Kafka's CredentialCache), loaded from
// /config/users at startup and kept current by the /config/changes notifications every broker
// watches, so a user added or changed with bin/configs logs in without a restart.
import {
  configChangeNotifications,
  listConfiguredUsers,
  readUserConfig,
  userOfNotification,
} from '../../zk/user-config-znodes';
import type { ZkSession } from '../../zk/session';
import { parseCredential, SCRAM_MECHANISMS, type ScramCredential, type ScramMechanism } from '../../network/scram';
import type { Logger } from '../../util/logger';

export class ScramCredentialCache {
  private readonly users = new Map<string, Map<ScramMechanism, ScramCredential>>();
  private lastSeq = -1;
  private stopped = false;
  private refreshing: Promise<void> = Promise.resolve();

  constructor(
    private readonly session: () => ZkSession,
    private readonly logger: Logger,
  ) {}

  get(user: string, mechanism: ScramMechanism): ScramCredential | undefined {
    return this.users.get(user)?.get(mechanism);
  }

  /** Loads every user, then follows notifications from the newest one seen (again after a session expiry). */
  async start(): Promise<void> {
    const session = this.session();
    const known = [...this.users.keys()];
    const pending = await configChangeNotifications(session);
    this.lastSeq = pending.length > 0 ? pending[pending.length - 1].seq : -1;
    const configured = await listConfiguredUsers(session);
    for (const user of new Set([...configured, ...known])) await this.reload(user);
    await this.follow();
  }

  stop(): void {
    this.stopped = true;
  }

  /** Resolves once every notification seen so far has been applied (for specs and the admin API). */
  settled(): Promise<void> {
    return this.refreshing;
  }

  private async follow(): Promise<void> {
    if (this.stopped) return;
    const notifications = await configChangeNotifications(this.session(), () => {
      this.refreshing = this.refreshing.then(() => this.follow()).catch((error: unknown) => this.failed(error));
    });
    for (const { seq, name } of notifications) {
      if (seq <= this.lastSeq) continue;
      this.lastSeq = seq;
      const user = await userOfNotification(this.session(), name);
      if (user !== null) await this.reload(user);
    }
  }

  private async reload(user: string): Promise<void> {
    const config = await readUserConfig(this.session(), user);
    const credentials = new Map<ScramMechanism, ScramCredential>();
    for (const mechanism of SCRAM_MECHANISMS) {
      const text = config[mechanism];
      if (text === undefined) continue;
      try {
        credentials.set(mechanism, parseCredential(text));
      } catch (error) {
        this.logger.warn(`ignoring ${mechanism} credential of user ${user}: ${(error as Error).message}`);
      }
    }
    if (credentials.size === 0) this.users.delete(user);
    else this.users.set(user, credentials);
    this.logger.debug(`SCRAM credentials of user ${user}: ${[...credentials.keys()].join(', ') || 'none'}`);
  }

  private failed(error: unknown): void {
    this.logger.error(`following SCRAM credential changes failed: ${(error as Error).message}`);
  }
}
