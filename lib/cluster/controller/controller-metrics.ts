// KafkaController's gauges, read from the controller's context when Prometheus scrapes. Only the
// active controller reports the cluster-wide counts; every other broker reports 0, so a sum over
// the cluster is meaningful (ActiveControllerCount must sum to 1).
import type { BrokerMetrics, GaugeId } from '../../metrics/broker-metrics';
import { tp, type ControllerContext } from './controller-context';

export interface ControllerCounts {
  activeControllerCount: number;
  offlinePartitionsCount: number;
  globalPartitionCount: number;
  globalTopicCount: number;
  preferredReplicaImbalanceCount: number;
}

const INACTIVE: ControllerCounts = {
  activeControllerCount: 0,
  offlinePartitionsCount: 0,
  globalPartitionCount: 0,
  globalTopicCount: 0,
  preferredReplicaImbalanceCount: 0,
};

/**
 * Kafka's definitions: a partition is offline when its leader is none or not online, and
 * imbalanced when its leader is not its first assigned replica; topics queued for deletion count
 * in neither (Kafka excludes them), but still in the global counts.
 */
export function controllerCounts(ctx: ControllerContext | null): ControllerCounts {
  if (ctx === null) return INACTIVE;
  let partitions = 0;
  let offline = 0;
  let imbalanced = 0;
  for (const [topic, assignment] of ctx.assignments) {
    partitions += assignment.size;
    if (ctx.topicsToDelete.has(topic)) continue;
    for (const [partition, replicas] of assignment) {
      const state = ctx.states.get(tp(topic, partition));
      if (state === undefined) continue;
      if (state.leader < 0 || !ctx.isReplicaOnline(state.leader, topic, partition)) offline++;
      if (replicas.length > 0 && state.leader !== replicas[0]) imbalanced++;
    }
  }
  return {
    activeControllerCount: 1,
    offlinePartitionsCount: offline,
    globalPartitionCount: partitions,
    globalTopicCount: ctx.assignments.size,
    preferredReplicaImbalanceCount: imbalanced,
  };
}

/** `activeContext` is the controller's context while it is the active one, null otherwise. */
export function registerControllerGauges(metrics: BrokerMetrics, activeContext: () => ControllerContext | null): void {
  const ids: Array<GaugeId & keyof ControllerCounts> = [
    'activeControllerCount',
    'offlinePartitionsCount',
    'globalPartitionCount',
    'globalTopicCount',
    'preferredReplicaImbalanceCount',
  ];
  for (const id of ids) metrics.gaugeOnScrape(id, (gauge) => gauge.set(controllerCounts(activeContext())[id]));
}
