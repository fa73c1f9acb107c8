// /groups (every group in the cluster with its state, members and total lag), /groups/:group
// (members with their assignment, lag per partition and in total, the last hour's lag as a chart,
// the reset and delete forms) and /groups/:group/lag.json (the chart's data). Lag is computed as
// bin/consumer-groups --describe computes it (lib/client/group-offsets.ts).
import type { FastifyInstance } from 'fastify';
import { describeGroupLag, type GroupLag, type PartitionLag } from '../../client/group-offsets';
import type { MemberDescription } from '../../client/admin';
import type { ConsoleContext } from '../console-context';
import { notFound } from '../http-error';
import { escapeHtml, page } from './layout';
import { LAG_CHART_HEAD, lagChart, lagSeries } from './lag-chart';
import { resetForm } from './group-actions';
import { groupPath, messagesPath, topicPath } from './paths';

const html = 'text/html; charset=utf-8';

export async function registerGroupPages(app: FastifyInstance, context: ConsoleContext): Promise<void> {
  app.get('/groups', async (_request, reply) => {
    const admin = await context.admin();
    const listed = await admin.listGroups();
    // One group that cannot be described (its coordinator moving) does not hide the others.
    const described = await Promise.allSettled(listed.map((g) => describeGroupLag(admin, g.groupId)));
    const rows = described.map((d, i) =>
      d.status === 'fulfilled' ? d.value : { groupId: listed[i].groupId, error: (d.reason as Error).message },
    );
    return reply.type(html).send(page('Consumer groups', groupsTable(rows)));
  });
  app.get<{ Params: { group: string }; Querystring: { done?: string } }>('/groups/:group', async (request, reply) => {
    const lag = await existingGroupLag(context, request.params.group);
    return reply
      .type(html)
      .send(page(`Group ${lag.group.groupId}`, groupBody(lag, request.query.done), { head: LAG_CHART_HEAD }));
  });
  app.get<{ Params: { group: string } }>('/groups/:group/lag.json', async (request) => {
    const history = context.lagHistory;
    return lagSeries(request.params.group, history.points(request.params.group), history.intervalMs);
  });
}

/** The group's lag; 404 when the cluster knows nothing of it (no members, no committed offsets). */
export async function existingGroupLag(context: ConsoleContext, group: string): Promise<GroupLag> {
  const lag = await describeGroupLag(await context.admin(), group);
  if (lag.group.state === 'Dead' && lag.partitions.length === 0) throw notFound(`no consumer group ${group}`);
  return lag;
}

function groupsTable(groups: Array<GroupLag | { groupId: string; error: string }>): string {
  if (groups.length === 0) return '<p>No consumer groups.</p>';
  const rows = groups.map((g) => {
    const groupId = 'error' in g ? g.groupId : g.group.groupId;
    const name = `<tr data-group="${escapeHtml(groupId)}"><td><a href="${escapeHtml(groupPath(groupId))}">${escapeHtml(groupId)}</a></td>`;
    if ('error' in g) return `${name}<td colspan="3" class="error">${escapeHtml(g.error)}</td></tr>`;
    return `${name}<td>${escapeHtml(g.group.state)}</td><td class="num">${g.group.members.length}</td><td class="num lag">${g.totalLag}</td></tr>`;
  });
  return `<table id="groups"><thead><tr><th>Group</th><th>State</th><th>Members</th><th>Total lag</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>`;
}

const NOTICES: Record<string, string> = {
  reset: 'The committed offsets were reset.',
};

function groupBody(lag: GroupLag, done: string | undefined): string {
  const { group, totalLag } = lag;
  const notice = done !== undefined && NOTICES[done] ? `<p class="notice">${escapeHtml(NOTICES[done])}</p>` : '';
  const summary = `<dl class="summary">
<dt>State</dt><dd id="group-state">${escapeHtml(group.state)}</dd>
<dt>Protocol</dt><dd>${escapeHtml(group.protocolType || '-')} / ${escapeHtml(group.protocol || '-')}</dd>
<dt>Members</dt><dd>${group.members.length}</dd>
<dt>Total lag</dt><dd id="total-lag">${totalLag}</dd></dl>`;
  const topics = [...new Set(lag.partitions.map((p) => p.topic))];
  const actions = `<h2>Actions</h2>${resetForm(group.groupId, topics)}
<p><a class="danger" href="${escapeHtml(groupPath(group.groupId))}/delete">Delete this group…</a></p>`;
  return `${notice}${summary}<h2>Members</h2>${membersTable(group.members)}
<h2>Partitions</h2>${partitionsTable(lag.partitions, totalLag)}
<h2>Lag over the last hour</h2>${lagChart(`${groupPath(group.groupId)}/lag.json`)}${actions}`;
}

function membersTable(members: MemberDescription[]): string {
  if (members.length === 0) return '<p>No members.</p>';
  const rows = members.map((m) => {
    const assignment = m.assignment.map((a) => `${a.topic}: ${a.partitions.join(', ')}`).join('; ');
    return `<tr><td>${escapeHtml(m.clientId)}</td><td>${escapeHtml(m.clientHost)}</td><td>${escapeHtml(assignment || '-')}</td><td class="muted">${escapeHtml(m.memberId)}</td></tr>`;
  });
  return `<table id="members"><thead><tr><th>Client id</th><th>Host</th><th>Assignment</th><th>Member id</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>`;
}

function partitionsTable(partitions: PartitionLag[], totalLag: number): string {
  if (partitions.length === 0) return '<p>No committed offsets or assigned partitions.</p>';
  const cell = (n: number | null): string => `<td class="num">${n ?? '-'}</td>`;
  const rows = partitions.map((p) => {
    const browse =
      p.currentOffset !== null
        ? `<a href="${escapeHtml(messagesPath(p.topic, p.partition, p.currentOffset))}">messages</a>`
        : '';
    return (
      `<tr data-topic="${escapeHtml(p.topic)}" data-partition="${p.partition}"><td><a href="${escapeHtml(topicPath(p.topic))}">${escapeHtml(p.topic)}</a></td><td class="num">${p.partition}</td>` +
      `${cell(p.currentOffset)}${cell(p.logEndOffset)}<td class="num lag">${p.lag ?? '-'}</td>` +
      `<td>${escapeHtml(p.owner?.clientId ?? '-')}</td><td>${browse}</td></tr>`
    );
  });
  return `<table id="partitions"><thead><tr><th>Topic</th><th>Partition</th><th>Committed offset</th><th>Log end offset</th><th>Lag</th><th>Consumer</th><th></th></tr></thead>
<tbody>${rows.join('\n')}</tbody>
<tfoot><tr><td colspan="4">Total</td><td class="num">${totalLag}</td><td colspan="2"></td></tr></tfoot></table>`;
}
