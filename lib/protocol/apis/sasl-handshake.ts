// Generated from lib/protocol/messages/sasl-handshake.json by `make generate`: edit the source, not this file.
//
// SaslHandshake (key 17): Kafka defines versions 0-1, flexible none; Samsa serves 0-1. Picks the
// SASL mechanism. After v0 the client sends bare size-prefixed SASL tokens; after v1 it wraps them
// in SaslAuthenticate.
//
// Newest version, in the notation of Kafka's protocol guide:
//   SaslHandshake Request (Version: 1) => mechanism
//     mechanism => STRING
//   SaslHandshake Response (Version: 1) => errorCode [mechanisms]
//     errorCode => INT16
//     mechanisms => STRING
import { defineApi } from '../api-spec';
import source from '../messages/sasl-handshake.json';

export interface SaslHandshakeRequest {
  /** The SASL mechanism chosen by the client. */
  mechanism: string;
}

export interface SaslHandshakeResponse {
  errorCode: number;
  /** The mechanisms enabled on this listener (sasl.enabled.mechanisms). */
  mechanisms: string[];
}

export const saslHandshakeApi = defineApi<SaslHandshakeRequest, SaslHandshakeResponse>(source);
