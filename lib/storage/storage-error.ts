// Errors storage raises toward its callers. A StorageError is a KafkaError named by its Kafka
// error (protocol/error-codes.ts), so the dispatcher maps it like any other without knowing storage.
import { ErrorCode, ErrorName } from '../protocol/error-codes';
import { KafkaError } from '../protocol/kafka-error';

/** The Kafka errors storage raises. */
export type StorageErrorName = Extract<
  ErrorName,
  'UNKNOWN_SERVER_ERROR' | 'OFFSET_OUT_OF_RANGE' | 'CORRUPT_MESSAGE' | 'RECORD_LIST_TOO_LARGE' | 'KAFKA_STORAGE_ERROR'
>;

export class StorageError extends KafkaError {
  constructor(errorName: StorageErrorName, message: string) {
    super(ErrorCode[errorName], message);
    this.name = 'StorageError';
  }
}

/** Raised when a file on disk breaks an invariant storage relies on (torn batch, bad index). */
export class CorruptStorageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CorruptStorageError';
  }
}

/** A crash beats a wrong answer: used for invariants whose violation means a storage bug. */
export function assertStorage(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(`storage invariant violated: ${message}`);
}
