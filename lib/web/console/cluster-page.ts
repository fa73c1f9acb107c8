// GET /: the cluster as this broker sees it — brokers with rack and endpoints from its own
// metadata cache (the controller marked), the cluster id, Samsa's version, this broker's
// ZooKeeper connection (connect string and session state), and every broker's log dirs with
// their partition count and bytes (DescribeLogDirs through the admin client).
import * as fs from 'fs';
import * as path from 'path';
import type { FastifyInstance } from 'fastify';
import type { ConsoleContext } from '../console-context';
import type { BrokerLogDirs } from '../../client/admin';
import type { LiveBroker } from '../../cluster/metadata/metadata-cache';
import { escapeHtml } from './layout';
import { formatBytes, sendPage, table, type Row } from './html';

export function registerClusterPage(app: FastifyInstance, context: ConsoleContext): void {
  app.get('/', async (_request, reply) =>
    sendPage(reply, 'Cluster', `${clusterBody(context)}\n<h2>Log dirs</h2>\n${await logDirsBody(context)}`),
  );
}

async function logDirsBody(context: ConsoleContext): Promise<string> {
  let brokers: BrokerLogDirs[];
  try {
    brokers = await (await context.admin()).describeLogDirs();
  } catch (error) {
    context.logger.warn(`console: DescribeLogDirs failed: ${(error as Error).message}`);
    return `<p class="muted">Log dirs unavailable: ${escapeHtml((error as Error).message)}</p>`;
  }
  const rows: Row[] = [...brokers]
    .sort((a, b) => a.brokerId - b.brokerId)
    .flatMap((b) => {
      if (b.error !== null)
        return [{ className: 'offline', cells: [String(b.brokerId), '—', escapeHtml(b.error), '', ''] }];
      return b.logDirs.map((d) => ({
        className: d.error === null ? undefined : 'offline',
        cells: [
          String(b.brokerId),
          escapeHtml(d.logDir),
          escapeHtml(d.error ?? 'online'),
          String(d.replicas.length),
          formatBytes(d.replicas.reduce((sum, r) => sum + r.sizeBytes, 0)),
        ],
      }));
    });
  return table(['Broker', 'Log dir', 'State', 'Partitions', 'Size'], rows, new Set([0, 3, 4]));
}

function clusterBody(context: ConsoleContext): string {
  const broker = context.broker;
  const cache = broker.metadataCache;
  const brokers = [...(cache?.liveBrokers() ?? [])].sort((a, b) => a.brokerId - b.brokerId);
  const controllerId = cache?.controllerId ?? -1;
  const session = broker.zkSession;
  const facts: Array<[string, string]> = [
    ['Cluster id', broker.clusterId || '(not yet known)'],
    ['Samsa version', samsaVersion()],
    ['Controller', controllerId >= 0 ? `broker ${controllerId}` : 'none elected'],
    ['Serving this page', `broker ${broker.brokerId}`],
    ['ZooKeeper', broker.config.zookeeperConnect],
    ['ZooKeeper session', session === null ? 'none' : `${session.state} (id 0x${session.sessionId})`],
  ];
  const factList = facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('');
  return `<dl class="facts" id="cluster-facts">${factList}</dl>
<h2>Brokers (${brokers.length})</h2>
${table(
  ['Id', 'Rack', 'Endpoints', ''],
  brokers.map((b) => brokerRow(b, controllerId, broker.brokerId)),
  new Set([0]),
)}`;
}

function brokerRow(b: LiveBroker, controllerId: number, selfId: number): { cells: string[] } {
  const endpoints = b.endpoints
    .map((e) => `${escapeHtml(e.listenerName)}://${escapeHtml(e.host)}:${e.port}`)
    .join('<br>');
  const tags = [
    b.brokerId === controllerId ? '<span class="tag controller">controller</span>' : '',
    b.brokerId === selfId ? '<span class="tag">this broker</span>' : '',
  ].join(' ');
  return { cells: [String(b.brokerId), escapeHtml(b.rack ?? '—'), endpoints, tags] };
}

let version: string | null = null;

/** package.json's version, found by walking up from this file (dist/ or the source tree). */
function samsaVersion(): string {
  if (version !== null) return version;
  version = 'unknown';
  let dir = __dirname;
  for (let depth = 0; depth < 6; depth++) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.version) version = pkg.version;
      break;
    }
    dir = path.dirname(dir);
  }
  return version;
}
