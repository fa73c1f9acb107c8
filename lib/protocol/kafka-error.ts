// The typed error broker code throws when a request must fail with a Kafka error code. It
// carries the code to the dispatcher (or into a per-partition result); nothing else decides
// what goes on the wire.
import { errorInfo } from './error-codes';

export class KafkaError extends Error {
  readonly code: number;
  readonly retriable: boolean;
  /** Kafka's name for the code, e.g. CORRUPT_MESSAGE. */
  readonly errorName: string;

  constructor(code: number, message?: string) {
    const info = errorInfo(code);
    super(message ?? info.message);
    this.name = 'KafkaError';
    this.code = code;
    this.retriable = info.retriable;
    this.errorName = info.name;
  }
}

export function isKafkaError(error: unknown): error is KafkaError {
  return error instanceof KafkaError;
}
