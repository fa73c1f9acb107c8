// GET /topics: every topic with partitions, replication factor, size, message count and
// under-replicated partitions, and a form that creates a topic through Admin.createTopics.
// POST /topics: the form; bad fields answer 400, a refusal from the cluster (TOPIC_ALREADY_EXISTS,
// INVALID_REPLICATION_FACTOR, …) shows Kafka's message on the page with the form still filled in.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ConsoleContext } from '../console-context';
import { HttpError } from '../http-error';
import { escapeHtml } from './layout';
import { topicPath } from './paths';
import { formatBytes, formatCount, notice, sendPage, table } from './html';
import {
  configLines,
  formFields,
  PARTITIONS_MAX,
  REPLICATION_FACTOR_MAX,
  refusal,
  topicName,
  wholeNumber,
} from './forms';
import { partitionRows, summarize, type TopicSummary } from './topic-stats';

export function registerTopicsPage(app: FastifyInstance, context: ConsoleContext): void {
  app.get('/topics', async (request, reply) => {
    const deleted = (request.query as Record<string, unknown>).deleted;
    const banner = typeof deleted === 'string' ? notice('ok', `Topic '${deleted}' deleted.`) : '';
    return renderTopics(context, reply, { banner });
  });
  app.post('/topics', async (request, reply) => {
    const fields = formFields(request.body);
    try {
      const name = topicName(fields.name);
      const numPartitions = wholeNumber(fields.partitions, 'Partitions', 1, PARTITIONS_MAX);
      const replicationFactor = wholeNumber(fields.replicationFactor, 'Replication factor', 1, REPLICATION_FACTOR_MAX);
      const configs = configLines(fields.configs);
      const admin = await context.admin();
      await admin.createTopics([{ topic: name, numPartitions, replicationFactor, configs }]).catch((error) => {
        throw refusal(error);
      });
      return reply.redirect(`${topicPath(name)}?created=1`, 303);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      return renderTopics(context, reply, { banner: notice('error', error.message), form: fields }, error.statusCode);
    }
  });
}

async function renderTopics(
  context: ConsoleContext,
  reply: FastifyReply,
  options: { banner: string; form?: Record<string, string> },
  statusCode = 200,
): Promise<FastifyReply> {
  const admin = await context.admin();
  const described = await admin.describeTopics(null).catch((error) => {
    throw refusal(error);
  });
  const topics = [...described.topics].sort((a, b) => a.name.localeCompare(b.name));
  const rows = await partitionRows(admin, topics, context.logger);
  const summaries = topics.map((t) => summarize(t, rows.get(t.name) ?? []));
  const body = `${options.banner}
<h2>Topics (${summaries.length})</h2>
${topicsTable(summaries)}
<h2>Create a topic</h2>
${createForm(options.form ?? {})}`;
  return sendPage(reply, 'Topics', body, statusCode);
}

function topicsTable(summaries: TopicSummary[]): string {
  if (summaries.length === 0) return '<p class="muted">No topics yet.</p>';
  return table(
    ['Topic', 'Partitions', 'Replication factor', 'Size', 'Messages', 'Under-replicated'],
    summaries.map((s) => ({
      className: s.underReplicated > 0 ? 'under-replicated' : undefined,
      cells: [
        `<a href="${topicPath(s.name)}">${escapeHtml(s.name)}</a>${
          s.isInternal ? ' <span class="tag">internal</span>' : ''
        }`,
        String(s.partitions),
        String(s.replicationFactor),
        formatBytes(s.sizeBytes),
        formatCount(s.messages),
        String(s.underReplicated),
      ],
    })),
    new Set([1, 2, 3, 4, 5]),
  );
}

function createForm(form: Record<string, string>): string {
  const value = (field: string, fallback: string) => escapeHtml(form[field] ?? fallback);
  return `<form class="panel" id="create-topic" method="post" action="/topics">
<label for="name">Name</label><input id="name" name="name" required maxlength="249" value="${value('name', '')}">
<label for="partitions">Partitions</label><input id="partitions" name="partitions" type="number" min="1" max="${PARTITIONS_MAX}" value="${value('partitions', '1')}">
<label for="replicationFactor">Replication factor</label><input id="replicationFactor" name="replicationFactor" type="number" min="1" max="${REPLICATION_FACTOR_MAX}" value="${value('replicationFactor', '1')}">
<label for="configs">Configs <span class="muted">(key=value lines)</span></label><textarea id="configs" name="configs" placeholder="retention.ms=86400000">${value('configs', '')}</textarea>
<div class="actions"><button type="submit">Create topic</button></div>
</form>`;
}
