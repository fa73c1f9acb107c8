// Probes the ZooKeeper scenarios use beside the harness's workloads: a probe topic of their own
// (so probe records never mix with the oracle's sequence numbers), a producer with chosen acks
// that offers one record per partition per tick and timestamps every answer, a group-less reader,
// and snapshots of every partition's leader and leader epoch — from each broker's own Metadata
// answer (what clients are told, and readable while ZooKeeper is down) or from ZooKeeper.
import { Admin } from '../../lib/client/admin';
import { Consumer } from '../../lib/client/consumer';
import { Acks, Producer } from '../../lib/client/producer';
import { Connection } from '../../lib/network/connection';
import { metadataApi, MetadataRequest } from '../../lib/protocol/apis/metadata';
import type { FaultCluster } from './fault-cluster';

export const PROBE_TOPIC = 'zk-probe';
const PROBE_TICK_MS = 200;
const METADATA_TIMEOUT_MS = 5000;
const METADATA_VERSION = 9;

/** `topic-partition` → leader and leader epoch. */
export type LeaderSnapshot = Map<string, { leader: number; leaderEpoch: number }>;

export async function createProbeTopic(cluster: FaultCluster, partitions: number): Promise<void> {
  const admin = await Admin.connect(cluster.bootstrap());
  try {
    await admin.createTopics([
      {
        topic: PROBE_TOPIC,
        numPartitions: partitions,
        replicationFactor: cluster.ids.length,
        configs: { 'min.insync.replicas': '2' },
      },
    ]);
  } finally {
    await admin.close();
  }
  await cluster.waitForFullIsr([PROBE_TOPIC], partitions);
}

/** What broker `id` tells clients about every partition of `topics`. */
export async function leadersFromBroker(cluster: FaultCluster, id: number, topics: string[]): Promise<LeaderSnapshot> {
  const { host, port } = cluster.addressOf(id);
  const connection = await Connection.connect({
    host,
    port,
    clientId: 'fault-zk-metadata',
    connectTimeoutMs: METADATA_TIMEOUT_MS,
    requestTimeoutMs: METADATA_TIMEOUT_MS,
  });
  try {
    const request: MetadataRequest = {
      topics: topics.map((name) => ({ name, topicId: '' })),
      allowAutoTopicCreation: false,
      includeClusterAuthorizedOperations: false,
      includeTopicAuthorizedOperations: false,
    };
    const response = await connection.send(metadataApi, METADATA_VERSION, request);
    const snapshot: LeaderSnapshot = new Map();
    for (const topic of response.topics) {
      for (const p of topic.partitions)
        snapshot.set(`${topic.name}-${p.partitionIndex}`, { leader: p.leaderId, leaderEpoch: p.leaderEpoch });
    }
    return snapshot;
  } finally {
    connection.close();
  }
}

/** The partition state znodes of every partition of `topics`. */
export async function leadersFromZk(
  cluster: FaultCluster,
  topics: string[],
  partitions: number,
): Promise<LeaderSnapshot> {
  const snapshot: LeaderSnapshot = new Map();
  for (const topic of topics) {
    for (let p = 0; p < partitions; p++) {
      const state = await cluster.state(topic, p);
      snapshot.set(`${topic}-${p}`, { leader: state.leader, leaderEpoch: state.leaderEpoch });
    }
  }
  return snapshot;
}

/** Every partition whose leader or leader epoch differs (or is missing) in `after`. */
export function leadershipChanges(before: LeaderSnapshot, after: LeaderSnapshot): string[] {
  const changes: string[] = [];
  for (const [key, was] of before) {
    const now = after.get(key);
    if (!now) changes.push(`${key}: missing (was leader ${was.leader}, epoch ${was.leaderEpoch})`);
    else if (now.leader !== was.leader || now.leaderEpoch !== was.leaderEpoch) {
      changes.push(`${key}: leader ${was.leader}→${now.leader}, epoch ${was.leaderEpoch}→${now.leaderEpoch}`);
    }
  }
  return changes;
}

export interface ProbeWindow {
  acks: number;
  failures: number;
  failureSamples: string[];
  /** Per partition, the longest stretch of the window without an acknowledgement. */
  longestGapMs: number;
}

/** One record per partition of the probe topic every tick, acks as chosen, each answer timestamped. */
export class AckProbe {
  private readonly producer: Producer;
  private timer: NodeJS.Timeout | null = null;
  private readonly acks: Array<{ partition: number; atMs: number }> = [];
  private readonly failures: Array<{ atMs: number; text: string }> = [];
  private outstanding = 0;

  constructor(
    cluster: FaultCluster,
    private readonly partitions: number,
    acks: Acks,
    requestTimeoutMs = 5000,
  ) {
    this.producer = new Producer({
      brokers: cluster.bootstrap().split(','),
      acks,
      clientId: `fault-zk-probe-acks${String(acks)}`,
      lingerMs: 0,
      requestTimeoutMs,
      retries: 3,
      retryBackoffMs: 200,
      allowAutoTopicCreation: false,
    });
  }

  async start(): Promise<void> {
    await this.producer.connect();
    this.timer = setInterval(() => this.tick(), PROBE_TICK_MS);
  }

  private tick(): void {
    for (let partition = 0; partition < this.partitions && this.outstanding < this.partitions * 20; partition++) {
      this.outstanding += 1;
      this.producer.sendWithCallback(
        { topic: PROBE_TOPIC, messages: [{ value: `probe ${Date.now()}`, partition }] },
        (error) => {
          this.outstanding -= 1;
          if (error === null) this.acks.push({ partition, atMs: Date.now() });
          else this.failures.push({ atMs: Date.now(), text: `partition ${partition}: ${error.message}` });
        },
      );
    }
  }

  /** Acknowledgements and failures answered within [fromMs, toMs]. */
  window(fromMs: number, toMs: number): ProbeWindow {
    const acks = this.acks.filter((a) => a.atMs >= fromMs && a.atMs <= toMs);
    const failures = this.failures.filter((f) => f.atMs >= fromMs && f.atMs <= toMs);
    let longestGapMs = 0;
    for (let partition = 0; partition < this.partitions; partition++) {
      let previous = fromMs;
      for (const ack of acks.filter((a) => a.partition === partition)) {
        longestGapMs = Math.max(longestGapMs, ack.atMs - previous);
        previous = ack.atMs;
      }
      longestGapMs = Math.max(longestGapMs, toMs - previous);
    }
    return {
      acks: acks.length,
      failures: failures.length,
      failureSamples: failures.slice(0, 3).map((f) => f.text),
      longestGapMs,
    };
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await Promise.race([this.producer.close(), new Promise((resolve) => setTimeout(resolve, 5000))]);
  }
}

/** Reads every partition of the probe topic from the start without a group (no coordinator, no commits). */
export class ReadProbe {
  private readonly consumer: Consumer;
  private readonly reads: number[] = [];
  private running: Promise<void> | null = null;

  constructor(
    cluster: FaultCluster,
    private readonly partitions: number,
  ) {
    this.consumer = new Consumer({
      brokers: cluster.bootstrap().split(','),
      clientId: 'fault-zk-reader',
      maxWaitMs: 200,
      requestTimeoutMs: 10_000,
    });
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    this.consumer.assign(
      Array.from({ length: this.partitions }, (_, partition) => ({
        topic: PROBE_TOPIC,
        partition,
        offset: 'earliest' as const,
      })),
    );
    this.running = this.consumer
      .run({
        eachBatch: ({ messages }) => {
          const now = Date.now();
          for (let i = 0; i < messages.length; i++) this.reads.push(now);
        },
      })
      .catch(() => undefined);
  }

  /** Records delivered within [fromMs, toMs]. */
  readsBetween(fromMs: number, toMs: number): number {
    return this.reads.filter((t) => t >= fromMs && t <= toMs).length;
  }

  async stop(): Promise<void> {
    await Promise.race([this.consumer.close(), new Promise((resolve) => setTimeout(resolve, 10_000))]);
    await Promise.race([this.running, new Promise((resolve) => setTimeout(resolve, 5000))]);
  }
}
