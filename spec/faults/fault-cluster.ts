// The fault suite's cluster: real `bin/broker` processes on one ZooKeeper chroot, each on its own
// log dirs that survive restarts, so a scenario can stop, kill, pause and restart brokers by PID
// and read Kafka's znodes (partition state, controller) through the harness's own session.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnBroker, BrokerProcess, tempDir } from '../helpers/broker';
import { openZkSession } from '../helpers/zookeeper';
import { waitUntil } from '../helpers/wait';
import type { ZkSession } from '../../lib/zk/session';
import { getPartitionState } from '../../lib/zk/topic-znodes';
import { getControllerId } from '../../lib/zk/controller-election';
import { getLiveBrokerIds } from '../../lib/zk/broker-registry';
import type { PartitionState } from '../../lib/zk/znodes';

export type Props = Record<string, string | number | boolean>;

/** Lets a fault layer (the link proxy, a mounted log dir) shape each broker's start. */
export interface BrokerHooks {
  /** Properties to add or override at each (re)start of broker `id`, given the ones so far (e.g. zookeeper.connect to reroute). */
  propsFor?(id: number, props?: Props): Props;
  /** Told the broker's real listening port after each (re)start. */
  started?(id: number, port: number): void;
}

export interface FaultClusterOptions {
  label: string;
  connectString: string;
  ids: number[];
  props?: Props;
  brokerProps?: Record<number, Props>;
  hooks?: BrokerHooks[];
  /** Where broker output is appended (one file per broker), for post-mortems. */
  logDir?: string;
}

/** Properties that make failover quick enough for a suite, as the replication specs use. */
const FAULT_DEFAULTS: Props = {
  listeners: 'PLAINTEXT://127.0.0.1:0',
  'zookeeper.session.timeout.ms': 6000,
  'replica.lag.time.max.ms': 4000,
  'replica.fetch.wait.max.ms': 200,
  'replica.fetch.backoff.ms': 200,
  'controlled.shutdown.retry.backoff.ms': 500,
  'leader.imbalance.check.interval.seconds': 5,
  'offsets.topic.replication.factor': 3,
  'offsets.topic.num.partitions': 3,
  'group.initial.rebalance.delay.ms': 0,
};

const BROKER_START_TIMEOUT_MS = 60_000;

export class FaultCluster {
  readonly ids: number[];
  private readonly processes = new Map<number, BrokerProcess>();
  private readonly logDirs = new Map<number, string[]>();
  private readonly outputs = new Map<number, string>();

  private constructor(
    private readonly options: FaultClusterOptions,
    readonly session: ZkSession,
  ) {
    this.ids = [...options.ids];
  }

  get connectString(): string {
    return this.options.connectString;
  }

  static async start(options: FaultClusterOptions): Promise<FaultCluster> {
    const session = await openZkSession(options.connectString);
    const cluster = new FaultCluster(options, session);
    try {
      await Promise.all(cluster.ids.map((id) => cluster.startBroker(id)));
      await cluster.waitForLiveBrokers(cluster.ids);
    } catch (err) {
      await cluster.stop();
      throw err;
    }
    return cluster;
  }

  pid(id: number): number | null {
    return this.processes.get(id)?.pid ?? null;
  }

  isRunning(id: number): boolean {
    return this.processes.has(id);
  }

  running(): number[] {
    return [...this.processes.keys()].sort();
  }

  /** Client bootstrap list of the running brokers (as advertised: through the proxy when there is one). */
  bootstrap(): string {
    return [...this.processes.values()].map((b) => b.bootstrap).join(',');
  }

  /** Where clients reach broker `id` (its advertised address). */
  addressOf(id: number): { host: string; port: number } {
    const broker = this.processes.get(id);
    if (!broker) throw new Error(`broker ${id} is not running`);
    return { host: '127.0.0.1', port: broker.port };
  }

  /** The log dirs of broker `id` (made on first use, kept across restarts); a layer's hook may name them. */
  logDirsOf(id: number): string[] {
    let dirs = this.logDirs.get(id);
    if (!dirs) {
      const hooked = (this.options.hooks ?? []).map((h) => h.propsFor?.(id)?.['log.dirs']).find((d) => d !== undefined);
      const configured = hooked ?? this.options.brokerProps?.[id]?.['log.dirs'];
      dirs = configured === undefined ? [tempDir(`fault-${this.options.label}-${id}`)] : String(configured).split(',');
      this.logDirs.set(id, dirs);
    }
    return dirs;
  }

  brokerOutput(id: number): string {
    return (this.outputs.get(id) ?? '') + (this.processes.get(id)?.output() ?? '');
  }

  async startBroker(id: number): Promise<void> {
    if (this.processes.has(id)) throw new Error(`broker ${id} is already running`);
    let props: Props = {
      ...FAULT_DEFAULTS,
      'broker.id': id,
      'log.dirs': this.logDirsOf(id).join(','),
      'zookeeper.connect': this.options.connectString,
      ...this.options.props,
      ...this.options.brokerProps?.[id],
    };
    for (const hook of this.options.hooks ?? []) props = { ...props, ...hook.propsFor?.(id, props) };
    const broker = await spawnBroker({ props, waitForListening: false });
    this.processes.set(id, broker);
    const port = await this.listeningPort(id, broker);
    for (const hook of this.options.hooks ?? []) hook.started?.(id, port);
    // With a proxy the client address is the advertised one, not the bound one.
    const advertised = /^PLAINTEXT:\/\/([^:]+):(\d+)/.exec(String(props['advertised.listeners'] ?? ''));
    broker.port = advertised ? Number(advertised[2]) : port;
    broker.bootstrap = `127.0.0.1:${broker.port}`;
  }

  private async listeningPort(id: number, broker: BrokerProcess): Promise<number> {
    const listening = waitUntil(
      () => {
        const m = /started; listening on PLAINTEXT:\/\/[^:]+:(\d+)/.exec(broker.output());
        return m ? Number(m[1]) : 0;
      },
      { timeoutMs: BROKER_START_TIMEOUT_MS, intervalMs: 100, message: `broker ${id} to start listening` },
    );
    const died = broker.exited.then((code) => {
      throw new Error(`broker ${id} exited with ${String(code)} before listening:\n${broker.output().slice(-4000)}`);
    });
    listening.catch(() => undefined);
    died.catch(() => undefined);
    try {
      return await Promise.race([listening, died]);
    } catch (err) {
      this.forget(id);
      throw err;
    }
  }

  /** Stops broker `id` with `signal` and waits for its process to exit. */
  async stopBroker(id: number, signal: 'SIGTERM' | 'SIGKILL'): Promise<number | null> {
    const broker = this.processes.get(id);
    if (!broker) throw new Error(`broker ${id} is not running`);
    if (signal === 'SIGKILL') this.signal(id, 'SIGCONT');
    const code = await broker.stop(signal);
    this.forget(id);
    return code;
  }

  /** SIGSTOP: the process stays, frozen, its sockets open and its ZooKeeper session unanswered. */
  pauseBroker(id: number): void {
    this.signal(id, 'SIGSTOP');
  }

  resumeBroker(id: number): void {
    this.signal(id, 'SIGCONT');
  }

  private signal(id: number, signal: NodeJS.Signals): void {
    const pid = this.pid(id);
    if (pid === null) throw new Error(`broker ${id} is not running`);
    process.kill(pid, signal);
  }

  private forget(id: number): void {
    const broker = this.processes.get(id);
    if (!broker) return;
    this.processes.delete(id);
    const output = broker.output();
    this.outputs.set(id, (this.outputs.get(id) ?? '') + output);
    if (this.options.logDir)
      fs.appendFileSync(path.join(this.options.logDir, `${this.options.label}-broker-${id}.log`), output);
  }

  async state(topic: string, partition: number): Promise<PartitionState> {
    const stored = await getPartitionState(this.session, topic, partition);
    if (!stored) throw new Error(`no state for ${topic}-${partition}`);
    return stored.state;
  }

  async leaderOf(topic: string, partition: number): Promise<number> {
    return (await this.state(topic, partition)).leader;
  }

  controllerId(): Promise<number | null> {
    return getControllerId(this.session);
  }

  liveBrokerIds(): Promise<number[]> {
    return getLiveBrokerIds(this.session);
  }

  /** Waits until every id in `ids` is registered in /brokers/ids. */
  waitForLiveBrokers(ids: number[], timeoutMs = 60_000): Promise<number[]> {
    return waitUntil(
      async () => {
        const live = await this.liveBrokerIds();
        return ids.every((id) => live.includes(id)) ? live : null;
      },
      { timeoutMs, intervalMs: 100, message: `brokers ${ids.join(',')} registered` },
    );
  }

  waitForState(
    topic: string,
    partition: number,
    check: (s: PartitionState) => boolean,
    message: string,
    timeoutMs = 30_000,
  ): Promise<PartitionState> {
    return waitUntil(
      async () => {
        const s = await this.state(topic, partition);
        return check(s) ? s : null;
      },
      { timeoutMs, intervalMs: 100, message: `${topic}-${partition}: ${message}` },
    );
  }

  /** Waits until every partition of `topics` has a leader and all of `ids` (default: every broker) in its ISR. */
  async waitForFullIsr(topics: string[], partitions: number, timeoutMs = 60_000, ids = this.ids): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (const topic of topics) {
      for (let p = 0; p < partitions; p++) {
        await this.waitForState(
          topic,
          p,
          (s) => s.leader >= 0 && ids.every((id) => s.isr.includes(id)),
          `a leader and ISR ${ids.join(',')}`,
          Math.max(1000, deadline - Date.now()),
        );
      }
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.running().map((id) => this.stopBroker(id, 'SIGKILL').catch(() => undefined)));
    await this.session.close();
  }
}
