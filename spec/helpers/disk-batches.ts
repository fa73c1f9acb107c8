// Reads a partition's batches straight from a broker's segment files, for specs that judge what
// is on disk: (base offset, CRC) per whole batch in offset order — replicas that agree hold the
// same pairs, since the CRC covers everything after it — and where each batch lies in its file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  baseOffsetAt,
  BATCH_HEADER_BYTES,
  batchSizeAt,
  CRC_OFFSET,
  lastOffsetAt,
} from '../../lib/protocol/batch-header';

export interface DiskBatch {
  baseOffset: number;
  lastOffset: number;
  crc: number;
  file: string;
  position: number;
  size: number;
}

/** The directory of `topic`-`partition` in the first of `logDirs` holding it, or null. */
export function partitionDir(logDirs: string | string[], topic: string, partition: number): string | null {
  const dirs = (Array.isArray(logDirs) ? logDirs : [logDirs]).map((d) => path.join(d, `${topic}-${partition}`));
  return dirs.find((d) => fs.existsSync(d)) ?? null;
}

/** Every whole batch of the partition's segments, in offset order (a torn tail is left out). */
export function diskBatches(logDirs: string | string[], topic: string, partition: number): DiskBatch[] {
  const dir = partitionDir(logDirs, topic, partition);
  if (dir === null) return [];
  const out: DiskBatch[] = [];
  for (const name of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.log'))
    .sort()) {
    const file = path.join(dir, name);
    const data = fs.readFileSync(file);
    // Framing only (no magic or CRC check): a corrupt batch is listed, so replicas that differ show it.
    for (let pos = 0; pos + BATCH_HEADER_BYTES <= data.length;) {
      const size = batchSizeAt(data, pos);
      if (size < BATCH_HEADER_BYTES || pos + size > data.length) break;
      out.push({
        baseOffset: baseOffsetAt(data, pos),
        lastOffset: lastOffsetAt(data, pos),
        crc: data.readUInt32BE(pos + CRC_OFFSET),
        file,
        position: pos,
        size,
      });
      pos += size;
    }
  }
  return out;
}

/** (offset, CRC) of every whole batch of `topic`-`partition`. */
export function batchCrcs(logDirs: string | string[], topic: string, partition: number): Array<[number, number]> {
  return diskBatches(logDirs, topic, partition).map((b) => [b.baseOffset, b.crc]);
}
