// ZooKeeper faults under load, on a private three-node ensemble (issue 9, scenario 3):
//   zk-node-loss             the ZooKeeper leader killed and restarted: clients see nothing.
//   zk-quorum-loss           two of three nodes down for 20 s: brokers keep serving acks=1 and
//                            reads from the leaders they had and change no leadership (they
//                            cannot write it); everything resumes when the quorum is back.
//   zk-session-expiry-leader the ZooKeeper session of a partition leader expired under it: it
//                            refuses acks=all from the moment it learns of the expiry until it
//                            has registered again, then rejoins.
import { Connection } from '../../../lib/network/connection';
import { errorInfo } from '../../../lib/protocol/error-codes';
import { encodeRecordBatch } from '../../../lib/protocol/record-codec';
import { brokerIdPath } from '../../../lib/zk/znodes';
import { produceTo } from '../../helpers/raw-partition';
import { waitUntil } from '../../helpers/wait';
import type { FaultContext, Scenario } from '../scenario';
import type { ZkEnsembleControl } from '../zk-ensemble';
import {
  AckProbe,
  createProbeTopic,
  LeaderSnapshot,
  leadersFromBroker,
  leadersFromZk,
  leadershipChanges,
  PROBE_TOPIC,
  ReadProbe,
} from '../zk-probes';

const NODE_DOWN_MS = 10_000;
const QUORUM_DOWN_MS = 20_000;
const CHECK_INTERVAL_MS = 2000;
/** Requests in flight when the quorum went may be answered late; they are not the rule's subject. */
const OUTAGE_GRACE_MS = 1000;
/** An acks=1 probe partition may go this long without an acknowledgement during the outage. */
const ACKS1_GAP_MAX_MS = 5000;
const ZK_ELECTION_TIMEOUT_MS = 30_000;
const RESUME_WINDOW_MS = 5000;
const REREGISTER_TIMEOUT_MS = 60_000;
const STALE_PROBE_INTERVAL_MS = 100;
const EXPIRY_LOG_LINE = 'ZooKeeper session expired';
const RESUMED_LOG_LINE = 'acks=all writes resumed';

function ensembleOf(ctx: FaultContext): ZkEnsembleControl {
  if (!ctx.zookeeper)
    throw new Error('this scenario needs the private ZooKeeper ensemble (cluster.zookeeper = "ensemble")');
  return ctx.zookeeper;
}

async function sessionIds(ctx: FaultContext, zk: ZkEnsembleControl): Promise<Map<number, string | null>> {
  const ids = new Map<number, string | null>();
  for (const id of ctx.cluster.ids) ids.set(id, await zk.brokerSessionId(ctx.cluster.session, id));
  return ids;
}

/** Compares every broker's Metadata answer with `before`; each change is a violation (reported once). */
async function checkBrokersKeptLeaders(
  ctx: FaultContext,
  topics: string[],
  before: LeaderSnapshot,
  seen: Set<string>,
): Promise<void> {
  for (const id of ctx.cluster.running()) {
    let now: LeaderSnapshot;
    try {
      now = await leadersFromBroker(ctx.cluster, id, topics);
    } catch (err) {
      ctx.violation(`broker ${id} did not answer Metadata while ZooKeeper was impaired: ${(err as Error).message}`);
      continue;
    }
    for (const change of leadershipChanges(before, now)) {
      if (seen.has(`${id} ${change}`)) continue;
      seen.add(`${id} ${change}`);
      ctx.violation(`broker ${id} reported a leadership change while ZooKeeper was impaired: ${change}`);
    }
  }
}

/** The controller is a leadership too: the same broker must still hold /controller. */
async function checkControllerKept(ctx: FaultContext, before: number | null): Promise<void> {
  const after = await ctx.cluster.controllerId();
  if (after !== before) ctx.violation(`the controller changed from broker ${String(before)} to ${String(after)}`);
}

function compareSessions(
  ctx: FaultContext,
  before: Map<number, string | null>,
  after: Map<number, string | null>,
): number {
  let kept = 0;
  for (const [id, was] of before) {
    if (was !== null && after.get(id) === was) kept += 1;
    else
      ctx.note(
        `broker ${id}: ZooKeeper session 0x${String(was)} → 0x${String(after.get(id))} (expired and re-registered)`,
      );
  }
  return kept;
}

async function zkNodeLoss(ctx: FaultContext): Promise<void> {
  const zk = ensembleOf(ctx);
  const topics = [...ctx.topics, PROBE_TOPIC];
  await createProbeTopic(ctx.cluster, ctx.partitions);
  const before = await leadersFromZk(ctx.cluster, topics, ctx.partitions);
  const sessionsBefore = await sessionIds(ctx, zk);
  const controllerBefore = await ctx.cluster.controllerId();
  const probe = new AckProbe(ctx.cluster, ctx.partitions, 'all');
  await probe.start();
  try {
    const leader = await zk.leaderId();
    const victim = leader ?? zk.ids[0];
    const killedAt = Date.now();
    await zk.stopNode(victim, 'SIGKILL');
    ctx.faultInjected(
      `SIGKILL ZooKeeper node ${victim} (${leader === null ? 'no leader found by srvr' : 'the ensemble leader'})`,
    );
    const next = await waitUntil(
      async () => {
        const id = await zk.leaderId();
        return id !== null && id !== victim ? id : null;
      },
      { timeoutMs: ZK_ELECTION_TIMEOUT_MS, intervalMs: 100, message: 'a new ZooKeeper leader' },
    );
    ctx.note(`ZooKeeper node ${next} leads after ${Date.now() - killedAt} ms`);
    const seen = new Set<string>();
    for (const end = Date.now() + NODE_DOWN_MS; Date.now() < end;) {
      await checkBrokersKeptLeaders(ctx, topics, before, seen);
      await ctx.hold(CHECK_INTERVAL_MS);
    }
    await zk.startNode(victim);
    ctx.log(`ZooKeeper node ${victim} back (${String(await zk.mode(victim))})`);
    const window = probe.window(killedAt, Date.now());
    ctx.note(
      `acks=all probe while node ${victim} was down: ${window.acks} acks, ${window.failures} failures, longest gap ${window.longestGapMs} ms`,
    );
    if (window.failures > 0)
      ctx.violation(
        `acks=all probe sends failed after retries with one ZooKeeper node down: ${window.failureSamples.join('; ')}`,
      );
  } finally {
    await probe.stop();
  }
  for (const change of leadershipChanges(before, await leadersFromZk(ctx.cluster, topics, ctx.partitions))) {
    ctx.violation(`leadership changed although only one ZooKeeper node was lost: ${change}`);
  }
  await checkControllerKept(ctx, controllerBefore);
  const kept = compareSessions(ctx, sessionsBefore, await sessionIds(ctx, zk));
  if (kept < ctx.cluster.ids.length)
    ctx.violation(`${ctx.cluster.ids.length - kept} broker session(s) did not survive the loss of one ZooKeeper node`);
}

/** The two nodes to kill: the leader first (the harder case), then any other. */
async function twoVictims(zk: ZkEnsembleControl): Promise<[number, number]> {
  const leader = (await zk.leaderId()) ?? zk.ids[0];
  const other = zk.ids.find((id) => id !== leader) as number;
  return [leader, other];
}

async function zkQuorumLoss(ctx: FaultContext): Promise<void> {
  const zk = ensembleOf(ctx);
  const topics = [...ctx.topics, PROBE_TOPIC];
  await createProbeTopic(ctx.cluster, ctx.partitions);
  const beforeZk = await leadersFromZk(ctx.cluster, topics, ctx.partitions);
  const beforeBrokers = await leadersFromBroker(ctx.cluster, ctx.cluster.ids[0], topics);
  for (const change of leadershipChanges(beforeZk, beforeBrokers))
    ctx.log(`before the fault, broker metadata lags ZooKeeper: ${change}`);
  const sessionsBefore = await sessionIds(ctx, zk);
  const controllerBefore = await ctx.cluster.controllerId();
  const acks1 = new AckProbe(ctx.cluster, ctx.partitions, 1);
  const reader = new ReadProbe(ctx.cluster, ctx.partitions);
  await acks1.start();
  await reader.start();
  try {
    const [first, second] = await twoVictims(zk);
    const downAt = Date.now();
    await Promise.all([zk.stopNode(first, 'SIGKILL'), zk.stopNode(second, 'SIGKILL')]);
    ctx.faultInjected(
      `SIGKILL ZooKeeper nodes ${first} (leader) and ${second}: no quorum for ${QUORUM_DOWN_MS / 1000} s`,
    );
    const seen = new Set<string>();
    for (const end = downAt + QUORUM_DOWN_MS; Date.now() < end;) {
      await checkBrokersKeptLeaders(ctx, topics, beforeZk, seen);
      await ctx.hold(Math.min(CHECK_INTERVAL_MS, Math.max(0, end - Date.now())));
    }
    const upAt = Date.now();
    judgeOutage(ctx, acks1, reader, downAt, upAt);
    await zk.startNode(first, { waitForQuorum: false });
    await zk.startNode(second);
    ctx.note(
      `ZooKeeper nodes restarted after ${QUORUM_DOWN_MS / 1000} s; the quorum served again ${Date.now() - upAt} ms later (leader: node ${String(await zk.leaderId())})`,
    );
    await ctx.cluster.waitForLiveBrokers(ctx.cluster.ids, ZK_ELECTION_TIMEOUT_MS);
  } finally {
    await Promise.all([acks1.stop(), reader.stop()]);
  }
  for (const change of leadershipChanges(beforeZk, await leadersFromZk(ctx.cluster, topics, ctx.partitions))) {
    ctx.violation(`ZooKeeper shows a leadership change across the quorum loss: ${change}`);
  }
  await checkControllerKept(ctx, controllerBefore);
  const kept = compareSessions(ctx, sessionsBefore, await sessionIds(ctx, zk));
  ctx.note(`${kept} of ${ctx.cluster.ids.length} broker sessions survived the ${QUORUM_DOWN_MS / 1000} s quorum loss`);
  await checkAcksAllResume(ctx);
}

function judgeOutage(ctx: FaultContext, acks1: AckProbe, reader: ReadProbe, downAt: number, upAt: number): void {
  const window = acks1.window(downAt + OUTAGE_GRACE_MS, upAt);
  ctx.note(
    `without quorum: acks=1 probe ${window.acks} acks, ${window.failures} failures, longest gap per partition ${window.longestGapMs} ms`,
  );
  if (window.failures > 0)
    ctx.violation(`acks=1 sends failed without ZooKeeper quorum: ${window.failureSamples.join('; ')}`);
  if (window.longestGapMs > ACKS1_GAP_MAX_MS)
    ctx.violation(
      `a partition went ${window.longestGapMs} ms without an acks=1 acknowledgement while ZooKeeper had no quorum`,
    );
  const reads = reader.readsBetween(downAt + OUTAGE_GRACE_MS, upAt);
  ctx.note(`without quorum: the group-less reader got ${reads} records`);
  if (reads === 0) ctx.violation('no records could be read while ZooKeeper had no quorum');
  const acksAll = ctx.topics.reduce(
    (sum, topic) => sum + ctx.acks(topic).filter((a) => a.atMs >= downAt + OUTAGE_GRACE_MS && a.atMs <= upAt).length,
    0,
  );
  ctx.note(
    `without quorum: the workloads' acks=all producers got ${acksAll} acks (ISR unchanged, so acks=all needs no ZooKeeper write)`,
  );
}

/** After the quorum is back, an acks=all producer gets acknowledgements on every partition. */
async function checkAcksAllResume(ctx: FaultContext): Promise<void> {
  const probe = new AckProbe(ctx.cluster, ctx.partitions, 'all');
  await probe.start();
  const from = Date.now();
  try {
    await ctx.hold(RESUME_WINDOW_MS);
    const window = probe.window(from, Date.now());
    ctx.note(`after quorum: acks=all probe ${window.acks} acks, ${window.failures} failures`);
    if (window.acks === 0 || window.longestGapMs >= RESUME_WINDOW_MS)
      ctx.violation(`acks=all did not resume on every partition within ${RESUME_WINDOW_MS} ms of the quorum's return`);
  } finally {
    await probe.stop();
  }
}

interface StaleAnswer {
  sentMs: number;
  answeredMs: number;
  errorCode: number;
  /** Whether the broker had logged the expiry when the request was sent. */
  afterBrokerSawExpiry: boolean;
}

/** Sends acks=all produces to `leader` one after another until `done()` holds; records each answer. */
async function probeLeader(
  ctx: FaultContext,
  leader: number,
  outputFrom: number,
  done: () => boolean,
): Promise<StaleAnswer[]> {
  const { host, port } = ctx.cluster.addressOf(leader);
  const connection = await Connection.connect({ host, port, clientId: 'fault-expiry-probe', requestTimeoutMs: 10_000 });
  const answers: StaleAnswer[] = [];
  try {
    for (let i = 0; !done(); i++) {
      const afterBrokerSawExpiry = ctx.cluster.brokerOutput(leader).slice(outputFrom).includes(EXPIRY_LOG_LINE);
      const records = await encodeRecordBatch({
        baseTimestamp: Date.now(),
        records: [{ key: null, value: Buffer.from(`expiry-probe ${i}`) }],
      });
      const sentMs = Date.now();
      const result = await produceTo(connection, PROBE_TOPIC, records, { acks: -1, timeoutMs: 2000 }).catch(() => ({
        errorCode: -1,
        baseOffset: -1,
      }));
      answers.push({ sentMs, answeredMs: Date.now(), errorCode: result.errorCode, afterBrokerSawExpiry });
      await ctx.hold(STALE_PROBE_INTERVAL_MS);
    }
  } finally {
    connection.close();
  }
  return answers;
}

/** Milliseconds since the epoch of the first broker log line after `from` that contains `text`. */
function loggedAt(output: string, from: number, text: string): number | null {
  const line = output
    .slice(from)
    .split('\n')
    .find((l) => l.includes(text));
  const stamp = line ? /^(\d{4}-\d\d-\d\dT[\d:.]+Z)/.exec(line) : null;
  return stamp ? Date.parse(stamp[1]) : null;
}

async function zkSessionExpiryLeader(ctx: FaultContext): Promise<void> {
  const zk = ensembleOf(ctx);
  await createProbeTopic(ctx.cluster, ctx.partitions);
  const before = await ctx.cluster.state(PROBE_TOPIC, 0);
  const leader = before.leader;
  const isController = (await ctx.cluster.controllerId()) === leader;
  const oldSession = await zk.brokerSessionId(ctx.cluster.session, leader);
  if (oldSession === null) throw new Error(`broker ${leader} is not registered`);
  const outputFrom = ctx.cluster.brokerOutput(leader).length;
  const resumed = (): boolean => ctx.cluster.brokerOutput(leader).slice(outputFrom).includes(RESUMED_LOG_LINE);
  let probing = true;
  const answers = probeLeader(ctx, leader, outputFrom, () => !probing);
  try {
    // Timed from the request: the server ends the session on the first attempt that attaches.
    const expiredAt = Date.now();
    await zk.expireSession(oldSession);
    ctx.faultInjected(
      `expired the ZooKeeper session 0x${oldSession} of broker ${leader} (leader of ${PROBE_TOPIC}-0${isController ? ', and the controller' : ''})`,
    );
    const registration = await waitUntil(
      async () => {
        const { stat } = await ctx.cluster.session.getData(brokerIdPath(leader));
        return stat.ephemeralOwner !== oldSession ? stat : null;
      },
      { timeoutMs: REREGISTER_TIMEOUT_MS, intervalMs: 100, message: `broker ${leader} to register with a new session` },
    );
    await waitUntil(resumed, {
      timeoutMs: REREGISTER_TIMEOUT_MS,
      intervalMs: 50,
      message: `broker ${leader} to resume acks=all`,
    });
    probing = false;
    const output = ctx.cluster.brokerOutput(leader);
    const sawAt = loggedAt(output, outputFrom, EXPIRY_LOG_LINE);
    const resumedAt = loggedAt(output, outputFrom, RESUMED_LOG_LINE);
    const since = (t: number | null): string => (t === null ? '?' : String(t - expiredAt));
    ctx.note(
      `broker ${leader} after the expiry (ms): saw it +${since(sawAt)}, registered again +${registration.ctimeMs - expiredAt} ` +
        `(broker epoch ${registration.czxid}), told its state and resumed acks=all +${since(resumedAt)}`,
    );
    judgeStaleAnswers(ctx, leader, await answers, resumedAt ?? registration.ctimeMs);
  } finally {
    probing = false;
    await answers.catch(() => undefined);
  }
  const after = await ctx.cluster.waitForState(
    PROBE_TOPIC,
    0,
    (s) => s.leader >= 0 && s.isr.includes(leader),
    `broker ${leader} back in the ISR`,
    REREGISTER_TIMEOUT_MS,
  );
  ctx.note(
    `${PROBE_TOPIC}-0: leader ${leader} epoch ${before.leaderEpoch} before, leader ${after.leader} epoch ${after.leaderEpoch} after, ISR ${after.isr.join(',')}`,
  );
}

/** `resumedMs`: when the broker resumed acks=all (told its state), or failing that, re-registered. */
function judgeStaleAnswers(ctx: FaultContext, leader: number, answers: StaleAnswer[], resumedMs: number): void {
  const counts = new Map<string, number>();
  for (const answer of answers) {
    const name = answer.errorCode === -1 ? 'no answer' : errorInfo(answer.errorCode).name;
    counts.set(name, (counts.get(name) ?? 0) + 1);
    // Sent once the broker knew of the expiry, acknowledged before it could acknowledge again.
    if (answer.errorCode === 0 && answer.afterBrokerSawExpiry && answer.answeredMs < resumedMs) {
      ctx.violation(
        `broker ${leader} acknowledged an acks=all write ${resumedMs - answer.answeredMs} ms before it had registered again and been told its state`,
      );
    }
  }
  ctx.note(
    `acks=all produces to broker ${leader} from the expiry until it resumed: ${[...counts].map(([k, v]) => `${k} ${v}`).join(', ')}`,
  );
  if (!answers.some((a) => a.afterBrokerSawExpiry))
    ctx.note(`broker ${leader} re-registered before the probe saw it log the expiry`);
}

export const scenarios: Scenario[] = [
  {
    name: 'zk-node-loss',
    description: `the ZooKeeper ensemble's leader SIGKILLed for ${NODE_DOWN_MS / 1000} s under load, then restarted`,
    cluster: { zookeeper: 'ensemble' },
    inject: zkNodeLoss,
  },
  {
    name: 'zk-quorum-loss',
    description: `two of three ZooKeeper nodes SIGKILLed for ${QUORUM_DOWN_MS / 1000} s: leaders keep serving acks=1 and reads, no leadership change`,
    cluster: { zookeeper: 'ensemble' },
    inject: zkQuorumLoss,
  },
  {
    name: 'zk-session-expiry-leader',
    description:
      'the ZooKeeper session of a partition leader expired under load: no acks=all until it re-registers, then it rejoins',
    cluster: { zookeeper: 'ensemble' },
    inject: zkSessionExpiryLeader,
  },
];
