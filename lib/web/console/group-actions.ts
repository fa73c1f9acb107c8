// The writes a group page offers, each with a confirmation step, through the same admin requests
// bin/consumer-groups sends: resetting the committed offsets (to earliest, latest, an offset or a
// timestamp; all topics or one), previewed as old → new before it is executed and refused while
// the group has members, as Kafka refuses it; and deleting the group (Empty or Dead only).
import type { FastifyInstance } from 'fastify';
import { ClientError } from '../../client/errors';
import {
  executeOffsetReset,
  GroupNotInactiveError,
  planOffsetReset,
  type PlannedOffset,
  type ResetTarget,
} from '../../client/group-offsets';
import type { ConsoleContext } from '../console-context';
import { badRequest, HttpError, notFound } from '../http-error';
import { escapeHtml, page } from './layout';
import { groupPath } from './paths';

const html = 'text/html; charset=utf-8';
const ALL_TOPICS = '*';

interface ResetForm {
  topic?: string;
  to?: string;
  value?: string;
  execute?: string;
}

/** The reset form of a group page; it posts to the preview. */
export function resetForm(group: string, topics: string[]): string {
  const options = [ALL_TOPICS, ...topics]
    .map((t) => `<option value="${escapeHtml(t)}">${t === ALL_TOPICS ? 'all topics' : escapeHtml(t)}</option>`)
    .join('');
  return `<form id="reset-form" method="post" action="${escapeHtml(groupPath(group))}/reset">
<fieldset><legend>Reset offsets (only while the group has no members)</legend>
<label>Topic <select name="topic">${options}</select></label>
<label>To <select name="to"><option value="earliest">earliest</option><option value="latest">latest</option>
<option value="offset">offset</option><option value="timestamp">timestamp</option></select></label>
<label>Offset or timestamp <input name="value" placeholder="42, or ms / 2026-01-31T12:00:00Z"></label>
<button type="submit">Preview</button></fieldset></form>`;
}

export async function registerGroupActions(app: FastifyInstance, context: ConsoleContext): Promise<void> {
  app.post<{ Params: { group: string }; Body: ResetForm }>('/groups/:group/reset', async (request, reply) => {
    const group = request.params.group;
    const form = request.body ?? {};
    const topics = form.topic === undefined || form.topic === ALL_TOPICS ? 'all' : [form.topic];
    const admin = await context.admin();
    const plan = await asConflict(() => planOffsetReset(admin, group, topics, resetTarget(form)));
    if (plan.length === 0)
      throw badRequest(`nothing to reset: no partitions of ${topics === 'all' ? 'any committed topic' : topics[0]}`);
    if (form.execute !== 'yes')
      return reply.type(html).send(page(`Reset offsets of ${group}`, preview(group, form, plan)));
    await asConflict(() => executeOffsetReset(admin, group, plan));
    return reply.redirect(`${groupPath(group)}?done=reset`, 303);
  });
  app.get<{ Params: { group: string } }>('/groups/:group/delete', async (request, reply) => {
    const group = request.params.group;
    const body = `<p>Delete consumer group <strong>${escapeHtml(group)}</strong> and its committed offsets? Only a group without members can be deleted.</p>
<form id="delete-form" method="post" action="${escapeHtml(groupPath(group))}/delete"><button type="submit" class="danger">Delete ${escapeHtml(group)}</button>
<a href="${escapeHtml(groupPath(group))}">Cancel</a></form>`;
    return reply.type(html).send(page(`Delete group ${group}`, body));
  });
  app.post<{ Params: { group: string } }>('/groups/:group/delete', async (request, reply) => {
    const group = request.params.group;
    try {
      await (await context.admin()).deleteGroups([group]);
    } catch (error) {
      if (!(error instanceof ClientError)) throw error;
      if (error.code === 'GROUP_ID_NOT_FOUND') throw notFound(`no consumer group ${group}`);
      if (error.code === 'NON_EMPTY_GROUP')
        throw new HttpError(409, `group ${group} has members: it cannot be deleted`);
      throw error;
    }
    return reply.redirect('/groups', 303);
  });
}

/** The form's target, or 400 naming what is wrong. */
export function resetTarget(form: ResetForm): ResetTarget {
  const value = (form.value ?? '').trim();
  if (form.to === 'earliest' || form.to === 'latest') return form.to;
  if (form.to === 'offset') {
    if (!/^\d+$/.test(value)) throw badRequest(`the offset must be a non-negative integer, not '${value}'`);
    return { offset: Number(value) };
  }
  if (form.to === 'timestamp') {
    const timestampMs = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
    if (!Number.isFinite(timestampMs) || timestampMs < 0)
      throw badRequest(`the timestamp must be milliseconds since the epoch or an ISO date, not '${value}'`);
    return { timestampMs };
  }
  throw badRequest(`reset to what? 'to' is one of earliest, latest, offset, timestamp (got '${form.to ?? ''}')`);
}

/** A reset refused because the group has members answers 409 Conflict with Kafka's message. */
async function asConflict<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof GroupNotInactiveError) throw new HttpError(409, error.message);
    throw error;
  }
}

function preview(group: string, form: ResetForm, plan: PlannedOffset[]): string {
  const rows = plan.map(
    (p) =>
      `<tr><td>${escapeHtml(p.topic)}</td><td class="num">${p.partition}</td><td class="num">${p.currentOffset ?? '-'}</td><td class="num new-offset">${p.newOffset}</td></tr>`,
  );
  const hidden = (['topic', 'to', 'value'] as const)
    .map((name) => `<input type="hidden" name="${name}" value="${escapeHtml(form[name] ?? '')}">`)
    .join('');
  const where = form.topic === undefined || form.topic === ALL_TOPICS ? 'every committed topic' : `topic ${form.topic}`;
  const to = form.to === 'offset' || form.to === 'timestamp' ? `${form.to} ${form.value ?? ''}` : form.to;
  return `<p>Reset <strong>${escapeHtml(group)}</strong> to ${escapeHtml(to)} on ${escapeHtml(where)} — the committed offsets, now and after:</p>
<table id="reset-preview"><thead><tr><th>Topic</th><th>Partition</th><th>Committed now</th><th>New offset</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>
<form id="reset-confirm" method="post" action="${escapeHtml(groupPath(group))}/reset">${hidden}<input type="hidden" name="execute" value="yes">
<button type="submit">Reset offsets</button> <a href="${escapeHtml(groupPath(group))}">Cancel</a></form>`;
}
