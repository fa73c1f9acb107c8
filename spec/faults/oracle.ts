// Judges one workload's run, with Jepsen's classes of anomaly: a lost write (acknowledged, never
// read by a fresh consumer from the beginning), inconsistent offsets (one offset seen holding two
// values across acknowledgements and reads), duplicates, order broken within a partition, and
// non-monotonic polls. Replica divergence is judged apart (replica-check.ts): it reads disks.
import type { WorkloadLog } from './workload';

/** One partition as a fresh consumer read it after the run: (offset, sequence) in offset order. */
export type FinalLog = Map<number, Array<{ offset: number; seq: number }>>;

export interface OracleReport {
  acked: number;
  lost: number;
  /** Acknowledged writes lost where the scenario destroyed data on purpose (reported, not judged). */
  expectedLost: number;
  duplicated: number;
  reordered: number;
  inconsistent: number;
  nonMonotonic: number;
  examples: string[];
}

export interface OracleOptions {
  /** Duplicates count against the verdict (idempotent producers). */
  duplicatesForbidden: boolean;
  /** Partition → first offset of a range the scenario destroyed on disk. */
  expectedLossFrom?: Map<number, number>;
}

const EXAMPLES_MAX = 6;

const key = (partition: number, offset: number): string => `${partition}:${offset}`;

export function judge(log: WorkloadLog, final: FinalLog, options: OracleOptions): OracleReport {
  const report: OracleReport = {
    acked: 0,
    lost: 0,
    expectedLost: 0,
    duplicated: 0,
    reordered: 0,
    inconsistent: 0,
    nonMonotonic: log.nonMonotonicPolls,
    examples: [],
  };
  const example = (text: string): void => {
    if (report.examples.length < EXAMPLES_MAX) report.examples.push(text);
  };
  const finalAt = new Map<string, number>();
  const positions = new Map<number, number>();
  for (const [partition, entries] of final) {
    for (const { offset, seq } of entries) {
      finalAt.set(key(partition, offset), seq);
      positions.set(seq, (positions.get(seq) ?? 0) + 1);
    }
  }
  const destroyed = (partition: number, offset: number): boolean => {
    const from = options.expectedLossFrom?.get(partition);
    return from !== undefined && offset >= from;
  };
  judgeAcks(log, finalAt, positions, destroyed, report, example);
  judgeReads(log, finalAt, destroyed, report, example);
  for (const count of positions.values()) report.duplicated += count - 1;
  report.reordered = countReordered(final, new Set(log.acks.map((a) => a.seq)), example);
  return report;
}

function judgeAcks(
  log: WorkloadLog,
  finalAt: Map<string, number>,
  positions: Map<number, number>,
  destroyed: (p: number, o: number) => boolean,
  report: OracleReport,
  example: (t: string) => void,
): void {
  const seen = new Set<number>();
  for (const ack of log.acks) {
    if (seen.has(ack.seq)) continue;
    seen.add(ack.seq);
    report.acked += 1;
    if (!positions.has(ack.seq)) {
      if (destroyed(ack.partition, ack.offset)) {
        report.expectedLost += 1;
      } else {
        report.lost += 1;
        example(`lost: seq ${ack.seq} acked at ${ack.partition}:${ack.offset}`);
      }
      continue;
    }
    const there = finalAt.get(key(ack.partition, ack.offset));
    if (there !== ack.seq) {
      report.inconsistent += 1;
      example(
        `inconsistent: seq ${ack.seq} acked at ${ack.partition}:${ack.offset}, which holds ${there ?? 'nothing'}`,
      );
    }
  }
}

function judgeReads(
  log: WorkloadLog,
  finalAt: Map<string, number>,
  destroyed: (p: number, o: number) => boolean,
  report: OracleReport,
  example: (t: string) => void,
): void {
  const readAt = new Map<string, number>();
  const flagged = new Set<string>();
  for (const read of log.reads) {
    // Offsets the scenario destroyed may legitimately be rewritten with other values.
    if (destroyed(read.partition, read.offset)) continue;
    const k = key(read.partition, read.offset);
    const earlier = readAt.get(k);
    const there = finalAt.get(k);
    readAt.set(k, read.seq);
    const conflict =
      (earlier !== undefined && earlier !== read.seq) ||
      (there !== undefined && there !== read.seq) ||
      there === undefined;
    if (!conflict || flagged.has(k)) continue;
    flagged.add(k);
    report.inconsistent += 1;
    example(`inconsistent: ${k} read as seq ${read.seq}, earlier ${earlier ?? '-'}, finally ${there ?? 'absent'}`);
  }
}

/** Acknowledged writes whose first copy in a partition stands before a write sent earlier. */
function countReordered(final: FinalLog, acked: Set<number>, example: (t: string) => void): number {
  let reordered = 0;
  for (const [partition, entries] of final) {
    const firstSeen = new Set<number>();
    let highest = -1;
    for (const { offset, seq } of entries) {
      if (!acked.has(seq) || firstSeen.has(seq)) continue;
      firstSeen.add(seq);
      if (seq < highest) {
        reordered += 1;
        example(`reordered: seq ${seq} at ${partition}:${offset} after seq ${highest}`);
      }
      highest = Math.max(highest, seq);
    }
  }
  return reordered;
}

/** True when the report shows nothing the verdict forbids. */
export function passes(report: OracleReport, options: OracleOptions): boolean {
  return (
    report.lost === 0 &&
    report.inconsistent === 0 &&
    report.reordered === 0 &&
    report.nonMonotonic === 0 &&
    (!options.duplicatesForbidden || report.duplicated === 0)
  );
}
