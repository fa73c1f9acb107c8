// What the console's group specs share: a broker with its operator port, a topic with known
// messages per partition, a group member that commits chosen offsets, and reading the
// Prometheus text and committed offsets back.
import { expect } from 'chai';
import { startBroker, type TestBroker } from '../helpers/broker';
import { waitUntil } from '../helpers/wait';
import { Admin } from '../../lib/client/admin';
import { Producer } from '../../lib/client/producer';
import { Consumer } from '../../lib/client/consumer';
import { parsePrometheus } from '../helpers/prometheus';

export async function startConsoleBroker(
  label: string,
  cluster: { brokerId?: number; connectString?: string } = {},
): Promise<TestBroker & { url: string }> {
  const broker = await startBroker({
    label,
    ...cluster,
    props: {
      'samsa.http.listener': 'http://127.0.0.1:0',
      'offsets.topic.num.partitions': 3,
      'offsets.topic.replication.factor': 1,
      'group.initial.rebalance.delay.ms': 0,
    },
  });
  if (broker.http === null) throw new Error('the operator port did not start');
  return Object.assign(broker, { url: broker.http.url.replace('0.0.0.0', '127.0.0.1') });
}

/** Message i of every partition has timestamp BASE_TIMESTAMP_MS + i s (recent enough for retention). */
export const BASE_TIMESTAMP_MS = Math.floor(Date.now() / 1000) * 1000 - 600_000;

/**
 * Creates `topic` and writes `perPartition[p]` messages to partition p: key k<p>-<i>, value
 * {"p":p,"i":i}, header source=spec, timestamp BASE_TIMESTAMP_MS + i s.
 */
export async function produceKnown(bootstrap: string, topic: string, perPartition: number[]): Promise<void> {
  const admin = await Admin.connect(bootstrap);
  try {
    await admin.createTopics([{ topic, numPartitions: perPartition.length, replicationFactor: 1 }]);
  } finally {
    await admin.close();
  }
  const producer = new Producer({ brokers: [bootstrap], acks: 'all', allowAutoTopicCreation: false });
  await producer.connect();
  try {
    for (const [partition, count] of perPartition.entries()) {
      const messages = Array.from({ length: count }, (_, i) => ({
        partition,
        key: `k${partition}-${i}`,
        value: JSON.stringify({ p: partition, i }),
        headers: { source: 'spec' },
        timestamp: BASE_TIMESTAMP_MS + i * 1000,
      }));
      if (messages.length > 0) await producer.send({ topic, messages });
    }
  } finally {
    await producer.close();
  }
}

/** A live group member of `topic` that commits the offsets it is told to. */
export class CommittingMember {
  readonly consumer: Consumer;
  private running: Promise<void> | null = null;

  constructor(bootstrap: string, group: string, clientId = 'spec-member') {
    this.consumer = new Consumer({
      brokers: [bootstrap],
      groupId: group,
      clientId,
      autoCommit: false,
      fromBeginning: true,
      sessionTimeoutMs: 10_000,
      heartbeatIntervalMs: 500,
      maxWaitMs: 200,
    });
  }

  async join(topic: string, partitions: number): Promise<void> {
    await this.consumer.connect();
    this.consumer.subscribe([topic]);
    this.running = this.consumer.run({ eachMessage: () => undefined });
    await waitUntil(() => this.consumer.assignment().length === partitions, {
      timeoutMs: 20_000,
      message: `member of ${topic} assigned ${partitions} partitions`,
    });
  }

  commit(topic: string, offsets: number[]): Promise<void> {
    return this.consumer.commit(offsets.map((offset, partition) => ({ topic, partition, offset })));
  }

  async leave(): Promise<void> {
    await this.consumer.close();
    await this.running?.catch(() => undefined);
  }
}

/** The samples of one metric from Prometheus text: labels → value. */
export function samples(text: string, name: string): Array<{ labels: Record<string, string>; value: number }> {
  return parsePrometheus(text)
    .samples.filter((s) => s.name === name)
    .map((s) => ({ labels: s.labels, value: s.value }));
}

export async function committedOffsets(bootstrap: string, group: string, topic: string): Promise<number[]> {
  const admin = await Admin.connect(bootstrap);
  try {
    const offsets = (await admin.fetchOffsets(group, [topic])).sort((a, b) => a.partition - b.partition);
    return offsets.map((o) => o.offset);
  } finally {
    await admin.close();
  }
}

export async function getText(url: string): Promise<{ status: number; text: string }> {
  const response = await fetch(url);
  return { status: response.status, text: await response.text() };
}

export async function postForm(
  url: string,
  form: Record<string, string>,
): Promise<{ status: number; text: string; location: string | null }> {
  const response = await fetch(url, { method: 'POST', body: new URLSearchParams(form), redirect: 'manual' });
  return { status: response.status, text: await response.text(), location: response.headers.get('location') };
}

export function expectStatus(result: { status: number; text: string }, status: number): void {
  expect(result.status, result.text).to.equal(status);
}
