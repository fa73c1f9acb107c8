// DescribeLogDirs for the Admin client: every broker (or the ones named) is asked about its own
// log dirs, since only a broker knows its disks. Each answer becomes plain objects, one per log
// dir; a broker that refuses (CLUSTER_AUTHORIZATION_FAILED, v3+) fails the call.
import type { Cluster } from './cluster';
import { ClientError } from './errors';
import { describeLogDirsApi, type DescribeLogDirsResult } from '../protocol/apis/describe-log-dirs';
import { errorInfo, ErrorCode } from '../protocol/error-codes';

export interface ReplicaLogDescription {
  topic: string;
  partition: number;
  sizeBytes: number;
  /** How far the log end offset is behind the high watermark; -1 when unknown. */
  offsetLag: number;
}

export interface LogDirDescription {
  brokerId: number;
  logDir: string;
  /** null, or Kafka's error name (KAFKA_STORAGE_ERROR for an offline dir). */
  error: string | null;
  replicas: ReplicaLogDescription[];
}

/** Topic → partitions to report; absent: every partition log of each broker. */
export type LogDirQuery = Record<string, number[]>;

export async function describeLogDirs(
  cluster: Cluster,
  brokerIds: number[] | null,
  query: LogDirQuery | null,
): Promise<LogDirDescription[]> {
  await cluster.refreshMetadata([]);
  const targets = brokerIds ?? cluster.knownBrokers().map((b) => b.nodeId);
  const topics = query === null ? null : Object.entries(query).map(([topic, partitions]) => ({ topic, partitions }));
  const answers = await Promise.all(
    targets.map(async (brokerId) => {
      const connection = await cluster.connectionTo(brokerId);
      const { response } = await connection.request(describeLogDirsApi, { topics });
      if (response.errorCode !== ErrorCode.NONE)
        throw ClientError.fromErrorCode(response.errorCode, `DescribeLogDirs of broker ${brokerId}`);
      return response.results.map((result) => describeResult(brokerId, result));
    }),
  );
  return answers.flat();
}

function describeResult(brokerId: number, result: DescribeLogDirsResult): LogDirDescription {
  return {
    brokerId,
    logDir: result.logDir,
    error: result.errorCode === ErrorCode.NONE ? null : errorInfo(result.errorCode).name,
    replicas: result.topics.flatMap((t) =>
      t.partitions.map((p) => ({
        topic: t.name,
        partition: p.partitionIndex,
        sizeBytes: p.partitionSize,
        offsetLag: p.offsetLag,
      })),
    ),
  };
}
