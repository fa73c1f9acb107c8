// Proves the Producer's delivery guarantees across a leader crash: with acks=all on a topic with
// replication factor 3 and min.insync.replicas 2, keyed sends keep flowing while the leader of a
// partition is SIGKILLed; every send settles (an offset or an error), every acknowledged
// (partition, offset) is later read back with the same key and value, and within a partition the
// acknowledged offsets grow in send order.
import { expect } from 'chai';
import { Producer } from '../../lib/client/producer';
import { Cluster } from '../../lib/client/cluster';
import { ClientError } from '../../lib/client/errors';
import { TestCluster } from '../helpers/cluster';
import { stopAllBrokers } from '../helpers/broker';
import { readBatches } from '../client/read-back';

const TOPIC = 'producer-failover';
const PARTITIONS = 3;
const MESSAGES = 2000;
const PER_TICK = 20;
const TICK_MS = 25;

interface Outcome {
  index: number;
  key: string;
  value: string;
  partition?: number;
  offset?: number;
  error?: unknown;
}

describe('Producer across a leader crash', function () {
  this.timeout(180000);
  let cluster: TestCluster;

  before(async () => {
    cluster = await TestCluster.start('producer-failover', [1, 2, 3]);
    await cluster.createReplicatedTopic(TOPIC, PARTITIONS, { 'min.insync.replicas': '2' });
  });
  after(async () => {
    await cluster?.stop();
    await stopAllBrokers();
  });

  it('acknowledges nothing it loses and keeps each partition in send order', async () => {
    const producer = new Producer({
      brokers: cluster.bootstrap().split(','),
      acks: 'all',
      lingerMs: 5,
      retries: 60,
      requestTimeoutMs: 10000,
    });
    const outcomes: Outcome[] = [];
    const settled: Array<Promise<void>> = [];
    const victim = (await cluster.state(TOPIC, 0)).leader;
    try {
      await producer.connect();
      for (let index = 0; index < MESSAGES; index++) {
        const outcome: Outcome = { index, key: `key-${index % 97}`, value: `value-${index}` };
        outcomes.push(outcome);
        settled.push(
          producer.sendOne(TOPIC, { key: outcome.key, value: outcome.value }).then(
            (r) => {
              outcome.partition = r.partition;
              outcome.offset = r.offset;
            },
            (e: unknown) => {
              outcome.error = e;
            },
          ),
        );
        if (index === MESSAGES / 4) await cluster.stopBroker(victim, 'SIGKILL');
        if (index % PER_TICK === PER_TICK - 1) await new Promise((resolve) => setTimeout(resolve, TICK_MS));
      }
      await Promise.all(settled);
    } finally {
      await producer.close();
    }

    const acked = outcomes.filter((o) => o.offset !== undefined);
    for (const o of outcomes) if (o.error !== undefined) expect(o.error).to.be.instanceOf(ClientError);
    expect(acked.length).to.be.at.least(MESSAGES * 0.9);
    const afterKill = acked.filter((o) => o.partition === 0 && o.index > MESSAGES / 2);
    expect(afterKill.length, "sends to the crashed leader's partition acknowledged by its successor").to.be.greaterThan(
      0,
    );
    await expectReadBack(cluster, acked);
    for (let p = 0; p < PARTITIONS; p++) {
      const offsets = acked.filter((o) => o.partition === p).map((o) => o.offset as number);
      for (let i = 1; i < offsets.length; i++)
        expect(offsets[i], `partition ${p} send order`).to.be.greaterThan(offsets[i - 1]);
    }
  });
});

async function expectReadBack(cluster: TestCluster, acked: Outcome[]): Promise<void> {
  const reader = new Cluster({ brokers: cluster.bootstrap().split(',') });
  try {
    const stored = new Map<string, { key: string; value: string }>();
    for (let p = 0; p < PARTITIONS; p++) {
      for (const batch of await readBatches(reader, TOPIC, p)) {
        for (const r of batch.records) stored.set(`${p}:${r.offset}`, { key: String(r.key), value: String(r.value) });
      }
    }
    for (const o of acked) {
      expect(stored.get(`${o.partition}:${o.offset}`), `send ${o.index} at ${o.partition}:${o.offset}`).to.deep.equal({
        key: o.key,
        value: o.value,
      });
    }
  } finally {
    await reader.close();
  }
}
