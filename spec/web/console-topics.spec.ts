// Proves the console's cluster and topic pages over real HTTP against one in-process broker with
// samsa.http.listener on a real ZooKeeper: the pages answer with the broker, cluster id, version,
// ZooKeeper session and log dirs; the topic list and partition table show the offsets and sizes the
// cluster reports (checked with Admin); creating a topic, adding partitions and deleting (only
// after the typed confirmation) through the forms change the cluster; the cluster's refusals show
// Kafka's message with a 4xx; bad input answers 400/404; the broker still serves Kafka clients.
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { PROJECT_ROOT, startBroker, stopAllBrokers, TestBroker } from '../helpers/broker';
import { waitUntil } from '../helpers/wait';
import { Admin } from '../../lib/client/admin';

interface Answer {
  status: number;
  type: string;
  text: string;
  location: string | null;
}

/** Text of a table row (tags stripped) whose first cell starts with `first`. */
function rowText(html: string, first: string): string {
  const rows = html.match(/<tr[^>]*>[\s\S]*?<\/tr>/g) ?? [];
  const row = rows.find((r) =>
    r
      .replace(/<[^>]+>/g, '|')
      .replace(/\|+/g, '|')
      .startsWith(`|${first}|`),
  );
  expect(row, `a row starting with ${first}`).to.not.equal(undefined);
  return (row as string).replace(/<[^>]+>/g, '|').replace(/\|+/g, '|');
}

describe('console: cluster and topic pages over HTTP', function () {
  this.timeout(120000);
  let broker: TestBroker;
  let admin: Admin;
  let kafka: Kafka;
  let base: string;

  async function get(pathname: string): Promise<Answer> {
    const response = await fetch(base + pathname, { redirect: 'manual' });
    return answer(response);
  }

  async function post(pathname: string, form: Record<string, string>): Promise<Answer> {
    const response = await fetch(base + pathname, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
    return answer(response);
  }

  async function answer(response: Response): Promise<Answer> {
    return {
      status: response.status,
      type: response.headers.get('content-type') ?? '',
      text: await response.text(),
      location: response.headers.get('location'),
    };
  }

  before(async () => {
    broker = await startBroker({
      label: 'console-topics',
      brokerId: 5,
      props: { 'samsa.http.listener': 'http://127.0.0.1:0' },
    });
    base = broker.http?.url as string;
    admin = await Admin.connect(broker.bootstrap);
    await admin.createTopics([
      { topic: 'orders', numPartitions: 3, replicationFactor: 1, configs: { 'retention.ms': '3600000' } },
    ]);
    kafka = new Kafka({ clientId: 'spec', brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    try {
      const messages = Array.from({ length: 12 }, (_, i) => ({ partition: i % 2, value: `order ${i}` }));
      await producer.send({ topic: 'orders', acks: -1, messages });
    } finally {
      await producer.disconnect();
    }
  });

  after(async () => {
    await admin?.close();
    await stopAllBrokers();
  });

  it('shows the cluster: broker, controller, cluster id, version and the ZooKeeper session', async () => {
    const page = await get('/');
    expect(page.status).to.equal(200);
    expect(page.type).to.match(/^text\/html/);
    const version = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')).version as string;
    const cluster = await admin.describeCluster();
    expect(page.text).to.include(cluster.clusterId as string);
    expect(page.text).to.include(`<dd>${version}</dd>`);
    expect(page.text).to.include(`<dd>${broker.connectString}</dd>`);
    expect(page.text).to.match(/<dd>connected \(id 0x[0-9a-f]{16}\)<\/dd>/);
    const row = rowText(page.text, '5');
    expect(row).to.include(`PLAINTEXT://127.0.0.1:${broker.port}`);
    expect(row).to.include('controller');
    // The log dirs table: broker 5's one dir, online, holding the three partitions of orders.
    expect(rowText(page.text, `5|${path.resolve(broker.logDir)}`)).to.match(/\|online\|3\|[0-9.]+ (B|KiB)\|$/);
  });

  it('serves its stylesheet from the broker', async () => {
    const css = await get('/assets/console.css');
    expect([css.status, css.type]).to.deep.equal([200, 'text/css; charset=utf-8']);
    expect(css.text).to.include('tr.under-replicated');
  });

  it('lists topics with partitions, replication factor, size and message count', async () => {
    const page = await get('/topics');
    expect(page.status).to.equal(200);
    const [only] = await admin.describeLogDirs();
    const bytes = only.logDirs[0].replicas.filter((r) => r.topic === 'orders').reduce((sum, r) => sum + r.sizeBytes, 0);
    expect(bytes).to.be.greaterThan(0);
    const row = rowText(page.text, 'orders');
    expect(row).to.match(/^\|orders\|3\|1\|[0-9.]+ (B|KiB)\|12\|0\|$/);
    expect(row).to.include(bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KiB`);
  });

  it("shows a topic's partition table and its configs, the override marked", async () => {
    const page = await get('/topics/orders');
    expect(page.status).to.equal(200);
    // Partitions 0 and 1 hold 6 records each: log start 0, high watermark 6, log end 6.
    expect(rowText(page.text, '0')).to.match(/^\|0\|5\|5\|5\|0\|6\|6\|[0-9.]+ (B|KiB)\|$/);
    expect(rowText(page.text, '2')).to.match(/^\|2\|5\|5\|5\|0\|0\|0\|0 B\|$/);
    const retention = page.text.match(/<tr class="non-default"><td>retention\.ms<\/td>[^\n]*/);
    expect(retention?.[0]).to.include('3600000').and.include('DYNAMIC_TOPIC_CONFIG');
    expect(page.text).to.match(/<tr><td>segment\.bytes<\/td><td>\d+<\/td><td>DEFAULT_CONFIG<\/td><\/tr>/);
    // Each partition number links to the message browser at its log start.
    const link = /<a href="(\/topics\/orders\/messages\?partition=1&amp;offset=0)">1<\/a>/.exec(page.text);
    expect(link, 'a link to the messages of orders-1').to.not.equal(null);
    const messages = await get((link as RegExpExecArray)[1].replace('&amp;', '&'));
    expect(messages.status).to.equal(200);
    expect(messages.text).to.include('order 1');
  });

  it('creates a topic from the form, with its configs', async () => {
    const created = await post('/topics', {
      name: 'from-form',
      partitions: '2',
      replicationFactor: '1',
      configs: 'retention.ms=60000\n\ncleanup.policy=delete\n',
    });
    expect([created.status, created.location]).to.deep.equal([303, '/topics/from-form?created=1']);
    const described = await admin.describeTopics(['from-form']);
    expect(described.topics[0].partitions).to.have.length(2);
    const [configs] = await admin.describeConfigs([{ type: 'topic', name: 'from-form' }]);
    expect(configs.configs.find((c) => c.name === 'retention.ms')?.value).to.equal('60000');
    const page = await get('/topics/from-form?created=1');
    expect(page.status).to.equal(200);
    expect(page.text).to.include("Topic 'from-form' created.");
  });

  it("shows the cluster's refusals with Kafka's message and a 4xx, keeping the form filled in", async () => {
    const exists = await post('/topics', { name: 'orders', partitions: '1', replicationFactor: '1' });
    expect(exists.status).to.equal(409);
    expect(exists.text).to.include('TOPIC_ALREADY_EXISTS');
    const tooMany = await post('/topics', { name: 'too-many-replicas', partitions: '1', replicationFactor: '3' });
    expect(tooMany.status).to.equal(400);
    expect(tooMany.text).to.include('INVALID_REPLICATION_FACTOR');
    expect(tooMany.text).to.include('value="too-many-replicas"');
    expect(await admin.listTopics()).to.not.include('too-many-replicas');
  });

  it('answers bad input with 400 and an unknown topic with 404, each with a clear message', async () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ name: 'neg', partitions: '-1', replicationFactor: '1' }, /Partitions: must be between 1 and 10000, not -1/],
      [{ name: 'nan', partitions: 'many', replicationFactor: '1' }, /Partitions: 'many' is not a whole number/],
      [{ name: 'x'.repeat(250), partitions: '1', replicationFactor: '1' }, /longer than 249 characters/],
      [{ name: 'bad name!', partitions: '1', replicationFactor: '1' }, /contains characters other than/],
      [{ name: '', partitions: '1', replicationFactor: '1' }, /Topic name: required/],
      [{ name: 'cfg', partitions: '1', replicationFactor: '1', configs: 'no-equals-sign' }, /is not key=value/],
      [{ name: 'rf0', partitions: '1', replicationFactor: '0' }, /Replication factor: must be between 1/],
    ];
    for (const [form, message] of cases) {
      const page = await post('/topics', form);
      expect(page.status, JSON.stringify(form)).to.equal(400);
      expect(page.text).to.match(message);
    }
    const missing = await get('/topics/no-such-topic');
    expect(missing.status).to.equal(404);
    expect(missing.type).to.match(/^text\/html/);
    expect(missing.text).to.include("Topic 'no-such-topic' does not exist in this cluster.");
    expect((await get(`/topics/${'y'.repeat(300)}`)).status).to.equal(400);
    // A legal name longer than fastify's default parameter cap (100) is looked up, not refused.
    expect((await get(`/topics/${'z'.repeat(200)}`)).status).to.equal(404);
    expect((await post('/topics/no-such-topic/partitions', { count: '4' })).status).to.equal(404);
    const lower = await post('/topics/orders/partitions', { count: '2' });
    expect(lower.status).to.equal(400);
    expect(lower.text).to.include('INVALID_PARTITIONS');
    expect((await post('/topics/orders/partitions', { count: '-3' })).status).to.equal(400);
    expect((await admin.describeTopics(['orders'])).topics[0].partitions).to.have.length(3);
    const huge = await post('/topics', {
      name: 'huge',
      partitions: '1',
      replicationFactor: '1',
      configs: 'a='.repeat(1 << 20),
    });
    expect(huge.status).to.equal(413);
  });

  it('adds partitions through the form', async () => {
    const page = await post('/topics/from-form/partitions', { count: '5' });
    expect(page.status).to.equal(200);
    expect(page.text).to.include('now has 5 partitions');
    expect(rowText(page.text, '4')).to.match(/^\|4\|5\|5\|5\|0\|0\|0\|0 B\|$/);
    expect((await admin.describeTopics(['from-form'])).topics[0].partitions).to.have.length(5);
  });

  it('deletes a topic only after its name is typed on the confirmation page', async () => {
    const confirm = await get('/topics/from-form/delete');
    expect(confirm.status).to.equal(200);
    expect(confirm.text).to.include('id="confirm-delete"');
    const wrong = await post('/topics/from-form/delete', { confirm: 'from-fork' });
    expect(wrong.status).to.equal(400);
    expect(wrong.text).to.include("type the topic's name exactly");
    expect(await admin.listTopics()).to.include('from-form');
    const deleted = await post('/topics/from-form/delete', { confirm: 'from-form' });
    expect([deleted.status, deleted.location]).to.deep.equal([303, '/topics?deleted=from-form']);
    await waitUntil(async () => !(await admin.listTopics()).includes('from-form'), {
      message: 'from-form to be deleted',
    });
    const list = await get('/topics?deleted=from-form');
    expect(list.text).to.include("Topic 'from-form' deleted.");
  });

  it('leaves the broker serving Kafka clients', async () => {
    const producer = kafka.producer();
    await producer.connect();
    try {
      const [sent] = await producer.send({ topic: 'orders', acks: -1, messages: [{ partition: 2, value: 'after' }] });
      expect(sent).to.include({ errorCode: 0, baseOffset: '0' });
    } finally {
      await producer.disconnect();
    }
    const [latest] = await admin.listOffsets([{ topic: 'orders', partition: 2, timestamp: 'latest' }]);
    expect(latest.offset).to.equal(1);
    expect((await get('/topics')).status).to.equal(200);
  });
});
