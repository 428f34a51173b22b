/**
 * When a failed webhook delivery is tried again: exponential backoff with jitter. The n-th retry
 * waits base·2^(n−1), capped at `maxMs`, then drawn uniformly in [½, 1] of that ("equal jitter"):
 * receivers that come back after an outage are not hit by every sender at the same instant, and
 * each wait is still at least half the nominal one, so a retry never comes at once.
 */
export interface BackoffOptions {
  /** Wait before the first retry, before jitter (ms). */
  baseMs: number;
  /** No wait is longer than this (ms). */
  maxMs: number;
}

/** The nominal wait after the `attempt`-th failed attempt (1-based), before jitter. */
export function nominalBackoff(attempt: number, options: BackoffOptions): number {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError(`attempt must be a whole number ≥ 1, got ${attempt}`);
  // 2^(attempt-1) overflows to Infinity long after the cap: Math.min keeps it finite.
  return Math.min(options.maxMs, options.baseMs * 2 ** (attempt - 1));
}

/** The wait after the `attempt`-th failed attempt, jittered; `random` in [0, 1) (Math.random by default). */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const nominal = nominalBackoff(attempt, options);
  return Math.round(nominal / 2 + (nominal / 2) * random());
}

/** The whole retry schedule (nominal waits) for `maxAttempts` attempts: for the documentation and the log. */
export function retrySchedule(maxAttempts: number, options: BackoffOptions): number[] {
  return Array.from({ length: Math.max(0, maxAttempts - 1) }, (_, i) => nominalBackoff(i + 1, options));
}
