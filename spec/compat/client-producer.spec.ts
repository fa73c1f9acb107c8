// Proves that what Samsa's Producer writes is what other clients read: for each codec (none,
// gzip, snappy, lz4) kcat (librdkafka) reads back the same keys, values, headers and timestamps,
// and so does a kafkajs consumer for the codecs kafkajs can decode (none, gzip, and snappy
// through the `snappy` package).
import { expect } from 'chai';
import { CompressionCodecs, CompressionTypes, Kafka, logLevel } from 'kafkajs';
import snappy from 'snappy';
import { Producer } from '../../lib/client/producer';
import type { CompressionName } from '../../lib/protocol/compression';
import { startBroker, stopAllBrokers, TestBroker } from '../helpers/broker';
import { kcatConsumeAll } from '../helpers/kcat';
import { waitUntil } from '../helpers/wait';

interface Expected {
  key: string;
  value: string;
  headers: Record<string, string>;
  timestamp: number;
}

const COUNT = 300;

function expectedMessages(codec: string): Expected[] {
  return Array.from({ length: COUNT }, (_, i) => ({
    key: `${codec}-key-${i % 13}`,
    value: `${codec}-value-${i}-${'x'.repeat(i % 50)}`,
    headers: { n: String(i), codec },
    timestamp: 1700000000000 + i,
  }));
}

/** kafkajs ships only gzip; a raw snappy block codec lets it read the Producer's snappy batches. */
function registerSnappyForKafkajs(): void {
  CompressionCodecs[CompressionTypes.Snappy] = () => ({
    compress: async (encoder: { buffer: Buffer }) => snappy.compress(encoder.buffer),
    decompress: async (buffer: Buffer) => snappy.uncompress(buffer, { asBuffer: true }) as Promise<Buffer>,
  });
}

describe('Samsa Producer read by kcat and kafkajs', function () {
  this.timeout(120000);
  let broker: TestBroker;
  let kafka: Kafka;

  before(async () => {
    broker = await startBroker({
      label: 'compat-client-producer',
      props: { 'num.partitions': 3, 'auto.create.topics.enable': true },
    });
    kafka = new Kafka({
      clientId: 'spec',
      brokers: [broker.bootstrap],
      logLevel: logLevel.NOTHING,
      retry: { retries: 5 },
    });
    registerSnappyForKafkajs();
  });
  after(stopAllBrokers);

  async function produce(topic: string, codec: CompressionName, messages: Expected[]): Promise<void> {
    const producer = new Producer({ brokers: [broker.bootstrap], compression: codec, lingerMs: 20 });
    try {
      const results = await producer.send({
        topic,
        messages: messages.map((m) => ({ key: m.key, value: m.value, headers: m.headers, timestamp: m.timestamp })),
      });
      expect(results).to.have.length(messages.length);
    } finally {
      await producer.close();
    }
  }

  for (const codec of ['none', 'gzip', 'snappy', 'lz4'] as const) {
    it(`kcat reads ${codec} batches back exactly`, async () => {
      const topic = `client-producer-kcat-${codec}`;
      const messages = expectedMessages(codec);
      await produce(topic, codec, messages);
      const read = await kcatConsumeAll(broker.bootstrap, topic);
      const seen = read.map((m) => {
        const raw = (m as unknown as { headers?: string[] }).headers ?? [];
        const headers: Record<string, string> = {};
        for (let i = 0; i < raw.length; i += 2) headers[raw[i]] = raw[i + 1];
        return { key: m.key as string, value: m.payload as string, headers, timestamp: m.ts };
      });
      expect(sortByValue(seen)).to.deep.equal(sortByValue(messages));
    });
  }

  for (const codec of ['none', 'gzip', 'snappy'] as const) {
    it(`a kafkajs consumer reads ${codec} batches back exactly`, async () => {
      const topic = `client-producer-kafkajs-${codec}`;
      const messages = expectedMessages(codec);
      await produce(topic, codec, messages);
      const seen: Expected[] = [];
      const consumer = kafka.consumer({ groupId: `client-producer-${codec}`, maxWaitTimeInMs: 200 });
      await consumer.connect();
      try {
        await consumer.subscribe({ topics: [topic], fromBeginning: true });
        await consumer.run({
          eachMessage: async ({ message }) => {
            const headers: Record<string, string> = {};
            for (const [k, v] of Object.entries(message.headers ?? {})) headers[k] = String(v);
            seen.push({
              key: String(message.key),
              value: String(message.value),
              headers,
              timestamp: Number(message.timestamp),
            });
          },
        });
        await waitUntil(() => seen.length >= COUNT, {
          timeoutMs: 60000,
          message: `kafkajs to read ${COUNT} ${codec} messages`,
        });
      } finally {
        await consumer.disconnect();
      }
      expect(sortByValue(seen)).to.deep.equal(sortByValue(messages));
    });
  }
});

function sortByValue(messages: Expected[]): Expected[] {
  return [...messages].sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}
