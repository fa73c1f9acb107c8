// Retrying with exponential backoff and jitter, for requests whose failure is retriable (a
// leader moved, a broker restarted). Non-retriable errors and the last failure pass through.
import { ClientError, toClientError } from './errors';

export interface RetryOptions {
  /** Attempts after the first; 0 disables retrying. */
  retries?: number;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
}

export const DEFAULT_RETRY: Required<RetryOptions> = { retries: 5, initialBackoffMs: 100, maxBackoffMs: 1000 };

/** Backoff before attempt `attempt` (1-based), with ±20 % jitter so clients do not stampede. */
export function backoffMs(attempt: number, options: RetryOptions = {}): number {
  const { initialBackoffMs, maxBackoffMs } = { ...DEFAULT_RETRY, ...options };
  const base = Math.min(maxBackoffMs, initialBackoffMs * 2 ** (attempt - 1));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Runs `attempt` until it succeeds, fails with a non-retriable error, or retries run out.
 * `beforeRetry` runs between attempts (typically a metadata refresh).
 */
export async function withRetry<T>(
  context: string,
  attempt: (attemptNumber: number) => Promise<T>,
  options: RetryOptions = {},
  beforeRetry?: (error: ClientError) => Promise<void> | void,
): Promise<T> {
  const { retries } = { ...DEFAULT_RETRY, ...options };
  for (let n = 0; ; n++) {
    try {
      return await attempt(n);
    } catch (raw) {
      const error = toClientError(raw, context);
      if (!error.retriable || n >= retries) throw error;
      await delay(backoffMs(n + 1, options));
      if (beforeRetry) await Promise.resolve(beforeRetry(error)).catch(() => undefined);
    }
  }
}
