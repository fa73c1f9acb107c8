// A client's security settings from the keys a Kafka client config file holds
// (security.protocol, ssl.truststore.location, ssl.keystore.location, ssl.key.password,
// ssl.endpoint.identification.algorithm, ...), for the `security` option of Producer, Consumer
// and Admin. Files are read and checked here, so a bad path fails at once naming its key.
import { clientSecurityFrom, type ClientSecurity } from '../network/client-security';
import { SecurityConfigError } from '../network/tls-material';
import { ClientError } from './errors';

export type { ClientSecurity };

export function clientSecurity(config: ReadonlyMap<string, string> | Readonly<Record<string, string>>): ClientSecurity {
  const get = (key: string) => (config instanceof Map ? config.get(key) : (config as Record<string, string>)[key]);
  try {
    return clientSecurityFrom(get);
  } catch (err) {
    if (err instanceof SecurityConfigError) throw new ClientError('INVALID_ARGUMENT', err.message);
    throw err;
  }
}
