// The shape of one benchmark run as it is printed and written to JSON: a list of rows, each a
// measured figure with its unit, which direction is better, and (where issue 13 sets one) the
// target it is held to. Cases produce rows; the table, the JSON file and the comparison read them.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPORT_SCHEMA = 1;

export type Unit = 'records/s' | 'MB/s' | 'ms' | 'MB' | 'ratio';

export interface Target {
  op: '<=' | '>=';
  value: number;
  /** Where the target comes from, e.g. "issue 13" or "baseline × 0.9". */
  source: string;
}

export interface Row {
  /** Stable key across runs: what compare matches on. */
  id: string;
  /** The case that measured it (a heading in the table). */
  group: string;
  label: string;
  /** null: the case could not measure it (see note). */
  value: number | null;
  unit: Unit;
  better: 'higher' | 'lower';
  target?: Target;
  note?: string;
}

export interface RunReport {
  schema: number;
  startedAt: string;
  host: string;
  quick: boolean;
  environment: Record<string, string | number>;
  rows: Row[];
  /** Cases that threw, by name, with their message: the rest of the run still reports. */
  failures: Array<{ group: string; message: string }>;
}

export type Status = 'met' | 'NOT met' | 'not measured' | '';

export function statusOf(row: Row): Status {
  if (row.target === undefined) return '';
  if (row.value === null || Number.isNaN(row.value)) return 'not measured';
  const ok = row.target.op === '<=' ? row.value <= row.target.value : row.value >= row.target.value;
  return ok ? 'met' : 'NOT met';
}

/** bench/results/<date>-<host>.json, or BENCH_OUT when set. */
export function defaultReportPath(root: string, startedAt: Date, env: NodeJS.ProcessEnv = process.env): string {
  if (env.BENCH_OUT) return path.resolve(env.BENCH_OUT);
  const stamp = startedAt.toISOString().replace(/:/g, '-').replace(/\..*$/, '');
  return path.join(root, 'bench', 'results', `${stamp}-${os.hostname()}.json`);
}

export function writeReport(file: string, report: RunReport): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
}

/** Reads a report written by writeReport; refuses files of another schema rather than misreading them. */
export function readReport(file: string): RunReport {
  const report = JSON.parse(fs.readFileSync(file, 'utf8')) as RunReport;
  if (report.schema !== REPORT_SCHEMA || !Array.isArray(report.rows))
    throw new Error(`${file} is not a bench report of schema ${REPORT_SCHEMA}`);
  return report;
}

/** Rows of one case: the id prefix and case heading once, the rest per row. */
export function rowsFor(idPrefix: string, group: string) {
  return (suffix: string, fields: Omit<Row, 'id' | 'group'>): Row => ({
    id: `${idPrefix}.${suffix}`,
    group,
    ...fields,
  });
}

/** A target set by issue 13. */
export function issueTarget(op: Target['op'], value: number): Target {
  return { op, value, source: 'issue 13' };
}
