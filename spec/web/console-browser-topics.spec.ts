// Proves the console works in a real browser (headless Chromium) against a three-broker cluster of
// `bin/broker` processes on a real ZooKeeper, served by broker 1: the cluster page lists the three
// brokers with the controller marked and their log dirs online; the topic list shows an existing
// replicated topic with its size and message count; a topic created from the form appears in the
// cluster (checked with Admin), on its own page with a partition table of full ISRs and in the
// list, and is deleted through the typed confirmation; after a follower is killed the partition
// table shows records on the leader past the high watermark (log end from ListOffsets as Kafka's
// debugging replica id asks), then the row highlighted as under-replicated once the ISR shrinks,
// and the cluster page shows the dead broker's log dirs as unreachable.
// Screenshots of each step go to screenshots/console-*.png.
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot } from '../helpers/browser';
import { TestCluster } from '../helpers/cluster';
import { waitUntil } from '../helpers/wait';
import { Admin } from '../../lib/client/admin';
import { Producer } from '../../lib/client/producer';

describe('console in a browser: cluster and topics on three brokers', function () {
  this.timeout(180000);
  let cluster: TestCluster;
  let browser: Browser;
  let page: Page;
  let admin: Admin;
  let base: string;

  before(async () => {
    // Broker 3 (the follower killed later) keeps its ZooKeeper session long after it dies and the
    // leader waits 10 s before dropping it from the ISR: meanwhile the high watermark stays behind.
    // Broker 1 starts alone so it is the controller: the ISR change needs a live one.
    cluster = await TestCluster.start(
      'console-browser',
      [1],
      { 'samsa.http.listener': 'http://127.0.0.1:0', 'replica.lag.time.max.ms': 10000 },
      { 3: { 'zookeeper.session.timeout.ms': 60000 } },
    );
    await waitUntil(async () => (await cluster.controllerId()) === 1, { message: 'broker 1 to be the controller' });
    await Promise.all([cluster.startBroker(2), cluster.startBroker(3)]);
    const first = cluster.brokers.get(1);
    base = await waitUntil(() => /operator HTTP port on (http:\/\/127\.0\.0\.1:\d+)/.exec(first?.output() ?? '')?.[1], {
      timeoutMs: 30000,
      message: "broker 1's operator HTTP port",
    });
    admin = await Admin.connect(cluster.bootstrap());
    // Broker 1 leads every partition, so killing broker 3 takes no leader away.
    await admin.createTopics([
      {
        topic: 'payments',
        replicaAssignment: { 0: [1, 2, 3], 1: [1, 3, 2], 2: [1, 2, 3] },
        configs: { 'retention.ms': '7200000' },
      },
    ]);
    for (const p of [0, 1, 2]) await cluster.waitForState('payments', p, (s) => s.isr.length === 3, 'a full ISR');
    await waitUntil(async () => (await admin.describeCluster()).brokers.length === 3, {
      message: 'three live brokers',
    });
    await produce('payments', 30);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  });

  after(async () => {
    await browser?.close();
    await admin?.close();
    await cluster?.stop();
  });

  async function produce(topic: string, count: number, acks: -1 | 1 = -1, partitionOf = (i: number) => i % 3) {
    const producer = new Producer({ brokers: cluster.bootstrap().split(','), acks });
    await producer.connect();
    try {
      await producer.send({
        topic,
        messages: Array.from({ length: count }, (_, i) => ({
          partition: partitionOf(i),
          value: `payment ${i} `.repeat(20),
        })),
      });
    } finally {
      await producer.close();
    }
  }

  const rowOf = (text: string) => page.locator('tbody tr', { hasText: text });

  it('shows the three brokers and the controller on the cluster page', async () => {
    await page.goto(`${base}/`);
    expect(await page.locator('h2', { hasText: 'Brokers (3)' }).count()).to.equal(1);
    const controllerId = await cluster.controllerId();
    for (const id of [1, 2, 3]) {
      const row = page.locator('tbody tr').nth(id - 1);
      expect((await row.locator('td').first().textContent())?.trim()).to.equal(String(id));
      expect(await row.textContent()).to.include('PLAINTEXT://127.0.0.1:');
      expect(await row.locator('.tag.controller').count(), `broker ${id}`).to.equal(id === controllerId ? 1 : 0);
    }
    expect(await page.locator('#cluster-facts').textContent()).to.include('connected');
    const logDirs = page.locator('h2:has-text("Log dirs") + table tbody tr');
    expect(await logDirs.count()).to.equal(3);
    expect(await logDirs.filter({ hasText: 'online' }).count()).to.equal(3);
    await screenshot(page, 'console-cluster');
  });

  it('lists the existing topic with its partitions, replication factor, size and messages', async () => {
    await page.click('nav >> text=Topics');
    await page.waitForURL(`${base}/topics`);
    const cells = await rowOf('payments').locator('td').allTextContents();
    expect(cells.slice(0, 3)).to.deep.equal(['payments', '3', '3']);
    expect(cells[3]).to.match(/^[0-9.]+ KiB$/);
    expect(cells.slice(4)).to.deep.equal(['30', '0']);
    await screenshot(page, 'console-topics');
  });

  it('creates a topic from the form and shows its partition table', async () => {
    await page.fill('#name', 'from-browser');
    await page.fill('#partitions', '4');
    await page.fill('#replicationFactor', '3');
    await page.fill('#configs', 'retention.ms=600000');
    await page.click('#create-topic button[type=submit]');
    await page.waitForURL(`${base}/topics/from-browser?created=1`);
    expect(await page.locator('.notice.ok').textContent()).to.include("Topic 'from-browser' created.");
    const described = await admin.describeTopics(['from-browser']);
    expect(described.topics[0].partitions.map((p) => p.replicas.length)).to.deep.equal([3, 3, 3, 3]);
    const rows = page.locator('h2:has-text("Partitions") + table tbody tr');
    expect(await rows.count()).to.equal(4);
    for (let p = 0; p < 4; p++) {
      const cells = await rows.nth(p).locator('td').allTextContents();
      expect(cells[0]).to.equal(String(p));
      expect(cells[2].split(', ').sort()).to.deep.equal(['1', '2', '3']);
    }
    const retention = page.locator('tr.non-default', { hasText: 'retention.ms' });
    expect(await retention.textContent()).to.include('600000');
    await screenshot(page, 'console-topic');
    await page.click('text=← all topics');
    expect(await rowOf('from-browser').locator('td').first().textContent()).to.equal('from-browser');
  });

  it('deletes a topic after its name is typed on the confirmation page', async () => {
    await page.goto(`${base}/topics/from-browser`);
    await page.click('#delete-topic');
    await page.fill('#confirm', 'from-browser');
    await screenshot(page, 'console-delete-confirm');
    await page.click('#confirm-delete button[type=submit]');
    await page.waitForURL(`${base}/topics?deleted=from-browser`);
    await waitUntil(async () => !(await admin.listTopics()).includes('from-browser'), {
      timeoutMs: 30000,
      message: 'from-browser to be deleted',
    });
  });

  it('shows the log end ahead of the high watermark, then the row under-replicated, after a follower dies', async () => {
    await cluster.stopBroker(3, 'SIGKILL');
    await produce('payments', 5, 1, () => 0);
    await page.goto(`${base}/topics/payments`);
    const first = page.locator('h2:has-text("Partitions") + table tbody tr').first();
    // Partition 0: 10 records on every replica, 5 more on the leader and broker 2 only.
    expect((await first.locator('td').allTextContents()).slice(0, 7)).to.deep.equal([
      '0',
      '1',
      '1, 2, 3',
      '1, 2, 3',
      '0',
      '10',
      '15',
    ]);
    await screenshot(page, 'console-log-end');
    await waitUntil(
      async () => {
        await page.goto(`${base}/topics/payments`);
        return (await first.getAttribute('class')) === 'under-replicated';
      },
      { timeoutMs: 45000, intervalMs: 1000, message: 'payments-0 to show as under-replicated' },
    );
    expect((await first.locator('td').allTextContents()).slice(3, 7)).to.deep.equal(['1, 2', '0', '15', '15']);
    await screenshot(page, 'console-under-replicated');
    await page.goto(`${base}/topics`);
    expect(await rowOf('payments').getAttribute('class')).to.equal('under-replicated');
    expect((await rowOf('payments').locator('td').allTextContents()).slice(4)).to.deep.equal(['35', '1']);
    // Broker 3 is still registered (its session lives on) but cannot answer for its log dirs.
    await page.goto(`${base}/`);
    const dead = page.locator('h2:has-text("Log dirs") + table tbody tr.offline');
    expect((await dead.locator('td').allTextContents()).slice(0, 3)).to.deep.equal(['3', '—', 'CONNECTION']);
  });
});
