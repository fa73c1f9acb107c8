// meta.properties in each log dir (Java properties text), as a ZooKeeper-mode Kafka broker
// writes it: version=0, broker.id, cluster.id. It ties a log dir to one broker of one cluster: a
// dir from another cluster or another broker id is refused, since serving it would mix two
// brokers' data.
import fs from 'fs';
import path from 'path';
import { parseProperties } from '../util/properties';
import { isNotFound, writeFileAtomically } from './file-io';
import { META_PROPERTIES_FILE } from './log-files';

export interface MetaProperties {
  version: number;
  brokerId: number;
  /** Absent in files written by brokers older than Kafka 0.10.1. */
  clusterId: string | undefined;
}

export class MetaPropertiesError extends Error {
  constructor(filePath: string, problem: string) {
    super(`${filePath}: ${problem}`);
    this.name = 'MetaPropertiesError';
  }
}

/** The dir's meta.properties, or null when it has none yet. */
export function readMetaProperties(dir: string): MetaProperties | null {
  const filePath = path.join(dir, META_PROPERTIES_FILE);
  let text: string;
  try {
    text = fs.readFileSync(filePath, 'utf8');
  } catch (err) {
    if (isNotFound(err)) return null;
    throw err;
  }
  const props = parseProperties(text);
  const version = props.get('version');
  if (version !== '0') throw new MetaPropertiesError(filePath, `unsupported version '${version ?? ''}' (expected 0)`);
  const brokerIdText = props.get('broker.id') ?? '';
  if (!/^-?\d+$/.test(brokerIdText)) throw new MetaPropertiesError(filePath, `invalid broker.id '${brokerIdText}'`);
  return { version: 0, brokerId: Number(brokerIdText), clusterId: props.get('cluster.id') };
}

export function writeMetaProperties(dir: string, meta: { brokerId: number; clusterId: string }): void {
  fs.mkdirSync(dir, { recursive: true });
  const text = [
    '#',
    `#${new Date().toString()}`,
    `cluster.id=${meta.clusterId}`,
    'version=0',
    `broker.id=${meta.brokerId}`,
    '',
  ].join('\n');
  writeFileAtomically(path.join(dir, META_PROPERTIES_FILE), text, dir);
}

export class InconsistentMetaPropertiesError extends Error {}

/** Writes meta.properties where it is missing; throws when a dir belongs to another broker or cluster. */
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
          'The broker is trying to join the wrong cluster.',
      );
    }
    if (meta.brokerId !== brokerId) {
      throw new InconsistentMetaPropertiesError(
        `Configured broker.id ${brokerId} doesn't match stored broker.id ${meta.brokerId} in ${dir}/meta.properties.`,
      );
    }
  }
}
