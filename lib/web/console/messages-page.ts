// /topics/:topic/messages — the message browser: a partition read page by page from an offset or
// a timestamp (lib/web/message-browser.ts), each message's offset, timestamp, key, value (as
// text, pretty JSON or hex) and headers. Bad input answers 400, an unknown topic 404; an offset
// past the end shows an empty page that says so.
import type { FastifyInstance } from 'fastify';
import type { ConsumerMessage } from '../../client/consumer-types';
import type { ConsoleContext } from '../console-context';
import { badRequest } from '../http-error';
import { readPage, PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX, type MessagePage, type PageRequest } from '../message-browser';
import { escapeHtml, page } from './layout';
import { topicPath } from './paths';

const FORMATS = ['text', 'json', 'hex'] as const;
type Format = (typeof FORMATS)[number];

interface BrowseQuery {
  partition?: string;
  offset?: string;
  timestamp?: string;
  limit?: string;
  format?: string;
}

export async function registerMessagesPage(app: FastifyInstance, context: ConsoleContext): Promise<void> {
  app.get<{ Params: { topic: string }; Querystring: BrowseQuery }>(
    '/topics/:topic/messages',
    async (request, reply) => {
      const query = request.query;
      const format = parseFormat(query.format);
      const pageRequest = parseBrowse(request.params.topic, query);
      const result = await readPage(await context.admin(), pageRequest);
      const body = browseForm(result, query, format) + pageBody(result, query, format);
      return reply.type('text/html; charset=utf-8').send(page(`Messages of ${result.topic}-${result.partition}`, body));
    },
  );
}

/** The page asked for, or 400 naming the bad parameter. */
export function parseBrowse(topic: string, query: BrowseQuery): PageRequest {
  const partition = wholeNumber('partition', query.partition ?? '0');
  const limit = wholeNumber('limit', query.limit ?? String(PAGE_SIZE_DEFAULT));
  if (limit < 1 || limit > PAGE_SIZE_MAX) throw badRequest(`limit must be 1 to ${PAGE_SIZE_MAX}, not ${limit}`);
  const timestamp = (query.timestamp ?? '').trim();
  // A timestamp typed into the form wins over the offset left there by the last page.
  if (timestamp !== '') {
    const timestampMs = /^\d+$/.test(timestamp) ? Number(timestamp) : Date.parse(timestamp);
    if (!Number.isFinite(timestampMs) || timestampMs < 0)
      throw badRequest(`timestamp must be milliseconds since the epoch or an ISO date, not '${timestamp}'`);
    return { topic, partition, limit, from: { timestampMs } };
  }
  return { topic, partition, limit, from: { offset: wholeNumber('offset', query.offset ?? '0') } };
}

function wholeNumber(name: string, text: string): number {
  const trimmed = text.trim() === '' ? '0' : text.trim();
  if (!/^-?\d+$/.test(trimmed)) throw badRequest(`${name} must be an integer, not '${text}'`);
  const n = Number(trimmed);
  if (n < 0) throw badRequest(`${name} must not be negative (got ${n})`);
  if (!Number.isSafeInteger(n)) throw badRequest(`${name} is too large`);
  return n;
}

function parseFormat(format: string | undefined): Format {
  const f = format ?? 'text';
  if (!(FORMATS as readonly string[]).includes(f))
    throw badRequest(`format is one of ${FORMATS.join(', ')}, not '${f}'`);
  return f as Format;
}

/** This page's URL with some parameters replaced (empty values dropped). */
function linkWith(
  result: MessagePage,
  query: BrowseQuery,
  changes: Partial<Record<keyof BrowseQuery, string>>,
): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...query, ...changes })) if (v !== undefined && v !== '') params.set(k, v);
  return `${topicPath(result.topic)}/messages?${params.toString()}`;
}

function browseForm(result: MessagePage, query: BrowseQuery, format: Format): string {
  const partitions = Array.from({ length: result.partitions }, (_, p) => p)
    .map((p) => `<option value="${p}"${p === result.partition ? ' selected' : ''}>${p}</option>`)
    .join('');
  const switches = FORMATS.map((f) =>
    f === format
      ? `<strong>${f}</strong>`
      : `<a class="format" href="${escapeHtml(linkWith(result, query, { format: f }))}">${f}</a>`,
  ).join(' · ');
  return `<p><a href="${escapeHtml(topicPath(result.topic))}">← topic ${escapeHtml(result.topic)}</a></p>
<form id="browse-form" method="get"><label>Partition <select name="partition">${partitions}</select></label>
<label>Offset <input name="offset" value="${escapeHtml(query.offset ?? '')}" size="10"></label>
<label>or timestamp (wins if given) <input name="timestamp" value="${escapeHtml(query.timestamp ?? '')}" placeholder="ms or 2026-01-31T12:00:00Z"></label>
<label>Page size <input name="limit" value="${escapeHtml(query.limit ?? String(PAGE_SIZE_DEFAULT))}" size="4"></label>
<input type="hidden" name="format" value="${format}"><button type="submit">Show</button></form>
<p>Offsets ${result.logStartOffset} to ${result.logEndOffset - 1} (log end offset ${result.logEndOffset}) · show values as ${switches}</p>`;
}

function pageBody(result: MessagePage, query: BrowseQuery, format: Format): string {
  if (result.messages.length === 0) {
    const why =
      result.startOffset >= result.logEndOffset
        ? `Offset ${result.startOffset} is past the end of partition ${result.partition} (log end offset ${result.logEndOffset}): no messages.`
        : `No messages from offset ${result.startOffset}.`;
    return `<p id="no-messages">${escapeHtml(why)}</p>`;
  }
  const rows = result.messages.map((m) => messageRow(m, format));
  const next =
    result.nextOffset === null
      ? '<p>End of the partition.</p>'
      : `<p><a id="next-page" href="${escapeHtml(linkWith(result, query, { offset: String(result.nextOffset), timestamp: '' }))}">Next page (from offset ${result.nextOffset}) →</a></p>`;
  return `<table id="messages"><thead><tr><th>Offset</th><th>Timestamp</th><th>Key</th><th>Value</th><th>Headers</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>${next}`;
}

function messageRow(m: ConsumerMessage, format: Format): string {
  const headers = m.headers
    .map((h) => `${escapeHtml(h.key)}: ${h.value === null ? '<em>null</em>' : escapeHtml(h.value.toString('utf8'))}`)
    .join('<br>');
  return `<tr data-offset="${m.offset}"><td class="num">${m.offset}</td><td>${m.timestamp >= 0 ? escapeHtml(new Date(m.timestamp).toISOString()) : '-'}</td>
<td class="key">${shown(m.key, format)}</td><td class="value">${shown(m.value, format)}</td><td class="headers">${headers}</td></tr>`;
}

/** Bytes of one key or value shown on a page; the rest is summarised. */
export const SHOWN_BYTES_MAX = 64 * 1024;

/** A key or value as HTML in the chosen format, cut at SHOWN_BYTES_MAX (hex: a quarter of it). */
export function shown(bytes: Buffer | null, format: Format): string {
  if (bytes === null) return '<em>null</em>';
  const limit = format === 'hex' ? SHOWN_BYTES_MAX / 4 : SHOWN_BYTES_MAX;
  if (bytes.length > limit)
    return `${shownWhole(bytes.subarray(0, limit), format)}<p class="muted">… ${bytes.length} bytes, the first ${limit} shown</p>`;
  return shownWhole(bytes, format);
}

function shownWhole(bytes: Buffer, format: Format): string {
  if (format === 'hex') return `<code>${bytes.toString('hex').replace(/(..)(?!$)/g, '$1 ')}</code>`;
  const text = bytes.toString('utf8');
  if (format === 'json') {
    try {
      return `<pre>${escapeHtml(JSON.stringify(JSON.parse(text), null, 2))}</pre>`;
    } catch {
      return `<pre title="not JSON">${escapeHtml(text)}</pre>`;
    }
  }
  return `<pre>${escapeHtml(text)}</pre>`;
}
