// Proves the suite's reporting on fake results, timing nothing: the summary table puts each figure
// beside its target with met / NOT met / not measured, the JSON written for a run reads back the
// same (and a foreign file is refused), BENCH_OUT picks the path, and compare matches two runs by
// row id with B ÷ A and a verdict that follows each row's better direction — through the real
// `node dist/bench/compare.js` command too.
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compareReports, renderComparison } from '../../bench/compare';
import { baselineTarget, BenchContext, FULL, QUICK, sizesFrom } from '../../bench/context';
import {
  defaultReportPath,
  readReport,
  REPORT_SCHEMA,
  Row,
  RunReport,
  statusOf,
  writeReport,
} from '../../bench/report';
import { selectedCases } from '../../bench/suite';
import { formatValue, renderTable } from '../../bench/table';
import { PROJECT_ROOT } from '../helpers/broker';
import { runOk, run } from '../helpers/processes';

function row(id: string, value: number | null, extra: Partial<Row> = {}): Row {
  return { id, group: 'fake case', label: id, value, unit: 'ms', better: 'lower', ...extra };
}

function fakeReport(rows: Row[], startedAt = '2026-12-03T10:00:00.000Z'): RunReport {
  return {
    schema: REPORT_SCHEMA,
    startedAt,
    host: 'fake-host',
    quick: true,
    environment: { cpus: 2 },
    rows,
    failures: [],
  };
}

const p99 = (value: number | null) =>
  row('latency.p99', value, { target: { op: '<=', value: 5, source: 'issue 13' }, label: 'p99' });
const ratio = (value: number) =>
  row('clients.ratio', value, {
    unit: 'ratio',
    better: 'higher',
    label: 'Samsa ÷ kcat',
    target: { op: '>=', value: 0.95, source: 'issue 13' },
  });

describe('bench reporting (fake results)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samsa-bench-spec-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('judges each target: met, NOT met, not measured, or no target at all', () => {
    expect(statusOf(p99(3.2))).to.equal('met');
    expect(statusOf(p99(5))).to.equal('met');
    expect(statusOf(p99(5.01))).to.equal('NOT met');
    expect(statusOf(p99(null))).to.equal('not measured');
    expect(statusOf(ratio(0.96))).to.equal('met');
    expect(statusOf(ratio(0.6))).to.equal('NOT met');
    expect(statusOf(row('plain', 1))).to.equal('');
  });

  it('prints one table: the case heading, each figure beside its target and status, a tally, failed cases', () => {
    const report = fakeReport([
      p99(13.5),
      ratio(0.97),
      row('throughput', 1234567, { unit: 'records/s', better: 'higher', label: 'produce' }),
    ]);
    report.failures.push({ group: 'partitions', message: 'broker 1 did not start' });
    const lines = renderTable(report).split('\n');
    expect(lines).to.include('fake case');
    expect(lines.find((l) => l.includes('p99'))).to.match(/13\.5 ms\s+≤ 5\.00 ms\s+NOT met$/);
    expect(lines.find((l) => l.includes('Samsa ÷ kcat'))).to.match(/0\.97 ×\s+≥ 0\.95 ×\s+met$/);
    expect(lines.find((l) => l.includes('produce'))).to.match(/1,234,567 rec\/s$/);
    expect(lines).to.include('partitions: FAILED — broker 1 did not start');
    expect(lines[lines.length - 1]).to.equal('targets: 1 met, 1 not met, 0 not measured; 1 case(s) failed');
  });

  it('formats figures for reading and an unmeasured one as a dash', () => {
    expect(formatValue(1019876.4, 'records/s')).to.equal('1,019,876 rec/s');
    expect(formatValue(2.345, 'ms')).to.equal('2.35 ms');
    expect(formatValue(147.3, 'MB')).to.equal('147 MB');
    expect(formatValue(null, 'ms')).to.equal('—');
  });

  it('writes the run as JSON where BENCH_OUT says (else bench/results/<date>-<host>.json) and reads it back', () => {
    const file = path.join(dir, 'run.json');
    const started = new Date('2026-12-03T10:00:00.000Z');
    expect(defaultReportPath(PROJECT_ROOT, started, { BENCH_OUT: file })).to.equal(file);
    expect(defaultReportPath(PROJECT_ROOT, started, {})).to.equal(
      path.join(PROJECT_ROOT, 'bench', 'results', `2026-12-03T10-00-00-${os.hostname()}.json`),
    );
    const report = fakeReport([p99(4), ratio(1.01)]);
    writeReport(file, report);
    expect(readReport(file)).to.deep.equal(report);
    fs.writeFileSync(path.join(dir, 'other.json'), JSON.stringify({ rows: [] }));
    expect(() => readReport(path.join(dir, 'other.json'))).to.throw(/not a bench report/);
  });

  it('compares two runs by row id: B ÷ A, better or worse by each row, rows only one run has', () => {
    const a = fakeReport([p99(10), ratio(0.8), row('gone', 1)]);
    const b = fakeReport([p99(5), ratio(0.6), row('new', 2)], '2026-12-04T10:00:00.000Z');
    const byId = Object.fromEntries(compareReports(a, b).map((c) => [c.id, c]));
    expect(byId['latency.p99'].ratio).to.equal(0.5);
    expect(byId['latency.p99'].verdict).to.equal('better'); // lower latency is better
    expect(byId['clients.ratio'].ratio).to.be.closeTo(0.75, 1e-9);
    expect(byId['clients.ratio'].verdict).to.equal('worse'); // a lower share of kcat is worse
    expect(byId.gone.b).to.equal(undefined);
    expect(byId.new.a).to.equal(undefined);
    expect(byId.new.ratio).to.equal(null);
    const text = renderComparison(a, b, ['a.json', 'b.json']);
    const lines = text.split('\n');
    expect(lines[2]).to.equal('fake case'); // the case heading, once, as in the summary table
    expect(lines.find((l) => l.startsWith('  p99'))).to.match(/10\.0 ms\s+5\.00 ms\s+0\.50\s+better$/);
    expect(text).to.match(/\n {2}new\s+absent\s+2\.00 ms/);
  });

  it('calls a change within 2 % the same, and an unmeasured figure has no ratio', () => {
    const [same] = compareReports(fakeReport([p99(10)]), fakeReport([p99(10.1)]));
    expect(same.verdict).to.equal('same');
    const [none] = compareReports(fakeReport([p99(null)]), fakeReport([p99(4)]));
    expect(none.ratio).to.equal(null);
    expect(none.verdict).to.equal('');
  });

  it('node dist/bench/compare.js prints both runs side by side, and usage with exit 2 otherwise', async () => {
    const a = path.join(dir, 'a.json');
    const b = path.join(dir, 'b.json');
    writeReport(a, fakeReport([ratio(0.5)]));
    writeReport(b, fakeReport([ratio(1)]));
    const compare = path.join(PROJECT_ROOT, 'dist', 'bench', 'compare.js');
    const out = await runOk('node', [compare, a, b]);
    expect(out).to.match(/\n {2}Samsa ÷ kcat\s+0\.50 ×\s+1\.00 ×\s+2\.00\s+better/);
    const usage = await run('node', [compare, a]);
    expect(usage.code).to.equal(2);
    expect(usage.stderr).to.match(/usage/);
  });

  it('holds broker-only figures to the baseline run when one is given, and to nothing otherwise', () => {
    const ctx = { baseline: fakeReport([row('broker.produce.100', 1_000_000)]) } as BenchContext;
    expect(baselineTarget(ctx, 'broker.produce.100', 0.9)).to.deep.equal({
      op: '>=',
      value: 900_000,
      source: 'baseline × 0.9',
    });
    expect(baselineTarget(ctx, 'broker.fetch.100', 0.9)).to.equal(undefined);
    expect(baselineTarget({ baseline: null } as BenchContext, 'broker.produce.100', 0.9)).to.equal(undefined);
  });

  it('BENCH_QUICK=1 picks the small sizes, BENCH_CASES a subset, and an unknown case is refused', () => {
    expect(sizesFrom({ BENCH_QUICK: '1' })).to.deep.equal(QUICK);
    expect(sizesFrom({})).to.deep.equal(FULL);
    expect(sizesFrom({ BENCH_MB: '4' }).brokerOnlyBytes).to.equal(4 * 1024 * 1024);
    expect(QUICK.clientRecords).to.be.below(FULL.clientRecords);
    expect(selectedCases({ BENCH_CASES: 'disk,latency' }).map((c) => c[0])).to.deep.equal(['disk', 'latency']);
    expect(selectedCases({}).map((c) => c[0])).to.deep.equal([
      'disk',
      'broker-only',
      'security',
      'latency',
      'clients',
      'partitions',
    ]);
    expect(() => selectedCases({ BENCH_CASES: 'nope' })).to.throw(/unknown BENCH_CASES nope/);
  });
});
