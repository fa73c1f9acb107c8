export { OperatorHttp } from './operator-http';
import type { Broker } from '../server/broker';
import type { Logger } from '../util/logger';
import { OperatorHttp } from './operator-http';

/** The broker's operator port when samsa.http.listener is set, started; null when it is not. */
export async function startOperatorHttp(broker: Broker, logger: Logger): Promise<OperatorHttp | null> {
  const listener = broker.config.httpListener;
  if (listener === null) return null;
  const http = new OperatorHttp({ broker, logger, host: listener.host, port: listener.port });
  await http.start();
  return http;
}
