// Network partitions (issue 9, scenario 4): every inter-broker and broker–ZooKeeper connection runs
// through the harness's link proxy, which cuts, blackholes or delays single links while clients
// still reach every broker. The rules checked beyond the oracle's "no acknowledged write lost":
//   - a leader cut from ZooKeeper, blackholed from it, or cut from everything but its clients is
//     fenced: once the new leader serves, it acknowledges no acks=all write (a producer pinned to
//     it checks), and after the heal it truncates to the new leader and rejoins the ISR;
//   - a follower cut from its leader, both ways or one way, leaves the ISR (as ZooKeeper shows)
//     while acks=all goes on with min.insync.replicas=2, and rejoins after the heal;
//   - a broker the controller cannot reach while leaderships move learns its state after the heal.
import { randomBytes } from 'node:crypto';
import type { FaultContext, Scenario } from '../scenario';
import { BLACKHOLE, OPEN, type LinkProxy } from '../link-proxy';
import { Admin } from '../../../lib/client/admin';
import { getAssignment } from '../../../lib/zk/topic-znodes';
import { judgeProbe, PinnedProducer, ProbeTarget, servingSince } from '../leader-probe';

/** Kafka's defaults are 30 s; the partitions here last seconds, so requests must give up sooner. */
const NETWORK_PROPS = { 'replica.socket.timeout.ms': 10_000, 'controller.socket.timeout.ms': 10_000 };
const PARTITION_HOLD_MS = 6000;
const FAILOVER_TIMEOUT_MS = 60_000;
const REJOIN_TIMEOUT_MS = 90_000;
const PROBE_PARTITIONS = 1;
/** Longer than the controller's channel once retried a refusing broker before dropping the request (5 attempts, 0.3–1.5 s apart). */
const CONTROL_RETRY_WINDOW_MS = 10_000;
/** leader.imbalance.check.interval.seconds is 5 in the suite; the rejoining leader must catch up first. */
const REBALANCE_TIMEOUT_MS = 60_000;
/**
 * Each way. The client drops a connection after 2/3 of the 6 s session timeout without a byte
 * (pings go every 2 s), so 2 s each way already makes it reconnect with the session at stake;
 * 750 ms keeps every gap under that while each ZooKeeper round trip takes 1.5 s.
 */
const ZOOKEEPER_DELAY_MS = 750;
const SLOW_HOLD_MS = 15_000;

function links(ctx: FaultContext): LinkProxy {
  if (!ctx.links) throw new Error('this scenario needs cluster.proxied (ctx.links is missing)');
  return ctx.links;
}

/** A one-partition topic led (preferably) by `leader`, replicated on every broker, min ISR 2. */
async function createProbeTopic(ctx: FaultContext, leader: number): Promise<string> {
  const topic = `probe-${randomBytes(3).toString('hex')}`;
  const replicas = [leader, ...ctx.cluster.ids.filter((id) => id !== leader)];
  const admin = await Admin.connect(ctx.cluster.bootstrap());
  try {
    await admin.createTopics([{ topic, replicaAssignment: { 0: replicas }, configs: { 'min.insync.replicas': '2' } }]);
  } finally {
    await admin.close();
  }
  await ctx.cluster.waitForState(
    topic,
    0,
    (s) => s.leader === leader && s.isr.length === replicas.length,
    `leader ${leader} and a full ISR`,
  );
  return topic;
}

function targetOn(ctx: FaultContext, brokerId: number, topic: string): ProbeTarget {
  return { ...ctx.cluster.addressOf(brokerId), topic };
}

/** The leader of the first workload topic's partition 0, and whether it is the controller. */
async function chooseLeader(ctx: FaultContext): Promise<number> {
  const leader = await ctx.cluster.leaderOf(ctx.topics[0], 0);
  const controller = await ctx.cluster.controllerId();
  ctx.note(
    `leader of ${ctx.topics[0]}-0 is broker ${leader}${leader === controller ? ' (the controller)' : `; controller ${String(controller)}`}`,
  );
  return leader;
}

async function waitForFullIsrEverywhere(ctx: FaultContext, extraTopics: string[]): Promise<void> {
  const startMs = Date.now();
  await ctx.cluster.waitForFullIsr(ctx.topics, ctx.partitions, REJOIN_TIMEOUT_MS);
  await ctx.cluster.waitForFullIsr(extraTopics, PROBE_PARTITIONS, REJOIN_TIMEOUT_MS);
  ctx.note(`full ISR again ${Date.now() - startMs} ms after the heal`);
}

/** What one run keeps between inject and verify; servingMs is set when the leader was fenced. */
interface ProbeRun {
  leader: number;
  probeTopic: string;
  probe: PinnedProducer;
  servingMs: number | null;
}

/**
 * The fenced-leader pattern: pin a producer to the leader, apply `partition` to it, wait for a new
 * leader to serve, keep the partition a while (the pinned producer keeps trying the old leader),
 * stop the producer and heal.
 */
async function partitionLeader(
  ctx: FaultContext,
  what: string,
  partition: (proxy: LinkProxy, leader: number) => void,
): Promise<ProbeRun> {
  const leader = await chooseLeader(ctx);
  const probeTopic = await createProbeTopic(ctx, leader);
  const probe = new PinnedProducer(leader, targetOn(ctx, leader, probeTopic));
  const run: ProbeRun = { leader, probeTopic, probe, servingMs: null };
  try {
    partition(links(ctx), leader);
    ctx.faultInjected(`broker ${leader} ${what}`);
    const faultMs = Date.now();
    const moved = await ctx.cluster.waitForState(
      probeTopic,
      0,
      (s) => s.leader >= 0 && s.leader !== leader,
      `a leader other than ${leader}`,
      FAILOVER_TIMEOUT_MS,
    );
    run.servingMs = await servingSince(targetOn(ctx, moved.leader, probeTopic), FAILOVER_TIMEOUT_MS);
    ctx.note(
      `broker ${moved.leader} leads in epoch ${moved.leaderEpoch}, serving ${run.servingMs - faultMs} ms after the fault`,
    );
    await ctx.cluster.waitForState(
      ctx.topics[0],
      0,
      (s) => s.leader !== leader,
      `a leader other than ${leader}`,
      FAILOVER_TIMEOUT_MS,
    );
    await ctx.hold(PARTITION_HOLD_MS);
  } finally {
    await probe.stop();
    links(ctx).heal();
    ctx.log(`links healed; waiting for broker ${leader} to rejoin every ISR`);
  }
  await waitForFullIsrEverywhere(ctx, [probeTopic]);
  return run;
}

/** The pinned producer's acks must all be in the partition; a fenced leader acks nothing once replaced. */
async function verifyProbe(ctx: FaultContext, run: ProbeRun | null): Promise<void> {
  if (!run) return ctx.violation('the scenario did not run to its end');
  const verdict = await judgeProbe(
    run.probe,
    ctx.cluster.bootstrap(),
    targetOn(ctx, run.leader, run.probeTopic),
    run.servingMs,
  );
  const refusals = [...verdict.refusals].map(([name, n]) => `${name}×${n}`).join(', ') || 'none';
  ctx.note(
    `pinned producer: ${run.probe.answers.length} sent to broker ${run.leader}, ${verdict.acked} acked; refusals: ${refusals}`,
  );
  for (const a of verdict.ackedAfterServing) {
    ctx.violation(
      `broker ${run.leader} acked probe-${a.seq} (offset ${a.offset}) sent ${a.sentAtMs - (run.servingMs ?? 0)} ms after the new leader served`,
    );
  }
  for (const a of verdict.missing)
    ctx.violation(`probe-${a.seq}, acked by broker ${run.leader} at offset ${a.offset}, is not in ${run.probeTopic}-0`);
  if (run.servingMs === null) return;
  const truncated = ctx.cluster.brokerOutput(run.leader).includes(`truncating ${run.probeTopic}-0 to`);
  ctx.note(
    `broker ${run.leader} ${truncated ? 'truncated the probe partition to the new leader' : 'had nothing of the probe partition to truncate'}`,
  );
}

/** The follower of `leader` in partition 0 of the first topic that is not the controller if it can. */
async function chooseFollower(ctx: FaultContext, leader: number): Promise<number> {
  const state = await ctx.cluster.state(ctx.topics[0], 0);
  const controller = await ctx.cluster.controllerId();
  const followers = state.isr.filter((id) => id !== leader);
  return followers.find((id) => id !== controller) ?? followers[0];
}

/**
 * A follower partitioned from its leader by `partition`: the ISR of the leader's partitions must
 * drop it while writes pinned to the leader keep being acknowledged; then heal and rejoin.
 */
async function partitionFollower(
  ctx: FaultContext,
  what: string,
  partition: (proxy: LinkProxy, leader: number, follower: number) => void,
): Promise<ProbeRun> {
  const leader = await chooseLeader(ctx);
  const follower = await chooseFollower(ctx, leader);
  const probeTopic = await createProbeTopic(ctx, leader);
  const probe = new PinnedProducer(leader, targetOn(ctx, leader, probeTopic));
  try {
    partition(links(ctx), leader, follower);
    ctx.faultInjected(`broker ${follower} ${what} broker ${leader}`);
    const faultMs = Date.now();
    const shrunk = await ctx.cluster.waitForState(
      probeTopic,
      0,
      (s) => !s.isr.includes(follower),
      `ISR without ${follower}`,
      FAILOVER_TIMEOUT_MS,
    );
    ctx.note(`ISR shrank to [${shrunk.isr.join(',')}] ${Date.now() - faultMs} ms after the fault`);
    await ctx.cluster.waitForState(
      ctx.topics[0],
      0,
      (s) => !s.isr.includes(follower),
      `ISR without ${follower}`,
      FAILOVER_TIMEOUT_MS,
    );
    if (shrunk.leader !== leader)
      ctx.violation(`the leader moved from ${leader} to ${shrunk.leader} though only a follower was partitioned`);
    const ackedBefore = probe.acked().length;
    await ctx.hold(PARTITION_HOLD_MS);
    const ackedDuring = probe.acked().length - ackedBefore;
    ctx.note(`${ackedDuring} acks=all writes acked by broker ${leader} with the ISR shrunk`);
    if (ackedDuring === 0)
      ctx.violation(`acks=all stalled on broker ${leader} with ISR [${shrunk.isr.join(',')}] and min ISR 2`);
  } finally {
    await probe.stop();
    links(ctx).heal();
    ctx.log(`links healed; waiting for broker ${follower} to rejoin every ISR`);
  }
  await waitForFullIsrEverywhere(ctx, [probeTopic]);
  return { leader, probeTopic, probe, servingMs: null };
}

/**
 * A workload partition whose replicas are [L, controller, X] with L leading: when L fails over the
 * controller takes it (so its ISR changes need no link to X), and X is only ever a follower.
 */
async function partitionForLeaderMoves(
  ctx: FaultContext,
  controller: number,
): Promise<{ topic: string; partition: number; leader: number; third: number } | null> {
  for (const topic of ctx.topics) {
    const stored = await getAssignment(ctx.cluster.session, topic);
    for (const [partition, replicas] of stored?.partitions ?? []) {
      if (replicas.length !== 3 || replicas[1] !== controller) continue;
      if ((await ctx.cluster.leaderOf(topic, partition)) === replicas[0])
        return { topic, partition, leader: replicas[0], third: replicas[2] };
    }
  }
  return null;
}

/**
 * The controller is cut from one broker (X) across two leadership moves of another broker's (L's)
 * partition: L loses ZooKeeper (failover), comes back (re-registers, rejoins), and the controller's
 * preferred-leader rebalance hands the partition back to L — all while X cannot hear the
 * controller. Once healed, X must learn its state and every ISR fill again (Kafka's controller
 * retries a live broker's requests until they get through).
 */
async function controllerCutAcrossLeaderMoves(ctx: FaultContext): Promise<void> {
  const controller = await ctx.cluster.controllerId();
  if (controller === null) throw new Error('no controller');
  const chosen = await partitionForLeaderMoves(ctx, controller);
  if (!chosen) return ctx.note(`no workload partition has replicas [L, ${controller}, X] led by L; nothing to move`);
  const { topic, partition, leader, third } = chosen;
  const proxy = links(ctx);
  try {
    proxy.cut(controller, third);
    proxy.cut(leader, 'zookeeper');
    ctx.faultInjected(
      `controller ${controller} cut from broker ${third}; broker ${leader} (leader of ${topic}-${partition}) cut from ZooKeeper`,
    );
    const moved = await ctx.cluster.waitForState(
      topic,
      partition,
      (s) => s.leader >= 0 && s.leader !== leader,
      `a leader other than ${leader}`,
      FAILOVER_TIMEOUT_MS,
    );
    ctx.note(
      `${topic}-${partition}: leader ${leader} → ${moved.leader} (epoch ${moved.leaderEpoch}) while broker ${third} could not hear the controller`,
    );
    proxy.cut(leader, 'zookeeper', OPEN);
    const back = await ctx.cluster.waitForState(
      topic,
      partition,
      (s) => s.leader === leader,
      `preferred leader ${leader} back`,
      REBALANCE_TIMEOUT_MS,
    );
    ctx.note(
      `${topic}-${partition}: leader back to ${leader} (epoch ${back.leaderEpoch}), broker ${third} still cut from the controller`,
    );
    await ctx.hold(CONTROL_RETRY_WINDOW_MS);
  } finally {
    proxy.heal();
    ctx.log('links healed; waiting for every ISR to be full again');
  }
  await waitForFullIsrEverywhere(ctx, []);
}

/** A proxied scenario whose inject runs a probed partition and whose verify judges that probe. */
function probedScenario(name: string, description: string, inject: (ctx: FaultContext) => Promise<ProbeRun>): Scenario {
  let run: ProbeRun | null = null;
  return {
    name,
    description,
    cluster: { proxied: true, props: NETWORK_PROPS },
    async inject(ctx) {
      run = null;
      run = await inject(ctx);
    },
    verify: (ctx) => verifyProbe(ctx, run),
  };
}

function fencedLeaderScenario(
  name: string,
  description: string,
  what: string,
  partition: (proxy: LinkProxy, leader: number) => void,
): Scenario {
  return probedScenario(name, description, (ctx) => partitionLeader(ctx, what, partition));
}

function followerScenario(
  name: string,
  description: string,
  what: string,
  partition: (proxy: LinkProxy, leader: number, follower: number) => void,
): Scenario {
  return probedScenario(name, description, (ctx) => partitionFollower(ctx, what, partition));
}

/** Every broker's ZooKeeper link slowed (each way), well inside the session timeout: sessions must survive. */
async function slowZooKeeper(ctx: FaultContext): Promise<void> {
  const proxy = links(ctx);
  const before = new Map(ctx.cluster.ids.map((id) => [id, occurrences(ctx, id, EXPIRED_LINE)]));
  const reconnectsBefore = ctx.cluster.ids.reduce((n, id) => n + occurrences(ctx, id, RECONNECT_LINE), 0);
  try {
    for (const id of ctx.cluster.ids) proxy.setLink(id, 'zookeeper', { kind: 'delay', delayMs: ZOOKEEPER_DELAY_MS });
    ctx.faultInjected(`every broker's ZooKeeper link delayed ${ZOOKEEPER_DELAY_MS} ms each way`);
    await ctx.hold(SLOW_HOLD_MS);
  } finally {
    proxy.heal();
  }
  const reconnects = ctx.cluster.ids.reduce((n, id) => n + occurrences(ctx, id, RECONNECT_LINE), 0) - reconnectsBefore;
  ctx.note(`${reconnects} ZooKeeper reconnect(s) while the links were slow`);
  for (const id of ctx.cluster.ids) {
    const expired = occurrences(ctx, id, EXPIRED_LINE) - (before.get(id) ?? 0);
    if (expired > 0)
      ctx.violation(
        `broker ${id}'s ZooKeeper session expired ${expired} time(s) though every packet arrived within ${2 * ZOOKEEPER_DELAY_MS} ms`,
      );
  }
}

const EXPIRED_LINE = 'ZooKeeper session expired';
const RECONNECT_LINE = 'disconnected; reconnecting';

function occurrences(ctx: FaultContext, id: number, line: string): number {
  return ctx.cluster.brokerOutput(id).split(line).length - 1;
}

export const scenarios: Scenario[] = [
  fencedLeaderScenario(
    'partition-leader-from-zookeeper',
    'the leader of partition 0 loses ZooKeeper (both ways) but not its clients or peers: its session expires, another broker leads, it must not ack acks=all in its stale epoch; healed, it truncates and rejoins',
    'cut from ZooKeeper',
    (proxy, leader) => proxy.cut(leader, 'zookeeper'),
  ),
  fencedLeaderScenario(
    'leader-zookeeper-blackhole',
    'the leader of partition 0 reaches ZooKeeper over a blackhole (connections accepted, nothing answered either way): it must notice the silence, lose its session and leadership, ack nothing stale; healed, it rejoins',
    'blackholed from ZooKeeper',
    (proxy, leader) => proxy.cut(leader, 'zookeeper', { kind: 'blackhole' }),
  ),
  followerScenario(
    'partition-follower-from-leader',
    'a follower is cut from the leader of partition 0 both ways: the ISR shrinks, acks=all goes on with min ISR 2; healed, it catches up and rejoins',
    'cut from',
    (proxy, leader, follower) => proxy.cut(leader, follower),
  ),
  followerScenario(
    'one-way-blackhole',
    "a follower's requests reach the leader of partition 0 but the answers are held (one-way blackhole): the ISR shrinks, nothing is lost; healed, it rejoins",
    'gets no answers from',
    (proxy, leader, follower) => proxy.setLink(follower, leader, { kind: 'blackhole', direction: 'backward' }),
  ),
  followerScenario(
    'one-way-blackhole-requests',
    "the reverse: a follower's requests to the leader of partition 0 are held while the leader's way back stays open: the ISR shrinks, nothing is lost; healed, it rejoins",
    'cannot send to',
    (proxy, leader, follower) => proxy.setLink(follower, leader, { kind: 'blackhole', direction: 'forward' }),
  ),
  {
    name: 'controller-cut-across-leader-moves',
    description:
      "the controller is cut from one broker while another broker's partition fails over and is handed back by the preferred-leader rebalance: once healed, the cut broker must learn its state and every ISR fill again",
    cluster: { proxied: true, props: NETWORK_PROPS },
    inject: controllerCutAcrossLeaderMoves,
  },
  {
    name: 'slow-zookeeper',
    description: `every broker's ZooKeeper link delayed ${ZOOKEEPER_DELAY_MS} ms each way for ${SLOW_HOLD_MS / 1000} s (gaps stay under the client's 4 s read timeout): no session may expire, nothing is lost`,
    cluster: { proxied: true, props: NETWORK_PROPS },
    inject: slowZooKeeper,
  },
  fencedLeaderScenario(
    'partition-broker-isolated',
    'the leader of partition 0 is cut from the other brokers and ZooKeeper but not from its clients: fenced, it acks nothing in its stale epoch; healed, it truncates and rejoins',
    'isolated from brokers and ZooKeeper',
    (proxy, leader) => proxy.isolate(leader),
  ),
  fencedLeaderScenario(
    'broker-blackholed',
    'a gray failure: every link between the leader of partition 0 and the other brokers and ZooKeeper accepts and never answers (clients still reach it): fenced, it acks nothing stale; healed, the held bytes flow and it rejoins',
    'blackholed from brokers and ZooKeeper',
    (proxy, leader) => proxy.isolate(leader, BLACKHOLE),
  ),
];
