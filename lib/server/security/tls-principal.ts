// The principal of a TLS connection, as Kafka's default principal builder makes it: the client
// certificate's subject as an RFC 2253 string (most specific RDN first: "CN=alice,OU=eng,O=Acme"),
// or ANONYMOUS when the client sent no certificate.
import type * as tls from 'node:tls';
import { ANONYMOUS, userPrincipal, type KafkaPrincipal } from './principal';

export function tlsPrincipal(socket: tls.TLSSocket): KafkaPrincipal {
  const certificate = socket.getPeerX509Certificate();
  if (!certificate) return ANONYMOUS;
  return userPrincipal(rfc2253(certificate.subject));
}

/**
 * Node gives the subject one "TYPE=value" per line, in certificate order (least specific first),
 * each value already escaped as RFC 2253 asks; RFC 2253 lists the RDNs in reverse, comma-separated.
 */
export function rfc2253(subject: string): string {
  return subject
    .split('\n')
    .filter((line) => line !== '')
    .reverse()
    .join(',');
}
