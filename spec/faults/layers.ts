// Fault layers the harness sets up for the scenarios that ask for them (ClusterNeeds.zookeeper,
// ClusterNeeds.proxied, ClusterNeeds.tmpfsLogDir): each returns null when the scenario does not need it.
import type { FaultLayer } from './harness';
import type { Scenario } from './scenario';
import { tmpfsLogDirLayer } from './tmpfs-layer';
import { zkEnsembleLayer } from './zk-ensemble';

export const FAULT_LAYERS: Array<(scenario: Scenario) => Promise<FaultLayer | null>> = [tmpfsLogDirLayer, zkEnsembleLayer];
