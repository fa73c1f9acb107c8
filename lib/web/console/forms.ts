// Reading the console's HTML forms: every field is checked here before anything reaches the
// cluster, and a bad one is a 400 naming the field. A refusal from the cluster itself (a
// ClientError carrying Kafka's error name and message) is turned into the status a page shows.
import { ClientError } from '../../client/errors';
import { topicNameProblem } from '../../server/topic-admin';
import { badRequest, HttpError } from '../http-error';

/** Kafka's largest partition count and replication factor are int32; the console keeps them sane. */
export const PARTITIONS_MAX = 10000;
export const REPLICATION_FACTOR_MAX = 32;
const CONFIG_LINES_MAX = 100;

export type FormBody = Record<string, string | string[] | undefined>;

/** The form body as field → text (a repeated field keeps its last value). */
export function formFields(body: unknown): Record<string, string> {
  if (body === null || typeof body !== 'object') return {};
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(body as FormBody)) {
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (typeof last === 'string') fields[key] = last;
  }
  return fields;
}

export function topicName(text: string | undefined): string {
  const name = (text ?? '').trim();
  if (name === '') throw badRequest('Topic name: required.');
  const problem = topicNameProblem(name);
  if (problem !== null) throw badRequest(`Topic name: ${problem}.`);
  return name;
}

/** A whole number in [min, max] written in decimal; `label` names the field in the message. */
export function wholeNumber(text: string | undefined, label: string, min: number, max: number): number {
  const trimmed = (text ?? '').trim();
  if (!/^-?\d+$/.test(trimmed)) throw badRequest(`${label}: '${trimmed}' is not a whole number.`);
  const value = Number(trimmed);
  if (value < min || value > max) throw badRequest(`${label}: must be between ${min} and ${max}, not ${trimmed}.`);
  return value;
}

/** `key=value` lines (blank lines ignored) as topic config overrides. */
export function configLines(text: string | undefined): Record<string, string> {
  const configs: Record<string, string> = {};
  const lines = (text ?? '').split(/\r?\n/).filter((line) => line.trim() !== '');
  if (lines.length > CONFIG_LINES_MAX) throw badRequest(`Configs: at most ${CONFIG_LINES_MAX} lines.`);
  for (const line of lines) {
    const eq = line.indexOf('=');
    const key = eq < 0 ? '' : line.slice(0, eq).trim();
    if (key === '') throw badRequest(`Configs: '${line.trim()}' is not key=value.`);
    configs[key] = line.slice(eq + 1).trim();
  }
  return configs;
}

/** Kafka errors a console user can act on, with the HTTP status their page answers. */
const REFUSAL_STATUS: Record<string, number> = {
  TOPIC_ALREADY_EXISTS: 409,
  UNKNOWN_TOPIC_OR_PARTITION: 404,
  TOPIC_AUTHORIZATION_FAILED: 403,
  CLUSTER_AUTHORIZATION_FAILED: 403,
  // A topic being created or moved: asking again shortly will do.
  LEADER_NOT_AVAILABLE: 503,
};

/**
 * A cluster's refusal as an HttpError carrying Kafka's error name and message; anything that is
 * not a broker's answer (a lost connection) is rethrown for the error handler (500).
 */
export function refusal(error: unknown): HttpError {
  if (!(error instanceof ClientError) || error.errorCode === null) throw error;
  return new HttpError(REFUSAL_STATUS[error.code] ?? 400, error.message);
}
