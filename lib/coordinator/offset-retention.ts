// Offset retention (Kafka's offsets.retention.minutes, checked every
// offsets.retention.check.interval.ms): the committed offsets of a group without members are
// removed from ZooKeeper once the group has been idle longer than the retention.
//
// Groups live only in the coordinator's memory, and a group that only commits (generation -1)
// or whose coordinator moved has no state here, so the commit time is the newest mtime of the
// group's offset znodes. A group seen with members at a check counts as active at that check, so
// offsets of a group that stayed Stable without committing are kept for a full retention after
// it empties (as Kafka keeps them after the group became Empty), within one check interval.
// Each broker expires only the groups whose __consumer_offsets slot it leads. Deletion is
// conditional on the versions read, so a commit that lands meanwhile keeps the offsets.
import type { Clock } from '../util/clock';
import type { Logger } from '../util/logger';
import type { ZkSession } from '../zk/session';
import type { Scheduler } from './coordinator-types';
import { deleteGroupOffsetsIfUnchanged, listGroupsWithOffsets, readGroupOffsets } from './offset-store';

export interface OffsetRetentionOptions {
  session: () => ZkSession;
  /** offsets.retention.minutes in ms. */
  retentionMs: number;
  /** offsets.retention.check.interval.ms. */
  checkIntervalMs: number;
  clock: Clock;
  scheduler: Scheduler;
  logger: Logger;
  /** Whether this broker leads the group's __consumer_offsets slot now. */
  coordinates(groupId: string): boolean;
  /** Whether the group has members (or members being admitted) on this coordinator. */
  hasActiveMembers(groupId: string): boolean;
}

/** Expired when neither a commit nor seen activity is younger than the retention. */
export function offsetsExpired(
  newestCommitMs: number,
  lastActiveMs: number | undefined,
  nowMs: number,
  retentionMs: number,
): boolean {
  return nowMs - Math.max(newestCommitMs, lastActiveMs ?? Number.NEGATIVE_INFINITY) >= retentionMs;
}

export class OffsetRetention {
  /** When each group was last seen with members at a check. */
  private readonly lastActiveMs = new Map<string, number>();
  private cancelNext: (() => void) | null = null;
  private running: Promise<string[]> | null = null;
  private stopped = true;

  constructor(private readonly options: OffsetRetentionOptions) {}

  start(): void {
    this.stopped = false;
    this.scheduleNext();
  }

  /** Stops the periodic checks; resolves once a check under way has finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelNext?.();
    this.cancelNext = null;
    await this.running?.catch(() => undefined);
  }

  /** One check: removes the offsets of every expired group this broker coordinates; returns them. */
  expireNow(): Promise<string[]> {
    if (!this.running)
      this.running = this.check().finally(() => {
        this.running = null;
      });
    return this.running;
  }

  private scheduleNext(): void {
    if (this.stopped) return;
    this.cancelNext = this.options.scheduler.schedule(this.options.checkIntervalMs, () => {
      this.cancelNext = null;
      this.expireNow()
        .catch((error: unknown) =>
          this.options.logger.warn(`offset retention check failed: ${(error as Error).message}`),
        )
        .finally(() => this.scheduleNext());
    });
  }

  private async check(): Promise<string[]> {
    const { options } = this;
    const session = options.session();
    const expired: string[] = [];
    const local = (await listGroupsWithOffsets(session)).filter((group) => options.coordinates(group));
    for (const group of [...this.lastActiveMs.keys()]) if (!local.includes(group)) this.lastActiveMs.delete(group);
    for (const group of local) {
      const nowMs = options.clock.nowMs();
      if (options.hasActiveMembers(group)) {
        this.lastActiveMs.set(group, nowMs);
        continue;
      }
      const snapshot = await readGroupOffsets(session, group);
      if (
        snapshot === null ||
        !offsetsExpired(snapshot.newestCommitMs, this.lastActiveMs.get(group), nowMs, options.retentionMs)
      )
        continue;
      // Members may have joined while ZooKeeper was read.
      if (options.hasActiveMembers(group) || !options.coordinates(group)) continue;
      if (!(await deleteGroupOffsetsIfUnchanged(session, snapshot))) continue;
      this.lastActiveMs.delete(group);
      expired.push(group);
      const offsetCount = snapshot.nodes.filter((node) => /\/offsets\/[^/]+\/\d+$/.test(node.path)).length;
      options.logger.info(
        `Removed ${offsetCount} expired offset(s) of group ${group}: no members and no commit since ` +
          `${new Date(snapshot.newestCommitMs).toISOString()} (offsets.retention.minutes = ${options.retentionMs / 60000})`,
      );
    }
    return expired;
  }
}
