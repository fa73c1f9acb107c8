// The follower's half of truncation by leader epoch (KIP-101, KIP-279), as pure functions: where
// to cut its log from the leader's answer to "where does epoch E end?" (Kafka 2.8's
// AbstractFetcherThread.getOffsetTruncationState and fetchOffsetAndTruncate). The leader's half
// is its leader-epoch cache (storage), which holds the leader's own epoch from its election on.
// A follower never truncates to its own high watermark: when the leader cannot answer, it
// reconciles against the leader's log end and log start offsets instead.
import { UNDEFINED_EPOCH, UNDEFINED_EPOCH_OFFSET, type EpochEndOffset } from '../../storage';

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
export function decideOutOfRange(
  logEndOffset: number,
  leaderLogEndOffset: number,
  epochTruncationAvailable: boolean,
): OutOfRangeAction {
  if (leaderLogEndOffset >= logEndOffset) return { kind: 'check-leader-start' };
  if (epochTruncationAvailable) return { kind: 'truncate-by-epoch' };
  return { kind: 'truncate', offset: leaderLogEndOffset };
}

export type StartOffsetAction =
  /** The leader deleted everything we have and more: restart our log empty at its log start. */
  { kind: 'truncate-fully'; offset: number } | { kind: 'fetch' };

/** Our log end is not past the leader's: below its log start we must start over there. */
export function decideStartOffset(logEndOffset: number, leaderLogStartOffset: number): StartOffsetAction {
  return leaderLogStartOffset > logEndOffset
    ? { kind: 'truncate-fully', offset: leaderLogStartOffset }
    : { kind: 'fetch' };
}
