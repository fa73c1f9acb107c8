// A client properties file, as Kafka's tools take one (--command-config, --producer.config,
// --consumer.config): security.protocol, ssl.* and the other client keys, one `key=value` a line.
import * as fs from 'node:fs';
import { parseProperties } from '../util/properties';
import { clientSecurity, type ClientSecurity } from '../client/security';

/** The properties of the file given to `flag`; an unreadable file names the flag. */
export function readClientConfig(flag: string, file: string): Record<string, string> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`${flag} ${file}: ${(err as Error).message}`);
  }
  return Object.fromEntries(parseProperties(text));
}

/** How a tool's client connects, from a --command-config style file (PLAINTEXT without one). */
export function securityFromConfigFile(flag: string, file: string | undefined): ClientSecurity | undefined {
  return file === undefined ? undefined : clientSecurity(readClientConfig(flag, file));
}
