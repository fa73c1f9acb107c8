// The ensemble half of bin/zookeeper: start, stop and status for the nodes recorded in
// <dataDir>/ensemble.json. Nodes run detached (they outlive the command); stop signals only the
// pids recorded in each node's directory.
import fs from 'fs';
import path from 'path';
import {
  connectStringOf,
  ENSEMBLE_FILE,
  fixedLayout,
  killNode,
  modeOf,
  readEnsemble,
  recordedPid,
  startZooKeeperEnsemble,
} from './zookeeper-ensemble';
import { zooKeeperAnswers, ZOOKEEPER_HOST } from './zookeeper-server';

interface Io {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

export function isEnsembleDir(dataDir: string): boolean {
  return fs.existsSync(path.join(dataDir, ENSEMBLE_FILE));
}

export interface EnsemblePorts {
  clientPortBase: number;
  quorumPortBase: number;
  electionPortBase: number;
}

/** Starts the ensemble: `size` nodes on `ports`, or (size null) the one recorded in dataDir. */
export async function ensembleStart(
  dataDir: string,
  size: number | null,
  ports: EnsemblePorts,
  io: Io,
): Promise<number> {
  const recorded = readEnsemble(dataDir);
  const running = recorded?.nodes.filter((node) => recordedPid(node) !== null) ?? [];
  if (recorded !== null && running.length === recorded.nodes.length) {
    io.stdout.write(
      `ZooKeeper ensemble already running from ${dataDir} (${connectStringOf(recorded)}); not starting another\n`,
    );
    return 0;
  }
  if (running.length > 0) {
    io.stderr.write(
      `ensemble node(s) ${running.map((node) => node.id).join(', ')} already running from ${dataDir}; stop them first\n`,
    );
    return 1;
  }
  const layout =
    size === null
      ? recorded
      : fixedLayout(dataDir, size, ports.clientPortBase, ports.quorumPortBase, ports.electionPortBase);
  if (layout === null) {
    io.stderr.write(`no ensemble recorded in ${dataDir}\n`);
    return 1;
  }
  for (const node of layout.nodes) {
    if (await zooKeeperAnswers(ZOOKEEPER_HOST, node.clientPort)) {
      io.stderr.write(`something already answers as ZooKeeper on ${ZOOKEEPER_HOST}:${node.clientPort}\n`);
      return 1;
    }
  }
  const ensemble = await startZooKeeperEnsemble({ dir: dataDir, layout, detached: true });
  for (const node of layout.nodes) {
    io.stdout.write(
      `node ${node.id} (pid ${String(ensemble.pid(node.id))}): client ${ZOOKEEPER_HOST}:${node.clientPort}, ` +
        `quorum ${node.quorumPort}, election ${node.electionPort}, data in ${node.dataDir}\n`,
    );
  }
  io.stdout.write(`ZooKeeper ensemble started: ${ensemble.connectString}\n`);
  return 0;
}

export async function ensembleStop(dataDir: string, io: Io): Promise<number> {
  const layout = readEnsemble(dataDir);
  if (layout === null) {
    io.stdout.write(`no ZooKeeper ensemble recorded in ${dataDir}\n`);
    return 0;
  }
  await Promise.all(
    layout.nodes.map(async (node) => {
      const pid = recordedPid(node);
      if (pid === null) {
        io.stdout.write(`node ${node.id}: not running\n`);
        return;
      }
      await killNode(node, 'SIGTERM');
      io.stdout.write(`node ${node.id} (pid ${pid}) stopped\n`);
    }),
  );
  return 0;
}

/** Exit 0 when every node serves as leader or follower. */
export async function ensembleStatus(dataDir: string, io: Io): Promise<number> {
  const layout = readEnsemble(dataDir);
  if (layout === null) {
    io.stdout.write(`no ZooKeeper ensemble recorded in ${dataDir}\n`);
    return 1;
  }
  let serving = 0;
  for (const node of layout.nodes) {
    const pid = recordedPid(node);
    const mode = await modeOf(node.clientPort);
    if (mode !== null) serving += 1;
    const state = mode ?? (pid === null ? 'not running' : 'running but not serving (no quorum?)');
    io.stdout.write(
      `node ${node.id} ${ZOOKEEPER_HOST}:${node.clientPort}${pid === null ? '' : ` (pid ${pid})`}: ${state}\n`,
    );
  }
  const all = serving === layout.nodes.length;
  io.stdout.write(
    `${all ? 'running' : 'degraded'}: ${serving}/${layout.nodes.length} nodes serving (${connectStringOf(layout)})\n`,
  );
  return all ? 0 : 1;
}
