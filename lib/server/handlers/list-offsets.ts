// ListOffsets: earliest (-2), latest (-1: the high watermark for consumers, the log end for
// replicas and Kafka's debugging id -2: any replica id but -1, as in Kafka) or the first offset whose timestamp is at least the one asked. v0 answers the old
// list form (offsets, newest first, up to max_num_offsets).
import type { ListOffsetsRequest, ListOffsetsResponse } from '../../protocol/apis/list-offsets';
import { ErrorCode } from '../../protocol/error-codes';
import type { BrokerServices } from './services';
import type { RequestContext } from '../dispatcher';
import { settle } from '../../protocol/kafka-error';
import { access } from '../security/authorizer';

const LATEST = -1;
const EARLIEST = -2;
/** Kafka's CONSUMER_REPLICA_ID: only an ordinary consumer is held to the high watermark. */
const CONSUMER_REPLICA_ID = -1;

interface PartitionAnswer {
  partitionIndex: number;
  errorCode: number;
  oldStyleOffsets: number[];
  timestamp: number;
  offset: number;
  leaderEpoch: number;
}

export function handleListOffsets(services: BrokerServices) {
  return (ctx: RequestContext, request: ListOffsetsRequest): ListOffsetsResponse => {
    const version = ctx.header.apiVersion;
    const allowed = access(services.authorizer, ctx);
    const topics = request.topics.map((t) => {
      const describable = allowed.topic('Describe', t.name);
      return {
        name: t.name,
        partitions: t.partitions.map((p) =>
          describable ? answer(services, request.replicaId, t.name, p, version) : refused(p.partitionIndex),
        ),
      };
    });
    return { throttleTimeMs: 0, topics };
  };
}

function refused(partitionIndex: number): PartitionAnswer {
  const errorCode = ErrorCode.TOPIC_AUTHORIZATION_FAILED;
  return { partitionIndex, errorCode, oldStyleOffsets: [], timestamp: -1, offset: -1, leaderEpoch: -1 };
}

function answer(
  services: BrokerServices,
  replicaId: number,
  topic: string,
  p: { partitionIndex: number; timestamp: number; currentLeaderEpoch: number; maxNumOffsets: number },
  version: number,
): PartitionAnswer {
  const none = { partitionIndex: p.partitionIndex, oldStyleOffsets: [], timestamp: -1, offset: -1, leaderEpoch: -1 };
  return settle(
    (): PartitionAnswer => {
      const partition = services.replicaManager.leaderPartition(topic, p.partitionIndex);
      partition.checkLeaderEpoch(p.currentLeaderEpoch);
      const epoch = partition.leaderEpoch;
      let found: { offset: number; timestamp: number } | null;
      if (p.timestamp === EARLIEST) found = { offset: partition.logStartOffset, timestamp: -1 };
      else if (p.timestamp === LATEST) {
        found = {
          offset: replicaId !== CONSUMER_REPLICA_ID ? partition.logEndOffset : partition.highWatermark,
          timestamp: -1,
        };
      } else {
        found = partition.log.offsetForTimestamp(p.timestamp);
        if (found && found.offset >= partition.highWatermark && replicaId === CONSUMER_REPLICA_ID) found = null;
      }
      if (version === 0) {
        const offsets = found ? [found.offset] : [];
        return { ...none, errorCode: ErrorCode.NONE, oldStyleOffsets: offsets.slice(0, Math.max(1, p.maxNumOffsets)) };
      }
      if (!found) return { ...none, errorCode: ErrorCode.NONE };
      return {
        ...none,
        errorCode: ErrorCode.NONE,
        offset: found.offset,
        timestamp: found.timestamp,
        leaderEpoch: epoch,
      };
    },
    ({ errorCode }) => ({ ...none, errorCode }),
    services.logger,
  );
}
