// Generated from lib/protocol/messages/alter-user-scram-credentials.json by `make generate`: edit the source, not this file.
//
// AlterUserScramCredentials (key 51): Kafka defines versions 0, flexible 0+; Samsa serves 0. Adds,
// replaces or deletes SCRAM credentials (KIP-554). The client salts the password itself, so the
// password never crosses the wire.
//
// Newest version, in the notation of Kafka's protocol guide:
//   AlterUserScramCredentials Request (Version: 0) => [deletions] [upsertions] TAG_BUFFER
//     deletions => name mechanism TAG_BUFFER
//       name => COMPACT_STRING
//       mechanism => INT8
//     upsertions => name mechanism iterations salt saltedPassword TAG_BUFFER
//       name => COMPACT_STRING
//       mechanism => INT8
//       iterations => INT32
//       salt => COMPACT_BYTES
//       saltedPassword => COMPACT_BYTES
//   AlterUserScramCredentials Response (Version: 0) => throttleTimeMs [results] TAG_BUFFER
//     throttleTimeMs => INT32
//     results => user errorCode errorMessage TAG_BUFFER
//       user => COMPACT_STRING
//       errorCode => INT16
//       errorMessage => COMPACT_NULLABLE_STRING
import { defineApi } from '../api-spec';
import source from '../messages/alter-user-scram-credentials.json';

export interface ScramCredentialDeletion {
  name: string;
  mechanism: number;
}

export interface ScramCredentialUpsertion {
  name: string;
  mechanism: number;
  iterations: number;
  salt: Buffer;
  saltedPassword: Buffer;
}

export interface AlterUserScramCredentialsRequest {
  deletions: ScramCredentialDeletion[];
  upsertions: ScramCredentialUpsertion[];
}

export interface AlterUserScramCredentialsResult {
  user: string;
  errorCode: number;
  errorMessage: string | null;
}

export interface AlterUserScramCredentialsResponse {
  throttleTimeMs: number;
  results: AlterUserScramCredentialsResult[];
}

export const alterUserScramCredentialsApi = defineApi<
  AlterUserScramCredentialsRequest,
  AlterUserScramCredentialsResponse
>(source);
