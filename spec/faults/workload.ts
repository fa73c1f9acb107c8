// The fault suite's workloads: a producer (acks=all, keyed, values are sequence numbers) and a
// consumer group reading the same topic concurrently, each recording every acknowledgement and
// every read for the oracle. Variants: Samsa's own client, Samsa's client with idempotence, and
// kafka-python (a client no one here wrote) in a child process that reports line by line.
import { spawn, ChildProcess } from 'node:child_process';
import { Producer } from '../../lib/client/producer';
import { Consumer } from '../../lib/client/consumer';
import type { WorkloadVariant } from './scenario';

export interface AckRecord {
  seq: number;
  partition: number;
  offset: number;
  atMs: number;
}

export interface ReadRecord {
  partition: number;
  offset: number;
  seq: number;
}

/** What one workload saw, for the oracle. */
export interface WorkloadLog {
  variant: WorkloadVariant;
  topic: string;
  sent: number;
  acks: AckRecord[];
  failures: number;
  failureSamples: string[];
  reads: ReadRecord[];
  /** Polls whose offsets for one partition went backwards inside one delivered batch. */
  nonMonotonicPolls: number;
}

export interface Workload {
  readonly log: WorkloadLog;
  start(): Promise<void>;
  /** Stops sending and waits (bounded) for every outstanding send to be answered. */
  stopProducing(timeoutMs: number): Promise<void>;
  stopConsuming(): Promise<void>;
}

export interface WorkloadOptions {
  variant: WorkloadVariant;
  topic: string;
  bootstrap: string;
  /** Messages per second the producer offers. */
  ratePerSec?: number;
  /** Value bytes beyond the sequence number (padding), for heavy-write scenarios. */
  padBytes?: number;
}

const FAILURE_SAMPLES_MAX = 5;
const TICK_MS = 20;
const OUTSTANDING_MAX = 200;

export function keyOf(seq: number): string {
  return `k${seq % 16}`;
}

function emptyLog(options: WorkloadOptions): WorkloadLog {
  return {
    variant: options.variant,
    topic: options.topic,
    sent: 0,
    acks: [],
    failures: 0,
    failureSamples: [],
    reads: [],
    nonMonotonicPolls: 0,
  };
}

function recordFailure(log: WorkloadLog, text: string): void {
  log.failures += 1;
  if (log.failureSamples.length < FAILURE_SAMPLES_MAX) log.failureSamples.push(text);
}

/** Parses a value written by a workload: the sequence number, then optional padding. */
export function seqOf(value: Buffer | string | null): number {
  if (value === null) return -1;
  const text = typeof value === 'string' ? value : value.toString('latin1', 0, Math.min(value.length, 20));
  return parseInt(text, 10);
}

export function createWorkload(options: WorkloadOptions): Workload {
  return options.variant === 'kafka-python' ? new PythonWorkload(options) : new SamsaWorkload(options);
}

class SamsaWorkload implements Workload {
  readonly log: WorkloadLog;
  private readonly producer: Producer;
  private readonly consumer: Consumer;
  private timer: NodeJS.Timeout | null = null;
  private outstanding = 0;
  private consuming: Promise<void> | null = null;
  private readonly pad: string;

  constructor(private readonly options: WorkloadOptions) {
    this.log = emptyLog(options);
    const brokers = options.bootstrap.split(',');
    this.pad = options.padBytes ? ' ' + 'x'.repeat(options.padBytes) : '';
    this.producer = new Producer({
      brokers,
      acks: 'all',
      idempotent: options.variant === 'idempotent',
      clientId: `fault-${options.variant}`,
      lingerMs: 5,
      requestTimeoutMs: 10_000,
      retries: 30,
      retryBackoffMs: 200,
      allowAutoTopicCreation: false,
    });
    this.consumer = new Consumer({
      brokers,
      groupId: `${options.topic}-readers`,
      clientId: `fault-reader-${options.variant}`,
      fromBeginning: true,
      sessionTimeoutMs: 10_000,
      heartbeatIntervalMs: 1000,
      maxWaitMs: 200,
      requestTimeoutMs: 15_000,
    });
  }

  async start(): Promise<void> {
    await this.producer.connect();
    await this.consumer.connect();
    this.consumer.subscribe([this.options.topic]);
    this.consuming = this.consumer
      .run({ eachBatch: async ({ partition, messages }) => this.onBatch(partition, messages) })
      .catch((err: Error) => {
        recordFailure(this.log, `consumer: ${err.message}`);
      });
    const perTick = Math.max(1, Math.round(((this.options.ratePerSec ?? 300) * TICK_MS) / 1000));
    this.timer = setInterval(() => this.tick(perTick), TICK_MS);
  }

  private onBatch(partition: number, messages: Array<{ offset: number; value: Buffer | null }>): void {
    let last = -1;
    for (const m of messages) {
      if (m.offset <= last) this.log.nonMonotonicPolls += 1;
      last = m.offset;
      this.log.reads.push({ partition, offset: m.offset, seq: seqOf(m.value) });
    }
  }

  private tick(count: number): void {
    for (let i = 0; i < count && this.outstanding < OUTSTANDING_MAX; i++) this.sendNext();
  }

  private sendNext(): void {
    const seq = this.log.sent++;
    this.outstanding += 1;
    const message = { key: keyOf(seq), value: `${seq}${this.pad}` };
    this.producer.sendWithCallback({ topic: this.options.topic, messages: [message] }, (error, results) => {
      this.outstanding -= 1;
      if (error !== null || !results) {
        recordFailure(this.log, `seq ${seq}: ${error?.message ?? 'no result'}`);
        return;
      }
      const r = results[0];
      this.log.acks.push({ seq, partition: r.partition, offset: r.offset, atMs: Date.now() });
    });
  }

  async stopProducing(timeoutMs: number): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const deadline = Date.now() + timeoutMs;
    while (this.outstanding > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    if (this.outstanding > 0) recordFailure(this.log, `${this.outstanding} sends unanswered after ${timeoutMs} ms`);
    await Promise.race([this.producer.close(), new Promise((r) => setTimeout(r, 5000))]);
  }

  async stopConsuming(): Promise<void> {
    await Promise.race([this.consumer.close(), new Promise((r) => setTimeout(r, 10_000))]);
    await Promise.race([this.consuming, new Promise((r) => setTimeout(r, 5000))]);
  }
}

// kafka-python: a producer in the main thread (acks=all, one request in flight per connection so
// retries cannot reorder) and a group consumer in a second thread; "stop" on stdin ends sending.
const PYTHON_WORKLOAD = `
import json, sys, threading, time
from kafka import KafkaProducer, KafkaConsumer
bootstrap, topic, rate, pad = sys.argv[1].split(','), sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
out_lock = threading.Lock()
def emit(obj):
    with out_lock:
        sys.stdout.write(json.dumps(obj) + "\\n"); sys.stdout.flush()
stopping = threading.Event(); consumer_stop = threading.Event()
def watch_stdin():
    for line in sys.stdin:
        if line.strip() == "stop": stopping.set()
        if line.strip() == "stop-consumer": consumer_stop.set(); return
    stopping.set(); consumer_stop.set()
threading.Thread(target=watch_stdin, daemon=True).start()
def consume():
    try:
        c = KafkaConsumer(topic, bootstrap_servers=bootstrap, group_id=topic + "-readers", auto_offset_reset="earliest",
                          session_timeout_ms=10000, heartbeat_interval_ms=1000, fetch_max_wait_ms=200,
                          request_timeout_ms=30000, api_version_auto_timeout_ms=10000, metadata_max_age_ms=2000)
        while not consumer_stop.is_set():
            polled = c.poll(timeout_ms=200)
            for tp, records in polled.items():
                last = -1
                for r in records:
                    emit({"r": [tp.partition, r.offset, r.value.decode("latin1").split(" ")[0], 1 if r.offset <= last else 0]})
                    last = r.offset
        c.close(autocommit=False)
    except Exception as e:
        emit({"ce": type(e).__name__ + ": " + str(e)})
    emit({"consumer_done": True})
threading.Thread(target=consume, daemon=True).start()
p = KafkaProducer(bootstrap_servers=bootstrap, acks="all", retries=30, retry_backoff_ms=200,
                  max_in_flight_requests_per_connection=1, linger_ms=5, request_timeout_ms=10000,
                  metadata_max_age_ms=2000, api_version_auto_timeout_ms=10000)
def report(seq):
    def ok(md): emit({"a": [seq, md.partition, md.offset, int(time.time() * 1000)]})
    def failed(exc): emit({"f": seq, "e": type(exc).__name__ + ": " + str(exc)})
    return ok, failed
seq = 0; padding = (" " + "x" * pad) if pad > 0 else ""
interval = 1.0 / rate
next_at = time.time()
while not stopping.is_set():
    ok, failed = report(seq)
    p.send(topic, key=("k%d" % (seq % 16)).encode(), value=("%d%s" % (seq, padding)).encode()).add_callback(ok).add_errback(failed)
    seq += 1
    next_at += interval
    delay = next_at - time.time()
    if delay > 0: time.sleep(delay)
p.flush(60)
p.close(10)
emit({"sent": seq, "producer_done": True})
consumer_stop.wait(120)
`;

interface PythonLine {
  a?: [number, number, number, number];
  f?: number;
  e?: string;
  r?: [number, number, string, number];
  ce?: string;
  sent?: number;
  producer_done?: boolean;
  consumer_done?: boolean;
}

class PythonWorkload implements Workload {
  readonly log: WorkloadLog;
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  private producerDone = false;
  private consumerDone = false;
  private stderr = '';

  constructor(private readonly options: WorkloadOptions) {
    this.log = emptyLog(options);
  }

  async start(): Promise<void> {
    const rate = String(this.options.ratePerSec ?? 300);
    const child = spawn(
      '/usr/bin/python3',
      ['-c', PYTHON_WORKLOAD, this.options.bootstrap, this.options.topic, rate, String(this.options.padBytes ?? 0)],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    this.child = child;
    let buffered = '';
    child.stdout?.on('data', (c: Buffer) => {
      buffered += c.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) if (line.trim() !== '') this.onLine(JSON.parse(line) as PythonLine);
    });
    child.stderr?.on('data', (c: Buffer) => {
      this.stderr = (this.stderr + c.toString()).slice(-4000);
    });
    child.stdin?.on('error', () => undefined);
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  private onLine(line: PythonLine): void {
    if (line.a) {
      const [seq, partition, offset, atMs] = line.a;
      this.log.acks.push({ seq, partition, offset, atMs });
      this.log.sent = Math.max(this.log.sent, seq + 1);
    } else if (line.f !== undefined) {
      recordFailure(this.log, `seq ${line.f}: ${line.e ?? ''}`);
      this.log.sent = Math.max(this.log.sent, line.f + 1);
    } else if (line.r) {
      const [partition, offset, value, backwards] = line.r;
      this.log.reads.push({ partition, offset, seq: seqOf(value) });
      this.log.nonMonotonicPolls += backwards;
    } else if (line.ce) {
      recordFailure(this.log, `consumer: ${line.ce}`);
    } else if (line.producer_done) {
      this.producerDone = true;
      this.log.sent = Math.max(this.log.sent, line.sent ?? 0);
    } else if (line.consumer_done) {
      this.consumerDone = true;
    }
  }

  async stopProducing(timeoutMs: number): Promise<void> {
    this.child?.stdin?.write('stop\n');
    const deadline = Date.now() + timeoutMs;
    while (!this.producerDone && Date.now() < deadline && this.child?.exitCode === null)
      await new Promise((r) => setTimeout(r, 50));
    if (!this.producerDone)
      recordFailure(
        this.log,
        `kafka-python producer did not finish within ${timeoutMs} ms: ${this.stderr.slice(-500)}`,
      );
  }

  async stopConsuming(): Promise<void> {
    this.child?.stdin?.end('stop-consumer\n');
    const deadline = Date.now() + 15_000;
    while (!this.consumerDone && Date.now() < deadline && this.child?.exitCode === null)
      await new Promise((r) => setTimeout(r, 50));
    if (this.child && this.child.exitCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }
}
