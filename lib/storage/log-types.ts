// Shapes exchanged with PartitionLog's callers (replica manager, fetch and produce handlers).
import type { Clock } from '../util/clock';
import type { Logger } from '../util/logger';
import type { FileDeleter } from './file-deleter';
import type { LogDirFailureChannel } from './log-dir-failure-channel';
import type { LogConfig } from './log-config';

export interface PartitionLogOptions {
  dir: string;
  config: LogConfig;
  clock?: Clock;
  logger?: Logger;
  /** The log dir held .kafka_cleanshutdown: skip recovery. */
  hadCleanShutdown?: boolean;
  /** From recovery-point-offset-checkpoint (default 0: recover everything after a crash). */
  recoveryPoint?: number;
  /** From log-start-offset-checkpoint (default: the first segment's base offset). */
  logStartOffset?: number;
  /** From replication-offset-checkpoint; clamped to [log start, log end]. */
  highWatermark?: number;
  /** Shared with the log manager so pending removals can run at shutdown. */
  deleter?: FileDeleter;
  /** Shared with the log manager: where I/O errors take the log dir offline (default: the log's own). */
  failureChannel?: LogDirFailureChannel;
  /** Source of segment roll jitter; injectable for specs. */
  random?: () => number;
}

export interface AppendInfo {
  /** -1 when the batch set was empty. */
  firstOffset: number;
  lastOffset: number;
  /** The broker time stamped on the batches, or -1 under CreateTime. */
  logAppendTimeMs: number;
  logStartOffset: number;
  maxTimestamp: number;
  recordCount: number;
}

export interface ReadOptions {
  /** Exclusive upper bound, e.g. the high watermark for consumers; defaults to the log end offset. */
  maxOffset?: number;
  /** Return the first batch whole even when it exceeds maxBytes (so a consumer always progresses). */
  minOneMessage: boolean;
}

export interface ReadResult {
  records: Buffer;
  firstBatchOffset?: number;
}
