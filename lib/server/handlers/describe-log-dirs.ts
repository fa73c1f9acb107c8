// DescribeLogDirs: this broker's log dirs with each partition log's size and offset lag, read from
// the replica manager. As in Kafka, a principal without Describe on the cluster gets no log dirs
// (v3+ also says CLUSTER_AUTHORIZATION_FAILED at the top) rather than an error response.
import type {
  DescribeLogDirsRequest,
  DescribeLogDirsResponse,
  DescribeLogDirsTopic,
} from '../../protocol/apis/describe-log-dirs';
import { ErrorCode } from '../../protocol/error-codes';
import type { LogDirFilter, LogDirPartition } from '../../cluster/replication/log-dirs';
import type { RequestContext } from '../dispatcher';
import { access } from '../security/authorizer';
import type { BrokerServices } from './services';

export function handleDescribeLogDirs(services: BrokerServices) {
  return (ctx: RequestContext, request: DescribeLogDirsRequest): DescribeLogDirsResponse => {
    if (!access(services.authorizer, ctx).cluster('Describe'))
      return { throttleTimeMs: 0, errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED, results: [] };
    const dirs = services.replicaManager.describeLogDirs(filterOf(request));
    return {
      throttleTimeMs: 0,
      errorCode: ErrorCode.NONE,
      results: dirs.map((dir) => ({ errorCode: dir.errorCode, logDir: dir.logDir, topics: byTopic(dir.partitions) })),
    };
  };
}

function filterOf(request: DescribeLogDirsRequest): LogDirFilter {
  if (request.topics === null) return null;
  const wanted = new Map<string, Set<number>>();
  for (const { topic, partitions } of request.topics) {
    const set = wanted.get(topic) ?? new Set<number>();
    for (const p of partitions) set.add(p);
    wanted.set(topic, set);
  }
  return wanted;
}

function byTopic(partitions: LogDirPartition[]): DescribeLogDirsTopic[] {
  const topics = new Map<string, DescribeLogDirsTopic>();
  for (const p of partitions) {
    const topic = topics.get(p.topic) ?? { name: p.topic, partitions: [] };
    topic.partitions.push({
      partitionIndex: p.partition,
      partitionSize: p.sizeBytes,
      offsetLag: p.offsetLag,
      isFutureKey: false,
    });
    topics.set(p.topic, topic);
  }
  return [...topics.values()];
}
