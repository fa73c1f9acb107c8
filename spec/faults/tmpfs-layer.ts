// The fault layer behind ClusterNeeds.tmpfsLogDir: mounts a small tmpfs before the cluster
// starts and makes it the first of the chosen broker's two log dirs (the second an ordinary
// temporary dir), so a scenario can fill that disk or make it read-only while the broker's other
// partitions live on a healthy one. Unmounted (every layer) when the scenario ends.
import { tempDir } from '../helpers/broker';
import { Tmpfs } from '../helpers/tmpfs';
import type { Props } from './fault-cluster';
import type { FaultLayer } from './harness';
import type { Scenario } from './scenario';

export async function tmpfsLogDirLayer(scenario: Scenario): Promise<FaultLayer | null> {
  const need = scenario.cluster?.tmpfsLogDir;
  if (!need) return null;
  const tmpfs = Tmpfs.mount(`faults-${scenario.name}`, need.sizeBytes);
  const logDirs = `${tmpfs.dir},${tempDir(`faults-${scenario.name}-${need.broker}`)}`;
  return {
    hooks: { propsFor: (id): Props => (id === need.broker ? { 'log.dirs': logDirs } : {}) },
    decorate: (ctx) => {
      ctx.tmpfs = tmpfs;
    },
    stop: async () => tmpfs.unmount(),
  };
}
