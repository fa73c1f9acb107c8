// The partition table of a topic page: leader, replicas, ISR, log start, high watermark, log end
// and size per partition, with under-replicated rows (ISR smaller than the replica list) and
// leaderless rows marked so they stand out. Each partition number links to its messages.
import { escapeHtml } from './layout';
import { formatBytes, formatCount, table } from './html';
import type { PartitionRow } from './topic-stats';
import { messagesPath } from './paths';

const HEADERS = ['Partition', 'Leader', 'Replicas', 'ISR', 'Log start', 'High watermark', 'Log end', 'Size', ''];
const NUMERIC = new Set([0, 1, 4, 5, 6, 7]);

export function partitionTable(topic: string, rows: PartitionRow[]): string {
  return table(
    HEADERS,
    rows.map((r) => ({
      className: r.leader < 0 ? 'offline' : r.underReplicated ? 'under-replicated' : undefined,
      cells: [
        `<a href="${escapeHtml(messagesPath(topic, r.partition, r.logStartOffset ?? 0))}">${r.partition}</a>`,
        r.leader < 0 ? 'none' : String(r.leader),
        escapeHtml(r.replicas.join(', ')),
        escapeHtml(r.isr.join(', ')),
        formatCount(r.logStartOffset),
        formatCount(r.highWatermark),
        formatCount(r.logEndOffset),
        formatBytes(r.sizeBytes),
        status(r),
      ],
    })),
    NUMERIC,
  );
}

function status(row: PartitionRow): string {
  if (row.leader < 0) return '<span class="tag warn">offline</span>';
  if (row.underReplicated) return '<span class="tag warn">under-replicated</span>';
  return '';
}
