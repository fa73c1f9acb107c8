// Proves the idempotent Producer across a leader crash: with acks=all on a topic with replication
// factor 3 and min.insync.replicas 2, keyed sends keep flowing (several batches of a partition in
// flight) while the leader of a partition is SIGKILLed; every send settles, every acknowledged
// send is read back at its offset, no message is stored twice (retries are deduplicated by
// sequence), and each partition holds its messages in send order.
import { Writable } from 'stream';
import { expect } from 'chai';
import winston from 'winston';
import { Producer } from '../../lib/client/producer';
import { Cluster } from '../../lib/client/cluster';
import { ClientError } from '../../lib/client/errors';
import { TestCluster } from '../helpers/cluster';
import { stopAllBrokers } from '../helpers/broker';
import { readBatches } from '../client/read-back';

const TOPIC = 'producer-idempotent-failover';
const PARTITIONS = 3;
const MESSAGES = 3000;
const PER_TICK = 30;
const TICK_MS = 20;

interface Outcome {
  index: number;
  key: string;
  value: string;
  partition?: number;
  offset?: number;
  error?: unknown;
}

interface Stored {
  offset: number;
  key: string;
  value: string;
  producerId: number;
}

describe('idempotent Producer across a leader crash', function () {
  this.timeout(180000);
  let cluster: TestCluster;

  before(async () => {
    cluster = await TestCluster.start('producer-idempotent-failover', [1, 2, 3]);
    await cluster.createReplicatedTopic(TOPIC, PARTITIONS, { 'min.insync.replicas': '2' });
  });
  after(async () => {
    await cluster?.stop();
    await stopAllBrokers();
  });

  it('stores every message at most once, in send order, and loses nothing it acknowledged', async () => {
    // Counts the sender's retries, to prove the crash made batches go out again (the case sequences exist for).
    let retries = 0;
    const logger = winston.createLogger({
      level: 'debug',
      transports: [
        new winston.transports.Stream({
          stream: new Writable({
            objectMode: true,
            write: (info: { message?: unknown }, _encoding, done) => {
              if (/^retrying /.test(String(info.message))) retries++;
              done();
            },
          }),
        }),
      ],
    });
    const producer = new Producer({
      brokers: cluster.bootstrap().split(','),
      idempotent: true,
      lingerMs: 2,
      batchBytes: 2048,
      retries: 60,
      requestTimeoutMs: 10000,
      logger,
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

    for (const o of outcomes) if (o.error !== undefined) expect(o.error).to.be.instanceOf(ClientError);
    const acked = outcomes.filter((o) => o.offset !== undefined);
    expect(acked.length).to.be.at.least(MESSAGES * 0.9);
    expect(
      acked.filter((o) => o.partition === 0 && o.index > MESSAGES / 2).length,
      'acknowledged by the successor',
    ).to.be.greaterThan(0);
    expect(producer.maxPartitionInFlightSeen, 'batches of a partition in flight at once').to.be.greaterThan(1);
    expect(retries, 'batches retried after the crash').to.be.greaterThan(0);

    const stored = await readAll(cluster);
    const seen = new Set<string>();
    for (let p = 0; p < PARTITIONS; p++) {
      const indexes = stored[p].map((r) => Number(r.value.slice('value-'.length)));
      for (const r of stored[p]) {
        expect(seen.has(r.value), `${r.value} stored twice`).to.equal(false);
        seen.add(r.value);
        expect(r.producerId).to.be.at.least(0);
      }
      for (let i = 1; i < indexes.length; i++)
        expect(indexes[i], `partition ${p} send order`).to.be.greaterThan(indexes[i - 1]);
    }
    const byOffset = new Map<string, Stored>(
      stored.flatMap((records, p) => records.map((r): [string, Stored] => [`${p}:${r.offset}`, r])),
    );
    for (const o of acked) {
      const r = byOffset.get(`${o.partition}:${o.offset}`);
      expect(r && { key: r.key, value: r.value }, `send ${o.index} at ${o.partition}:${o.offset}`).to.deep.equal({
        key: o.key,
        value: o.value,
      });
    }
  });
});

async function readAll(cluster: TestCluster): Promise<Stored[][]> {
  const reader = new Cluster({ brokers: cluster.bootstrap().split(',') });
  try {
    const partitions: Stored[][] = [];
    for (let p = 0; p < PARTITIONS; p++) {
      const records: Stored[] = [];
      for (const batch of await readBatches(reader, TOPIC, p)) {
        for (const r of batch.records)
          records.push({
            offset: r.offset,
            key: String(r.key),
            value: String(r.value),
            producerId: batch.header.producerId,
          });
      }
      partitions.push(records);
    }
    return partitions;
  } finally {
    await reader.close();
  }
}
