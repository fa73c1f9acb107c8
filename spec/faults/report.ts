// The suite's table: one line per scenario and client variant, then a total line.
import type { ScenarioRow } from './harness';

const COLUMNS: Array<[string, (r: ScenarioRow) => string]> = [
  ['scenario', (r) => r.scenario],
  ['client', (r) => r.variant],
  ['acked', (r) => String(r.acked)],
  ['lost', (r) => String(r.lost)],
  ['duplicated', (r) => String(r.duplicated)],
  ['reordered', (r) => String(r.reordered)],
  ['inconsistent', (r) => String(r.inconsistent)],
  ['divergent', (r) => String(r.divergent)],
  ['recovery_ms', (r) => (r.recoveryMs === null ? '-' : String(r.recoveryMs))],
  ['verdict', (r) => r.verdict],
];

export function formatTable(rows: ScenarioRow[], withNotes: boolean): string {
  const cells = rows.map((r) => COLUMNS.map(([, get]) => get(r)));
  const total = totalRow(rows);
  const all = [COLUMNS.map(([name]) => name), ...cells, total];
  const widths = COLUMNS.map((_, i) => Math.max(...all.map((line) => line[i].length)));
  const render = (line: string[]): string =>
    line
      .map((cell, i) => cell.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  const lines = [render(all[0])];
  rows.forEach((row, i) => {
    lines.push(render(cells[i]));
    if (withNotes) for (const note of row.notes) lines.push(`    ${note}`);
  });
  lines.push(render(total));
  return lines.join('\n');
}

function totalRow(rows: ScenarioRow[]): string[] {
  const sum = (get: (r: ScenarioRow) => number): string => String(rows.reduce((s, r) => s + get(r), 0));
  const failed = rows.filter((r) => r.verdict !== 'ok').length;
  const recovery = rows.map((r) => r.recoveryMs ?? 0);
  return [
    `total (${new Set(rows.map((r) => r.scenario)).size} scenarios)`,
    `${rows.length} runs`,
    sum((r) => r.acked),
    sum((r) => r.lost),
    sum((r) => r.duplicated),
    sum((r) => r.reordered),
    sum((r) => r.inconsistent),
    sum((r) => r.divergent),
    `max ${Math.max(0, ...recovery)}`,
    failed === 0 ? 'ok' : `${failed} FAIL`,
  ];
}
