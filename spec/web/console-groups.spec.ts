// Proves the console's group and message pages over real HTTP against a real broker: /groups and
// /groups/:group show state, members and lag as bin/consumer-groups computes it; lag.json grows by
// one point per sampling round; a reset (earliest, latest, offset, timestamp; all topics or one)
// is refused with 409 while the group has members and, once it is empty, previews old → new
// without writing and then writes exactly the planned offsets; delete asks first and removes the
// group; the message browser pages through a partition by offset or timestamp in text, JSON and
// hex (a 500-message page over several bounded fetches, a batch larger than one fetch, a page
// cut at 4 MiB), and
// answers bad input with 400/404 while the broker keeps serving.
import { expect } from 'chai';
import { stopAllBrokers } from '../helpers/broker';
import { Admin } from '../../lib/client/admin';
import { Producer } from '../../lib/client/producer';
import {
  BASE_TIMESTAMP_MS,
  CommittingMember,
  committedOffsets,
  expectStatus,
  getText,
  postForm,
  produceKnown,
  startConsoleBroker,
} from './group-fixtures';

const TOPIC = 'orders';
const OTHER = 'refunds';
const GROUP = 'shop';
const PRODUCED = [30, 5, 0];

describe('console: consumer groups and the message browser', function () {
  this.timeout(120_000);
  let broker: Awaited<ReturnType<typeof startConsoleBroker>>;
  let member: CommittingMember;
  const url = (path: string) => `${broker.url}${path}`;
  const reset = (form: Record<string, string>) => postForm(url(`/groups/${GROUP}/reset`), form);

  before(async () => {
    broker = await startConsoleBroker('console-groups');
    await produceKnown(broker.bootstrap, TOPIC, PRODUCED);
    await produceKnown(broker.bootstrap, OTHER, [4]);
    member = new CommittingMember(broker.bootstrap, GROUP, 'shop-client');
    await member.join(TOPIC, PRODUCED.length);
    await member.commit(TOPIC, [10, 2, 0]);
  });

  after(async () => {
    await member?.leave();
    await stopAllBrokers();
  });

  describe('while the group has a member', () => {
    it('lists the group with its state, members and total lag', async () => {
      const listed = await getText(url('/groups'));
      expectStatus(listed, 200);
      expect(listed.text).to.match(
        /<tr data-group="shop">.*<td>Stable<\/td><td class="num">1<\/td><td class="num lag">23<\/td>/,
      );
    });

    it('shows the members with their assignment and the lag per partition', async () => {
      const shown = await getText(url(`/groups/${GROUP}`));
      expectStatus(shown, 200);
      expect(shown.text).to.include('<dd id="total-lag">23</dd>');
      expect(shown.text).to.match(/<td>shop-client<\/td><td>[^<]+<\/td><td>orders: 0, 1, 2<\/td>/);
      for (const [p, committed, end, lag] of [
        [0, 10, 30, 20],
        [1, 2, 5, 3],
        [2, 0, 0, 0],
      ])
        expect(shown.text).to.include(
          `<tr data-topic="orders" data-partition="${p}"><td><a href="/topics/orders">orders</a></td><td class="num">${p}</td><td class="num">${committed}</td><td class="num">${end}</td><td class="num lag">${lag}</td>`,
        );
      expect(shown.text).to.include(`/topics/orders/messages?partition=0&amp;offset=10`);
      expectStatus(await getText(url('/groups/no-such-group')), 404);
    });

    it('records one lag point per sampling round for lag.json', async () => {
      const lagJson = async () => JSON.parse((await getText(url(`/groups/${GROUP}/lag.json`))).text);
      await broker.http?.lagSampler.sampleNow();
      const before = await lagJson();
      expect(before.labels).to.deep.equal(['total', TOPIC]);
      expect(before.series.map((s: number[]) => s[s.length - 1])).to.deep.equal([23, 23]);
      await member.commit(TOPIC, [20, 5, 0]);
      await broker.http?.lagSampler.sampleNow();
      const after = await lagJson();
      expect(after.times.length).to.be.greaterThan(before.times.length);
      expect(after.series.map((s: number[]) => s[s.length - 1])).to.deep.equal([10, 10]);
      expect(after.intervalMs).to.equal(10_000);
    });

    it('serves uPlot from the npm package', async () => {
      const script = await fetch(url('/assets/uplot.js'));
      expect(script.status).to.equal(200);
      expect(script.headers.get('content-type')).to.match(/javascript/);
      expect(await script.text()).to.include('uPlot');
      expect((await fetch(url('/assets/uplot.css'))).status).to.equal(200);
    });

    it('refuses every kind of reset, and deletion, while the group has members', async () => {
      const forms: Array<Record<string, string>> = [
        { to: 'earliest' },
        { to: 'latest', topic: TOPIC },
        { to: 'offset', value: '3' },
        { to: 'timestamp', value: String(BASE_TIMESTAMP_MS), execute: 'yes' },
      ];
      for (const form of forms) {
        const refused = await reset(form);
        expectStatus(refused, 409);
        expect(refused.text).to.include("Assignments can only be reset if the group 'shop' is inactive");
      }
      expectStatus(await postForm(url(`/groups/${GROUP}/delete`), {}), 409);
      expect(await committedOffsets(broker.bootstrap, GROUP, TOPIC)).to.deep.equal([20, 5, 0]);
    });
  });

  describe('once the group is empty', () => {
    before(async () => {
      await member.leave();
      const admin = await Admin.connect(broker.bootstrap);
      try {
        await admin.alterGroupOffsets(GROUP, [{ topic: OTHER, partition: 0, offset: 1 }]);
      } finally {
        await admin.close();
      }
    });

    it('previews a reset as old → new offsets without writing them', async () => {
      const preview = await reset({ to: 'earliest', topic: '*' });
      expectStatus(preview, 200);
      expect(preview.text).to.include(
        '<td>orders</td><td class="num">0</td><td class="num">20</td><td class="num new-offset">0</td>',
      );
      expect(preview.text).to.include(
        '<td>refunds</td><td class="num">0</td><td class="num">1</td><td class="num new-offset">0</td>',
      );
      expect(preview.text).to.include('name="execute" value="yes"');
      expect(await committedOffsets(broker.bootstrap, GROUP, TOPIC)).to.deep.equal([20, 5, 0]);
    });

    it('resets all topics to the earliest and to the latest offsets', async () => {
      const done = await reset({ to: 'earliest', topic: '*', execute: 'yes' });
      expectStatus(done, 303);
      expect(done.location).to.equal(`/groups/${GROUP}?done=reset`);
      expect(await committedOffsets(broker.bootstrap, GROUP, TOPIC)).to.deep.equal([0, 0, 0]);
      expect(await committedOffsets(broker.bootstrap, GROUP, OTHER)).to.deep.equal([0]);
      expectStatus(await reset({ to: 'latest', topic: '*', execute: 'yes' }), 303);
      expect(await committedOffsets(broker.bootstrap, GROUP, TOPIC)).to.deep.equal(PRODUCED);
      expect(await committedOffsets(broker.bootstrap, GROUP, OTHER)).to.deep.equal([4]);
      const shown = await getText(url(`/groups/${GROUP}?done=reset`));
      expect(shown.text).to.include('The committed offsets were reset.');
      expect(shown.text).to.include('<dd id="total-lag">0</dd>');
    });

    it('resets one topic to a given offset and to a timestamp, leaving the other topic alone', async () => {
      expectStatus(await reset({ to: 'offset', value: '3', topic: TOPIC, execute: 'yes' }), 303);
      expect(await committedOffsets(broker.bootstrap, GROUP, TOPIC)).to.deep.equal([3, 3, 3]);
      expect(await committedOffsets(broker.bootstrap, GROUP, OTHER)).to.deep.equal([4]);
      // Message i has timestamp BASE + i s; an empty partition moves to its end (0).
      const at = new Date(BASE_TIMESTAMP_MS + 4000).toISOString();
      expectStatus(await reset({ to: 'timestamp', value: at, topic: TOPIC, execute: 'yes' }), 303);
      expect(await committedOffsets(broker.bootstrap, GROUP, TOPIC)).to.deep.equal([4, 4, 0]);
      expect(await committedOffsets(broker.bootstrap, GROUP, OTHER)).to.deep.equal([4]);
    });

    it('answers a bad reset request with 400', async () => {
      const forms: Array<Record<string, string>> = [
        { to: 'offset', value: '-1' },
        { to: 'offset', value: 'ten' },
        { to: 'timestamp', value: 'yesterday' },
        { to: 'sideways' },
        { to: 'earliest', topic: 'no-such-topic' },
      ];
      for (const form of forms) {
        const refused = await reset(form);
        expectStatus(refused, 400);
      }
    });

    it('deletes the group after a confirmation page', async () => {
      const confirm = await getText(url(`/groups/${GROUP}/delete`));
      expectStatus(confirm, 200);
      expect(confirm.text).to.include(`<form id="delete-form" method="post" action="/groups/${GROUP}/delete">`);
      const deleted = await postForm(url(`/groups/${GROUP}/delete`), {});
      expectStatus(deleted, 303);
      expect(deleted.location).to.equal('/groups');
      expectStatus(await getText(url(`/groups/${GROUP}`)), 404);
      expect((await getText(url('/groups'))).text).not.to.include('data-group="shop"');
      expect(await committedOffsets(broker.bootstrap, GROUP, TOPIC)).to.deep.equal([-1, -1, -1]);
      expectStatus(await postForm(url(`/groups/${GROUP}/delete`), {}), 404);
    });
  });

  describe('the message browser', () => {
    const browse = (query: string) => getText(url(`/topics/${TOPIC}/messages?${query}`));
    const offsetsOf = (html: string) => [...html.matchAll(/<tr data-offset="(\d+)">/g)].map((m) => Number(m[1]));

    it('pages through a partition from an offset, 20 at a time, with a link to the next page', async () => {
      const first = await browse('partition=0&offset=0');
      expectStatus(first, 200);
      expect(offsetsOf(first.text)).to.deep.equal(Array.from({ length: 20 }, (_, i) => i));
      expect(first.text).to.include(
        '<td class="key"><pre>k0-0</pre></td><td class="value"><pre>{&quot;p&quot;:0,&quot;i&quot;:0}</pre></td>',
      );
      expect(first.text).to.include('<td class="headers">source: spec</td>');
      expect(first.text).to.include(new Date(BASE_TIMESTAMP_MS + 19_000).toISOString());
      const next = /<a id="next-page" href="([^"]+)"/.exec(first.text);
      expect(next?.[1]).to.equal('/topics/orders/messages?partition=0&amp;offset=20');
      const second = await getText(url((next as RegExpExecArray)[1].replace(/&amp;/g, '&')));
      expect(offsetsOf(second.text)).to.deep.equal(Array.from({ length: 10 }, (_, i) => 20 + i));
      expect(second.text).to.include('End of the partition.');
      expect(offsetsOf((await browse('partition=1&offset=2&limit=2')).text)).to.deep.equal([2, 3]);
      expect(offsetsOf((await browse('partition=0&offset=28&limit=500')).text)).to.deep.equal([28, 29]);
    });

    it('starts at the first message at or after a timestamp', async () => {
      const page = await browse(`partition=0&timestamp=${BASE_TIMESTAMP_MS + 25_000}`);
      expectStatus(page, 200);
      expect(offsetsOf(page.text)).to.deep.equal([25, 26, 27, 28, 29]);
      // The form sends the offset of the last page too; a timestamp typed in wins.
      const typed = await browse(
        `partition=0&offset=3&timestamp=${new Date(BASE_TIMESTAMP_MS + 28_000).toISOString()}`,
      );
      expect(offsetsOf(typed.text)).to.deep.equal([28, 29]);
      const later = await browse(`partition=0&timestamp=${BASE_TIMESTAMP_MS + 3_600_000}`);
      expect(later.text).to.include('past the end');
    });

    it('shows values as pretty JSON or as hex', async () => {
      const json = await browse('partition=1&offset=0&limit=1&format=json');
      expect(json.text).to.include('<td class="value"><pre>{\n  &quot;p&quot;: 1,\n  &quot;i&quot;: 0\n}</pre></td>');
      const hex = await browse('partition=1&offset=0&limit=1&format=hex');
      // "k1-0"
      expect(hex.text).to.include('<td class="key"><code>6b 31 2d 30</code></td>');
    });

    it('says so when the offset is past the end, and on an empty partition', async () => {
      const past = await browse('partition=0&offset=1000');
      expectStatus(past, 200);
      expect(past.text).to.include('Offset 1000 is past the end of partition 0 (log end offset 30): no messages.');
      const empty = await browse('partition=2');
      expectStatus(empty, 200);
      expect(empty.text).to.include('id="no-messages"');
    });

    it('fills a page of 500 over several bounded fetches, and shows a batch larger than one fetch', async () => {
      const producer = new Producer({ brokers: [broker.bootstrap], acks: 'all', allowAutoTopicCreation: false });
      await producer.connect();
      try {
        const admin = await Admin.connect(broker.bootstrap);
        await admin
          .createTopics([{ topic: 'bulky', numPartitions: 1, replicationFactor: 1 }])
          .finally(() => admin.close());
        const kib = 'x'.repeat(1024);
        for (let batch = 0; batch < 4; batch++)
          await producer.send({
            topic: 'bulky',
            messages: Array.from({ length: 500 }, (_, i) => ({ key: `b${batch * 500 + i}`, value: kib })),
          });
        await producer.send({ topic: 'bulky', messages: [{ key: 'huge', value: 'y'.repeat(600 * 1024) }] });
      } finally {
        await producer.close();
      }
      const many = await getText(url('/topics/bulky/messages?offset=1000&limit=500'));
      expectStatus(many, 200);
      expect(offsetsOf(many.text)).to.deep.equal(Array.from({ length: 500 }, (_, i) => 1000 + i));
      const huge = await getText(url('/topics/bulky/messages?offset=2000'));
      expect(offsetsOf(huge.text)).to.deep.equal([2000]);
      expect(huge.text).to.include('<td class="key"><pre>huge</pre>');
      expect(huge.text).to.include(
        `<pre>${'y'.repeat(64 * 1024)}</pre><p class="muted">… ${600 * 1024} bytes, the first ${64 * 1024} shown</p>`,
      );
    });

    it('ends a page early rather than hold more than 4 MiB of keys and values', async () => {
      const admin = await Admin.connect(broker.bootstrap);
      await admin
        .createTopics([{ topic: 'heavy', numPartitions: 1, replicationFactor: 1 }])
        .finally(() => admin.close());
      const producer = new Producer({ brokers: [broker.bootstrap], acks: 'all', allowAutoTopicCreation: false });
      await producer.connect();
      try {
        for (let i = 0; i < 6; i++)
          await producer.send({ topic: 'heavy', messages: [{ key: `h${i}`, value: 'z'.repeat(900 * 1024) }] });
      } finally {
        await producer.close();
      }
      const first = await getText(url('/topics/heavy/messages?limit=20'));
      expectStatus(first, 200);
      expect(offsetsOf(first.text)).to.deep.equal([0, 1, 2, 3]);
      expect(first.text).to.include('/topics/heavy/messages?limit=20&amp;offset=4');
      expect(offsetsOf((await getText(url('/topics/heavy/messages?limit=20&offset=4'))).text)).to.deep.equal([4, 5]);
    });

    it('answers bad input with 400, an unknown topic with 404, and keeps serving', async () => {
      for (const query of [
        'partition=3',
        'partition=-1',
        'partition=x',
        'offset=-1',
        'offset=abc',
        'limit=501',
        'limit=0',
        'format=xml',
        'timestamp=someday',
      ])
        expectStatus(await browse(query), 400);
      expectStatus(await getText(url('/topics/no-such-topic/messages')), 404);
      expectStatus(await getText(url('/metrics')), 200);
    });
  });
});
