// Proves, in headless Chromium against a real broker, that an operator sees a group's lag drop on
// its page as the group consumes (the lag chart drawn, then redrawn in place), resets its offsets
// from the form once the group is empty (preview, then execute) and sees the new lag, and browses
// the messages by offset from the group's page, switching the value format and paging on.
// Screenshots of each step go to screenshots/console-*.png.
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { stopAllBrokers } from '../helpers/broker';
import { launchBrowser, screenshot } from '../helpers/browser';
import { waitUntil } from '../helpers/wait';
import { CommittingMember, committedOffsets, produceKnown, startConsoleBroker } from './group-fixtures';

const TOPIC = 'clicks';
const GROUP = 'clicks-readers';

describe('console in a browser: a group and its messages', function () {
  this.timeout(180_000);
  let broker: Awaited<ReturnType<typeof startConsoleBroker>>;
  let member: CommittingMember;
  let browser: Browser;
  let page: Page;

  before(async () => {
    broker = await startConsoleBroker('console-browser-groups');
    await produceKnown(broker.bootstrap, TOPIC, [40, 40]);
    member = new CommittingMember(broker.bootstrap, GROUP, 'clicks-app');
    await member.join(TOPIC, 2);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  });

  after(async () => {
    await browser?.close();
    await member?.leave();
    await stopAllBrokers();
  });

  const totalLag = async () => Number(await page.locator('#total-lag').textContent());

  /** Reloads the group page until its total lag is `expected` (bounded). */
  const seeLag = (expected: number) =>
    waitUntil(
      async () => {
        await page.goto(`${broker.url}/groups/${GROUP}`);
        return (await totalLag()) === expected;
      },
      { timeoutMs: 20_000, intervalMs: 250, message: `the group page showing total lag ${expected}` },
    );

  it("shows the group's lag dropping as it consumes, with the chart", async () => {
    await member.commit(TOPIC, [5, 5]);
    await broker.http?.lagSampler.sampleNow();
    await page.goto(`${broker.url}/groups`);
    expect(await page.locator(`tr[data-group="${GROUP}"] td.lag`).textContent()).to.equal('70');
    await screenshot(page, 'console-groups');
    await page.locator(`tr[data-group="${GROUP}"] a`).click();
    await page.locator('#total-lag').waitFor({ timeout: 10_000 });
    await seeLag(70);
    expect(await page.locator('#group-state').textContent()).to.equal('Stable');
    expect(await page.locator('#members').textContent()).to.include('clicks-app');
    await screenshot(page, 'console-group');
    for (const step of [
      [20, 20],
      [35, 30],
      [40, 40],
    ]) {
      const before = await totalLag();
      await member.commit(TOPIC, step);
      await broker.http?.lagSampler.sampleNow();
      await seeLag(80 - step[0] - step[1]);
      expect(await totalLag()).to.be.lessThan(before);
    }
    await page.locator('#lag-chart canvas').first().waitFor({ timeout: 10_000 });
    expect(Number(await page.locator('#lag-chart').getAttribute('data-points'))).to.be.at.least(4);
    await screenshot(page, 'console-group-lag-dropped');
    // The open page redraws the chart after each sampling interval (10 s) without a reload.
    const drawn = Number(await page.locator('#lag-chart').getAttribute('data-points'));
    await broker.http?.lagSampler.sampleNow();
    await waitUntil(async () => Number(await page.locator('#lag-chart').getAttribute('data-points')) > drawn, {
      timeoutMs: 25_000,
      intervalMs: 250,
      message: 'the chart redrawn with the new sample',
    });
  });

  it('resets the offsets from the form once the group is empty and shows the new lag', async () => {
    await member.leave();
    await waitUntil(
      async () => {
        await page.goto(`${broker.url}/groups/${GROUP}`);
        return (await page.locator('#group-state').textContent()) === 'Empty';
      },
      { timeoutMs: 20_000, intervalMs: 250, message: 'the group page showing state Empty' },
    );
    await page.locator('#reset-form select[name="to"]').selectOption('offset');
    await page.locator('#reset-form input[name="value"]').fill('10');
    await page.locator('#reset-form button[type="submit"]').click();
    await page.locator('#reset-preview').waitFor({ timeout: 10_000 });
    expect(await page.locator('#reset-preview .new-offset').allTextContents()).to.deep.equal(['10', '10']);
    await screenshot(page, 'console-group-reset-preview');
    await page.locator('#reset-confirm button[type="submit"]').click();
    await page.waitForURL(/done=reset/, { timeout: 10_000 });
    expect(await page.locator('.notice').textContent()).to.equal('The committed offsets were reset.');
    expect(await totalLag()).to.equal(60);
    expect(await committedOffsets(broker.bootstrap, GROUP, TOPIC)).to.deep.equal([10, 10]);
    await screenshot(page, 'console-group-reset');
  });

  it("browses the messages by offset from the group's page", async () => {
    await page.locator('tr[data-topic="clicks"][data-partition="1"] a', { hasText: 'messages' }).click();
    await page.locator('#messages').waitFor({ timeout: 10_000 });
    const keys = await page.locator('#messages td.key').allTextContents();
    expect(keys).to.deep.equal(Array.from({ length: 20 }, (_, i) => `k1-${10 + i}`));
    expect(await page.locator('#messages td.value').first().textContent()).to.equal('{"p":1,"i":10}');
    await screenshot(page, 'console-messages');
    await page.locator('a.format', { hasText: 'json' }).click();
    await page.locator('#messages').waitFor({ timeout: 10_000 });
    expect(await page.locator('#messages td.value').first().textContent()).to.equal('{\n  "p": 1,\n  "i": 10\n}');
    await page.locator('#next-page').click();
    await page.locator('#messages').waitFor({ timeout: 10_000 });
    expect(await page.locator('#messages td.key').allTextContents()).to.deep.equal(
      Array.from({ length: 10 }, (_, i) => `k1-${30 + i}`),
    );
    await screenshot(page, 'console-messages-json');
  });
});
