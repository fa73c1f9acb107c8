// The last hour of every consumer group's lag, kept in this broker's memory for the console's
// chart: a sampler asks the cluster (through the admin client) for each group's lag every
// interval and appends the total and per-topic lag to a bounded ring per group. Every broker
// samples every group, so any broker's console can draw any group's chart; history does not
// survive a restart.
import type { Admin } from '../client/admin';
import { describeGroupLag, lagByTopic } from '../client/group-offsets';
import type { Logger } from '../util/logger';

export interface LagPoint {
  timeMs: number;
  totalLag: number;
  byTopic: Record<string, number>;
}

export const LAG_HISTORY_MS = 60 * 60 * 1000;
export const LAG_SAMPLE_INTERVAL_MS = 10_000;
/** Groups beyond this many are not sampled (a bound on memory and on each round's requests). */
export const LAG_GROUPS_MAX = 500;

/** One ring of points per group, each ring bounded by count and age. */
export class LagHistory {
  private readonly rings = new Map<string, LagPoint[]>();
  readonly pointsMax: number;

  constructor(
    readonly historyMs = LAG_HISTORY_MS,
    readonly intervalMs = LAG_SAMPLE_INTERVAL_MS,
  ) {
    this.pointsMax = Math.max(1, Math.ceil(historyMs / intervalMs));
  }

  record(group: string, point: LagPoint): void {
    const ring = this.rings.get(group) ?? [];
    ring.push(point);
    if (ring.length > this.pointsMax) ring.splice(0, ring.length - this.pointsMax);
    this.rings.set(group, ring);
  }

  /** The group's points no older than the history window, oldest first. */
  points(group: string, nowMs = Date.now()): LagPoint[] {
    return (this.rings.get(group) ?? []).filter((p) => p.timeMs >= nowMs - this.historyMs);
  }

  /** Drops the history of groups that no longer exist. */
  retain(groups: Set<string>): void {
    for (const group of [...this.rings.keys()]) if (!groups.has(group)) this.rings.delete(group);
  }
}

/** Fills a LagHistory on a timer; one round at a time (a slow round delays the next, never overlaps it). */
export class LagSampler {
  private timer: NodeJS.Timeout | null = null;
  private round: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly history: LagHistory,
    private readonly admin: () => Promise<Admin>,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.schedule();
  }

  /** Stops the timer; a round under way ends when the admin client it uses is closed. */
  stop(): void {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  /** One sampling round now (specs use it instead of waiting for the timer). */
  sampleNow(): Promise<void> {
    if (this.round === null) {
      this.round = this.sample().finally(() => {
        this.round = null;
      });
    }
    return this.round;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.sampleNow()
        .catch((error: unknown) => this.logger.warn(`lag sampling failed: ${(error as Error).message}`))
        .finally(() => this.schedule());
    }, this.history.intervalMs);
    this.timer.unref();
  }

  private async sample(): Promise<void> {
    // After stop the context's admin client is closed; asking for it would open a new one.
    if (this.stopped) return;
    const admin = await this.admin();
    const groups = (await admin.listGroups()).map((g) => g.groupId).slice(0, LAG_GROUPS_MAX);
    this.history.retain(new Set(groups));
    const timeMs = Date.now();
    for (const group of groups) {
      if (this.stopped) return;
      const lag = await describeGroupLag(admin, group).catch((error: unknown) => {
        this.logger.debug(`lag of group ${group} not sampled: ${(error as Error).message}`);
        return null;
      });
      if (lag === null) continue;
      const byTopic = Object.fromEntries(lagByTopic(lag.partitions));
      this.history.record(group, { timeMs, totalLag: lag.totalLag, byTopic });
    }
  }
}
