// OffsetForLeaderEpoch (key 23, v0-4): where does leader epoch E end in the leader's log? Asked
// by followers before fetching (to cut a divergent tail, KIP-101/279) and by consumers checking
// for truncation (KIP-320). As in Kafka 2.8 only the leader answers, whoever asks: the request's
// current leader epoch is checked first (FENCED_LEADER_EPOCH / UNKNOWN_LEADER_EPOCH), then
// leadership (NOT_LEADER_OR_FOLLOWER); a partition unknown to the cluster is
// UNKNOWN_TOPIC_OR_PARTITION. The answer comes from the leader's leader-epoch cache, which holds
// the leader's own epoch from its election on, written in or not (KIP-279); an epoch the leader
// cannot place answers (-1, -1).
import type {
  OffsetForLeaderEpochRequest,
  OffsetForLeaderEpochResponse,
  EpochEndOffsetResult,
} from '../../protocol/apis/offset-for-leader-epoch';
import { ErrorCode } from '../../protocol/error-codes';
import type { BrokerServices } from './services';
import type { RequestContext } from '../dispatcher';

export function handleOffsetForLeaderEpoch(services: Pick<BrokerServices, 'replicaManager' | 'metadataCache'>) {
  return (_ctx: RequestContext, request: OffsetForLeaderEpochRequest): OffsetForLeaderEpochResponse => ({
    throttleTimeMs: 0,
    topics: request.topics.map((t) => ({
      topic: t.topic,
      partitions: t.partitions.map((p) => answer(services, t.topic, p.partition, p.currentLeaderEpoch, p.leaderEpoch)),
    })),
  });
}

function answer(
  services: Pick<BrokerServices, 'replicaManager' | 'metadataCache'>,
  topic: string,
  partition: number,
  currentLeaderEpoch: number,
  leaderEpoch: number,
): EpochEndOffsetResult {
  const found = services.replicaManager.lastOffsetForLeaderEpoch(topic, partition, currentLeaderEpoch, leaderEpoch);
  if (found) return { partition, ...found };
  const known = services.metadataCache.partition(topic, partition) !== undefined;
  return {
    partition,
    errorCode: known ? ErrorCode.NOT_LEADER_OR_FOLLOWER : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
    leaderEpoch: -1,
    endOffset: -1,
  };
}
