// Kafka's text checkpoint files: line 1 the format version (0), line 2 the entry count, then one
// entry per line, fields separated by single spaces. Written to <name>.tmp, fsynced and renamed
// over the original so a crash leaves either the old or the new file, never a torn one.
import fs from 'fs';
import path from 'path';
import { isNotFound, writeFileAtomically } from './file-io';

export const CHECKPOINT_VERSION = 0;

export class CheckpointFormatError extends Error {
  constructor(filePath: string, lineNumber: number, problem: string) {
    super(`malformed checkpoint file ${filePath} at line ${lineNumber}: ${problem}`);
    this.name = 'CheckpointFormatError';
  }
}

export function writeCheckpointFile(filePath: string, lines: string[]): void {
  const text = [String(CHECKPOINT_VERSION), String(lines.length), ...lines].join('\n') + '\n';
  writeFileAtomically(filePath, text, path.dirname(filePath));
}

/**
 * Entries of a checkpoint file, each split into exactly fieldCount whitespace-separated fields;
 * null when the file does not exist. Any deviation from the format throws CheckpointFormatError.
 */
export function readCheckpointFile(filePath: string, fieldCount: number): string[][] | null {
  let text: string;
  try {
    text = fs.readFileSync(filePath, 'utf8');
  } catch (err) {
    if (isNotFound(err)) return null;
    throw err;
  }
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0) return [];
  if (lines[0] !== String(CHECKPOINT_VERSION)) {
    throw new CheckpointFormatError(filePath, 1, `unrecognized version '${lines[0]}'`);
  }
  if (lines.length < 2 || !/^\d+$/.test(lines[1])) {
    throw new CheckpointFormatError(filePath, 2, `expected an entry count, found '${lines[1] ?? ''}'`);
  }
  const expected = Number(lines[1]);
  const entries = lines.slice(2).map((line, i) => {
    const fields = line.split(/\s+/);
    if (fields.length !== fieldCount || fields.some((f) => f === '')) {
      throw new CheckpointFormatError(filePath, i + 3, `expected ${fieldCount} fields, found '${line}'`);
    }
    return fields;
  });
  if (entries.length !== expected) {
    throw new CheckpointFormatError(filePath, lines.length, `expected ${expected} entries, found ${entries.length}`);
  }
  return entries;
}

export function parseCheckpointInteger(filePath: string, field: string, what: string): number {
  const value = Number(field);
  if (!/^-?\d+$/.test(field) || !Number.isSafeInteger(value)) {
    throw new CheckpointFormatError(filePath, 0, `${what} '${field}' is not an integer`);
  }
  return value;
}

export interface OffsetCheckpointEntry {
  topic: string;
  partition: number;
  offset: number;
}

/** recovery-point-offset-checkpoint, log-start-offset-checkpoint, replication-offset-checkpoint. */
export function writeOffsetCheckpoint(filePath: string, entries: OffsetCheckpointEntry[]): void {
  writeCheckpointFile(
    filePath,
    entries.map((e) => `${e.topic} ${e.partition} ${e.offset}`),
  );
}

/** Entries keyed by `<topic>-<partition>`; a missing file is an empty map. */
export function readOffsetCheckpoint(filePath: string): Map<string, OffsetCheckpointEntry> {
  const result = new Map<string, OffsetCheckpointEntry>();
  for (const [topic, partitionText, offsetText] of readCheckpointFile(filePath, 3) ?? []) {
    const partition = parseCheckpointInteger(filePath, partitionText, 'partition');
    const offset = parseCheckpointInteger(filePath, offsetText, 'offset');
    result.set(`${topic}-${partition}`, { topic, partition, offset });
  }
  return result;
}

export interface EpochEntry {
  epoch: number;
  startOffset: number;
}

export function writeLeaderEpochCheckpoint(filePath: string, entries: readonly EpochEntry[]): void {
  writeCheckpointFile(
    filePath,
    entries.map((e) => `${e.epoch} ${e.startOffset}`),
  );
}

/** leader-epoch-checkpoint entries in file order; a missing file is an empty list. */
export function readLeaderEpochCheckpoint(filePath: string): EpochEntry[] {
  return (readCheckpointFile(filePath, 2) ?? []).map(([epochText, offsetText]) => ({
    epoch: parseCheckpointInteger(filePath, epochText, 'leader epoch'),
    startOffset: parseCheckpointInteger(filePath, offsetText, 'start offset'),
  }));
}
