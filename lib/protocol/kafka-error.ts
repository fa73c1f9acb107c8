// The typed error broker code throws when a request must fail with a Kafka error code, and the
// one mapping from anything thrown to a wire code. The dispatcher applies it to a whole request;
// `settle` applies it to one item of a request (a partition, a topic) that fails on its own.
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

/** An error carrying no Kafka code is a bug in the broker, not an answer to the client. */
export function isUnexpected(err: unknown): boolean {
  return !(err instanceof KafkaError);
}

/** The wire code of anything thrown: a KafkaError's (StorageError is one), else UNKNOWN_SERVER_ERROR. */
export function errorCodeOf(err: unknown): number {
  return err instanceof KafkaError ? err.code : ErrorCode.UNKNOWN_SERVER_ERROR;
}

export interface ErrorResult {
  errorCode: number;
  errorMessage: string | null;
}

/**
 * The code and message one failed item of a request carries. An unexpected error is logged
 * here with its stack, because it reaches no dispatcher log.
 */
export function errorOf(err: unknown, logger: Logger): ErrorResult {
  if (err instanceof KafkaError) return { errorCode: err.code, errorMessage: err.message };
  logger.error(`unexpected error: ${describeError(err)}`);
  return { errorCode: ErrorCode.UNKNOWN_SERVER_ERROR, errorMessage: null };
}

/** Runs one item's work; a throw becomes `recover(code, message)`, so the other items go on. */
export function settle<T>(work: () => T, recover: (failure: ErrorResult) => T, logger: Logger): T {
  try {
    return work();
  } catch (err) {
    return recover(errorOf(err, logger));
  }
}

/** `settle` for asynchronous work. */
export async function settleAsync<T>(
  work: () => Promise<T>,
  recover: (failure: ErrorResult) => T,
  logger: Logger,
): Promise<T> {
  try {
    return await work();
  } catch (err) {
    return recover(errorOf(err, logger));
  }
}

export function describeError(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}
