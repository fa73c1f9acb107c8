// A producer pinned to one broker, for the rule "a fenced leader acknowledges no acks=all write":
// it sends one single-record acks=all Produce at a time to that broker alone (never following
// leadership, unlike a real client), and keeps when each was sent and how it was answered. A
// scenario partitions that broker, notes when the new leader serves (servingSince), heals, and
// then checks the answers: nothing the old broker acknowledged may be missing from the
// partition, and nothing it acknowledged may have been sent after the new leader served.
import { Connection, ConnectionError } from '../../lib/network/connection';
import { listOffsetsApi } from '../../lib/protocol/apis/list-offsets';
import { encodeRecordBatch } from '../../lib/protocol/record-codec';
import { ErrorCode, errorInfo } from '../../lib/protocol/error-codes';
import { Cluster } from '../../lib/client/cluster';
import { readBatches } from '../client/read-back';
import { waitUntil } from '../helpers/wait';
import { produceTo } from '../helpers/raw-partition';

const LIST_OFFSETS_VERSION = 4;
const RETRY_BACKOFF_MS = 200;
/** The preferred-leader rebalance may move the partition while it is read; reads are repeated this long. */
const READ_BACK_TIMEOUT_MS = 30_000;

export interface ProbeAnswer {
  seq: number;
  sentAtMs: number;
  answeredAtMs: number;
  /** -1: no answer (connection failed or timed out) — the outcome is unknown, not an ack. */
  errorCode: number;
  offset: number;
}

/** Partition 0 of `topic` on the broker at host:port. */
export interface ProbeTarget {
  host: string;
  port: number;
  topic: string;
}

export class PinnedProducer {
  readonly answers: ProbeAnswer[] = [];
  private running = true;
  private connection: Connection | null = null;
  private readonly loop: Promise<void>;
  private seq = 0;

  /** `ackTimeoutMs` is the Produce request's timeout (how long the broker may wait for the ISR). */
  constructor(
    readonly brokerId: number,
    private readonly target: ProbeTarget,
    private readonly ackTimeoutMs = 2000,
  ) {
    this.loop = this.run();
  }

  static value(seq: number): string {
    return `probe-${seq}`;
  }

  acked(): ProbeAnswer[] {
    return this.answers.filter((a) => a.errorCode === ErrorCode.NONE);
  }

  async stop(): Promise<void> {
    this.running = false;
    this.connection?.close();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      const seq = this.seq++;
      const sentAtMs = Date.now();
      try {
        const { errorCode, offset } = await this.produce(seq);
        this.answers.push({ seq, sentAtMs, answeredAtMs: Date.now(), errorCode, offset });
        if (errorCode !== ErrorCode.NONE) await pause(RETRY_BACKOFF_MS);
      } catch (err) {
        if (!(err instanceof ConnectionError)) throw err;
        this.answers.push({ seq, sentAtMs, answeredAtMs: Date.now(), errorCode: -1, offset: -1 });
        this.connection?.close();
        this.connection = null;
        await pause(RETRY_BACKOFF_MS);
      }
    }
  }

  private async produce(seq: number): Promise<{ errorCode: number; offset: number }> {
    const connection = await this.connect();
    const records = await encodeRecordBatch({
      records: [{ key: null, value: Buffer.from(PinnedProducer.value(seq)) }],
    });
    const answer = await produceTo(connection, this.target.topic, records, { acks: -1, timeoutMs: this.ackTimeoutMs });
    return { errorCode: answer.errorCode, offset: answer.baseOffset };
  }

  private async connect(): Promise<Connection> {
    if (this.connection && !this.connection.isClosed) return this.connection;
    this.connection = await Connection.connect({
      host: this.target.host,
      port: this.target.port,
      clientId: `fault-probe-${this.brokerId}`,
      connectTimeoutMs: 2000,
      requestTimeoutMs: this.ackTimeoutMs + 3000,
    });
    return this.connection;
  }
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Waits until broker (host:port) answers ListOffsets for the partition as its leader, and returns
 * when it first did: from then on the old leader's followers are gone, so it cannot acknowledge.
 */
export async function servingSince(target: ProbeTarget, timeoutMs: number): Promise<number> {
  const connection = await Connection.connect({
    host: target.host,
    port: target.port,
    clientId: 'fault-probe-leader',
    requestTimeoutMs: 5000,
  });
  try {
    return await waitUntil(
      async () => {
        const response = await connection.send(listOffsetsApi, LIST_OFFSETS_VERSION, {
          replicaId: -1,
          isolationLevel: 0,
          topics: [
            {
              name: target.topic,
              partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp: -1, maxNumOffsets: 1 }],
            },
          ],
        });
        return response.topics[0]?.partitions[0]?.errorCode === ErrorCode.NONE ? Date.now() : 0;
      },
      { timeoutMs, intervalMs: 100, message: `${target.topic}-0 served by ${target.host}:${target.port}` },
    );
  } finally {
    connection.close();
  }
}

export interface ProbeVerdict {
  acked: number;
  ackedAfterServing: ProbeAnswer[];
  missing: ProbeAnswer[];
  /** Error names the old leader answered with, and how often. */
  refusals: Map<string, number>;
}

/** Every record of partition 0 by offset, as its current leader serves it (up to its high watermark). */
async function storedValues(bootstrap: string, topic: string): Promise<Map<number, string>> {
  const client = new Cluster({
    brokers: bootstrap.split(','),
    clientId: 'fault-probe-check',
    requestTimeoutMs: 10_000,
  });
  try {
    const stored = new Map<number, string>();
    for (const batch of await readBatches(client, topic, 0)) {
      for (const record of batch.records) stored.set(record.offset, record.value?.toString() ?? '');
    }
    return stored;
  } finally {
    await client.close();
  }
}

/**
 * The acked answers the partition does not hold. A preferred-leader move during the read (a stale
 * leader, or a new one whose high watermark still lags) can hide records for a moment, so the read
 * is repeated until nothing is missing or READ_BACK_TIMEOUT_MS passes; a real loss stays.
 */
async function missingAnswers(acked: ProbeAnswer[], bootstrap: string, topic: string): Promise<ProbeAnswer[]> {
  let missing: ProbeAnswer[] | null = null;
  try {
    await waitUntil(
      async () => {
        const stored = await storedValues(bootstrap, topic);
        missing = acked.filter((a) => stored.get(a.offset) !== PinnedProducer.value(a.seq));
        return missing.length === 0;
      },
      { timeoutMs: READ_BACK_TIMEOUT_MS, intervalMs: 500, message: `every acked probe record in ${topic}-0` },
    );
  } catch (err) {
    if (missing === null) throw err;
  }
  return missing ?? [];
}

/** Reads the partition from its current leader and judges the probe's answers. */
export async function judgeProbe(
  probe: PinnedProducer,
  bootstrap: string,
  target: ProbeTarget,
  newLeaderServingMs: number | null,
): Promise<ProbeVerdict> {
  const acked = probe.acked();
  const missing = await missingAnswers(acked, bootstrap, target.topic);
  const refusals = new Map<string, number>();
  for (const a of probe.answers) {
    if (a.errorCode === ErrorCode.NONE) continue;
    const name = a.errorCode < 0 ? 'NO_ANSWER' : errorInfo(a.errorCode).name;
    refusals.set(name, (refusals.get(name) ?? 0) + 1);
  }
  return {
    acked: acked.length,
    ackedAfterServing: newLeaderServingMs === null ? [] : acked.filter((a) => a.sentAtMs > newLeaderServingMs),
    missing,
    refusals,
  };
}
