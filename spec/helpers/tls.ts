// Test certificates for the TLS specs, made by `bin/certs` itself: a CA with a broker and a
// client certificate, and (as a stranger) a second CA with its own client.
import * as path from 'node:path';
import { PROJECT_ROOT, tempDir } from './broker';
import { runOk } from './processes';

export interface TestCerts {
  dir: string;
  ca: string;
  /** Kafka's PEM key store (key + chain) of `name`. */
  keyStore(name: string): string;
  key(name: string): string;
  cert(name: string): string;
}

export async function makeCerts(label: string, args: string[] = []): Promise<TestCerts> {
  const dir = tempDir(`certs-${label}`);
  await runOk(path.join(PROJECT_ROOT, 'bin', 'certs'), ['--dir', dir, ...args], { timeoutMs: 60000 });
  const file = (name: string) => path.join(dir, name);
  return {
    dir,
    ca: file('ca.crt'),
    keyStore: (name) => file(`${name}.pem`),
    key: (name) => file(`${name}.key`),
    cert: (name) => file(`${name}.crt`),
  };
}

/** Broker properties of a TLS listener trusting `certs`' CA, with the broker's key store. */
export function sslBrokerProps(
  certs: TestCerts,
  clientAuth: 'none' | 'requested' | 'required',
): Record<string, string> {
  return {
    'ssl.keystore.type': 'PEM',
    'ssl.keystore.location': certs.keyStore('broker'),
    'ssl.truststore.type': 'PEM',
    'ssl.truststore.location': certs.ca,
    'ssl.client.auth': clientAuth,
  };
}

/** A Samsa client's (or a tool's) SSL settings, presenting `name`'s certificate. */
export function sslClientProps(
  certs: TestCerts,
  name: string | null,
  trust: string = certs.ca,
): Record<string, string> {
  return {
    'security.protocol': 'SSL',
    'ssl.truststore.location': trust,
    ...(name ? { 'ssl.keystore.location': certs.keyStore(name) } : {}),
  };
}
