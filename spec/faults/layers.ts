// Fault layers the harness sets up for the scenarios that ask for them (ClusterNeeds.zookeeper,
// ClusterNeeds.proxied, ClusterNeeds.tmpfsLogDir): each returns null when the scenario does not need it.
import type { FaultLayer } from './harness';
import type { Scenario } from './scenario';
import { LinkProxy } from './link-proxy';
import { tmpfsLogDirLayer } from './tmpfs-layer';
import { zkEnsembleLayer } from './zk-ensemble';

const DEFAULT_BROKER_IDS = [1, 2, 3];

/** ClusterNeeds.proxied: every broker advertises a proxy port and reaches ZooKeeper through one; ctx.links controls the links. */
async function linkProxyLayer(scenario: Scenario): Promise<FaultLayer | null> {
  if (!scenario.cluster?.proxied) return null;
  const proxy = await LinkProxy.start({ brokerIds: scenario.cluster.brokers ?? DEFAULT_BROKER_IDS });
  return {
    hooks: proxy,
    decorate: (ctx) => {
      ctx.links = proxy;
      proxy.log = (line) => ctx.log(line);
    },
    stop: () => proxy.stop(),
  };
}

/** The proxy comes last: it reroutes whatever ZooKeeper the layers before it chose. */
export const FAULT_LAYERS: Array<(scenario: Scenario) => Promise<FaultLayer | null>> = [
  tmpfsLogDirLayer,
  zkEnsembleLayer,
  linkProxyLayer,
];
