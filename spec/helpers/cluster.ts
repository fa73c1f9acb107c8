// A cluster of real `bin/broker` processes sharing one ZooKeeper chroot, for the replication
// specs: brokers can be killed (by PID, any signal) and restarted on the same log dir, and the
// spec reads Kafka's znodes through its own ZooKeeper session.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnBroker, BrokerProcess, tempDir } from './broker';
import { zkChroot, openZkSession } from './zookeeper';
import { waitUntil } from './wait';
import type { ZkSession } from '../../lib/zk/session';
import { getAssignment, getPartitionState } from '../../lib/zk/topic-znodes';
import { getControllerId, getControllerEpoch } from '../../lib/zk/controller-election';
import type { PartitionState } from '../../lib/zk/znodes';
import { Admin } from '../../lib/client/admin';

export class TestCluster {
  readonly brokers = new Map<number, BrokerProcess>();
  private readonly logDirs = new Map<number, string>();

  private constructor(
    readonly connectString: string,
    readonly session: ZkSession,
    private readonly props: Record<string, string | number | boolean>,
    private readonly brokerProps: Record<number, Record<string, string | number | boolean>>,
  ) {}

  /** `brokerProps` add to or override `props` for one broker (e.g. its own `log.dirs`). */
  static async start(
    label: string,
    ids: number[],
    props: Record<string, string | number | boolean> = {},
    brokerProps: Record<number, Record<string, string | number | boolean>> = {},
  ): Promise<TestCluster> {
    const connectString = zkChroot(label);
    const session = await openZkSession(connectString);
    const cluster = new TestCluster(connectString, session, props, brokerProps);
    await Promise.all(ids.map((id) => cluster.startBroker(id)));
    return cluster;
  }

  /** With waitForListening false it returns at once (port 0 until the spec reads it from output). */
  async startBroker(id: number, options: { waitForListening?: boolean } = {}): Promise<BrokerProcess> {
    if (!this.logDirs.has(id)) this.logDirs.set(id, tempDir(`broker-${id}`));
    const broker = await spawnBroker({
      waitForListening: options.waitForListening,
      props: {
        'broker.id': id,
        listeners: 'PLAINTEXT://127.0.0.1:0',
        'log.dirs': this.logDirs.get(id) as string,
        'zookeeper.connect': this.connectString,
        'zookeeper.session.timeout.ms': 6000,
        'replica.lag.time.max.ms': 3000,
        'replica.fetch.wait.max.ms': 200,
        'replica.fetch.backoff.ms': 200,
        'controlled.shutdown.retry.backoff.ms': 500,
        'leader.imbalance.check.interval.seconds': 2,
        ...this.props,
        ...this.brokerProps[id],
      },
    });
    this.brokers.set(id, broker);
    return broker;
  }

  /** Stops a broker by PID with the given signal and waits for the process to exit. */
  async stopBroker(id: number, signal: NodeJS.Signals): Promise<number | null> {
    const broker = this.brokers.get(id);
    if (!broker) throw new Error(`broker ${id} is not running`);
    this.brokers.delete(id);
    const code = await broker.stop(signal);
    this.keepOutput(id, broker);
    return code;
  }

  /** With SPEC_BROKER_LOGS=dir, every broker's output is kept there for post-mortems. */
  private keepOutput(id: number, broker: BrokerProcess): void {
    const dir = process.env.SPEC_BROKER_LOGS;
    if (dir) fs.appendFileSync(path.join(dir, `broker-${id}.log`), broker.output());
  }

  logDirOf(id: number): string {
    return this.logDirs.get(id) as string;
  }

  bootstrap(): string {
    return [...this.brokers.values()].map((b) => b.bootstrap).join(',');
  }

  async state(topic: string, partition: number): Promise<PartitionState> {
    const stored = await getPartitionState(this.session, topic, partition);
    if (!stored) throw new Error(`no state for ${topic}-${partition}`);
    return stored.state;
  }

  async assignment(topic: string): Promise<Map<number, number[]>> {
    const stored = await getAssignment(this.session, topic);
    if (!stored) throw new Error(`no topic ${topic}`);
    return stored.partitions;
  }

  controllerId(): Promise<number | null> {
    return getControllerId(this.session);
  }

  async controllerEpoch(): Promise<number> {
    return (await getControllerEpoch(this.session))?.epoch ?? 0;
  }

  /** Waits until the partition's state satisfies `check` (bounded). */
  waitForState(
    topic: string,
    partition: number,
    check: (s: PartitionState) => boolean,
    message: string,
    timeoutMs = 30000,
  ): Promise<PartitionState> {
    return waitUntil(
      async () => {
        const s = await this.state(topic, partition);
        return check(s) ? s : null;
      },
      { timeoutMs, message: `${topic}-${partition}: ${message}` },
    );
  }

  /** Creates a topic with a replica on every broker and waits until each partition's ISR is full. */
  async createReplicatedTopic(topic: string, partitions: number, configs: Record<string, string> = {}): Promise<void> {
    const admin = await Admin.connect(this.bootstrap());
    try {
      await admin.createTopics([{ topic, numPartitions: partitions, replicationFactor: this.brokers.size, configs }]);
    } finally {
      await admin.close();
    }
    for (let p = 0; p < partitions; p++)
      await this.waitForState(topic, p, (s) => s.isr.length === this.brokers.size, 'a full ISR');
  }

  async stop(): Promise<void> {
    await Promise.all([...this.brokers.keys()].map((id) => this.stopBroker(id, 'SIGKILL')));
    await this.session.close();
  }
}
