// A partition leader's decisions about its followers, as pure functions (Kafka 2.8's
// Replica.updateFetchState, Partition.getOutOfSyncReplicas / isFollowerAtHighwatermark /
// maybeIncrementLeaderHW): how a fetch moves a follower's caught-up clock, which ISR members fell
// out of sync, whether a follower may join the ISR, and how far the high watermark may move.
// No clock, no I/O: the caller passes times and offsets in.

/** A follower position the leader has not learned yet (no fetch since it became leader). */
export const UNKNOWN_OFFSET = -1;

/** What the leader knows about one follower, refreshed by each of its fetches. */
export interface FollowerFetchState {
  readonly brokerId: number;
  /** The fetch offset of the follower's latest fetch: it has every record below it. */
  readonly logEndOffset: number;
  readonly logStartOffset: number;
  /** The leader's log end offset when the follower's previous fetch was served, and when. */
  readonly lastFetchLeaderLogEndOffset: number;
  readonly lastFetchTimeMs: number;
  /** The last time the follower held everything the leader held then (the ISR lag clock). */
  readonly lastCaughtUpTimeMs: number;
}

/** A follower this leader has never heard from. */
export function unknownFollower(brokerId: number): FollowerFetchState {
  return {
    brokerId,
    logEndOffset: UNKNOWN_OFFSET,
    logStartOffset: UNKNOWN_OFFSET,
    lastFetchLeaderLogEndOffset: UNKNOWN_OFFSET,
    lastFetchTimeMs: 0,
    lastCaughtUpTimeMs: 0,
  };
}

/**
 * A follower fetched at `fetchOffset` while the leader's log ended at `leaderLogEndOffset`. It
 * is caught up "now" if it asked for everything the leader has, and caught up "as of the previous
 * fetch" if it asked for everything the leader had then.
 */
export function afterFollowerFetch(
  state: FollowerFetchState,
  fetchOffset: number,
  followerLogStartOffset: number,
  fetchTimeMs: number,
  leaderLogEndOffset: number,
): FollowerFetchState {
  let lastCaughtUpTimeMs = state.lastCaughtUpTimeMs;
  if (fetchOffset >= leaderLogEndOffset) {
    lastCaughtUpTimeMs = Math.max(lastCaughtUpTimeMs, fetchTimeMs);
  } else if (fetchOffset >= state.lastFetchLeaderLogEndOffset) {
    lastCaughtUpTimeMs = Math.max(lastCaughtUpTimeMs, state.lastFetchTimeMs);
  }
  return {
    brokerId: state.brokerId,
    logEndOffset: fetchOffset,
    logStartOffset: followerLogStartOffset,
    lastFetchLeaderLogEndOffset: leaderLogEndOffset,
    lastFetchTimeMs: fetchTimeMs,
    lastCaughtUpTimeMs,
  };
}

/**
 * The leader (re)starts leading at `leaderEpochStartOffset`: ISR members get a full lag window
 * from now, others none. A broker that was not leader before knows no follower position.
 */
export function onLeadership(
  state: FollowerFetchState,
  leaderEpochStartOffset: number,
  nowMs: number,
  inIsr: boolean,
  wasLeader: boolean,
): FollowerFetchState {
  const lastCaughtUpTimeMs = inIsr ? nowMs : 0;
  if (!wasLeader) return { ...unknownFollower(state.brokerId), lastCaughtUpTimeMs };
  return { ...state, lastFetchLeaderLogEndOffset: leaderEpochStartOffset, lastFetchTimeMs: nowMs, lastCaughtUpTimeMs };
}

/**
 * ISR members (other than the leader) to remove: those not at the leader's log end whose last
 * caught-up time is more than maxLagMs ago. An ISR member the leader does not track (not in the
 * assignment) cannot fetch, so it is out of sync too.
 */
export function outOfSyncReplicas(
  isr: readonly number[],
  localBrokerId: number,
  followers: ReadonlyMap<number, FollowerFetchState>,
  leaderLogEndOffset: number,
  nowMs: number,
  maxLagMs: number,
): number[] {
  return isr.filter((id) => {
    if (id === localBrokerId) return false;
    const follower = followers.get(id);
    if (!follower) return true;
    return follower.logEndOffset !== leaderLogEndOffset && nowMs - follower.lastCaughtUpTimeMs > maxLagMs;
  });
}

/**
 * A follower may join the ISR once it has everything below the high watermark and has reached
 * the current leader epoch (so it holds nothing from an older epoch the leader lacks).
 */
export function canJoinIsr(
  followerLogEndOffset: number,
  highWatermark: number,
  leaderEpochStartOffset: number | null,
): boolean {
  if (leaderEpochStartOffset === null || followerLogEndOffset === UNKNOWN_OFFSET) return false;
  return followerLogEndOffset >= highWatermark && followerLogEndOffset >= leaderEpochStartOffset;
}

/**
 * The offset the high watermark may move to: the smallest log end offset among the leader and
 * the followers that are in the maximal ISR or caught up within maxLagMs (a follower about to
 * join must not be overtaken). The caller only ever moves the high watermark forward.
 */
export function highWatermarkCandidate(
  leaderLogEndOffset: number,
  followers: Iterable<FollowerFetchState>,
  maximalIsr: readonly number[],
  nowMs: number,
  maxLagMs: number,
): number {
  let candidate = leaderLogEndOffset;
  for (const follower of followers) {
    if (follower.logEndOffset >= candidate) continue;
    if (maximalIsr.includes(follower.brokerId) || nowMs - follower.lastCaughtUpTimeMs <= maxLagMs) {
      candidate = follower.logEndOffset;
    }
  }
  return candidate;
}

/** A proposed ISR change waiting for the controller's answer (Kafka's PendingExpandIsr/PendingShrinkIsr). */
export interface PendingIsrChange {
  readonly kind: 'expand' | 'shrink';
  readonly isr: readonly number[];
}

/**
 * The ISR used for the high watermark and acks while a change is pending: a pending expansion
 * already counts (the controller may have written it), a pending shrink does not yet.
 */
export function maximalIsr(isr: readonly number[], pending: PendingIsrChange | null): readonly number[] {
  if (pending === null || pending.kind === 'shrink') return isr;
  return [...new Set([...isr, ...pending.isr])];
}
