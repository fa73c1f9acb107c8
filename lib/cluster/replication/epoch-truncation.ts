// Both halves of truncation by leader epoch (KIP-101, KIP-279), as pure functions: the leader's
// answer to "where does epoch E end?" and the follower's decision of where to cut its log from
// that answer (Kafka 2.8's AbstractFetcherThread.getOffsetTruncationState and
// fetchOffsetAndTruncate). A follower never truncates to its own high watermark: when the leader
// cannot answer, it reconciles against the leader's log end and log start offsets instead.
import { UNDEFINED_EPOCH, UNDEFINED_EPOCH_OFFSET, type EpochEndOffset } from '../../storage';

export interface EpochEntry {
  readonly epoch: number;
  readonly startOffset: number;
}

const UNDEFINED: EpochEndOffset = { leaderEpoch: UNDEFINED_EPOCH, endOffset: UNDEFINED_EPOCH_OFFSET };

/**
 * The leader-epoch cache's answer for `requestedEpoch`: the largest known epoch <= requested
 * and the start offset of the next epoch (the log end offset for the latest epoch).
 */
export function endOffsetForEpoch(entries: readonly EpochEntry[], requestedEpoch: number, logEndOffset: number): EpochEndOffset {
  if (requestedEpoch === UNDEFINED_EPOCH || entries.length === 0) return UNDEFINED;
  if (requestedEpoch === entries[entries.length - 1].epoch) return { leaderEpoch: requestedEpoch, endOffset: logEndOffset };
  const higher = entries.findIndex((e) => e.epoch > requestedEpoch);
  if (higher < 0) return UNDEFINED;
  if (higher === 0) return { leaderEpoch: requestedEpoch, endOffset: entries[0].startOffset };
  return { leaderEpoch: entries[higher - 1].epoch, endOffset: entries[higher].startOffset };
}

/**
 * The cache as Kafka's leader holds it: at election the leader records (leaderEpoch -> its log
 * end offset) even before writing in that epoch (KAFKA-7128), so followers holding epochs from
 * a short-lived leader still get a defined answer. Storage records epochs only from batches, so
 * the entry is added here until the first batch of the epoch is appended.
 */
export function withLeaderEpochEntry(entries: readonly EpochEntry[], leaderEpoch: number, startOffset: number): readonly EpochEntry[] {
  const latest = entries[entries.length - 1];
  if (leaderEpoch < 0 || (latest !== undefined && latest.epoch >= leaderEpoch)) return entries;
  return [...entries.filter((e) => e.epoch < leaderEpoch && e.startOffset < startOffset), { epoch: leaderEpoch, startOffset }];
}

/** What the follower knows locally when it reads the leader's answer. */
export interface LocalEpochView {
  logEndOffset: number;
  endOffsetForEpoch(epoch: number): EpochEndOffset;
}

export type TruncationDecision =
  /** The leader could not place the epoch: reconcile against its log end / log start offsets. */
  | { kind: 'unknown' }
  /** Cut the log at `offset` (no-op when >= the log end); when not completed, ask again. */
  | { kind: 'truncate'; offset: number; completed: boolean };

/** Where to cut, given the leader's (epoch, end offset) for the follower's latest epoch. */
export function decideTruncation(leader: EpochEndOffset, local: LocalEpochView): TruncationDecision {
  const logEndOffset = local.logEndOffset;
  if (leader.endOffset === UNDEFINED_EPOCH_OFFSET) return { kind: 'unknown' };
  // A leader on OffsetForLeaderEpoch v0 names no epoch: its offset is the best bound there is.
  if (leader.leaderEpoch === UNDEFINED_EPOCH) return truncate(Math.min(leader.endOffset, logEndOffset), true);
  const mine = local.endOffsetForEpoch(leader.leaderEpoch);
  // No local epoch at or below the leader's: everything we hold from then on is suspect.
  if (mine.endOffset === UNDEFINED_EPOCH_OFFSET) return truncate(Math.min(leader.endOffset, logEndOffset), true);
  // We never had the leader's epoch: cut back to where our older epoch ended and ask again.
  if (mine.leaderEpoch !== leader.leaderEpoch) return truncate(Math.min(mine.endOffset, logEndOffset), false);
  return truncate(Math.min(mine.endOffset, leader.endOffset, logEndOffset), true);
}

function truncate(offset: number, completed: boolean): TruncationDecision {
  return { kind: 'truncate', offset, completed };
}

export type OutOfRangeAction =
  /** Our log runs past the leader's: find the divergence point by epoch first. */
  | { kind: 'truncate-by-epoch' }
  /** Our log runs past the leader's and epochs cannot tell where: cut at the leader's end. */
  | { kind: 'truncate'; offset: number }
  /** Our log is not past the leader's end: the leader's log start decides (decideStartOffset). */
  | { kind: 'check-leader-start' };

/** The leader answered OFFSET_OUT_OF_RANGE; `leaderLogEndOffset` came from ListOffsets(latest). */
export function decideOutOfRange(logEndOffset: number, leaderLogEndOffset: number, epochTruncationAvailable: boolean): OutOfRangeAction {
  if (leaderLogEndOffset >= logEndOffset) return { kind: 'check-leader-start' };
  if (epochTruncationAvailable) return { kind: 'truncate-by-epoch' };
  return { kind: 'truncate', offset: leaderLogEndOffset };
}

export type StartOffsetAction =
  /** The leader deleted everything we have and more: restart our log empty at its log start. */
  | { kind: 'truncate-fully'; offset: number }
  | { kind: 'fetch' };

/** Our log end is not past the leader's: below its log start we must start over there. */
export function decideStartOffset(logEndOffset: number, leaderLogStartOffset: number): StartOffsetAction {
  return leaderLogStartOffset > logEndOffset ? { kind: 'truncate-fully', offset: leaderLogStartOffset } : { kind: 'fetch' };
}
