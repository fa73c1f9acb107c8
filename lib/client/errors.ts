// The client's one error type. Every failure a caller can see — a broker's error code, a lost
// connection, a timeout, a bad argument — is a ClientError with a stable string `code` (Kafka's
// error name for broker errors), whether retrying can help, and per-partition detail when a
// request failed for some partitions only.
import { errorInfo, ErrorCode } from '../protocol/error-codes';
import { KafkaError } from '../protocol/kafka-error';
import { ConnectionError } from '../network/connection';

/** Codes of failures that are not broker error codes. */
export type LocalErrorCode =
  | 'UNKNOWN'
  | 'REBALANCE_FAILED'
  | 'CONNECTION'
  | 'REQUEST_TIMED_OUT_LOCALLY'
  | 'INVALID_ARGUMENT'
  | 'CLOSED'
  | 'NO_BROKERS'
  | 'UNSUPPORTED_BY_BROKER';

export interface PartitionFailure {
  topic: string;
  partition: number;
  code: string;
  errorCode: number;
  message: string;
}

export class ClientError extends Error {
  /** Kafka's error name (e.g. NOT_LEADER_OR_FOLLOWER) or one of LocalErrorCode. */
  readonly code: string;
  /** The wire error code for broker errors, null for local ones. */
  readonly errorCode: number | null;
  readonly retriable: boolean;
  readonly partitions: PartitionFailure[];

  constructor(
    code: string,
    message: string,
    options: { errorCode?: number | null; retriable?: boolean; partitions?: PartitionFailure[]; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ClientError';
    this.code = code;
    this.errorCode = options.errorCode ?? null;
    this.retriable = options.retriable ?? false;
    this.partitions = options.partitions ?? [];
  }

  /** A broker's error code as a ClientError; `context` says what it was answering. */
  static fromErrorCode(errorCode: number, context: string, serverMessage?: string | null): ClientError {
    const info = errorInfo(errorCode);
    const text = serverMessage ? `${info.name}: ${serverMessage}` : `${info.name}: ${info.message}`;
    return new ClientError(info.name, `${context}: ${text}`, { errorCode, retriable: info.retriable });
  }

  static forPartition(topic: string, partition: number, errorCode: number, serverMessage?: string | null): ClientError {
    const error = ClientError.fromErrorCode(errorCode, `${topic}-${partition}`, serverMessage);
    return new ClientError(error.code, error.message, {
      errorCode,
      retriable: error.retriable,
      partitions: [{ topic, partition, code: error.code, errorCode, message: error.message }],
    });
  }
}

/** Wraps whatever a request threw into a ClientError (network failures are retriable). */
export function toClientError(error: unknown, context: string): ClientError {
  if (error instanceof ClientError) return error;
  if (error instanceof KafkaError) return ClientError.fromErrorCode(error.code, context, error.message);
  if (error instanceof ConnectionError) {
    const timedOut = /timed out/.test(error.message);
    return new ClientError(timedOut ? 'REQUEST_TIMED_OUT_LOCALLY' : 'CONNECTION', `${context}: ${error.message}`, {
      retriable: true,
      cause: error,
    });
  }
  return new ClientError('UNKNOWN', `${context}: ${(error as Error).message ?? String(error)}`, { cause: error });
}

/** Throws a ClientError for a non-zero error code. */
export function throwIfError(errorCode: number, context: string, serverMessage?: string | null): void {
  if (errorCode !== ErrorCode.NONE) throw ClientError.fromErrorCode(errorCode, context, serverMessage);
}

/** Error codes after which a fresh metadata request may find the right broker. */
export function needsMetadataRefresh(errorCode: number | null): boolean {
  return (
    errorCode === ErrorCode.NOT_LEADER_OR_FOLLOWER ||
    errorCode === ErrorCode.UNKNOWN_TOPIC_OR_PARTITION ||
    errorCode === ErrorCode.LEADER_NOT_AVAILABLE ||
    errorCode === ErrorCode.FENCED_LEADER_EPOCH ||
    errorCode === ErrorCode.UNKNOWN_LEADER_EPOCH ||
    errorCode === ErrorCode.NOT_COORDINATOR ||
    errorCode === ErrorCode.COORDINATOR_NOT_AVAILABLE ||
    errorCode === null
  );
}
