import { describe, expect, it } from 'vitest';
import { createManualClock } from './manualClock';

const T0 = Date.UTC(2026, 0, 1);

describe('createManualClock', () => {
  it('starts at 2026-01-01T00:00:00Z unless told otherwise, and stands still', () => {
    expect(createManualClock().now()).toBe(T0);
    const clock = createManualClock(1_000);
    expect(clock.now()).toBe(1_000);
    expect(clock.now()).toBe(1_000);
  });

  it('moves time forward by exactly the amount asked, with or without tasks', async () => {
    const clock = createManualClock(0);
    await clock.advance(250);
    expect(clock.now()).toBe(250);
    await clock.advance(0);
    expect(clock.now()).toBe(250);
    clock.timer.setTimeout(() => undefined, 100);
    await clock.advance(1_000);
    expect(clock.now()).toBe(1_250);
  });

  it('runs a task only once time reaches its due time, and only once', async () => {
    const clock = createManualClock(0);
    const runs: number[] = [];
    clock.timer.setTimeout(() => void runs.push(clock.now()), 100);
    await clock.advance(99);
    expect(runs).toEqual([]);
    expect(clock.pending()).toBe(1);
    await clock.advance(1);
    expect(runs).toEqual([100]);
    expect(clock.pending()).toBe(0);
    await clock.advance(1_000);
    expect(runs).toEqual([100]);
  });

  it('runs due tasks in due-time order, then in scheduling order, with now set to each due time', async () => {
    const clock = createManualClock(0);
    const runs: string[] = [];
    clock.timer.setTimeout(() => void runs.push(`c@${clock.now()}`), 300);
    clock.timer.setTimeout(() => void runs.push(`a@${clock.now()}`), 100);
    clock.timer.setTimeout(() => void runs.push(`b1@${clock.now()}`), 200);
    clock.timer.setTimeout(() => void runs.push(`b2@${clock.now()}`), 200);
    clock.timer.setTimeout(() => void runs.push(`late@${clock.now()}`), 301);
    await clock.advance(300);
    expect(runs).toEqual(['a@100', 'b1@200', 'b2@200', 'c@300']);
    expect(clock.now()).toBe(300);
    expect(clock.pending()).toBe(1);
  });

  it('awaits async tasks before running the next one', async () => {
    const clock = createManualClock(0);
    const runs: string[] = [];
    clock.timer.setTimeout(async () => {
      runs.push('first:start');
      await Promise.resolve();
      await new Promise<void>((resolve) => queueMicrotask(resolve));
      runs.push('first:end');
    }, 10);
    clock.timer.setTimeout(() => void runs.push('second'), 10);
    await clock.advance(10);
    expect(runs).toEqual(['first:start', 'first:end', 'second']);
  });

  it('runs tasks scheduled by a task when they fall due within the same advance', async () => {
    const clock = createManualClock(0);
    const runs: string[] = [];
    clock.timer.setTimeout(() => {
      runs.push(`outer@${clock.now()}`);
      // Relative to the outer task's due time (100), not to the start or end of the advance.
      clock.timer.setTimeout(() => void runs.push(`inner@${clock.now()}`), 50);
      clock.timer.setTimeout(() => void runs.push(`beyond@${clock.now()}`), 500);
    }, 100);
    await clock.advance(200);
    expect(runs).toEqual(['outer@100', 'inner@150']);
    expect(clock.pending()).toBe(1);
    await clock.advance(400);
    expect(runs).toEqual(['outer@100', 'inner@150', 'beyond@600']);
  });

  it('treats a negative delay as zero', async () => {
    const clock = createManualClock(0);
    let ranAt: number | undefined;
    clock.timer.setTimeout(() => void (ranAt = clock.now()), -50);
    await clock.advance(0);
    expect(ranAt).toBe(0);
  });

  it('forgets cleared tasks', async () => {
    const clock = createManualClock(0);
    const runs: string[] = [];
    const keep = clock.timer.setTimeout(() => void runs.push('keep'), 10);
    const drop = clock.timer.setTimeout(() => void runs.push('drop'), 10);
    expect(keep).not.toBe(drop);
    clock.timer.clearTimeout(drop);
    expect(clock.pending()).toBe(1);
    // Clearing twice, or clearing something that is not a handle, is harmless.
    clock.timer.clearTimeout(drop);
    clock.timer.clearTimeout(undefined);
    await clock.advance(10);
    expect(runs).toEqual(['keep']);
  });

  it('lets a task cancel a later task', async () => {
    const clock = createManualClock(0);
    const runs: string[] = [];
    const later = clock.timer.setTimeout(() => void runs.push('later'), 20);
    clock.timer.setTimeout(() => {
      runs.push('canceller');
      clock.timer.clearTimeout(later);
    }, 10);
    await clock.advance(100);
    expect(runs).toEqual(['canceller']);
    expect(clock.pending()).toBe(0);
  });

  it('refuses to move time backwards or by a non-number', async () => {
    const clock = createManualClock(1_000);
    await expect(clock.advance(-1)).rejects.toThrow(RangeError);
    await expect(clock.advance(Number.NaN)).rejects.toThrow(RangeError);
    expect(clock.now()).toBe(1_000);
  });
});
