// Java-properties parsing for server.properties-style files: the subset Kafka operators use
// (comments, `key=value` / `key: value` / `key value`, backslash continuation and escapes).
import * as fs from 'node:fs';

export class PropertiesError extends Error {
  constructor(
    message: string,
    readonly lineNumber: number,
  ) {
    super(`line ${lineNumber}: ${message}`);
  }
}

/** A properties file as a record (tools' --producer.config and the like). */
export function readPropertiesFile(path: string): Record<string, string> {
  return Object.fromEntries(parseProperties(fs.readFileSync(path, 'utf8')));
}

export function parseProperties(text: string): Map<string, string> {
  const result = new Map<string, string>();
  const lines = joinContinuations(text.split(/\r?\n/));
  for (const { line, lineNumber } of lines) {
    const trimmed = line.trimStart();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith('!')) continue;
    const { key, value } = splitKeyValue(trimmed);
    if (key === '') throw new PropertiesError('empty key', lineNumber);
    result.set(unescape(key), unescape(value));
  }
  return result;
}

function joinContinuations(raw: string[]): Array<{ line: string; lineNumber: number }> {
  const out: Array<{ line: string; lineNumber: number }> = [];
  let pending: { line: string; lineNumber: number } | null = null;
  raw.forEach((text, index) => {
    const piece = pending ? text.trimStart() : text;
    const continued = endsWithOddBackslashes(piece);
    const body = continued ? piece.slice(0, -1) : piece;
    if (pending) pending.line += body;
    else pending = { line: body, lineNumber: index + 1 };
    if (!continued) {
      out.push(pending);
      pending = null;
    }
  });
  if (pending) out.push(pending);
  return out;
}

function endsWithOddBackslashes(text: string): boolean {
  let count = 0;
  for (let i = text.length - 1; i >= 0 && text[i] === '\\'; i--) count++;
  return count % 2 === 1;
}

function splitKeyValue(line: string): { key: string; value: string } {
  let i = 0;
  while (i < line.length) {
    const ch = line[i];
    if (ch === '\\') {
      i += 2;
      continue;
    }
    if (ch === '=' || ch === ':' || ch === ' ' || ch === '\t') break;
    i++;
  }
  const key = line.slice(0, i);
  let rest = line.slice(i).trimStart();
  if (rest.startsWith('=') || rest.startsWith(':')) rest = rest.slice(1).trimStart();
  return { key, value: rest.trimEnd() };
}

function unescape(text: string): string {
  return text.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_m, seq: string) => {
    if (seq.length === 5) return String.fromCharCode(parseInt(seq.slice(1), 16));
    if (seq === 'n') return '\n';
    if (seq === 't') return '\t';
    if (seq === 'r') return '\r';
    return seq;
  });
}
