// Proves the console works in a real browser (headless Chromium) against a three-broker cluster of
// `bin/broker` processes on a real ZooKeeper, served by broker 1: the cluster page lists the three
// brokers with the controller marked, the topic list shows an existing replicated topic, a topic
// created from the form appears in the cluster (checked with Admin), on its own page with a
// partition table of full ISRs and in the list; after a follower is killed the existing topic's
// rows are highlighted as under-replicated; and a topic is deleted through the typed confirmation.
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
    cluster = await TestCluster.start('console-browser', [1, 2, 3], { 'samsa.http.listener': 'http://127.0.0.1:0' });
    const first = cluster.brokers.get(1);
    base = await waitUntil(() => /operator HTTP port on (http:\/\/127\.0\.0\.1:\d+)/.exec(first?.output() ?? '')?.[1], {
      timeoutMs: 30000,
      message: "broker 1's operator HTTP port",
    });
    await cluster.createReplicatedTopic('payments', 3, { 'retention.ms': '7200000' });
    admin = await Admin.connect(cluster.bootstrap());
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

  async function produce(topic: string, count: number): Promise<void> {
    const producer = new Producer({ brokers: cluster.bootstrap().split(','), acks: -1 });
    await producer.connect();
    try {
      await producer.send({
        topic,
        messages: Array.from({ length: count }, (_, i) => ({ partition: i % 3, value: `payment ${i} `.repeat(20) })),
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

  it('highlights under-replicated partitions after a follower dies', async () => {
    const leaders = (await admin.describeTopics(['payments'])).topics[0].partitions.map((p) => p.leader);
    const victim = [2, 3].find((id) => !leaders.includes(id)) ?? 3;
    await cluster.stopBroker(victim, 'SIGKILL');
    await waitUntil(
      async () => {
        await page.goto(`${base}/topics/payments`);
        return (await page.locator('tr.under-replicated').count()) > 0;
      },
      { timeoutMs: 45000, intervalMs: 500, message: 'payments to show under-replicated rows' },
    );
    await screenshot(page, 'console-under-replicated');
    await page.goto(`${base}/topics`);
    expect(await rowOf('payments').getAttribute('class')).to.equal('under-replicated');
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
});
