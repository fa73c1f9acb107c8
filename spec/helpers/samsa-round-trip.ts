// Samsa's own producer and consumer through one listener with the given security: the values sent
// to partition 0 of a topic, read back from the start. The TLS and SASL_SSL compatibility specs
// use it to show Samsa's client speaks those protocols as kcat, kafkajs and kafka-python do.
import { Consumer, Producer } from '../../lib/client';
import type { ConnectionSecurity } from '../../lib/network/connection';

export async function samsaRoundTrip(
  bootstrap: string,
  security: ConnectionSecurity,
  topic: string,
  values: string[],
): Promise<string[]> {
  const producer = new Producer({ brokers: [bootstrap], security });
  await producer.send({ topic, messages: values.map((value) => ({ value })) });
  await producer.close();
  const consumer = new Consumer({ brokers: [bootstrap], security, fromBeginning: true });
  const read: string[] = [];
  try {
    await consumer.connect();
    consumer.assign([{ topic, partition: 0 }]);
    for await (const message of consumer) {
      read.push(String(message.value));
      if (read.length === values.length) break;
    }
  } finally {
    await consumer.close();
  }
  return read;
}
