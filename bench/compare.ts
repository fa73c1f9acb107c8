// `make bench-compare A=a.json B=b.json` (node dist/bench/compare.js a.json b.json): two runs'
// rows side by side, matched by id, with B ÷ A and whether that moved in the better direction.
// Rows only one run has are listed too, so a renamed or new case is visible rather than dropped.
import { Row, RunReport, readReport } from './report';
import { formatValue } from './table';

export interface Comparison {
  id: string;
  /** The case heading, as the first run that has the row wrote it. */
  group: string;
  label: string;
  a: Row | undefined;
  b: Row | undefined;
  /** b ÷ a; null when either is missing, unmeasured or a is zero. */
  ratio: number | null;
  /** 'better' / 'worse' by the row's direction, 'same' within 2 %, '' when there is no ratio. */
  verdict: 'better' | 'worse' | 'same' | '';
}

const SAME_WITHIN = 0.02;

function ratioOf(a: Row | undefined, b: Row | undefined): number | null {
  if (!a || !b || a.value === null || b.value === null || a.value === 0) return null;
  return b.value / a.value;
}

function verdictOf(row: Row, ratio: number | null): Comparison['verdict'] {
  if (ratio === null || Number.isNaN(ratio)) return '';
  if (Math.abs(ratio - 1) <= SAME_WITHIN) return 'same';
  return ratio > 1 === (row.better === 'higher') ? 'better' : 'worse';
}

export function compareReports(a: RunReport, b: RunReport): Comparison[] {
  const inB = new Map(b.rows.map((r) => [r.id, r]));
  const ids = [...a.rows.map((r) => r.id), ...b.rows.map((r) => r.id).filter((id) => !a.rows.some((r) => r.id === id))];
  return ids.map((id) => {
    const ra = a.rows.find((r) => r.id === id);
    const rb = inB.get(id);
    const row = (ra ?? rb) as Row;
    const ratio = ratioOf(ra, rb);
    return { id, group: row.group, label: row.label, a: ra, b: rb, ratio, verdict: verdictOf(row, ratio) };
  });
}

/** Grouped under case headings like the summary table, one line per figure: A, B, B/A, verdict. */
export function renderComparison(a: RunReport, b: RunReport, names: [string, string]): string {
  const comparisons = compareReports(a, b);
  const rows = comparisons.map((c) => {
    const unit = (c.a ?? c.b)?.unit ?? 'ratio';
    return [
      `  ${c.label}`,
      c.a ? formatValue(c.a.value, unit) : 'absent',
      c.b ? formatValue(c.b.value, unit) : 'absent',
      c.ratio === null ? '—' : c.ratio.toFixed(2),
      c.verdict,
    ];
  });
  const header = ['', `A: ${names[0]}`, `B: ${names[1]}`, 'B/A', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  const when = `A: ${a.startedAt} on ${a.host}${a.quick ? ' (quick)' : ''}; B: ${b.startedAt} on ${b.host}${b.quick ? ' (quick)' : ''}`;
  const lines = [when, line(header)];
  comparisons.forEach((c, i) => {
    if (i === 0 || comparisons[i - 1].group !== c.group) lines.push(c.group);
    lines.push(line(rows[i]));
  });
  return lines.join('\n');
}

export function main(argv: string[]): number {
  if (argv.length !== 2) {
    process.stderr.write('usage: node dist/bench/compare.js A.json B.json\n');
    return 2;
  }
  const [a, b] = argv.map(readReport);
  process.stdout.write(`${renderComparison(a, b, [argv[0], argv[1]])}\n`);
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
