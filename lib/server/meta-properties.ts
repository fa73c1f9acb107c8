// Each log dir remembers which broker and cluster it belongs to (meta.properties, as Kafka
// writes it). A dir from another cluster or another broker id is refused: serving it would mix
// two brokers' data.
import { readMetaProperties, writeMetaProperties } from '../storage';

export class InconsistentMetaPropertiesError extends Error {}

export function checkMetaProperties(logDirs: string[], brokerId: number, clusterId: string): void {
  for (const dir of logDirs) {
    const meta = readMetaProperties(dir);
    if (meta === null) {
      writeMetaProperties(dir, { brokerId, clusterId });
      continue;
    }
    if (meta.clusterId !== undefined && meta.clusterId !== clusterId) {
      throw new InconsistentMetaPropertiesError(
        `The Cluster ID ${clusterId} doesn't match stored clusterId ${meta.clusterId} in ${dir}/meta.properties. ` +
        'The broker is trying to join the wrong cluster.');
    }
    if (meta.brokerId !== brokerId) {
      throw new InconsistentMetaPropertiesError(
        `Configured broker.id ${brokerId} doesn't match stored broker.id ${meta.brokerId} in ${dir}/meta.properties.`);
    }
  }
}
