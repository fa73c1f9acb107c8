// Generated from lib/protocol/messages/describe-log-dirs.json by `make generate`: edit the source, not this file.
//
// DescribeLogDirs (key 35): Kafka defines versions 0-3, flexible 2+; Samsa serves 0-3. Each log dir
// of the broker asked, with the size of every partition log in it and how far its log end offset is
// behind the high watermark (Describe on the cluster needed). v1 only changes throttling; v2 is
// flexible; v3 adds the top-level errorCode.
//
// Newest version, in the notation of Kafka's protocol guide:
//   DescribeLogDirs Request (Version: 3) => [topics] TAG_BUFFER
//     topics => topic [partitions] TAG_BUFFER  (nullable)
//       topic => COMPACT_STRING
//       partitions => INT32
//   DescribeLogDirs Response (Version: 3) => throttleTimeMs errorCode [results] TAG_BUFFER
//     throttleTimeMs => INT32
//     errorCode => INT16
//     results => errorCode logDir [topics] TAG_BUFFER
//       errorCode => INT16
//       logDir => COMPACT_STRING
//       topics => name [partitions] TAG_BUFFER
//         name => COMPACT_STRING
//         partitions => partitionIndex partitionSize offsetLag isFutureKey TAG_BUFFER
//           partitionIndex => INT32
//           partitionSize => INT64
//           offsetLag => INT64
//           isFutureKey => BOOLEAN
import { defineApi } from '../api-spec';
import source from '../messages/describe-log-dirs.json';

export interface DescribableLogDirTopic {
  topic: string;
  partitions: number[];
}

export interface DescribeLogDirsRequest {
  /** null = every partition the broker holds. */
  topics: DescribableLogDirTopic[] | null;
}

export interface DescribeLogDirsPartition {
  partitionIndex: number;
  /** Bytes in the partition's segment files. */
  partitionSize: number;
  /** max(high watermark - log end offset, 0); -1 when the broker hosts no such partition. */
  offsetLag: number;
  /** Always false: Samsa has no AlterReplicaLogDirs. */
  isFutureKey: boolean;
}

export interface DescribeLogDirsTopic {
  name: string;
  partitions: DescribeLogDirsPartition[];
}

export interface DescribeLogDirsResult {
  /** KAFKA_STORAGE_ERROR for a dir taken offline by an I/O error. */
  errorCode: number;
  logDir: string;
  topics: DescribeLogDirsTopic[];
}

export interface DescribeLogDirsResponse {
  throttleTimeMs: number;
  /** v3+: the request as a whole (CLUSTER_AUTHORIZATION_FAILED). */
  errorCode: number;
  results: DescribeLogDirsResult[];
}

export const describeLogDirsApi = defineApi<DescribeLogDirsRequest, DescribeLogDirsResponse>(source);
