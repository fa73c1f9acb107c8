// Small pieces the console pages share: sending a page, tables, notices and number formats. All
// text reaching the HTML passes escapeHtml here or in the caller; cells are already-escaped HTML.
import type { FastifyReply } from 'fastify';
import { escapeHtml, page } from './layout';

export interface Row {
  cells: string[];
  className?: string;
}

/** A table; `numeric` names the columns to right-align. */
export function table(headers: string[], rows: Row[], numeric: ReadonlySet<number> = new Set()): string {
  const cls = (i: number) => (numeric.has(i) ? ' class="num"' : '');
  const head = headers.map((h, i) => `<th${cls(i)}>${escapeHtml(h)}</th>`).join('');
  const body = rows
    .map((row) => {
      const cells = row.cells.map((c, i) => `<td${cls(i)}>${c}</td>`).join('');
      return `<tr${row.className ? ` class="${row.className}"` : ''}>${cells}</tr>`;
    })
    .join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/** A banner; its text is escaped as element content only (quotes stay as written, as in the message). */
export function notice(kind: 'error' | 'ok', text: string): string {
  const content = text.replace(/[&<>]/g, (c) => escapeHtml(c));
  return `<div class="notice ${kind}" role="${kind === 'error' ? 'alert' : 'status'}">${content}</div>`;
}

/** Bytes in binary units, one decimal (e.g. 1.5 MiB); "—" for unknown. */
export function formatBytes(bytes: number | null): string {
  if (bytes === null) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** A number for a cell; "—" when unknown. */
export function formatCount(value: number | null): string {
  return value === null ? '—' : value.toLocaleString('en-US');
}

export function sendPage(reply: FastifyReply, title: string, body: string, statusCode = 200): FastifyReply {
  return reply.code(statusCode).type('text/html; charset=utf-8').send(page(title, body));
}
