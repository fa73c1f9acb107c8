// Where a partition log's reads lie: which segment and byte range a fetch reads, whether those
// bytes are the active segment's recently written tail (read on the event loop: the page cache
// holds them and a thread-pool hop costs more than the copy) or colder data (read off the loop),
// and Kafka's LogOffsetMetadata arithmetic — the bytes between two log positions — with which a
// long-poll fetch counts what has arrived without reading it.
import type { ReadOptions } from './log-types';
import type { SegmentList } from './log-segments';
import type { ReadPlan, Segment } from './segment';
import { StorageError } from './storage-error';

/** Reads starting this close to the active segment's end stay on the event loop. */
export const HOT_TAIL_BYTES = 4 * 1024 * 1024;

/** An offset's place in the log: the segment holding it and the byte position of its batch. */
export interface LogPosition {
  segmentBaseOffset: number;
  position: number;
}

export interface LogView {
  name: string;
  segments: SegmentList;
  logStartOffset: number;
  logEndOffset: number;
}

export interface PlannedRead {
  segment: Segment;
  plan: ReadPlan;
}

/** The segment and bytes a read of fetchOffset covers; null when nothing is visible there yet. */
export function planLogRead(
  view: LogView,
  fetchOffset: number,
  maxBytes: number,
  options: ReadOptions,
): PlannedRead | null {
  const { segments, logStartOffset, logEndOffset } = view;
  if (fetchOffset < logStartOffset || fetchOffset > logEndOffset) {
    throw new StorageError(
      'OFFSET_OUT_OF_RANGE',
      `offset ${fetchOffset} is outside [${logStartOffset}, ${logEndOffset}] of ${view.name}`,
    );
  }
  const bound = Math.min(options.maxOffset ?? logEndOffset, logEndOffset);
  if (fetchOffset >= bound) return null;
  for (let segment = segments.floor(fetchOffset); segment; segment = segments.next(segment)) {
    const maxPosition = segments.positionOf(segment, bound, logEndOffset);
    const plan = segment.planRead(fetchOffset, maxBytes, maxPosition, options.minOneMessage);
    if (plan !== null) return { segment, plan };
  }
  return null;
}

/** True for bytes the active segment received recently: the page cache serves them at once. */
export function isHotTail(segments: SegmentList, { segment, plan }: PlannedRead): boolean {
  return segment === segments.active() && plan.position >= segment.size - HOT_TAIL_BYTES;
}

/** Where `offset` begins; the log end offset is the active segment's end. */
export function positionOfOffset(view: LogView, offset: number): LogPosition {
  const active = view.segments.active();
  const segment = offset >= view.logEndOffset ? active : (view.segments.floor(offset) ?? view.segments.first()!);
  const position =
    segment === active && offset >= view.logEndOffset
      ? active.size
      : view.segments.positionOf(segment, offset, view.logEndOffset);
  return { segmentBaseOffset: segment.baseOffset, position };
}

/**
 * Bytes stored from `from` up to `to`, across segment rolls; negative when `to` lies before
 * `from` (the log was truncated under a waiting fetch). A segment deleted since `from` was taken
 * counts as empty.
 */
export function bytesBetween(segments: SegmentList, from: LogPosition, to: LogPosition): number {
  if (from.segmentBaseOffset === to.segmentBaseOffset) return to.position - from.position;
  if (to.segmentBaseOffset < from.segmentBaseOffset) return -1;
  let total = to.position - from.position;
  for (const segment of segments.range(from.segmentBaseOffset, to.segmentBaseOffset)) {
    if (segment.baseOffset >= from.segmentBaseOffset) total += segment.size;
  }
  return total;
}
