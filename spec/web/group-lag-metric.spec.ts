// Proves the coordinator's /metrics reports kafka_consumergroup_lag, _lag_sum, _current_offset
// and _members for a group that consumed and committed part of a topic, with exactly the numbers
// the real bin/consumer-groups --describe process prints, and follows the lag as commits advance.
import { expect } from 'chai';
import * as path from 'node:path';
import { stopAllBrokers, PROJECT_ROOT } from '../helpers/broker';
import { run } from '../helpers/processes';
import { waitUntil } from '../helpers/wait';
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
