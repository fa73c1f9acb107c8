// The typed error broker code throws when a request must fail with a Kafka error code. It
// carries the code to the dispatcher (or into a per-partition result); nothing else decides
// what goes on the wire.
import { errorInfo, ErrorCode } from './error-codes';
import type { Logger } from '../util/logger';

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

/**
 * The wire error code of anything a handler caught: a KafkaError's code, a typed error's
 * numeric `code` (storage), else UNKNOWN_SERVER_ERROR, logged because it is a bug.
 */
export function errorOf(err: unknown, logger: Logger): { errorCode: number; errorMessage: string | null } {
  if (err instanceof KafkaError) return { errorCode: err.code, errorMessage: err.message };
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'number') return { errorCode: code, errorMessage: (err as Error).message };
  logger.error(`unexpected error: ${(err as Error).stack ?? String(err)}`);
  return { errorCode: ErrorCode.UNKNOWN_SERVER_ERROR, errorMessage: null };
}
