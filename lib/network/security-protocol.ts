// Kafka's four security protocols. A listener speaks one of them (listener.security.protocol.map);
// clients and brokers dialling out pick one with security.protocol.

export const SECURITY_PROTOCOLS = ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'] as const;

export type SecurityProtocol = (typeof SECURITY_PROTOCOLS)[number];

export function isSecurityProtocol(text: string): text is SecurityProtocol {
  return (SECURITY_PROTOCOLS as readonly string[]).includes(text);
}

/** Whether the protocol wraps the TCP stream in TLS. */
export function usesTls(protocol: SecurityProtocol): boolean {
  return protocol === 'SSL' || protocol === 'SASL_SSL';
}

/** Whether a connection must authenticate with SASL before any other request. */
export function usesSasl(protocol: SecurityProtocol): boolean {
  return protocol === 'SASL_PLAINTEXT' || protocol === 'SASL_SSL';
}
