// Kafka's replication-test matrix: {clean shutdown, hard kill, clean bounce ×3, hard bounce ×3}
// × {the leader of a workload partition, the controller}. A shutdown leaves the broker down while
// the workloads run on the other two (min.insync.replicas=2 still holds), then restarts it; a bounce
// restarts it at once, three times, each round waiting until the cluster has its full ISR again.
import { waitUntil } from '../../helpers/wait';
import type { FaultContext, Scenario } from '../scenario';

type Target = 'leader' | 'controller';
type Failure = 'clean-shutdown' | 'hard-kill' | 'clean-bounce' | 'hard-bounce';

const BOUNCES = 3;
const DOWN_MS = 5000;
const NEW_OWNER_TIMEOUT_MS = 30_000;

async function currentTarget(ctx: FaultContext, target: Target): Promise<number> {
  if (target === 'controller') {
    const id = await ctx.cluster.controllerId();
    if (id === null) throw new Error('no controller');
    return id;
  }
  return ctx.cluster.leaderOf(ctx.topics[0], 0);
}

/** Waits until the target role has moved off `id`; returns how long that took. */
async function waitForNewOwner(ctx: FaultContext, target: Target, id: number): Promise<number> {
  const started = Date.now();
  if (target === 'controller') {
    await waitUntil(
      async () => {
        const now = await ctx.cluster.controllerId();
        return now !== null && now !== id;
      },
      { timeoutMs: NEW_OWNER_TIMEOUT_MS, intervalMs: 50, message: `a controller other than ${id}` },
    );
  } else {
    await ctx.cluster.waitForState(
      ctx.topics[0],
      0,
      (s) => s.leader >= 0 && s.leader !== id,
      `a leader other than ${id}`,
      NEW_OWNER_TIMEOUT_MS,
    );
  }
  return Date.now() - started;
}

async function stopOnce(ctx: FaultContext, target: Target, signal: 'SIGTERM' | 'SIGKILL'): Promise<number> {
  const id = await currentTarget(ctx, target);
  ctx.faultInjected(`${signal} broker ${id} (${target})`);
  await ctx.cluster.stopBroker(id, signal);
  const tookMs = await waitForNewOwner(ctx, target, id);
  ctx.note(`${target} moved off broker ${id} ${tookMs} ms after ${signal}`);
  return id;
}

function shutdown(target: Target, signal: 'SIGTERM' | 'SIGKILL'): (ctx: FaultContext) => Promise<void> {
  return async (ctx) => {
    const id = await stopOnce(ctx, target, signal);
    await ctx.hold(DOWN_MS);
    await ctx.cluster.startBroker(id);
  };
}

function bounce(target: Target, signal: 'SIGTERM' | 'SIGKILL'): (ctx: FaultContext) => Promise<void> {
  return async (ctx) => {
    for (let round = 1; round <= BOUNCES; round++) {
      const id = await currentTarget(ctx, target);
      ctx.faultInjected(`bounce ${round}/${BOUNCES}: ${signal} broker ${id} (${target})`);
      await ctx.cluster.stopBroker(id, signal);
      await ctx.cluster.startBroker(id);
      await ctx.cluster.waitForLiveBrokers(ctx.cluster.ids);
      await ctx.cluster.waitForFullIsr(ctx.topics, ctx.partitions);
    }
  };
}

const FAILURES: Record<Failure, { signal: 'SIGTERM' | 'SIGKILL'; make: typeof shutdown; says: string }> = {
  'clean-shutdown': { signal: 'SIGTERM', make: shutdown, says: 'SIGTERM (controlled shutdown), down 5 s, restarted' },
  'hard-kill': { signal: 'SIGKILL', make: shutdown, says: 'SIGKILL, down 5 s, restarted' },
  'clean-bounce': { signal: 'SIGTERM', make: bounce, says: 'SIGTERM and restart at once, three times' },
  'hard-bounce': { signal: 'SIGKILL', make: bounce, says: 'SIGKILL and restart at once, three times' },
};

export const scenarios: Scenario[] = (['leader', 'controller'] as Target[]).flatMap((target) =>
  (Object.keys(FAILURES) as Failure[]).map((failure) => ({
    name: `${failure}-${target}`,
    description: `the ${target === 'leader' ? 'leader of partition 0' : 'controller'}: ${FAILURES[failure].says}`,
    inject: FAILURES[failure].make(target, FAILURES[failure].signal),
  })),
);
