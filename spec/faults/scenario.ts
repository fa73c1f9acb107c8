// The contract between the fault harness (spec/faults/harness.ts) and the scenarios
// (spec/faults/scenarios/*.ts). A scenario says what cluster it needs and injects its faults
// while the harness's workloads (producers acks=all + a consumer group per client variant) run;
// the harness then drains the workloads, reads every partition afresh and judges the run with
// the oracle (lost, inconsistent offsets, duplicates, order, replica divergence).
import type { FaultCluster } from './fault-cluster';
import type { LinkProxy } from './link-proxy';
import type { ZkEnsembleControl } from './zk-ensemble';
import type { Tmpfs } from '../helpers/tmpfs';

export interface ClusterNeeds {
  /** Broker ids to start (default [1, 2, 3]). */
  brokers?: number[];
  /** Extra broker properties, for every broker. */
  props?: Record<string, string | number | boolean>;
  /** Extra broker properties for one broker. */
  brokerProps?: Record<number, Record<string, string | number | boolean>>;
  /** 'shared' = a chroot on the run's ZooKeeper (default); 'ensemble' = a private three-node ensemble. */
  zookeeper?: 'shared' | 'ensemble';
  /** Route inter-broker and broker–ZooKeeper links through the harness's TCP proxy. */
  proxied?: boolean;
  /** Partitions of each workload topic (default 3); replication factor is the broker count. */
  partitions?: number;
  /** Topic configs of the workload topics (default min.insync.replicas=2). */
  topicConfigs?: Record<string, string>;
  /**
   * Gives `broker` a second log dir, listed first, on a tmpfs of `sizeBytes` the harness mounts
   * before the cluster starts and unmounts after it (ctx.tmpfs): storage fault scenarios fill it
   * or make it read-only.
   */
  tmpfsLogDir?: { broker: number; sizeBytes: number };
}

export interface FaultContext {
  cluster: FaultCluster;
  /** The private ensemble, set when the scenario's cluster needs `zookeeper: 'ensemble'`. */
  zookeeper?: ZkEnsembleControl;
  /** The workload topics, one per client variant. */
  topics: string[];
  /** Partitions of each workload topic. */
  partitions: number;
  /** The link proxy between brokers, clients and ZooKeeper (set when the scenario's cluster is `proxied`). */
  links?: LinkProxy;
  /** Records that a fault was injected now (recovery is measured from the last one). */
  faultInjected(what: string): void;
  /** Records something the scenario saw, printed with the row. */
  note(text: string): void;
  /** Records a violation of the scenario's own rule (fails the verdict), e.g. a stale-epoch ack. */
  violation(text: string): void;
  /** Resolves after ms (for the length of a fault, never to wait for an outcome). */
  hold(ms: number): Promise<void>;
  /** Logger for progress lines (stderr). */
  log(text: string): void;
  /**
   * Declares that the scenario destroyed `topic`-`partition` from `fromOffset` on disk itself:
   * acknowledged writes there are reported as destroyed, not judged as lost.
   */
  expectLoss(topic: string, partition: number, fromOffset: number): void;
  /** The tmpfs log dir of ClusterNeeds.tmpfsLogDir, when the scenario asked for one. */
  tmpfs?: Tmpfs;
  /** The acknowledgements the workload of `topic` has received so far. */
  acks(topic: string): ReadonlyArray<{ seq: number; partition: number; offset: number; atMs: number }>;
}

export interface Scenario {
  /** Short kebab-case name: `make faults SCENARIO=<name>` runs it alone. */
  name: string;
  description: string;
  cluster?: ClusterNeeds;
  /** Which client variants run the workload (default all: samsa, kafka-python, idempotent). */
  variants?: WorkloadVariant[];
  /** Milliseconds of workload before the first fault (default 3000). */
  warmupMs?: number;
  /** Injects the fault(s); returns once the scenario's faults are undone (processes restarted, links healed). */
  inject(ctx: FaultContext): Promise<void>;
  /** Scenario-specific checks after recovery (e.g. the old leader truncated); violations via ctx. */
  verify?(ctx: FaultContext): Promise<void>;
  /** Workload shape (default: 300 messages/s per variant, values are the bare sequence numbers). */
  workload?: { ratePerSec?: number; padBytes?: number };
}

export type WorkloadVariant = 'samsa' | 'kafka-python' | 'idempotent';
