// Proves offset retention: the expiry rule (table-driven, on a manual clock), and against the
// real ZooKeeper with a tiny retention that an idle group's whole offsets subtree (and its group
// znode when nothing else is under it) is removed and logged, while groups with members here,
// groups coordinated elsewhere and groups with a recent commit keep theirs; a commit racing the
// expiry keeps the offsets; the periodic check runs on its scheduler (and, with real timers and
// a 200 ms retention, expires a group by itself); the broker reads both keys.
import { expect } from 'chai';
import { Writable } from 'stream';
import winston from 'winston';
import { ManualClock, systemClock } from '../../lib/util/clock';
import { silentLogger } from '../../lib/util/logger';
import { realScheduler } from '../../lib/coordinator/coordinator-types';
import { OffsetRetention, offsetsExpired } from '../../lib/coordinator/offset-retention';
import {
  commitOffsets,
  deleteGroupOffsetsIfUnchanged,
  fetchOffsets,
  readGroupOffsets,
} from '../../lib/coordinator/offset-store';
import { buildBrokerConfig, ConfigError } from '../../lib/server/config';
import type { ZkSession } from '../../lib/zk/session';
import { openZkSession, zkChroot } from '../helpers/zookeeper';
import { waitUntil } from '../helpers/wait';
import { ManualScheduler } from './manual-scheduler';

const RETENTION_MS = 60_000;
const CHECK_INTERVAL_MS = 1000;

describe('coordinator/offset-retention', () => {
  describe('offsetsExpired', () => {
    const cases: Array<[string, number, number | undefined, number, boolean]> = [
      ['commit younger than the retention', 100_000, undefined, 100_000 + RETENTION_MS - 1, false],
      ['commit exactly the retention old', 100_000, undefined, 100_000 + RETENTION_MS, true],
      ['old commit, members seen recently', 0, 500_000, 500_000 + RETENTION_MS - 1, false],
      ['old commit, members gone a retention ago', 0, 500_000, 500_000 + RETENTION_MS, true],
      ['recent commit after members left long ago', 900_000, 0, 900_000 + 10, false],
    ];
    for (const [name, commitMs, activeMs, nowMs, expired] of cases) {
      it(`${name} -> ${expired ? 'expired' : 'kept'}`, () => {
        const clock = new ManualClock(nowMs);
        expect(offsetsExpired(commitMs, activeMs, clock.nowMs(), RETENTION_MS)).to.equal(expired);
      });
    }
  });

  describe('against ZooKeeper', () => {
    let session: ZkSession;
    let clock: ManualClock;
    let scheduler: ManualScheduler;
    let active: Set<string>;
    let elsewhere: Set<string>;
    let logLines: string[];
    let retention: OffsetRetention;

    beforeEach(async () => {
      session = await openZkSession(zkChroot('offset-retention'));
      clock = new ManualClock(Date.now());
      scheduler = new ManualScheduler();
      active = new Set();
      elsewhere = new Set();
      logLines = [];
      const stream = new Writable({
        write(chunk: Buffer, _e, done) {
          logLines.push(chunk.toString());
          done();
        },
      });
      retention = new OffsetRetention({
        session: () => session,
        retentionMs: RETENTION_MS,
        checkIntervalMs: CHECK_INTERVAL_MS,
        clock,
        scheduler,
        logger: winston.createLogger({
          format: winston.format.printf((i) => String(i.message)),
          transports: [new winston.transports.Stream({ stream })],
        }),
        coordinates: (group) => !elsewhere.has(group),
        hasActiveMembers: (group) => active.has(group),
      });
    });

    afterEach(async () => {
      await retention.stop();
      await session.close();
    });

    const commit = (group: string, offset = 5) =>
      commitOffsets(session, group, [
        { topic: 't', partition: 0, offset, metadata: 'm' },
        { topic: 't', partition: 1, offset, metadata: '' },
        { topic: 'u', partition: 0, offset, metadata: '' },
      ]);

    it("removes an idle group's offsets and group znode once the retention has passed, and logs it", async () => {
      await commit('idle');
      await session.createRecursive('/consumers/idle/owners/t'); // emptied by the membership mirror
      clock.advance(RETENTION_MS - 5_000);
      expect(await retention.expireNow()).to.deep.equal([]);
      clock.advance(10_000);
      expect(await retention.expireNow()).to.deep.equal(['idle']);
      expect(await session.exists('/consumers/idle')).to.equal(null);
      expect(logLines.join('')).to.match(
        /Removed 3 expired offset\(s\) of group idle: no members and no commit since \d{4}-/,
      );
    });

    it('keeps groups with members here, groups coordinated elsewhere and recently committing groups', async () => {
      await Promise.all(['busy', 'remote', 'fresh', 'stale'].map((g) => commit(g)));
      const staleMs = (await readGroupOffsets(session, 'stale'))?.newestCommitMs ?? 0;
      // ZooKeeper stamps mtimes with its own (here: this host's) clock, so a later commit needs later real time.
      await waitUntil(() => Date.now() > staleMs + 5, { message: 'the clock to move past the first commits' });
      await commit('fresh', 6);
      expect((await readGroupOffsets(session, 'fresh'))?.newestCommitMs).to.be.greaterThan(staleMs);
      active.add('busy');
      elsewhere.add('remote');
      clock.set(staleMs + RETENTION_MS);
      expect(await retention.expireNow()).to.deep.equal(['stale']);
      for (const group of ['busy', 'remote', 'fresh'])
        expect(await session.exists(`/consumers/${group}/offsets/t/0`), group).to.not.equal(null);
    });

    it('a group that had members keeps its offsets a full retention after they left', async () => {
      await commit('left');
      clock.set(Date.now());
      active.add('left');
      clock.advance(RETENTION_MS * 2);
      expect(await retention.expireNow()).to.deep.equal([]);
      active.delete('left');
      clock.advance(RETENTION_MS - 1);
      expect(await retention.expireNow()).to.deep.equal([]);
      clock.advance(1);
      expect(await retention.expireNow()).to.deep.equal(['left']);
    });

    it('keeps the group znode when membership znodes remain, and the offsets when a commit races the expiry', async () => {
      await commit('mirrored');
      await session.createRecursive('/consumers/mirrored/ids/member-1');
      await commit('racing');
      clock.advance(RETENTION_MS * 2);
      const snapshot = await readGroupOffsets(session, 'racing');
      await commitOffsets(session, 'racing', [{ topic: 't', partition: 0, offset: 9, metadata: 'm' }]);
      expect(snapshot && (await deleteGroupOffsetsIfUnchanged(session, snapshot))).to.equal(false);
      expect(await fetchOffsets(session, 'racing', [{ topic: 't', partition: 0 }])).to.deep.equal([
        { topic: 't', partition: 0, offset: 9, metadata: 'm' },
      ]);
      elsewhere.add('racing');
      expect(await retention.expireNow()).to.deep.equal(['mirrored']);
      expect(await session.getChildren('/consumers/mirrored')).to.deep.equal(['ids']);
    });

    it('with the system clock and a 200 ms retention, real time alone expires an idle group', async () => {
      const realTime = new OffsetRetention({
        session: () => session,
        retentionMs: 200,
        checkIntervalMs: 50,
        clock: systemClock,
        scheduler: realScheduler,
        logger: silentLogger(),
        coordinates: () => true,
        hasActiveMembers: () => false,
      });
      await commit('short-lived');
      const committedMs = Date.now();
      realTime.start();
      try {
        await waitUntil(async () => (await session.exists('/consumers/short-lived')) === null, {
          timeoutMs: 5000,
          message: 'the 200 ms retention to expire the group',
        });
        expect(Date.now() - committedMs).to.be.at.least(150);
      } finally {
        await realTime.stop();
      }
    });

    it('checks every offsets.retention.check.interval.ms once started', async () => {
      await commit('periodic');
      clock.advance(RETENTION_MS + 1000);
      retention.start();
      scheduler.advance(CHECK_INTERVAL_MS - 1);
      expect(await session.exists('/consumers/periodic')).to.not.equal(null);
      scheduler.advance(1);
      await waitUntil(async () => (await session.exists('/consumers/periodic')) === null, {
        timeoutMs: 5000,
        message: 'the periodic check to expire the group',
      });
      await waitUntil(() => scheduler.pendingCount() === 1, {
        timeoutMs: 5000,
        message: 'the next check to be scheduled',
      });
    });
  });

  it('the broker config reads offsets.retention.minutes and offsets.retention.check.interval.ms', () => {
    const base = new Map([['zookeeper.connect', 'localhost:2181']]);
    const defaults = buildBrokerConfig(base);
    expect([defaults.offsetsRetentionMs, defaults.offsetsRetentionCheckIntervalMs]).to.deep.equal([
      10080 * 60000,
      600000,
    ]);
    const set = buildBrokerConfig(
      new Map([...base, ['offsets.retention.minutes', '2'], ['offsets.retention.check.interval.ms', '500']]),
    );
    expect([set.offsetsRetentionMs, set.offsetsRetentionCheckIntervalMs]).to.deep.equal([120000, 500]);
    expect(() => buildBrokerConfig(new Map([...base, ['offsets.retention.check.interval.ms', '0']]))).to.throw(
      ConfigError,
      /offsets.retention.check.interval.ms/,
    );
  });
});
