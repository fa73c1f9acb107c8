// The timers of one group: its delayed join, its pending-sync expiry, each member's session (heartbeat) expiry and each
// pending member id's expiry. Owning them in one place lets unloading a group cancel them all.
import type { Scheduler } from './coordinator-types';

type Cancel = () => void;

export class GroupTimers {
  private joinCancel: Cancel | null = null;
  private syncCancel: Cancel | null = null;
  /** Whether the running join is Kafka's InitialDelayedJoin, which never completes early. */
  initialJoin = false;
  private readonly heartbeats = new Map<string, Cancel>();
  private readonly pendingMembers = new Map<string, Cancel>();

  constructor(private readonly scheduler: Scheduler) {}

  get joinScheduled(): boolean {
    return this.joinCancel !== null;
  }

  scheduleJoin(delayMs: number, task: () => void): void {
    this.cancelJoin();
    this.joinCancel = this.scheduler.schedule(delayMs, () => {
      this.joinCancel = null;
      task();
    });
  }

  cancelJoin(): void {
    this.joinCancel?.();
    this.joinCancel = null;
  }

  /** Members that got their JoinGroup result must send SyncGroup before this fires. */
  scheduleSync(delayMs: number, task: () => void): void {
    this.cancelSync();
    this.syncCancel = this.scheduler.schedule(delayMs, () => {
      this.syncCancel = null;
      task();
    });
  }

  cancelSync(): void {
    this.syncCancel?.();
    this.syncCancel = null;
  }

  scheduleHeartbeat(memberId: string, delayMs: number, task: () => void): void {
    this.cancelHeartbeat(memberId);
    this.heartbeats.set(
      memberId,
      this.scheduler.schedule(delayMs, () => {
        this.heartbeats.delete(memberId);
        task();
      }),
    );
  }

  cancelHeartbeat(memberId: string): void {
    this.heartbeats.get(memberId)?.();
    this.heartbeats.delete(memberId);
  }

  schedulePendingExpiry(memberId: string, delayMs: number, task: () => void): void {
    this.cancelPendingExpiry(memberId);
    this.pendingMembers.set(memberId, this.scheduler.schedule(delayMs, task));
  }

  cancelPendingExpiry(memberId: string): void {
    this.pendingMembers.get(memberId)?.();
    this.pendingMembers.delete(memberId);
  }

  cancelAll(): void {
    this.cancelJoin();
    this.cancelSync();
    for (const cancel of [...this.heartbeats.values(), ...this.pendingMembers.values()]) cancel();
    this.heartbeats.clear();
    this.pendingMembers.clear();
  }
}
