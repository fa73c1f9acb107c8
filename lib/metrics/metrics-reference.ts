// The README's metric list, rendered from the metric catalogue and nothing else;
// spec/metrics/metrics-reference.spec.ts fails when the README holds anything different.
// `node dist/lib/metrics/metrics-reference.js --render` prints the block to paste between its markers.
import { METRICS, PROCESS_METRICS_NOTE, type MetricDef } from './catalogue';

export const METRICS_REFERENCE_BEGIN = '<!-- metrics:begin -->';
export const METRICS_REFERENCE_END = '<!-- metrics:end -->';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function code(text: string): string {
  return `\`${text}\``;
}

/** Kafka's MBean in code; an exporter's name as plain text. */
function sourceCell(source: string | null): string {
  if (source === null) return 'Samsa';
  return source.includes(':') ? code(source) : source;
}

function row(m: MetricDef): string {
  const labels = m.labels.length === 0 ? '—' : m.labels.map(code).join(', ');
  const cells = [code(m.name), m.type, labels, sourceCell(m.source), m.help];
  return `| ${cells.map(cell).join(' | ')} |`;
}

/** The README block: one row per catalogued metric, in catalogue order, then the process metrics. */
export function renderMetricsReference(): string {
  const metrics: readonly MetricDef[] = Object.values(METRICS);
  return (
    [
      '| Name | Type | Labels | Mirrors | Meaning |',
      '| --- | --- | --- | --- | --- |',
      ...metrics.map(row),
      '',
      `Also: ${PROCESS_METRICS_NOTE}`,
    ].join('\n') + '\n'
  );
}

if (require.main === module && process.argv.includes('--render')) {
  process.stdout.write(`${METRICS_REFERENCE_BEGIN}\n${renderMetricsReference()}${METRICS_REFERENCE_END}\n`);
}
