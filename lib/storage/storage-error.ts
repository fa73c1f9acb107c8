// Errors storage raises toward its callers. Each carries the Kafka error code a handler would put
// on the wire, so the dispatcher can map it without knowing storage. Provisional home: the lead
// may move these onto lib/protocol's error table once that exists.

export const StorageErrorCode = {
  UNKNOWN_SERVER_ERROR: -1,
  OFFSET_OUT_OF_RANGE: 1,
  CORRUPT_MESSAGE: 2,
  RECORD_LIST_TOO_LARGE: 18,
  KAFKA_STORAGE_ERROR: 56,
} as const;

export type StorageErrorName = keyof typeof StorageErrorCode;

export class StorageError extends Error {
  readonly code: number;

  constructor(
    readonly errorName: StorageErrorName,
    message: string,
  ) {
    super(message);
    this.name = 'StorageError';
    this.code = StorageErrorCode[errorName];
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
