// The fault suite's short subset, so every CI run guards it: three scenarios from the catalogue
// (a hard-killed leader, a controller bounced three times, a leader frozen past its session),
// each with Samsa's client, kafka-python and Samsa's idempotent producer, judged by the oracle.
// `make faults` runs the whole catalogue.
import { expect } from 'chai';
import { sharedZooKeeper } from '../helpers/zookeeper';
import { CI_SUBSET, scenarioNamed } from './catalogue';
import { runScenario } from './harness';
import { FAULT_LAYERS } from './layers';
import { formatTable } from './report';

const SCENARIO_TIMEOUT_MS = 8 * 60_000;

describe('fault suite (short subset of make faults)', function () {
  this.timeout(SCENARIO_TIMEOUT_MS);
  const log = (text: string): void => {
    if (process.env.FAULTS_VERBOSE) process.stderr.write(`${text}\n`);
  };

  for (const name of CI_SUBSET) {
    it(`${name}: no acknowledged write lost, no inconsistent offset, no reordering, no divergent replica, no idempotent duplicate`, async () => {
      const rows = await runScenario(scenarioNamed(name), {
        zookeeperConnect: sharedZooKeeper().connectString,
        log,
        layers: FAULT_LAYERS,
      });
      const table = formatTable(rows, true);
      expect(rows.map((r) => r.variant)).to.have.members(['samsa', 'kafka-python', 'idempotent']);
      for (const row of rows) {
        expect(row.acked, `${row.variant} had acknowledgements\n${table}`).to.be.greaterThan(100);
        expect(row.verdict, table).to.equal('ok');
        expect(
          row.readsConcurrently,
          `${row.variant}'s consumer group read while the faults ran\n${table}`,
        ).to.be.greaterThan(0);
      }
    });
  }
});
