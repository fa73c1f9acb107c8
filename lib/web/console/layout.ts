// The frame every console page shares: head, navigation, and HTML escaping. Pages are rendered on
// the server from template strings; nothing is built on the operator's side.

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for HTML content and quoted attribute values. */
export function escapeHtml(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

const NAV: Array<[string, string]> = [
  ['/', 'Cluster'],
  ['/topics', 'Topics'],
  ['/groups', 'Consumer groups'],
];

/** A whole HTML page: `body` is already-escaped HTML. */
export function page(title: string, body: string, options: { head?: string } = {}): string {
  const nav = NAV.map(([href, label]) => `<a href="${href}">${escapeHtml(label)}</a>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Samsa</title><link rel="stylesheet" href="/assets/console.css">${options.head ?? ''}</head>
<body><header><strong>Samsa</strong><nav>${nav}</nav></header><main><h1>${escapeHtml(title)}</h1>
${body}</main></body></html>`;
}
