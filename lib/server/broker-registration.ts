// How a broker comes to be in /brokers/ids: which id it takes (broker.id, else meta.properties,
// else a fresh one from /brokers/seqid, as Kafka does), which endpoints it advertises (bound
// ports filled in), and registering even right after a crash of its previous process.
import type { BrokerConfig } from './config';
import type { Logger } from '../util/logger';
import type { ZkSession } from '../zk/session';
import { generateBrokerId, registerBroker } from '../zk/broker-registry';
import { BrokerIdInUseError } from '../zk/errors';
import { brokerIdPath, type BrokerEndpoint } from '../zk/znodes';
import { readMetaProperties } from '../storage';

/** broker.id=-1: the id stored in meta.properties, else a fresh one from /brokers/seqid. */
export async function chooseBrokerId(logDirs: string[], session: ZkSession, logger: Logger): Promise<number> {
  const stored = [...new Set(logDirs.map((dir) => readMetaProperties(dir)?.brokerId).filter((id) => id !== undefined))];
  if (stored.length > 1) throw new Error(`log dirs hold different broker ids: ${stored.join(', ')}`);
  const id = stored.length === 1 ? (stored[0] as number) : await generateBrokerId(session);
  logger.info(
    `broker.id is not set; using ${id}${stored.length === 1 ? ' from meta.properties' : ' generated through /brokers/seqid'}`,
  );
  return id;
}

/** The advertised listeners, with port 0 replaced by the port the listener actually bound. */
export function advertisedEndpoints(config: BrokerConfig, bound: BrokerConfig['listeners']): BrokerEndpoint[] {
  const ports = new Map(bound.map((l) => [l.listenerName, l.port]));
  return config.advertisedListeners.map((l) => ({
    listenerName: l.listenerName,
    securityProtocol: l.securityProtocol,
    host: l.host,
    port: l.port === 0 ? (ports.get(l.listenerName) ?? 0) : l.port,
  }));
}

/**
 * Registers /brokers/ids/<id> and returns the broker epoch. After a crash the previous
 * process's ephemeral znode lives until its session times out, so a registration held by
 * another session is waited out for one session timeout; if it is still there, another live
 * broker has this id.
 */
export async function registerThisBroker(
  session: ZkSession,
  info: {
    brokerId: number;
    endpoints: BrokerEndpoint[];
    timestampMs: number;
    sessionTimeoutMs: number;
    logger: Logger;
  },
): Promise<number> {
  const attempt = () =>
    registerBroker(session, { brokerId: info.brokerId, endpoints: info.endpoints, timestampMs: info.timestampMs });
  try {
    return (await attempt()).brokerEpoch;
  } catch (err) {
    if (!(err instanceof BrokerIdInUseError)) throw err;
    info.logger.warn(`${err.message}; waiting up to ${info.sessionTimeoutMs} ms for that session to expire`);
    const gone = await waitForDeletion(session, brokerIdPath(info.brokerId), info.sessionTimeoutMs + 2000);
    if (!gone) throw err;
    return (await attempt()).brokerEpoch;
  }
}

/** Resolves true once `path` does not exist (watched, not polled), false after `timeoutMs`. */
function waitForDeletion(session: ZkSession, path: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (gone: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(gone);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    const check = (): void => {
      session
        .exists(path, (event) => {
          if (event.type === 'deleted') finish(true);
          else if (!settled) check();
        })
        .then(
          (stat) => {
            if (stat === null) finish(true);
          },
          () => finish(false),
        );
    };
    check();
  });
}
