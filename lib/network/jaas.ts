// Kafka's one-line JAAS configuration (sasl.jaas.config), as brokers and clients read it:
//   org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="x" user_alice="y";
// Only the login module's options matter to Samsa: the username/password a connection logs in
// with, and on a broker the user_<name> entries that are PLAIN's user database.

export interface JaasConfig {
  loginModule: string;
  options: Map<string, string>;
}

export class JaasError extends Error {}

const OPTION = /\s*([A-Za-z0-9_.\-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s;"]+))/y;

export function parseJaasConfig(text: string): JaasConfig {
  const head = /^\s*([A-Za-z0-9_.$]+)\s+(required|requisite|sufficient|optional)\b/.exec(text);
  if (!head) throw new JaasError(`sasl.jaas.config '${text}' does not start with "<LoginModule> required"`);
  const options = new Map<string, string>();
  let at = head[0].length;
  for (;;) {
    OPTION.lastIndex = at;
    const m = OPTION.exec(text);
    if (!m) break;
    options.set(m[1], m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]);
    at = OPTION.lastIndex;
  }
  if (!/^\s*;\s*$/.test(text.slice(at))) {
    throw new JaasError(`sasl.jaas.config must end with ';' after the options (at '${text.slice(at)}')`);
  }
  return { loginModule: head[1], options };
}

/** The username/password a connection logs in with. */
export function jaasCredentials(config: JaasConfig): { username: string; password: string } | null {
  const username = config.options.get('username');
  const password = config.options.get('password');
  return username !== undefined && password !== undefined ? { username, password } : null;
}

/** PLAIN's user database on a broker: user_<name>="<password>". */
export function jaasPlainUsers(config: JaasConfig): Map<string, string> {
  const users = new Map<string, string>();
  for (const [key, value] of config.options) if (key.startsWith('user_')) users.set(key.slice(5), value);
  return users;
}
