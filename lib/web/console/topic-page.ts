// GET /topics/:topic: a topic's configs (non-default values marked by their source), its
// partition table, a form adding partitions (Admin.createPartitions) and a link to delete it.
// Deleting takes a confirmation page where the topic's name must be typed again; only then does
// POST /topics/:topic/delete call Admin.deleteTopics. An unknown topic is a 404 page, an
// illegal name in the URL a 400.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ConfigEntryDescription } from '../../client/admin-configs';
import type { ConsoleContext } from '../console-context';
import { HttpError } from '../http-error';
import { escapeHtml } from './layout';
import { messagesPath, topicPath } from './paths';
import { notice, sendPage, table } from './html';
import { formFields, PARTITIONS_MAX, refusal, topicName, wholeNumber } from './forms';
import { partitionTable } from './partition-table';
import { partitionRows } from './topic-stats';

type TopicRequest = FastifyRequest<{ Params: { topic: string } }>;

export function registerTopicPage(app: FastifyInstance, context: ConsoleContext): void {
  app.get('/topics/:topic', async (request: TopicRequest, reply) => {
    const topic = knownTopic(context, request.params.topic);
    const created = (request.query as Record<string, unknown>).created !== undefined;
    return renderTopic(context, reply, topic, created ? notice('ok', `Topic '${topic}' created.`) : '');
  });
  app.post('/topics/:topic/partitions', async (request: TopicRequest, reply) => {
    const topic = knownTopic(context, request.params.topic);
    try {
      const count = wholeNumber(formFields(request.body).count, 'Partition count', 1, PARTITIONS_MAX);
      const admin = await context.admin();
      await admin.createPartitions([{ topic, count }]).catch((error) => {
        throw refusal(error);
      });
      return renderTopic(context, reply, topic, notice('ok', `Topic '${topic}' now has ${count} partitions.`));
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      return renderTopic(context, reply, topic, notice('error', error.message), error.statusCode);
    }
  });
  app.get('/topics/:topic/delete', async (request: TopicRequest, reply) => {
    const topic = knownTopic(context, request.params.topic);
    return sendPage(reply, `Delete ${topic}?`, confirmBody(topic, ''));
  });
  app.post('/topics/:topic/delete', async (request: TopicRequest, reply) => {
    const topic = knownTopic(context, request.params.topic);
    const typed = (formFields(request.body).confirm ?? '').trim();
    if (typed !== topic) {
      const message = `To delete, type the topic's name exactly: '${topic}' (you typed '${typed}').`;
      return sendPage(reply, `Delete ${topic}?`, confirmBody(topic, notice('error', message)), 400);
    }
    const admin = await context.admin();
    await admin.deleteTopics([topic]).catch((error) => {
      throw refusal(error);
    });
    return reply.redirect(`/topics?deleted=${encodeURIComponent(topic)}`, 303);
  });
}

/** The topic named in the URL: 400 for an illegal name, 404 when the cluster has no such topic. */
function knownTopic(context: ConsoleContext, text: string): string {
  const topic = topicName(text);
  if (!context.broker.metadataCache?.hasTopic(topic))
    throw new HttpError(404, `Topic '${topic}' does not exist in this cluster.`);
  return topic;
}

async function renderTopic(
  context: ConsoleContext,
  reply: FastifyReply,
  topic: string,
  banner: string,
  statusCode = 200,
): Promise<FastifyReply> {
  const admin = await context.admin();
  const [described, configs] = await Promise.all([
    admin.describeTopics([topic]).catch((error) => {
      throw refusal(error);
    }),
    admin.describeConfigs([{ type: 'topic', name: topic }]).catch((error) => {
      throw refusal(error);
    }),
  ]);
  const rows = (await partitionRows(admin, described.topics, context.logger)).get(topic) ?? [];
  const body = `${banner}
<p><a href="/topics">← all topics</a> · ${rows.length} partitions · replication factor ${rows[0]?.replicas.length ?? 0} ·
<a id="browse-messages" href="${escapeHtml(messagesPath(topic, 0, rows[0]?.logStartOffset ?? 0))}">browse messages</a></p>
<h2>Partitions</h2>
${partitionTable(topic, rows)}
<p class="muted">Log start, high watermark, log end and size are the leader's. Records between the high watermark and
the log end are not yet on every in-sync replica, so consumers do not see them yet.</p>
<h2>Add partitions</h2>
<form class="panel" id="add-partitions" method="post" action="${topicPath(topic)}/partitions">
<label for="count">New partition count</label><input id="count" name="count" type="number" min="${rows.length + 1}" max="${PARTITIONS_MAX}" value="${rows.length + 1}">
<div class="actions"><button type="submit">Add partitions</button></div>
</form>
<h2>Configs</h2>
${configTable(configs[0]?.configs ?? [])}
<h2>Delete</h2>
<p><a id="delete-topic" href="${topicPath(topic)}/delete">Delete topic ${escapeHtml(topic)}…</a></p>`;
  return sendPage(reply, `Topic ${topic}`, body, statusCode);
}

function configTable(entries: ConfigEntryDescription[]): string {
  const sorted = [...entries].sort((a, b) => a.name.localeCompare(b.name));
  return table(
    ['Name', 'Value', 'Source'],
    sorted.map((c) => ({
      className: c.source === 'DEFAULT_CONFIG' ? undefined : 'non-default',
      cells: [escapeHtml(c.name), c.isSensitive ? '(sensitive)' : escapeHtml(c.value ?? ''), escapeHtml(c.source)],
    })),
  );
}

function confirmBody(topic: string, banner: string): string {
  const name = escapeHtml(topic);
  return `${banner}
<p>Deleting <strong>${name}</strong> removes its partitions and every record in them on all brokers. This cannot be undone.</p>
<form class="panel" id="confirm-delete" method="post" action="${topicPath(topic)}/delete">
<label for="confirm">Type <strong>${name}</strong> to confirm</label><input id="confirm" name="confirm" autocomplete="off" required>
<div class="actions"><button class="danger" type="submit">Delete topic</button> <a href="${topicPath(topic)}">Cancel</a></div>
</form>`;
}
