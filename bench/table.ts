// Renders a run's rows as the one summary table `make bench` prints: per case a heading, then
// each figure beside its target and whether it was met. Plain text, fixed-width columns.
import { Row, RunReport, statusOf, Unit } from './report';

const UNIT_TEXT: Record<Unit, string> = {
  'records/s': 'rec/s',
  'MB/s': 'MB/s',
  ms: 'ms',
  MB: 'MB',
  ratio: '×',
};

/** A figure with its unit, rounded for reading: 1,023,456 rec/s, 3.42 ms, 0.93 ×. */
export function formatValue(value: number | null, unit: Unit): string {
  if (value === null || Number.isNaN(value)) return '—';
  const digits =
    unit === 'records/s' ? 0 : unit === 'ratio' ? 2 : Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  const text = value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return `${text} ${UNIT_TEXT[unit]}`;
}

export function formatTarget(row: Row): string {
  if (row.target === undefined) return '';
  const op = row.target.op === '<=' ? '≤' : '≥';
  return `${op} ${formatValue(row.target.value, row.unit)}`;
}

function pad(cells: string[], widths: number[]): string {
  return cells
    .map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
    .join('  ')
    .trimEnd();
}

/** The rows grouped under their case, in the order the cases ran. */
export function renderTable(report: RunReport): string {
  const header = ['', 'measured', 'target', 'status'];
  const body = report.rows.map((r) => [`  ${r.label}`, formatValue(r.value, r.unit), formatTarget(r), statusOf(r)]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const lines = [pad(header, widths)];
  let group = '';
  report.rows.forEach((row, i) => {
    if (row.group !== group) {
      group = row.group;
      lines.push(group);
    }
    const line = pad(body[i], widths);
    lines.push(row.note ? `${line}  (${row.note})` : line);
  });
  for (const f of report.failures) lines.push(`${f.group}: FAILED — ${f.message}`);
  const statuses = report.rows.map(statusOf);
  const count = (s: string) => statuses.filter((x) => x === s).length;
  lines.push(
    `targets: ${count('met')} met, ${count('NOT met')} not met, ${count('not measured')} not measured; ${report.failures.length} case(s) failed`,
  );
  return lines.join('\n');
}
