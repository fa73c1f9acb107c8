// A Scheduler whose time moves only when a spec says so, so rebalance and session timeouts are
// exercised without sleeping. Tasks run in due order; tasks they schedule run too if due.
import type { Scheduler } from '../../lib/coordinator/coordinator-types';

const TASKS_PER_ADVANCE_MAX = 10_000;

interface Task {
  dueMs: number;
  sequence: number;
  run: () => void;
  cancelled: boolean;
}

export class ManualScheduler implements Scheduler {
  private nowValueMs = 0;
  private sequence = 0;
  private tasks: Task[] = [];

  get nowMs(): number {
    return this.nowValueMs;
  }

  schedule(delayMs: number, run: () => void): () => void {
    const task: Task = { dueMs: this.nowValueMs + delayMs, sequence: this.sequence++, run, cancelled: false };
    this.tasks.push(task);
    return () => {
      task.cancelled = true;
    };
  }

  pendingCount(): number {
    return this.tasks.filter((task) => !task.cancelled).length;
  }

  advance(ms: number): void {
    const targetMs = this.nowValueMs + ms;
    for (let ran = 0; ; ran += 1) {
      if (ran >= TASKS_PER_ADVANCE_MAX) throw new Error(`more than ${TASKS_PER_ADVANCE_MAX} tasks in one advance`);
      this.tasks = this.tasks.filter((task) => !task.cancelled);
      const due = this.tasks
        .filter((task) => task.dueMs <= targetMs)
        .sort((a, b) => a.dueMs - b.dueMs || a.sequence - b.sequence)[0];
      if (!due) break;
      this.tasks = this.tasks.filter((task) => task !== due);
      this.nowValueMs = due.dueMs;
      due.run();
    }
    this.nowValueMs = targetMs;
  }
}
