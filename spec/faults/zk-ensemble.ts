// The fault suite's private three-node ZooKeeper ensemble (ClusterNeeds.zookeeper = 'ensemble'):
// started on free 127.0.0.1 ports in a temporary directory, handed to the brokers as one connect
// string of all three nodes with a chroot, and controlled node by node by pid for the ZooKeeper
// scenarios (spec/faults/scenarios/zookeeper.ts). It also expires a broker's session from the
// outside, knowing only the session id (the ephemeralOwner of the broker's registration).
import fs from 'fs';
import os from 'os';
import path from 'path';
import { startZooKeeperEnsemble, ZooKeeperEnsemble, ZooKeeperMode } from '../../lib/cli/zookeeper-ensemble';
import { isZkError } from '../../lib/zk/errors';
import type { ZkSession } from '../../lib/zk/session';
import { brokerIdPath } from '../../lib/zk/znodes';
import { expireSession, sessionPasswordOf } from '../helpers/zookeeper';
import type { FaultLayer } from './harness';
import type { Scenario } from './scenario';

const DEFAULT_CHROOT = '/samsa-faults';

export interface ZkEnsembleControl {
  /** Node ids (1, 2, 3). */
  readonly ids: readonly number[];
  /** All three nodes and the chroot asked for at start (none under the harness: see ctx.cluster.connectString). */
  readonly connectString: string;
  /** Connect string of the nodes alone (no chroot). */
  readonly hostsConnectString: string;
  /** Pid of each running node (null when stopped), by node id. */
  nodePids(): Map<number, number | null>;
  isRunning(id: number): boolean;
  mode(id: number): Promise<ZooKeeperMode>;
  /** The node answering `srvr` with "Mode: leader", or null (no quorum). */
  leaderId(): Promise<number | null>;
  /** Kills node `id` by its pid and waits until it is gone. */
  stopNode(id: number, signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Starts node `id` again; by default resolves once it serves in a quorum. */
  startNode(id: number, options?: { waitForQuorum?: boolean }): Promise<void>;
  /** Ends a session (hex id) on the server side, as ZooKeeper does when it expires it. */
  expireSession(sessionId: string): Promise<void>;
  /** The id of the session that owns `/brokers/ids/<brokerId>` in the chroot, or null. */
  brokerSessionId(session: ZkSession, brokerId: number): Promise<string | null>;
  /** Stops every node and removes the data directory. */
  stop(): Promise<void>;
}

/** The harness layer: a private ensemble for scenarios whose cluster needs `zookeeper: 'ensemble'`. */
export async function zkEnsembleLayer(scenario: Scenario): Promise<FaultLayer | null> {
  if (scenario.cluster?.zookeeper !== 'ensemble') return null;
  // The harness puts each cluster in its own chroot (ctx.cluster.connectString); none here.
  const zk = await startZkEnsemble({ chroot: '' });
  return {
    zookeeperConnect: zk.hostsConnectString,
    decorate: (ctx) => {
      ctx.zookeeper = zk;
    },
    stop: () => zk.stop(),
  };
}

export async function startZkEnsemble(
  options: { chroot?: string; startTimeoutMs?: number } = {},
): Promise<ZkEnsembleControl> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samsa-faults-zk-'));
  let ensemble: ZooKeeperEnsemble;
  try {
    ensemble = await startZooKeeperEnsemble({ dir, startTimeoutMs: options.startTimeoutMs });
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return control(ensemble, dir, options.chroot ?? DEFAULT_CHROOT);
}

function control(ensemble: ZooKeeperEnsemble, dir: string, chroot: string): ZkEnsembleControl {
  const ids = ensemble.layout.nodes.map((node) => node.id);
  /** Expiry must go through a serving node: a stopped one would only refuse the connection. */
  const servingConnect = async (): Promise<string> => {
    for (const node of ensemble.layout.nodes) {
      if ((await ensemble.mode(node.id)) !== null) return `127.0.0.1:${node.clientPort}`;
    }
    throw new Error('no ZooKeeper node is serving (no quorum): a session cannot be expired now');
  };
  return {
    ids,
    connectString: `${ensemble.connectString}${chroot}`,
    hostsConnectString: ensemble.connectString,
    nodePids: () => new Map(ids.map((id) => [id, ensemble.pid(id)])),
    isRunning: (id) => ensemble.isRunning(id),
    mode: (id) => ensemble.mode(id),
    leaderId: () => ensemble.leaderId(),
    stopNode: (id, signal = 'SIGKILL') => ensemble.stopNode(id, signal),
    startNode: (id, startOptions) => ensemble.startNode(id, startOptions),
    expireSession: async (sessionId) => expireSession(await servingConnect(), sessionId, sessionPasswordOf(sessionId)),
    brokerSessionId: async (session, brokerId) => {
      try {
        return (await session.getData(brokerIdPath(brokerId))).stat.ephemeralOwner;
      } catch (error) {
        if (isZkError(error, 'NO_NODE')) return null;
        throw error;
      }
    },
    stop: async () => {
      try {
        await ensemble.stop();
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
