// Opening a partition directory: clear leftovers of interrupted operations, open the segments,
// recover what may be torn (everything from the recovery point on after an unclean shutdown, and
// any segment with a missing or torn index), and settle the offsets the log starts with.
import fs from 'fs';
import path from 'path';
import type { Logger } from '../util/logger';
import { baseOffsetAt, partitionLeaderEpochAt } from '../protocol/batch-header';
import type { FileDeleter } from './file-deleter';
import type { LeaderEpochCache } from './leader-epoch-cache';
import {
  CLEANED_FILE_SUFFIX,
  DELETED_FILE_SUFFIX,
  INDEX_FILE_SUFFIX,
  LOG_FILE_SUFFIX,
  parseLogFileName,
  SWAP_FILE_SUFFIX,
  TIME_INDEX_FILE_SUFFIX,
} from './log-files';
import { SegmentList } from './log-segments';
import type { Segment } from './segment';

export interface SegmentFactory {
  open(baseOffset: number): Segment;
  create(baseOffset: number): Segment;
}

export interface LoadParams {
  dir: string;
  segmentFactory: SegmentFactory;
  epochCache: LeaderEpochCache;
  deleter: FileDeleter;
  fileDeleteDelayMs: number;
  logger: Logger;
  hadCleanShutdown: boolean;
  /** From recovery-point-offset-checkpoint; 0 when absent. */
  recoveryPoint: number;
  /** From log-start-offset-checkpoint; undefined when absent. */
  logStartOffset: number | undefined;
}

export interface LoadedLog {
  segments: SegmentList;
  logStartOffset: number;
  logEndOffset: number;
  recoveryPoint: number;
}

export function loadLog(params: LoadParams): LoadedLog {
  fs.mkdirSync(params.dir, { recursive: true });
  const baseOffsets = removeLeftoversAndListSegments(params.dir, params.logger);
  const segments = new SegmentList();
  for (const baseOffset of baseOffsets) segments.add(openSegment(params, baseOffset));
  if (!params.hadCleanShutdown) recoverUnflushed(params, segments);
  const checkpointedStart = params.logStartOffset ?? 0;
  if (segments.count > 0 && segments.active().readNextOffset() < checkpointedStart) {
    params.logger.warn(
      `${params.dir}: log end offset below log start offset ${checkpointedStart}; deleting all segments`,
    );
    deleteSegments(params, segments, segments.all());
  }
  if (segments.count === 0) segments.add(params.segmentFactory.create(checkpointedStart));
  const logEndOffset = segments.active().readNextOffset();
  const logStartOffset = Math.max(checkpointedStart, segments.first()?.baseOffset ?? 0);
  const recoveryPoint = params.hadCleanShutdown ? logEndOffset : Math.min(params.recoveryPoint, logEndOffset);
  params.epochCache.truncateFromEnd(logEndOffset);
  params.epochCache.truncateFromStart(logStartOffset);
  return { segments, logStartOffset, logEndOffset, recoveryPoint };
}

/** Removes files of interrupted deletions/cleanings and orphan indexes; returns segment base offsets. */
function removeLeftoversAndListSegments(dir: string, logger: Logger): number[] {
  const names = fs.readdirSync(dir);
  const logBases = new Set<string>();
  const baseOffsets: number[] = [];
  for (const name of names) {
    const baseOffset = parseLogFileName(name);
    if (baseOffset === null) continue;
    logBases.add(name.slice(0, -LOG_FILE_SUFFIX.length));
    baseOffsets.push(baseOffset);
  }
  for (const name of names) {
    // Samsa never writes .cleaned/.swap (no cleaner yet), so such files are foreign leftovers.
    const leftover = [DELETED_FILE_SUFFIX, CLEANED_FILE_SUFFIX, SWAP_FILE_SUFFIX, '.tmp'].some((s) => name.endsWith(s));
    const index = [INDEX_FILE_SUFFIX, TIME_INDEX_FILE_SUFFIX].find((s) => name.endsWith(s));
    const orphanIndex = index !== undefined && !logBases.has(name.slice(0, -index.length));
    if (leftover || orphanIndex) {
      logger.info(`${dir}: removing leftover file ${name}`);
      fs.rmSync(path.join(dir, name), { force: true });
    }
  }
  return baseOffsets.sort((a, b) => a - b);
}

function openSegment(params: LoadParams, baseOffset: number): Segment {
  const segment = params.segmentFactory.open(baseOffset);
  if (!segment.isIndexSane()) {
    const truncated = segment.recover((bytes, at) => assignEpoch(params.epochCache, bytes, at));
    params.logger.warn(
      `${params.dir}: rebuilt indexes of segment ${baseOffset}` +
        (truncated > 0 ? `, truncated ${truncated} invalid bytes` : ''),
    );
  }
  return segment;
}

/**
 * Unclean shutdown: everything from the segment holding the recovery point on may be torn. The
 * first segment with invalid bytes ends the log; later segments are deleted.
 */
function recoverUnflushed(params: LoadParams, segments: SegmentList): void {
  const unflushed = segments.range(params.recoveryPoint, Number.POSITIVE_INFINITY);
  for (let i = 0; i < unflushed.length; i++) {
    const segment = unflushed[i];
    const truncated = segment.recover((bytes, at) => assignEpoch(params.epochCache, bytes, at));
    if (truncated === 0) continue;
    params.logger.warn(
      `${params.dir}: recovery truncated ${truncated} invalid bytes from segment ${segment.baseOffset}`,
    );
    deleteSegments(params, segments, unflushed.slice(i + 1));
    return;
  }
}

/** Recovery rebuilds the epoch history from the batches themselves (only increasing epochs). */
function assignEpoch(cache: LeaderEpochCache, bytes: Buffer, at: number): void {
  const epoch = partitionLeaderEpochAt(bytes, at);
  if (epoch >= 0 && epoch > cache.latestEpoch()) cache.assign(epoch, baseOffsetAt(bytes, at));
}

function deleteSegments(params: LoadParams, segments: SegmentList, doomed: readonly Segment[]): void {
  if (doomed.length === 0) return;
  const list = [...doomed];
  segments.remove(list);
  for (const segment of list) params.deleter.schedule(segment.renameForDeletion(), params.fileDeleteDelayMs);
}
