/** Retry timing of the outbox: exponential backoff with full jitter, bounded in delay and attempts. */
export interface RetryPolicy {
  /** Attempts in all, the first included; after the last failure the item is `failed` for good. */
  maxAttempts: number;
  /** The first retry waits up to this long; each further one up to twice the one before. */
  baseDelayMs: number;
  /** No retry waits longer than this. */
  maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 8, baseDelayMs: 1_000, maxDelayMs: 15 * 60_000 };

/**
 * The wait before the next attempt after `attempts` failed ones, or undefined when none is left.
 * Full jitter (a uniform pick from 0 to the exponential bound, as AWS's "Exponential Backoff and
 * Jitter" recommends): receivers that failed together do not get their retries in lock step.
 */
export function retryDelay(policy: RetryPolicy, attempts: number, random: () => number = Math.random): number | undefined {
  if (attempts >= policy.maxAttempts) return undefined;
  const bound = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
  return Math.floor(random() * bound);
}
