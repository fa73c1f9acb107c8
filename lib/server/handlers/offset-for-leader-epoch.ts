// OffsetForLeaderEpoch (key 23, v0-4): where does leader epoch E end in the leader's log? Asked
// by followers before fetching (to cut a divergent tail, KIP-101/279) and by consumers checking
// for truncation (KIP-320). As in Kafka 2.8 only the leader answers, whoever asks: the request's
// current leader epoch is checked first (FENCED_LEADER_EPOCH / UNKNOWN_LEADER_EPOCH), then
// leadership (NOT_LEADER_OR_FOLLOWER); a partition unknown to the cluster is
// UNKNOWN_TOPIC_OR_PARTITION. The answer comes from the leader's leader-epoch cache, which holds
// the leader's own epoch from its election on, written in or not (KIP-279); an epoch the leader
// cannot place answers (-1, -1). Authorization as Kafka 2.8: ClusterAction on the cluster (a
// follower) or Describe on the topic (a consumer, KIP-320), else TOPIC_AUTHORIZATION_FAILED.
import type {
  OffsetForLeaderEpochRequest,
  OffsetForLeaderEpochResponse,
  EpochEndOffsetResult,
} from '../../protocol/apis/offset-for-leader-epoch';
import { ErrorCode } from '../../protocol/error-codes';
import type { BrokerServices } from './services';
import type { RequestContext } from '../dispatcher';
import { access } from '../security/authorizer';

type Services = Pick<BrokerServices, 'replicaManager' | 'metadataCache'> & Partial<Pick<BrokerServices, 'authorizer'>>;

export function handleOffsetForLeaderEpoch(services: Services) {
  return (ctx: RequestContext, request: OffsetForLeaderEpochRequest): OffsetForLeaderEpochResponse => {
    const allowed = access(services.authorizer ?? null, ctx);
    const replica = allowed.cluster('ClusterAction');
    return {
      throttleTimeMs: 0,
      topics: request.topics.map((t) => {
        const describable = replica || allowed.topic('Describe', t.topic);
        return {
          topic: t.topic,
          partitions: t.partitions.map((p) =>
            describable
              ? answer(services, t.topic, p.partition, p.currentLeaderEpoch, p.leaderEpoch)
              : {
                  partition: p.partition,
                  errorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED,
                  leaderEpoch: -1,
                  endOffset: -1,
                },
          ),
        };
      }),
    };
  };
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
