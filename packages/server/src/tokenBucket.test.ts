import { describe, expect, it } from 'vitest';
import { TokenBucket } from './tokenBucket';

/** A clock the test moves by hand. */
function manualClock(start = 1_000_000) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

function takeAll(bucket: TokenBucket, attempts: number): number {
  let taken = 0;
  for (let i = 0; i < attempts; i += 1) if (bucket.take()) taken += 1;
  return taken;
}

describe('TokenBucket', () => {
  it('allows a burst, then refuses', () => {
    const clock = manualClock();
    const bucket = new TokenBucket(5, 1, clock.now);
    for (let i = 0; i < 5; i += 1) expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
    expect(bucket.take()).toBe(false);
  });

  it('refills at perSecond as time passes', () => {
    const clock = manualClock();
    const bucket = new TokenBucket(4, 2, clock.now);
    expect(takeAll(bucket, 10)).toBe(4);
    clock.advance(499);
    expect(bucket.take()).toBe(false);
    clock.advance(1);
    expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
    clock.advance(1000);
    expect(takeAll(bucket, 10)).toBe(2);
  });

  it('accumulates fractions of a token across refused calls', () => {
    const clock = manualClock();
    // 1 token per second in steps of 125 ms: eighths, exact in binary floating point.
    const bucket = new TokenBucket(1, 1, clock.now);
    expect(bucket.take()).toBe(true);
    for (let i = 0; i < 7; i += 1) {
      clock.advance(125);
      expect(bucket.take()).toBe(false);
    }
    clock.advance(125);
    expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
  });

  it('never holds more than the burst, however long it idles', () => {
    const clock = manualClock();
    const bucket = new TokenBucket(3, 100, clock.now);
    clock.advance(24 * 3600 * 1000);
    expect(takeAll(bucket, 100)).toBe(3);
    clock.advance(10 * 60 * 1000);
    expect(takeAll(bucket, 100)).toBe(3);
  });

  it('lets through at most burst + rate × elapsed over a busy stretch', () => {
    const clock = manualClock();
    const bucket = new TokenBucket(10, 5, clock.now);
    let taken = 0;
    for (let step = 0; step < 100; step += 1) {
      taken += takeAll(bucket, 3);
      clock.advance(100);
    }
    // 10 s at 5/s, plus the initial burst.
    expect(taken).toBeLessThanOrEqual(10 + 5 * 10);
    expect(taken).toBeGreaterThanOrEqual(10 + 5 * 9);
  });

  it('starts full and uses the wall clock by default', () => {
    const bucket = new TokenBucket(2, 1);
    expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(true);
  });
});
