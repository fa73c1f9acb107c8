// Proves config/'s Grafana dashboard and Prometheus alert rules cannot drift from the metric
// catalogue: every metric name in a panel query or an alert expression is one the broker's
// registry exports (catalogue.ts, a histogram's _bucket/_sum/_count series, prom-client's
// process_/nodejs_ collectors) or Prometheus' own `up`, so renaming a metric breaks this spec;
// and the panels and alerts the operator needs are there.
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../helpers/broker';
import { METRICS } from '../../lib/metrics/catalogue';
import { BrokerMetrics } from '../../lib/metrics/broker-metrics';

const DASHBOARD = path.join(PROJECT_ROOT, 'config', 'grafana-dashboard.json');
const ALERTS = path.join(PROJECT_ROOT, 'config', 'prometheus-alerts.yml');

/** PromQL words that are not metric names when they stand outside a function call. */
const KEYWORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'and',
  'or',
  'unless',
  'bool',
]);

/**
 * The metric names a PromQL expression reads: what is left of its identifiers once strings,
 * label matchers, ranges, groupings, Grafana variables, numbers, function names and keywords are gone.
 */
export function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\$\w+/g, ' ')
    .replace(/(?<![\w:])\d+(?:\.\d+)?(?:e[+-]?\d+)?/gi, ' ')
    // Grafana's label_values(metric, label): the second argument is a label.
    .replace(/\blabel_values\(([^,()]*),\s*\w+\s*\)/g, '$1');
  const names: string[] = [];
  for (const m of bare.matchAll(/[A-Za-z_:][A-Za-z0-9_:]*(\s*\()?/g)) {
    const [word, call] = [m[0].replace(/\s*\($/, ''), m[1] !== undefined];
    if (!call && !KEYWORDS.has(word) && !/^(inf|nan)$/i.test(word)) names.push(word);
  }
  return names;
}

/** Every series name a broker's /metrics can hold, plus `up`. */
async function exportedNames(): Promise<Set<string>> {
  const names = new Set<string>(['up']);
  const series = (name: string, type: string) =>
    type === 'histogram' ? [`${name}_bucket`, `${name}_sum`, `${name}_count`] : [name];
  for (const m of Object.values(METRICS)) for (const n of series(m.name, m.type)) names.add(n);
  const defaults = await new BrokerMetrics().registry.getMetricsAsJSON();
  for (const m of defaults) for (const n of series(m.name, String(m.type))) names.add(n);
  return names;
}

interface Panel {
  type: string;
  title: string;
  targets?: Array<{ expr: string; datasource?: { uid?: string } }>;
  datasource?: { uid?: string };
}

/** Each `expr:` of the rules file (kept to one line each, so no YAML parser is needed). */
function alertRules(text: string): Array<{ alert: string; expr: string }> {
  const rules: Array<{ alert: string; expr: string }> = [];
  let alert: string | null = null;
  for (const line of text.split('\n')) {
    const named = /^\s*- alert:\s*(\S+)\s*$/.exec(line);
    if (named) alert = named[1];
    const expr = /^\s*expr:\s*(.+)$/.exec(line);
    if (expr) {
      expect(alert, `an expr without an alert: ${line}`).to.not.equal(null);
      rules.push({ alert: alert as string, expr: expr[1] });
      alert = null;
    }
  }
  return rules;
}

describe('Grafana dashboard and Prometheus alerts (config/)', () => {
  const dashboard = JSON.parse(fs.readFileSync(DASHBOARD, 'utf8')) as {
    panels: Panel[];
    templating: { list: Array<{ name: string; type: string; query: unknown }> };
  };
  const panels = dashboard.panels.filter((p) => p.type !== 'row');
  const rules = alertRules(fs.readFileSync(ALERTS, 'utf8'));
  const panelExprs = panels.flatMap((p) => (p.targets ?? []).map((t) => ({ where: p.title, expr: t.expr })));
  const variableExprs = dashboard.templating.list
    .filter((v) => v.type === 'query')
    .map((v) => ({ where: `$${v.name}`, expr: String((v.query as { query: string }).query) }));

  it('reads only metric names the broker exports, in panels, variables and alerts', async () => {
    const exported = await exportedNames();
    const unknown = [...panelExprs, ...variableExprs, ...rules.map((r) => ({ where: r.alert, expr: r.expr }))]
      .flatMap(({ where, expr }) => metricNames(expr).map((name) => ({ where, name })))
      .filter(({ name }) => !exported.has(name));
    expect(unknown).to.deep.equal([]);
    expect(panelExprs.length + rules.length).to.be.greaterThan(40);
  });

  it('would catch a renamed metric, and reads names past functions, matchers and groupings', () => {
    expect(
      metricNames(
        'histogram_quantile(0.99, sum by (le, request) (rate(kafka_network_requestmetrics_totaltimems_bucket{request="Produce",instance=~"$instance"}[$__rate_interval])))',
      ),
    ).to.deep.equal(['kafka_network_requestmetrics_totaltimems_bucket']);
    expect(metricNames('(sum(a_total) != 1) or absent(b) and on (x) c{y="by (z)"} > 1e3 unless -d * 2')).to.deep.equal([
      'a_total',
      'b',
      'c',
      'd',
    ]);
  });

  it('has the panels an operator needs, on the ${DS_PROMETHEUS} data source variable', () => {
    const source = dashboard.templating.list.find((v) => v.name === 'DS_PROMETHEUS');
    expect(source?.type).to.equal('datasource');
    expect(source?.query).to.equal('prometheus');
    for (const p of panels) {
      expect(p.datasource?.uid, p.title).to.equal('${DS_PROMETHEUS}');
      for (const t of p.targets ?? []) expect(t.datasource?.uid, p.title).to.equal('${DS_PROMETHEUS}');
    }
    const reads = (id: keyof typeof METRICS, fn: RegExp) =>
      panelExprs.some(({ expr }) => fn.test(expr) && expr.includes(METRICS[id].name));
    expect(reads('messagesIn', /rate\(/), 'messages in/s').to.equal(true);
    expect(reads('bytesIn', /rate\(/), 'bytes in/s').to.equal(true);
    expect(reads('bytesOut', /rate\(/), 'bytes out/s').to.equal(true);
    expect(reads('underReplicatedPartitions', /./)).to.equal(true);
    expect(reads('offlinePartitionsCount', /./)).to.equal(true);
    expect(reads('activeControllerCount', /sum\(/)).to.equal(true);
    expect(reads('isrShrinks', /rate\(/)).to.equal(true);
    expect(reads('isrExpands', /rate\(/)).to.equal(true);
    expect(reads('requests', /rate\(/), 'request rate per API').to.equal(true);
    expect(reads('totalTimeMs', /histogram_quantile\(0\.99, .*_bucket/), 'p99 TotalTimeMs').to.equal(true);
    expect(reads('connectionCount', /listener/)).to.equal(true);
    expect(reads('zkRequestLatencyMs', /histogram_quantile/)).to.equal(true);
    expect(reads('logSize', /by \(topic\)/)).to.equal(true);
    expect(reads('groupLagSum', /consumergroup, topic/)).to.equal(true);
    for (const processMetric of [
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_p99_seconds',
      'nodejs_gc_duration_seconds_sum',
    ]) {
      expect(
        panelExprs.some(({ expr }) => expr.includes(processMetric)),
        processMetric,
      ).to.equal(true);
    }
  });

  it('alerts on what the issue names: under-replicated, offline, controller, min ISR, lag, broker, ZooKeeper', () => {
    const expr = (alert: string) => rules.find((r) => r.alert === alert)?.expr ?? '';
    expect(expr('SamsaUnderReplicatedPartitions')).to.include(`${METRICS.underReplicatedPartitions.name}) > 0`);
    expect(expr('SamsaOfflinePartitions')).to.include(`${METRICS.offlinePartitionsCount.name}) > 0`);
    expect(expr('SamsaNoActiveController')).to.include(`sum(${METRICS.activeControllerCount.name}) != 1`);
    expect(expr('SamsaUnderMinIsrPartitions')).to.include(`${METRICS.underMinIsrPartitionCount.name}) > 0`);
    expect(expr('SamsaConsumerLagGrowing')).to.match(
      new RegExp(`deriv\\(${METRICS.groupLagSum.name}\\[15m\\]\\)\\) > 0`),
    );
    expect(expr('SamsaConsumerLagGrowing')).to.match(/\) > \d+ and /);
    expect(expr('SamsaBrokerDown')).to.equal('up{job="samsa"} == 0');
    expect(expr('SamsaZooKeeperSessionNotConnected')).to.include(`${METRICS.zkSessionState.name}{state="CONNECTED"}`);
    const text = fs.readFileSync(ALERTS, 'utf8');
    expect(text).to.match(/- alert: SamsaUnderReplicatedPartitions\n\s+expr: .*\n\s+for: 5m\n/);
    expect(new Set(rules.map((r) => r.alert)).size, 'alert names are unique').to.equal(rules.length);
  });
});
