// Proves the coordinator's /metrics reports kafka_consumergroup_lag, _lag_sum, _current_offset
// and _members for a group that consumed and committed part of a topic, with exactly the numbers
// the real bin/consumer-groups --describe process prints, and follows the lag as commits advance;
// on three brokers, each group's numbers appear on its coordinator's /metrics and nowhere else.
import { expect } from 'chai';
import * as path from 'node:path';
import { stopAllBrokers, PROJECT_ROOT } from '../helpers/broker';
import { run } from '../helpers/processes';
import { waitUntil } from '../helpers/wait';
import { zkChroot } from '../helpers/zookeeper';
import { Admin } from '../../lib/client/admin';
import { partitionForGroup } from '../../lib/coordinator/partition-for-group';
import { CommittingMember, getText, produceKnown, samples, startConsoleBroker } from './group-fixtures';

const TOOL = path.join(PROJECT_ROOT, 'bin', 'consumer-groups');
const TOPIC = 'lag-metric';
const GROUP = 'lag-metric-readers';
const PRODUCED = [12, 7, 9];

describe('kafka_consumergroup_* on the coordinator', function () {
  this.timeout(120_000);
  let broker: Awaited<ReturnType<typeof startConsoleBroker>>;
  let member: CommittingMember;

  before(async () => {
    broker = await startConsoleBroker('lag-metric');
    await produceKnown(broker.bootstrap, TOPIC, PRODUCED);
    member = new CommittingMember(broker.bootstrap, GROUP);
    await member.join(TOPIC, PRODUCED.length);
  });

  after(async () => {
    await member?.leave();
    await stopAllBrokers();
  });

  const scrape = async () => {
    const { status, text } = await getText(`${broker.url}/metrics`);
    expect(status, text).to.equal(200);
    return text;
  };

  const describeRows = async () => {
    const described = await run(TOOL, ['--bootstrap-server', broker.bootstrap, '--describe', '--group', GROUP]);
    expect(described.code, described.stderr).to.equal(0);
    return described.stdout
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split('\t'))
      .map((r) => ({ partition: r[2], current: Number(r[3]), end: Number(r[4]), lag: Number(r[5]) }));
  };

  it('equals what bin/consumer-groups --describe prints, per partition and summed', async () => {
    await member.commit(TOPIC, [5, 0, 9]);
    const text = await scrape();
    const rows = await describeRows();
    expect(rows.map((r) => r.lag)).to.deep.equal([7, 7, 0]);
    const lag = samples(text, 'kafka_consumergroup_lag').filter((s) => s.labels.consumergroup === GROUP);
    expect(lag.map((s) => [s.labels.topic, s.labels.partition, s.value]).sort()).to.deep.equal(
      rows.map((r) => [TOPIC, r.partition, r.lag]).sort(),
    );
    const current = samples(text, 'kafka_consumergroup_current_offset').filter((s) => s.labels.consumergroup === GROUP);
    expect(current.map((s) => [s.labels.partition, s.value]).sort()).to.deep.equal(
      rows.map((r) => [r.partition, r.current]).sort(),
    );
    const sum = samples(text, 'kafka_consumergroup_lag_sum').filter((s) => s.labels.consumergroup === GROUP);
    expect(sum).to.deep.equal([
      { labels: { consumergroup: GROUP, topic: TOPIC }, value: rows.reduce((n, r) => n + r.lag, 0) },
    ]);
    const members = samples(text, 'kafka_consumergroup_members').filter((s) => s.labels.consumergroup === GROUP);
    expect(members.map((s) => s.value)).to.deep.equal([1]);
  });

  it('follows the commits: the lag drops as the group commits further, and members drop to 0 when it leaves', async () => {
    await member.commit(TOPIC, [12, 7, 9]);
    const text = await scrape();
    const rows = await describeRows();
    expect(rows.map((r) => r.lag)).to.deep.equal([0, 0, 0]);
    const lag = samples(text, 'kafka_consumergroup_lag').filter((s) => s.labels.consumergroup === GROUP);
    expect(lag.map((s) => s.value)).to.deep.equal([0, 0, 0]);
    await member.leave();
    // The coordinator sees the LeaveGroup as the consumer closes; poll in case it lags behind.
    await waitUntil(
      async () => {
        const left = samples(await scrape(), 'kafka_consumergroup_members');
        return left.some((s) => s.labels.consumergroup === GROUP && s.value === 0);
      },
      { timeoutMs: 10_000, intervalMs: 200, message: 'kafka_consumergroup_members 0 after the member left' },
    );
  });
});

describe('kafka_consumergroup_* across three brokers', function () {
  this.timeout(180_000);
  const brokers: Array<Awaited<ReturnType<typeof startConsoleBroker>>> = [];
  const members: CommittingMember[] = [];
  // One group per __consumer_offsets partition (3 of them, one led by each broker).
  const groups = ['g-a', 'g-b', 'g-c', 'g-d', 'g-e', 'g-f', 'g-g', 'g-h'];
  const chosen: string[] = [];

  before(async () => {
    const connectString = zkChroot('lag-metric-3');
    for (const brokerId of [0, 1, 2])
      brokers.push(await startConsoleBroker('lag-metric-3', { brokerId, connectString }));
    await produceKnown(brokers[0].bootstrap, 'spread', [6, 6, 6]);
    for (const slot of [0, 1, 2]) chosen.push(groups.find((g) => partitionForGroup(g, 3) === slot) as string);
    for (const [i, group] of chosen.entries()) {
      const member = new CommittingMember(brokers[i].bootstrap, group);
      members.push(member);
      await member.join('spread', 3);
      await member.commit('spread', [i, i + 1, i + 2]);
    }
  });

  after(async () => {
    for (const member of members) await member.leave();
    await stopAllBrokers();
  });

  it("each group's lag is on its coordinator's /metrics only, equal to bin/consumer-groups --describe", async () => {
    const admin = await Admin.connect(brokers[0].bootstrap);
    const coordinators = await Promise.all(chosen.map((g) => admin.cluster.findCoordinator(g)));
    await admin.close();
    expect(new Set(coordinators).size, 'the groups have different coordinators').to.be.greaterThan(1);
    const texts = await Promise.all(brokers.map(async (b) => (await getText(`${b.url}/metrics`)).text));
    for (const [i, group] of chosen.entries()) {
      const described = await run(TOOL, ['--bootstrap-server', brokers[2].bootstrap, '--describe', '--group', group]);
      expect(described.code, described.stderr).to.equal(0);
      const printed = described.stdout
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => line.split('\t'))
        .map((r) => ['spread', r[2], Number(r[5])]);
      expect(printed.map((r) => r[2])).to.deep.equal([6 - i, 5 - i, 4 - i]);
      for (const [b, text] of texts.entries()) {
        const lag = samples(text, 'kafka_consumergroup_lag')
          .filter((s) => s.labels.consumergroup === group)
          .map((s) => [s.labels.topic, s.labels.partition, s.value]);
        expect(lag.sort(), `broker ${b} for ${group}`).to.deep.equal(b === coordinators[i] ? printed.sort() : []);
      }
    }
  });
});
