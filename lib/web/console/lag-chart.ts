// The lag-over-time chart of a group page: uPlot, served from the npm package (no CDN, works
// offline), drawn in the browser from /groups/:group/lag.json.
import * as fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { LagPoint } from '../lag-history';
import { escapeHtml } from './layout';

const ASSETS: Array<{ route: string; file: string; type: string }> = [
  { route: '/assets/uplot.js', file: 'uplot/dist/uPlot.iife.min.js', type: 'application/javascript; charset=utf-8' },
  { route: '/assets/uplot.css', file: 'uplot/dist/uPlot.min.css', type: 'text/css; charset=utf-8' },
];

export async function registerLagChartAssets(app: FastifyInstance): Promise<void> {
  for (const asset of ASSETS) {
    // Read once, at registration: the files belong to the installed package and do not change.
    const body = fs.readFileSync(require.resolve(asset.file));
    app.get(asset.route, async (_request, reply) =>
      reply.type(asset.type).header('cache-control', 'public, max-age=3600').send(body),
    );
  }
}

/** What lag.json answers: uPlot's column layout (times in seconds, then one series per line). */
export function lagSeries(group: string, points: LagPoint[], intervalMs: number) {
  const topics = [...new Set(points.flatMap((p) => Object.keys(p.byTopic)))].sort();
  return {
    group,
    intervalMs,
    labels: ['total', ...topics],
    times: points.map((p) => Math.round(p.timeMs / 1000)),
    series: [points.map((p) => p.totalLag), ...topics.map((t) => points.map((p) => p.byTopic[t] ?? null))],
  };
}

export const LAG_CHART_HEAD =
  '<link rel="stylesheet" href="/assets/uplot.css"><script src="/assets/uplot.js"></script>';

const COLORS = ['#c0392b', '#2471a3', '#229954', '#b7950b', '#7d3c98', '#ca6f1e', '#17a589'];

/** The chart's container and the script that draws it, then redraws it after each sampling interval. */
export function lagChart(jsonUrl: string): string {
  return `<div id="lag-chart" data-src="${escapeHtml(jsonUrl)}"><p class="muted">Lag over the last hour: loading…</p></div>
<script>
(function () {
  var el = document.getElementById('lag-chart');
  var colors = ${JSON.stringify(COLORS)};
  var chart = null, shownLabels = '', periodMs = 10000;
  function render(data) {
    periodMs = Math.max(1000, data.intervalMs);
    if (data.times.length === 0) {
      if (chart !== null) chart.destroy();
      chart = null;
      el.innerHTML = '<p class="muted">No lag samples yet (one every ' + data.intervalMs / 1000 + ' s).</p>';
      return;
    }
    var columns = [data.times].concat(data.series);
    if (chart !== null && shownLabels === data.labels.join()) chart.setData(columns);
    else {
      if (chart !== null) chart.destroy();
      el.innerHTML = '';
      var series = [{}].concat(data.labels.map(function (label, i) {
        return { label: label === 'total' ? 'total lag' : label, stroke: colors[i % colors.length], width: i === 0 ? 2 : 1 };
      }));
      // The x axis always spans the hour before the latest sample, so a few points do not stretch it.
      var lastHour = function (u, min, max) { return [max - 3600, max]; };
      chart = new uPlot({ width: Math.min(900, el.clientWidth || 900), height: 260, series: series,
        scales: { x: { time: true, range: lastHour } },
        axes: [{}, { label: 'messages behind' }] }, columns, el);
      shownLabels = data.labels.join();
    }
    el.setAttribute('data-points', String(data.times.length));
  }
  function draw() {
    fetch(el.dataset.src).then(function (r) { return r.json(); }).then(render)
      .catch(function () { /* the next round tries again */ })
      .finally(function () { setTimeout(draw, periodMs); });
  }
  draw();
})();
</script>`;
}
