// The Kafka error code a synchronous call throws, for specs that judge which code a rule picks;
// anything but a KafkaError (or no error at all) fails the spec.
import { expect } from 'chai';
import { KafkaError } from '../../lib/protocol/kafka-error';

export function kafkaErrorCodeOf(fn: () => unknown): number {
  try {
    fn();
  } catch (err) {
    expect(err).to.be.instanceOf(KafkaError);
    return (err as KafkaError).code;
  }
  throw new Error('expected a KafkaError');
}
