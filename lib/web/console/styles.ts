// The console's one stylesheet, served by the broker itself (no CDN, no build step): plain
// readable tables, a highlighted row for trouble (under-replicated) and a marked cell for a
// config set away from its default.
import type { FastifyInstance } from 'fastify';

const CONSOLE_CSS = `
:root { --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg: #f6f8fa; --accent: #0b5cad;
  --warn-bg: #fff4d6; --warn-line: #d4a72c; --bad-bg: #ffebe9; --bad-line: #cf222e; --ok: #1a7f37; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); }
header { display: flex; gap: 24px; align-items: center; padding: 10px 24px; background: #24292f; color: #fff; }
header strong { font-size: 16px; letter-spacing: .5px; }
header nav a { color: #e6edf3; text-decoration: none; margin-right: 16px; }
header nav a:hover { text-decoration: underline; }
main { padding: 16px 24px 48px; max-width: 1280px; }
h1 { font-size: 22px; margin: 4px 0 16px; }
h2 { font-size: 17px; margin: 28px 0 8px; }
a { color: var(--accent); }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; background: #fff; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--bg); font-weight: 600; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.under-replicated td { background: var(--warn-bg); }
tr.under-replicated td:first-child { box-shadow: inset 3px 0 0 var(--warn-line); }
tr.offline td { background: var(--bad-bg); }
tr.non-default td { background: #eef6ff; }
tr.non-default td:nth-child(2) { font-weight: 600; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 8px 0 16px; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
.notice { padding: 10px 14px; border-radius: 6px; margin: 8px 0 16px; border: 1px solid; }
.notice.error { background: var(--bad-bg); border-color: var(--bad-line); }
.notice.ok { background: #dafbe1; border-color: var(--ok); }
.tag { display: inline-block; padding: 0 6px; border-radius: 10px; font-size: 12px; background: var(--bg);
  border: 1px solid var(--line); color: var(--muted); }
.tag.controller { background: #ddf4ff; border-color: #54aeff; color: #0550ae; }
.tag.warn { background: var(--warn-bg); border-color: var(--warn-line); color: #7d4e00; }
form.panel { background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: 12px 16px;
  margin: 8px 0 16px; display: grid; grid-template-columns: max-content minmax(200px, 420px); gap: 8px 12px;
  align-items: center; }
form.panel label { color: var(--muted); }
form.panel .actions { grid-column: 2; }
input, textarea { font: inherit; padding: 4px 6px; border: 1px solid var(--line); border-radius: 4px; }
textarea { min-height: 60px; }
button { font: inherit; padding: 5px 14px; border-radius: 6px; border: 1px solid #1f883d; background: #1f883d;
  color: #fff; cursor: pointer; }
button.danger { border-color: var(--bad-line); background: var(--bad-line); }
.muted { color: var(--muted); }
`;

/** GET /assets/console.css. */
export function registerAssets(app: FastifyInstance): void {
  app.get('/assets/console.css', async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'max-age=300').send(CONSOLE_CSS),
  );
}
