import { describe, expect, it } from 'vitest';
import { retryDelay } from './backoff';

const policy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1_000 };

describe('retryDelay', () => {
  it('doubles the bound per failed attempt, up to the cap', () => {
    expect([1, 2, 3, 4].map((attempts) => retryDelay(policy, attempts, () => 0.999_999))).toEqual([99, 199, 399, 799]);
    expect(retryDelay({ ...policy, maxAttempts: 10 }, 6, () => 0.999_999)).toBe(999);
  });

  it('picks uniformly from zero to the bound (full jitter)', () => {
    expect(retryDelay(policy, 3, () => 0)).toBe(0);
    expect(retryDelay(policy, 3, () => 0.5)).toBe(200);
  });

  it('gives up after the last attempt', () => {
    expect(retryDelay(policy, 5)).toBeUndefined();
    expect(retryDelay(policy, 6)).toBeUndefined();
  });
});
