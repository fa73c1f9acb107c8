// Reads every .log segment under a log dir with storage's own batch scanner and reports what a
// recovery or a reader would trip over: a batch whose CRC-32C does not match, offsets that go
// backwards, a size below the header, or bytes after the last whole batch (a torn append).
import fs from 'node:fs';
import path from 'node:path';
import { baseOffsetAt, CURRENT_MAGIC, isBatchCrcValid, lastOffsetAt, magicAt } from '../../lib/protocol/batch-header';
import { BatchFileScanner } from '../../lib/storage/batch-scan';

export interface SegmentReport {
  file: string;
  fileBytes: number;
  batches: number;
  /** Bytes covered by whole, valid batches from the start of the file. */
  validBytes: number;
  problems: string[];
}

const SCAN_WINDOW_BYTES = 1024 * 1024;
const BATCHES_PER_SEGMENT_MAX = 10_000_000;

export function checkSegmentFile(file: string): SegmentReport {
  const fileBytes = fs.statSync(file).size;
  const report: SegmentReport = { file, fileBytes, batches: 0, validBytes: 0, problems: [] };
  const fd = fs.openSync(file, 'r');
  try {
    const scanner = new BatchFileScanner(fd, 0, fileBytes, SCAN_WINDOW_BYTES);
    let previousLastOffset = -1;
    for (let i = 0; i < BATCHES_PER_SEGMENT_MAX; i++) {
      const batch = scanner.next(true);
      if (batch === null) break;
      const { bytes, at, size, position } = batch;
      if (magicAt(bytes, at) !== CURRENT_MAGIC || !isBatchCrcValid(bytes, at, size)) {
        report.problems.push(`batch at ${position}: bad magic or CRC`);
        break;
      }
      if (baseOffsetAt(bytes, at) <= previousLastOffset)
        report.problems.push(`batch at ${position}: offsets go backwards`);
      previousLastOffset = lastOffsetAt(bytes, at);
      report.batches++;
      report.validBytes = position + size;
    }
  } catch (err) {
    report.problems.push(`unreadable: ${(err as Error).message}`);
  } finally {
    fs.closeSync(fd);
  }
  if (report.problems.length === 0 && report.validBytes !== fileBytes) {
    report.problems.push(`${fileBytes - report.validBytes} byte(s) after the last whole batch`);
  }
  return report;
}

/** Every segment under the partition dirs of `logDir` (deleted/temporary files skipped). */
export function checkLogDir(logDir: string): SegmentReport[] {
  const reports: SegmentReport[] = [];
  for (const entry of fs.readdirSync(logDir, { withFileTypes: true })) {
    if (!entry.isDirectory() || !/-\d+$/.test(entry.name)) continue;
    const partitionDir = path.join(logDir, entry.name);
    for (const name of fs.readdirSync(partitionDir).sort()) {
      if (/^\d{20}\.log$/.test(name)) reports.push(checkSegmentFile(path.join(partitionDir, name)));
    }
  }
  return reports;
}

/** The problems of every segment under the given log dirs, as `file: problem` lines. */
export function corruptSegments(logDirs: string[]): string[] {
  return logDirs.flatMap((dir) => checkLogDir(dir)).flatMap((r) => r.problems.map((p) => `${r.file}: ${p}`));
}
