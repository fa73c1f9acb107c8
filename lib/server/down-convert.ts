// Fetch v0-3 down-conversion: old consumers cannot read magic-2 batches, so for their responses
// only, Kafka (RecordsUtil.downConvert) rewrites the stored batches as legacy message sets —
// magic 1 for Fetch v2-3, magic 0 for v0-1 — and so does Samsa. The log is never rewritten. This
// is the one fetch path that decodes records; v4+ fetches send the stored bytes unchanged.
//
// Each compressed batch becomes one wrapper compressed with the batch's own codec, as Kafka does:
// the converted response stays about the size of what was read (so the fetch's byte limits keep
// their meaning), and old clients get the codec their producer chose. zstd batches cannot be
// expressed in magic 0/1: the partition answers UNSUPPORTED_COMPRESSION_TYPE, like Kafka.
import type { FetchPartitionResult } from '../cluster/replication/delayed-fetch';
import { settleAsync } from '../protocol/kafka-error';
import { decodeRecordBatches } from '../protocol/record-codec';
import { encodeMessageSet, LegacyMagic } from '../protocol/legacy-message-set';
import type { Logger } from '../util/logger';

/** The newest Fetch version that reads legacy message sets, and the magic of each version. */
export const LAST_LEGACY_FETCH_VERSION = 3;

export function legacyMagicOf(fetchVersion: number): LegacyMagic {
  return fetchVersion <= 1 ? 0 : 1;
}

export interface DownConvertLimits {
  /** Fetch v3: the response's max_bytes; v0-2: unlimited. */
  responseMaxBytes: number;
  partitionMaxBytes(topic: string, partition: number): number;
  fetchOffset(topic: string, partition: number): number;
}

/**
 * Down-converts every partition's records for a Fetch of `fetchVersion` (0-3), then trims them to
 * whole messages within the partition and response limits. Fetch v3 returns the first message
 * even when it is larger (KIP-74); v0-2 treat the limit as hard and send its cut-short first
 * bytes, which old clients report as a message too large for their fetch size.
 */
export async function downConvertResults(
  results: FetchPartitionResult[],
  fetchVersion: number,
  limits: DownConvertLimits,
  logger: Logger,
): Promise<FetchPartitionResult[]> {
  const magic = legacyMagicOf(fetchVersion);
  const converted = await Promise.all(
    results.map((r) => {
      const records = r.records;
      if (!records || records.length === 0) return { result: r, entries: [] as Buffer[] };
      return settleAsync(
        async () => ({
          result: r,
          entries: await downConvert(records, magic, limits.fetchOffset(r.topic, r.partition)),
        }),
        ({ errorCode }) => ({ result: { ...r, errorCode, records: Buffer.alloc(0) }, entries: [] as Buffer[] }),
        logger,
      );
    }),
  );
  let budget = limits.responseMaxBytes;
  let nothingYet = true;
  return converted.map(({ result, entries }) => {
    if (entries.length === 0) return result.records ? { ...result, records: Buffer.alloc(0) } : result;
    const limit = Math.min(limits.partitionMaxBytes(result.topic, result.partition), budget);
    const records = takeWithin(entries, limit, fetchVersion >= 3 && nothingYet);
    budget = Math.max(0, budget - records.length);
    if (records.length > 0) nothingYet = false;
    return { ...result, records };
  });
}

/**
 * The legacy entries for stored batches read from `fetchOffset`: one per message of an
 * uncompressed batch (those below the fetch offset dropped), one wrapper per compressed batch
 * (kept whole; clients skip what they did not ask for). Control batches are left out.
 */
export async function downConvert(records: Buffer, magic: LegacyMagic, fetchOffset: number): Promise<Buffer[]> {
  const entries: Buffer[] = [];
  for (const batch of await decodeRecordBatches(records)) {
    const { header } = batch;
    if (header.isControl) continue;
    const messages = batch.records.map((r) => ({
      offset: r.offset,
      timestamp: r.timestamp,
      key: r.key,
      value: r.value,
    }));
    const options = { magic, timestampType: header.timestampType };
    if (header.compression === 0) {
      for (const m of messages) if (m.offset >= fetchOffset) entries.push(encodeMessageSet([m], options));
    } else if (messages.length > 0) {
      entries.push(encodeMessageSet(messages, { ...options, compression: header.compression }));
    }
  }
  return entries;
}

function takeWithin(entries: Buffer[], limitBytes: number, minOneMessage: boolean): Buffer {
  let count = 0;
  let bytes = 0;
  while (count < entries.length && bytes + entries[count].length <= limitBytes) bytes += entries[count++].length;
  if (count > 0) return Buffer.concat(entries.slice(0, count), bytes);
  if (minOneMessage) return entries[0];
  return entries[0].subarray(0, Math.max(0, limitBytes));
}
