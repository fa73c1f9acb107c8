// Generated from lib/protocol/messages/describe-user-scram-credentials.json by `make generate`: edit the source, not this file.
//
// DescribeUserScramCredentials (key 50): Kafka defines versions 0, flexible 0+; Samsa serves 0.
// Lists each user's SCRAM mechanisms and iteration counts, never the salts or keys (KIP-554).
//
// Newest version, in the notation of Kafka's protocol guide:
//   DescribeUserScramCredentials Request (Version: 0) => [users] TAG_BUFFER
//     users => name TAG_BUFFER  (nullable)
//       name => COMPACT_STRING
//   DescribeUserScramCredentials Response (Version: 0) => throttleTimeMs errorCode errorMessage [results] TAG_BUFFER
//     throttleTimeMs => INT32
//     errorCode => INT16
//     errorMessage => COMPACT_NULLABLE_STRING
//     results => user errorCode errorMessage [credentialInfos] TAG_BUFFER
//       user => COMPACT_STRING
//       errorCode => INT16
//       errorMessage => COMPACT_NULLABLE_STRING
//       credentialInfos => mechanism iterations TAG_BUFFER
//         mechanism => INT8
//         iterations => INT32
import { defineApi } from '../api-spec';
import source from '../messages/describe-user-scram-credentials.json';

export interface UserName {
  name: string;
}

export interface DescribeUserScramCredentialsRequest {
  /** The users to describe; null for all. */
  users: UserName[] | null;
}

export interface CredentialInfo {
  /** 1: SCRAM-SHA-256, 2: SCRAM-SHA-512. */
  mechanism: number;
  iterations: number;
}

export interface DescribeUserScramCredentialsResult {
  user: string;
  errorCode: number;
  errorMessage: string | null;
  credentialInfos: CredentialInfo[];
}

export interface DescribeUserScramCredentialsResponse {
  throttleTimeMs: number;
  errorCode: number;
  errorMessage: string | null;
  results: DescribeUserScramCredentialsResult[];
}

export const describeUserScramCredentialsApi = defineApi<
  DescribeUserScramCredentialsRequest,
  DescribeUserScramCredentialsResponse
>(source);
