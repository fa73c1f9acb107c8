// DescribeLogDirs for the Admin client: every broker (or the ones named) is asked about its own
// log dirs, since only a broker knows its disks. As with Kafka's per-broker answers, a broker that
// cannot answer (unreachable, or refusing: CLUSTER_AUTHORIZATION_FAILED at v3+) fails on its own:
// its entry carries the error and the other brokers' dirs are still returned.
import type { Cluster } from './cluster';
import { ClientError } from './errors';
import { describeLogDirsApi, type DescribeLogDirsResult } from '../protocol/apis/describe-log-dirs';
import { errorInfo, ErrorCode } from '../protocol/error-codes';

/** One partition log in a dir (Kafka's admin ReplicaInfo, with its topic and partition). */
export interface ReplicaLogDescription {
  topic: string;
  partition: number;
  sizeBytes: number;
  /** A log being moved to this dir (AlterReplicaLogDirs); Samsa's are never. */
  isFuture: boolean;
  /** How far the log end offset is behind the high watermark; -1 when unknown. */
  offsetLag: number;
}

export interface LogDirDescription {
  logDir: string;
  /** null, or Kafka's error name (KAFKA_STORAGE_ERROR for an offline dir). */
  error: string | null;
  replicas: ReplicaLogDescription[];
}

export interface BrokerLogDirs {
  brokerId: number;
  /** null, or why this broker gave no answer (Kafka's error name, or CONNECTION…). */
  error: string | null;
  logDirs: LogDirDescription[];
}

/** Topic → partitions to report; absent: every partition log of each broker. */
export type LogDirQuery = Record<string, number[]>;

export async function describeLogDirs(
  cluster: Cluster,
  brokerIds: number[],
  query: LogDirQuery | null,
): Promise<BrokerLogDirs[]> {
  const topics = query === null ? null : Object.entries(query).map(([topic, partitions]) => ({ topic, partitions }));
  return Promise.all(
    brokerIds.map(async (brokerId): Promise<BrokerLogDirs> => {
      try {
        const connection = await cluster.connectionTo(brokerId);
        const { response } = await connection.request(describeLogDirsApi, { topics });
        if (response.errorCode !== ErrorCode.NONE)
          return { brokerId, error: errorInfo(response.errorCode).name, logDirs: [] };
        return { brokerId, error: null, logDirs: response.results.map(describeResult) };
      } catch (error) {
        if (!(error instanceof ClientError)) throw error;
        return { brokerId, error: error.code, logDirs: [] };
      }
    }),
  );
}

function describeResult(result: DescribeLogDirsResult): LogDirDescription {
  return {
    logDir: result.logDir,
    error: result.errorCode === ErrorCode.NONE ? null : errorInfo(result.errorCode).name,
    replicas: result.topics.flatMap((t) =>
      t.partitions.map((p) => ({
        topic: t.name,
        partition: p.partitionIndex,
        sizeBytes: p.partitionSize,
        isFuture: p.isFutureKey,
        offsetLag: p.offsetLag,
      })),
    ),
  };
}
