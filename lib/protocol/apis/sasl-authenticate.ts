// Generated from lib/protocol/messages/sasl-authenticate.json by `make generate`: edit the source, not this file.
//
// SaslAuthenticate (key 36): Kafka defines versions 0-2, flexible 2+; Samsa serves 0-2. Carries one
// SASL token each way after a v1 SaslHandshake. v1 adds the session lifetime (KIP-368, which Samsa
// answers with 0: no re-authentication).
//
// Newest version, in the notation of Kafka's protocol guide:
//   SaslAuthenticate Request (Version: 2) => authBytes TAG_BUFFER
//     authBytes => COMPACT_BYTES
//   SaslAuthenticate Response (Version: 2) => errorCode errorMessage authBytes sessionLifetimeMs TAG_BUFFER
//     errorCode => INT16
//     errorMessage => COMPACT_NULLABLE_STRING
//     authBytes => COMPACT_BYTES
//     sessionLifetimeMs => INT64
import { defineApi } from '../api-spec';
import source from '../messages/sasl-authenticate.json';

export interface SaslAuthenticateRequest {
  /** The client's SASL token. */
  authBytes: Buffer;
}

export interface SaslAuthenticateResponse {
  errorCode: number;
  errorMessage: string | null;
  /** The server's SASL token. */
  authBytes: Buffer;
  /** v1+, default 0: 0: the session never needs re-authenticating. */
  sessionLifetimeMs: number;
}

export const saslAuthenticateApi = defineApi<SaslAuthenticateRequest, SaslAuthenticateResponse>(source);
