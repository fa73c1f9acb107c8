// The numbers the topic pages show, gathered through the admin client as the tools do: leaders,
// replicas and ISRs from Metadata; log start, high watermark and log end offsets from each
// leader (ListOffsets); sizes from the leader's log dir (DescribeLogDirs). A figure the cluster
// cannot give right now (no leader, a broker down) is null and shows as "—"; the page still loads.
import type { Admin, BrokerLogDirs, PartitionOffset, TopicDescription } from '../../client/admin';
import type { Logger } from '../../util/logger';

export interface PartitionRow {
  partition: number;
  leader: number;
  replicas: number[];
  isr: number[];
  offlineReplicas: number[];
  logStartOffset: number | null;
  highWatermark: number | null;
  logEndOffset: number | null;
  sizeBytes: number | null;
  underReplicated: boolean;
}

export interface TopicSummary {
  name: string;
  isInternal: boolean;
  partitions: number;
  replicationFactor: number;
  /** Bytes of the leaders' logs. */
  sizeBytes: number | null;
  /** Sum over partitions of high watermark minus log start offset. */
  messages: number | null;
  underReplicated: number;
}

const key = (topic: string, partition: number) => `${topic}\u0000${partition}`;

/** Every partition of `topics` with its offsets and size, by topic. */
export async function partitionRows(
  admin: Admin,
  topics: TopicDescription[],
  logger: Logger,
): Promise<Map<string, PartitionRow[]>> {
  const led = topics.flatMap((t) =>
    t.partitions.filter((p) => p.leader >= 0).map((p) => ({ topic: t.name, partition: p.partition })),
  );
  const [earliest, latest, logEnd, sizes] = await Promise.all([
    offsets(admin, led, 'earliest', false, logger),
    offsets(admin, led, 'latest', false, logger),
    offsets(admin, led, 'latest', true, logger),
    leaderSizes(admin, topics, logger),
  ]);
  const rows = new Map<string, PartitionRow[]>();
  for (const t of topics) {
    const list = [...t.partitions]
      .sort((a, b) => a.partition - b.partition)
      .map((p) => {
        const k = key(t.name, p.partition);
        return {
          partition: p.partition,
          leader: p.leader,
          replicas: p.replicas,
          isr: p.isr,
          offlineReplicas: p.offlineReplicas,
          logStartOffset: earliest.get(k) ?? null,
          highWatermark: latest.get(k) ?? null,
          logEndOffset: logEnd.get(k) ?? null,
          sizeBytes: sizes.get(k) ?? null,
          underReplicated: p.isr.length < p.replicas.length,
        };
      });
    rows.set(t.name, list);
  }
  return rows;
}

export function summarize(topic: TopicDescription, rows: PartitionRow[]): TopicSummary {
  return {
    name: topic.name,
    isInternal: topic.isInternal,
    partitions: rows.length,
    replicationFactor: rows[0]?.replicas.length ?? 0,
    sizeBytes: sumOrNull(rows.map((r) => r.sizeBytes)),
    messages: sumOrNull(
      rows.map((r) =>
        r.highWatermark === null || r.logStartOffset === null ? null : r.highWatermark - r.logStartOffset,
      ),
    ),
    underReplicated: rows.filter((r) => r.underReplicated).length,
  };
}

function sumOrNull(values: Array<number | null>): number | null {
  return values.some((v) => v === null) ? null : values.reduce((sum: number, v) => sum + (v as number), 0);
}

async function offsets(
  admin: Admin,
  partitions: Array<{ topic: string; partition: number }>,
  timestamp: 'earliest' | 'latest',
  logEnd: boolean,
  logger: Logger,
): Promise<Map<string, number>> {
  if (partitions.length === 0) return new Map();
  const found: PartitionOffset[] = await admin
    .listOffsets(
      partitions.map((p) => ({ ...p, timestamp })),
      { logEnd },
    )
    .catch((error: Error) => {
      logger.warn(`console: ListOffsets (${timestamp}${logEnd ? ', log end' : ''}) failed: ${error.message}`);
      return [];
    });
  return new Map(found.map((o) => [key(o.topic, o.partition), o.offset]));
}

/** Each partition's size as its leader holds it. */
async function leaderSizes(admin: Admin, topics: TopicDescription[], logger: Logger): Promise<Map<string, number>> {
  const leaders = new Map(topics.flatMap((t) => t.partitions.map((p) => [key(t.name, p.partition), p.leader])));
  const query = Object.fromEntries(topics.map((t) => [t.name, t.partitions.map((p) => p.partition)]));
  const brokers: BrokerLogDirs[] = await admin.describeLogDirs({ topics: query }).catch((error: Error) => {
    logger.warn(`console: DescribeLogDirs failed: ${error.message}`);
    return [];
  });
  const sizes = new Map<string, number>();
  for (const broker of brokers) {
    for (const r of broker.logDirs.flatMap((d) => d.replicas)) {
      const k = key(r.topic, r.partition);
      if (leaders.get(k) === broker.brokerId) sizes.set(k, r.sizeBytes);
    }
  }
  return sizes;
}
