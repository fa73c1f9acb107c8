// One page of a partition's messages for the console's message browser: from an offset (or the
// first offset at a timestamp), at most `limit` messages, read with bounded Fetch requests to
// the partition's leader through the client library's fetcher. Only a page's worth of bytes is
// ever held: each fetch asks for at most FETCH_BYTES (more only when a single batch is larger),
// and the loop stops as soon as the page is full — by count, or by PAGE_BYTES_MAX of keys and
// values (a page always has at least one message; the next page continues after it).
import type { Admin } from '../client/admin';
import type { ConsumerMessage } from '../client/consumer-types';
import { decodeFetch, Fetcher, scanFetch } from '../client/fetcher';
import { ClientError } from '../client/errors';
import { ErrorCode } from '../protocol/error-codes';
import { badRequest, HttpError, notFound } from './http-error';

export const PAGE_SIZE_DEFAULT = 20;
export const PAGE_SIZE_MAX = 500;
const FETCH_BYTES = 256 * 1024;
/** A batch larger than this is not shown (the fetch limit doubles up to it). */
const FETCH_BYTES_MAX = 16 * 1024 * 1024;
const FETCH_ROUNDS_MAX = 20;
export const PAGE_BYTES_MAX = 4 * 1024 * 1024;

export interface PageRequest {
  topic: string;
  partition: number;
  /** Where to start: an offset, or the first offset with a timestamp at or after timestampMs. */
  from: { offset: number } | { timestampMs: number };
  limit: number;
}

export interface MessagePage {
  topic: string;
  partition: number;
  partitions: number;
  startOffset: number;
  logStartOffset: number;
  /** The high watermark: the offset the next message will get. */
  logEndOffset: number;
  messages: ConsumerMessage[];
  /** Where the next page starts, or null when this page reached the end. */
  nextOffset: number | null;
}

/**
 * The page, or HttpError 404 (unknown topic), 400 (partition out of range) or 503 (the partition
 * has no leader now, or the cluster answers with another retriable error).
 */
export async function readPage(admin: Admin, request: PageRequest): Promise<MessagePage> {
  try {
    return await readPageOnce(admin, request);
  } catch (error) {
    if (error instanceof ClientError && error.retriable) throw new HttpError(503, `${error.message}; try again`);
    throw error;
  }
}

async function readPageOnce(admin: Admin, request: PageRequest): Promise<MessagePage> {
  const partitions = await partitionCount(admin, request.topic);
  if (request.partition >= partitions)
    throw badRequest(`topic ${request.topic} has partitions 0 to ${partitions - 1}, not ${request.partition}`);
  const tp = { topic: request.topic, partition: request.partition };
  const [earliest, latest] = await admin.listOffsets([
    { ...tp, timestamp: 'earliest' },
    { ...tp, timestamp: 'latest' },
  ]);
  const startOffset = await startFrom(admin, request, latest.offset);
  const page: MessagePage = {
    ...tp,
    partitions,
    startOffset,
    logStartOffset: earliest.offset,
    logEndOffset: latest.offset,
    messages: [],
    nextOffset: null,
  };
  if (startOffset >= latest.offset) return page;
  page.messages = await fetchMessages(admin, request, Math.max(startOffset, earliest.offset), latest.offset);
  const last = page.messages[page.messages.length - 1];
  if (last !== undefined && last.offset + 1 < latest.offset) page.nextOffset = last.offset + 1;
  return page;
}

async function partitionCount(admin: Admin, topic: string): Promise<number> {
  const [metadata] = await admin.cluster.refreshMetadata([topic]);
  if (metadata === undefined || metadata.errorCode === ErrorCode.UNKNOWN_TOPIC_OR_PARTITION)
    throw notFound(`no topic ${topic}`);
  if (metadata.errorCode !== ErrorCode.NONE)
    throw ClientError.fromErrorCode(metadata.errorCode, `metadata of topic ${topic}`);
  return metadata.partitions.length;
}

async function startFrom(admin: Admin, request: PageRequest, endOffset: number): Promise<number> {
  if ('offset' in request.from) return request.from.offset;
  const [found] = await admin.listOffsets([
    { topic: request.topic, partition: request.partition, timestamp: request.from.timestampMs },
  ]);
  // No message at or after the time: the page starts at the end, empty.
  return found.offset >= 0 ? found.offset : endOffset;
}

/** Messages from `offset` below `endOffset`, at most request.limit, fetched in bounded rounds. */
async function fetchMessages(
  admin: Admin,
  request: PageRequest,
  offset: number,
  endOffset: number,
): Promise<ConsumerMessage[]> {
  const fetcher = new Fetcher(admin.cluster, {
    maxWaitMs: 0,
    minBytes: 0,
    maxBytes: FETCH_BYTES_MAX,
    maxPartitionBytes: FETCH_BYTES,
  });
  const messages: ConsumerMessage[] = [];
  let fetchOffset = offset;
  let maxBytes = FETCH_BYTES;
  let pageBytes = 0;
  for (let round = 0; round < FETCH_ROUNDS_MAX && messages.length < request.limit && fetchOffset < endOffset; round++) {
    const leader = admin.cluster.leaderOf(request.topic, request.partition);
    if (leader < 0) throw new HttpError(503, `${request.topic}-${request.partition} has no leader now; try again`);
    const [fetched] = await fetcher.fetchFrom(leader, [
      { topic: request.topic, partition: request.partition, fetchOffset, maxBytes },
    ]);
    if (fetched.errorCode !== ErrorCode.NONE)
      throw ClientError.fromErrorCode(fetched.errorCode, `fetching ${request.topic}-${request.partition}`);
    const scan = scanFetch(fetched);
    if (scan.truncated && maxBytes < FETCH_BYTES_MAX) {
      maxBytes *= 2;
      continue;
    }
    if (scan.wholeBatches === 0) break;
    for (const m of await decodeFetch(fetched)) {
      if (m.offset >= endOffset || messages.length >= request.limit) break;
      if (messages.length > 0 && pageBytes + sizeOf(m) > PAGE_BYTES_MAX) return messages;
      messages.push(m);
      pageBytes += sizeOf(m);
    }
    fetchOffset = scan.nextFetchOffset;
  }
  return messages;
}

const sizeOf = (m: ConsumerMessage): number => (m.key?.length ?? 0) + (m.value?.length ?? 0);
