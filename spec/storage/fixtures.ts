// Shared by the storage specs: magic-2 record batches encoded here, independently of lib/ (the
// CRC comes from kafkajs's implementation), kafkajs's batch decoder to read results the way a
// client would, and throwaway directories.
import fs from 'fs';
import os from 'os';
import path from 'path';
import { DEFAULT_LOG_CONFIG, type LogConfig } from '../../lib/storage/log-config';

/* eslint-disable @typescript-eslint/no-var-requires */
const kafkajsCrc32c = require('kafkajs/src/protocol/recordBatch/crc32C') as (buf: Buffer) => number;
const kafkajsDecodeBatch = require('kafkajs/src/protocol/recordBatch/v0/decoder') as (
  decoder: unknown,
) => Promise<KafkajsBatch>;
const KafkajsDecoder = require('kafkajs/src/protocol/decoder') as new (buf: Buffer) => { offset: number };
/* eslint-enable @typescript-eslint/no-var-requires */

interface KafkajsBatch {
  firstOffset: string;
  maxTimestamp: string;
  partitionLeaderEpoch: number;
  timestampType: number;
  records: Array<{ offset: string; timestamp: string; key: Buffer | null; value: Buffer | null }>;
}

export interface FixtureRecord {
  key?: string | null;
  value: string | null;
  timestampDelta?: number;
}

export interface BatchOptions {
  baseOffset?: number;
  partitionLeaderEpoch?: number;
  baseTimestamp?: number;
  /** Overrides the header's max timestamp (default: largest record timestamp). */
  maxTimestamp?: number;
  attributes?: number;
}

function zigzagVarint(value: number): Buffer {
  let raw = value >= 0 ? value * 2 : -value * 2 - 1;
  const bytes: number[] = [];
  while (raw >= 0x80) {
    bytes.push((raw % 0x80) | 0x80);
    raw = Math.floor(raw / 0x80);
  }
  bytes.push(raw);
  return Buffer.from(bytes);
}

function nullableBytes(text: string | null | undefined): Buffer {
  if (text === null || text === undefined) return zigzagVarint(-1);
  const body = Buffer.from(text, 'utf8');
  return Buffer.concat([zigzagVarint(body.length), body]);
}

function encodeRecord(record: FixtureRecord, offsetDelta: number): Buffer {
  const body = Buffer.concat([
    Buffer.from([0]),
    zigzagVarint(record.timestampDelta ?? offsetDelta),
    zigzagVarint(offsetDelta),
    nullableBytes(record.key),
    nullableBytes(record.value),
    zigzagVarint(0),
  ]);
  return Buffer.concat([zigzagVarint(body.length), body]);
}

function writeInt64(buf: Buffer, at: number, value: number): void {
  buf.writeBigInt64BE(BigInt(value), at);
}

/** One uncompressed magic-2 batch; record i has timestamp baseTimestamp + (timestampDelta ?? i). */
export function buildBatch(records: FixtureRecord[], options: BatchOptions = {}): Buffer {
  const baseTimestamp = options.baseTimestamp ?? 1_600_000_000_000;
  const encoded = Buffer.concat(records.map((r, i) => encodeRecord(r, i)));
  const header = Buffer.alloc(61);
  writeInt64(header, 0, options.baseOffset ?? 0);
  header.writeInt32BE(61 - 12 + encoded.length, 8);
  header.writeInt32BE(options.partitionLeaderEpoch ?? -1, 12);
  header.writeInt8(2, 16);
  header.writeInt16BE(options.attributes ?? 0, 21);
  header.writeInt32BE(records.length - 1, 23);
  writeInt64(header, 27, baseTimestamp);
  const largestDelta = Math.max(...records.map((r, i) => r.timestampDelta ?? i));
  writeInt64(header, 35, options.maxTimestamp ?? baseTimestamp + largestDelta);
  writeInt64(header, 43, -1);
  header.writeInt16BE(-1, 51);
  header.writeInt32BE(-1, 53);
  header.writeInt32BE(records.length, 57);
  const batch = Buffer.concat([header, encoded]);
  batch.writeUInt32BE(kafkajsCrc32c(batch.subarray(21)), 17);
  return batch;
}

/** A batch of `count` records valued `<prefix>0`, `<prefix>1`, ... padded to valueBytes. */
export function batchOf(count: number, options: BatchOptions & { prefix?: string; valueBytes?: number } = {}): Buffer {
  const records = Array.from({ length: count }, (_, i) => ({
    key: `k${i}`,
    value: `${options.prefix ?? 'v'}${i}`.padEnd(options.valueBytes ?? 0, '.'),
  }));
  return buildBatch(records, options);
}

/** CRC check by kafkajs's implementation, not storage's. */
export function crcIsValid(batch: Buffer, at = 0): boolean {
  const size = batch.readInt32BE(at + 8) + 12;
  return kafkajsCrc32c(batch.subarray(at + 21, at + size)) === batch.readUInt32BE(at + 17);
}

export interface DecodedRecord {
  offset: number;
  timestamp: number;
  value: string | null;
}

/** Decodes fetched bytes as kafkajs's consumer would; every batch must be whole. */
export async function decodeBatches(buf: Buffer): Promise<Array<KafkajsBatch & { decoded: DecodedRecord[] }>> {
  const decoder = new KafkajsDecoder(buf);
  const batches: Array<KafkajsBatch & { decoded: DecodedRecord[] }> = [];
  while (decoder.offset < buf.length) {
    const batch = await kafkajsDecodeBatch(decoder);
    const decoded = batch.records.map((r) => ({
      offset: Number(r.offset),
      timestamp: Number(r.timestamp),
      value: r.value === null ? null : r.value.toString('utf8'),
    }));
    batches.push({ ...batch, decoded });
  }
  return batches;
}

export async function decodedOffsets(buf: Buffer): Promise<number[]> {
  return (await decodeBatches(buf)).flatMap((b) => b.decoded.map((r) => r.offset));
}

export function makeTempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'samsa-storage-'));
}

export function removeTempDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Kafka defaults, but deleted files go at once so specs can look at the directory. */
export function specLogConfig(overrides: Partial<LogConfig> = {}): LogConfig {
  return { ...DEFAULT_LOG_CONFIG, fileDeleteDelayMs: 0, ...overrides };
}

export function listDir(dir: string): string[] {
  return fs.readdirSync(dir).sort();
}
