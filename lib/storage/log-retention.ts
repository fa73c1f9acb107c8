// Which segments retention may delete (Kafka 2.8 rules): walk from the oldest and stop at the
// first one that is not deletable. A segment qualifies only if everything in it is below the high
// watermark (its upper bound is the next segment's base, or the log end offset for the last), and
// an empty last segment never qualifies.
import { hasDeletePolicy, type LogConfig } from './log-config';
import type { Segment } from './segment';

export type SegmentPredicate = (segment: Segment, next: Segment | undefined) => boolean;

export interface RetentionView {
  segments: readonly Segment[];
  highWatermark: number;
  logEndOffset: number;
}

export function deletableSegments(view: RetentionView, predicate: SegmentPredicate): Segment[] {
  const deletable: Segment[] = [];
  const { segments } = view;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    const next: Segment | undefined = segments[i + 1];
    const upperBound = next !== undefined ? next.baseOffset : view.logEndOffset;
    const isLastAndEmpty = next === undefined && segment.size === 0;
    if (view.highWatermark < upperBound || isLastAndEmpty || !predicate(segment, next)) break;
    deletable.push(segment);
  }
  return deletable;
}

/** retention.ms: the segment's newest record is older than the limit. */
export function retentionTimeBreached(retentionMs: number, nowMs: number): SegmentPredicate {
  return (segment) => nowMs - segment.largestTimestamp() > retentionMs;
}

/** retention.bytes: drop the oldest segments while the log stays at or above the limit without them. */
export function retentionSizeBreached(logSizeBytes: number, retentionBytes: number): SegmentPredicate {
  let excessBytes = logSizeBytes - retentionBytes;
  return (segment) => {
    if (logSizeBytes < retentionBytes || excessBytes - segment.size < 0) return false;
    excessBytes -= segment.size;
    return true;
  };
}

/** Segments wholly below the log start offset (moved by DeleteRecords) go regardless of policy. */
export function logStartOffsetBreached(logStartOffset: number): SegmentPredicate {
  return (_segment, next) => next !== undefined && next.baseOffset <= logStartOffset;
}

export interface RetentionPlan {
  segments: Segment[];
  reasons: string[];
}

/**
 * Kafka's passes in order (log start offset, retention.ms, retention.bytes), each continuing
 * from where the previous one stopped; the size pass sees the size left after the earlier ones.
 */
export function planRetention(
  view: RetentionView,
  logStartOffset: number,
  config: LogConfig,
  nowMs: number,
): RetentionPlan {
  const passes: Array<[string, (remaining: readonly Segment[]) => SegmentPredicate]> = [
    ['below log start offset', () => logStartOffsetBreached(logStartOffset)],
  ];
  if (hasDeletePolicy(config) && config.retentionMs >= 0) {
    passes.push(['retention.ms', () => retentionTimeBreached(config.retentionMs, nowMs)]);
  }
  if (hasDeletePolicy(config) && config.retentionBytes >= 0) {
    const sizeOf = (segments: readonly Segment[]) => segments.reduce((sum, s) => sum + s.size, 0);
    passes.push(['retention.bytes', (remaining) => retentionSizeBreached(sizeOf(remaining), config.retentionBytes)]);
  }
  const plan: RetentionPlan = { segments: [], reasons: [] };
  for (const [reason, predicateFor] of passes) {
    const remaining = view.segments.slice(plan.segments.length);
    const found = deletableSegments({ ...view, segments: remaining }, predicateFor(remaining));
    if (found.length === 0) continue;
    plan.segments.push(...found);
    plan.reasons.push(reason);
  }
  return plan;
}
