// Proves the README's metric list cannot drift from the catalogue: the README holds, once and
// under "Metrics and the console", exactly the block rendered from lib/metrics/catalogue.ts, with
// a row for every metric and the process metrics line.
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../helpers/broker';
import {
  METRICS_REFERENCE_BEGIN,
  METRICS_REFERENCE_END,
  renderMetricsReference,
} from '../../lib/metrics/metrics-reference';
import { METRICS, PROCESS_METRICS_NOTE } from '../../lib/metrics/catalogue';

describe('README metrics reference', () => {
  const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');

  it('holds exactly the block rendered from the catalogue, under its heading', () => {
    const from = readme.indexOf(METRICS_REFERENCE_BEGIN);
    const to = readme.indexOf(METRICS_REFERENCE_END);
    expect(from, `README.md has ${METRICS_REFERENCE_BEGIN}`).to.be.at.least(0);
    expect(to, `README.md has ${METRICS_REFERENCE_END} after it`).to.be.greaterThan(from);
    expect(readme.indexOf(METRICS_REFERENCE_BEGIN, from + 1), 'one block only').to.equal(-1);
    const heading = readme.lastIndexOf('\n## ', from);
    expect(readme.slice(heading + 1, readme.indexOf('\n', heading + 1))).to.equal('## Metrics and the console');
    expect(
      readme.slice(from + METRICS_REFERENCE_BEGIN.length + 1, to),
      'refresh README.md with `node dist/lib/metrics/metrics-reference.js --render`',
    ).to.equal(renderMetricsReference());
  });

  it('renders one row per metric, with its type, labels and Kafka MBean, and the process metrics', () => {
    const rendered = renderMetricsReference();
    const rows = rendered.split('\n').filter((line) => line.startsWith('| `'));
    expect(rows.map((row) => /^\| `([^`]+)`/.exec(row)?.[1])).to.deep.equal(Object.values(METRICS).map((m) => m.name));
    expect(rows).to.include(
      '| `kafka_server_brokertopicmetrics_messagesin_total` | counter | `topic` | ' +
        '`kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec` | Records appended by this broker as leader. |',
    );
    expect(rows.find((r) => r.startsWith('| `kafka_consumergroup_lag` |'))).to.include(
      '| gauge | `consumergroup`, `topic`, `partition` | kafka_exporter |',
    );
    expect(rendered).to.include(PROCESS_METRICS_NOTE);
  });
});
