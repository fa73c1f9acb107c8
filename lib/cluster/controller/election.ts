// Leader choice as pure functions (Kafka's Election): the controller gathers facts, these
// decide. Table-driven specs cover them.

export interface LeaderAndIsr {
  leader: number;
  leaderEpoch: number;
  isr: number[];
  controllerEpoch: number;
}

/** New partition: first live replica leads; the ISR is every live replica. */
export function initialLeaderAndIsr(
  replicas: number[],
  live: Set<number>,
  controllerEpoch: number,
): LeaderAndIsr | null {
  const isr = replicas.filter((r) => live.has(r));
  if (isr.length === 0) return null;
  return { leader: isr[0], leaderEpoch: 0, isr, controllerEpoch };
}

/**
 * Offline partition: the first assigned replica that is alive and in the ISR leads. With
 * unclean election allowed, any live replica may lead (data loss accepted by the operator).
 * Returns null when nobody can lead; the ISR then keeps its last members, as Kafka does.
 */
export function offlinePartitionLeader(
  replicas: number[],
  current: LeaderAndIsr,
  live: Set<number>,
  uncleanEnabled: boolean,
  controllerEpoch: number,
): LeaderAndIsr | null {
  const liveIsr = current.isr.filter((r) => live.has(r));
  const clean = replicas.find((r) => live.has(r) && liveIsr.includes(r));
  if (clean !== undefined) {
    return { leader: clean, leaderEpoch: current.leaderEpoch + 1, isr: liveIsr, controllerEpoch };
  }
  if (!uncleanEnabled) return null;
  const unclean = replicas.find((r) => live.has(r));
  if (unclean === undefined) return null;
  return { leader: unclean, leaderEpoch: current.leaderEpoch + 1, isr: [unclean], controllerEpoch };
}

/** A replica went away but the leader lives: drop it from the ISR (never below the leader). */
export function shrinkIsr(current: LeaderAndIsr, live: Set<number>, controllerEpoch: number): LeaderAndIsr | null {
  const isr = current.isr.filter((r) => live.has(r));
  if (isr.length === current.isr.length) return null;
  return { leader: current.leader, leaderEpoch: current.leaderEpoch + 1, isr, controllerEpoch };
}

/** The partition is leaderless on the wire: keep the ISR as it was (Kafka does). */
export function leaderless(current: LeaderAndIsr, controllerEpoch: number): LeaderAndIsr {
  return { leader: -1, leaderEpoch: current.leaderEpoch + 1, isr: current.isr, controllerEpoch };
}

/**
 * Controlled shutdown of `leaving`: its led partitions move to the first assigned replica that
 * is live, in the ISR and not leaving; it drops out of every ISR. Null when nothing changes
 * (or when nobody else can lead: the partition stays where it is until the broker is gone).
 */
export function controlledShutdownLeader(
  replicas: number[],
  current: LeaderAndIsr,
  eligible: Set<number>,
  leaving: number,
  controllerEpoch: number,
): LeaderAndIsr | null {
  const isr = current.isr.filter((r) => r !== leaving);
  if (current.leader !== leaving) {
    if (isr.length === current.isr.length || isr.length === 0) return null;
    return { leader: current.leader, leaderEpoch: current.leaderEpoch + 1, isr, controllerEpoch };
  }
  const next = replicas.find((r) => r !== leaving && eligible.has(r) && isr.includes(r));
  if (next === undefined) return null;
  return { leader: next, leaderEpoch: current.leaderEpoch + 1, isr, controllerEpoch };
}

/** Preferred replica election: the first assigned replica takes over when it is live and in sync. */
export function preferredLeader(
  replicas: number[],
  current: LeaderAndIsr,
  live: Set<number>,
  controllerEpoch: number,
): LeaderAndIsr | null {
  const preferred = replicas[0];
  if (preferred === undefined || current.leader === preferred) return null;
  if (!live.has(preferred) || !current.isr.includes(preferred)) return null;
  return { leader: preferred, leaderEpoch: current.leaderEpoch + 1, isr: current.isr, controllerEpoch };
}
