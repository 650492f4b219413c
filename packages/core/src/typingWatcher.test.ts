import type { ActivityType } from '@parley/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTypingWatcher } from './typingWatcher';
import type { TypingInput } from './typingWatcher';

afterEach(() => {
  vi.useRealTimers();
});

describe('createTypingWatcher', () => {
  it('reports writing once per burst, stop-writing after a pause, not-writing when emptied', () => {
    vi.useFakeTimers();
    const sent: ActivityType[] = [];
    const watcher = createTypingWatcher((type) => sent.push(type), undefined, { pauseMs: 1_000 });
    watcher.input('h');
    watcher.input('he');
    watcher.input('hel');
    expect(sent).toEqual(['writing']);
    vi.advanceTimersByTime(999);
    watcher.input('hell');
    vi.advanceTimersByTime(1_000);
    expect(sent).toEqual(['writing', 'stop-writing']);
    watcher.input('hello');
    expect(sent).toEqual(['writing', 'stop-writing', 'writing']);
    watcher.input('');
    vi.advanceTimersByTime(5_000);
    expect(sent).toEqual(['writing', 'stop-writing', 'writing', 'not-writing']);
    // An empty input that was never typed in says nothing.
    watcher.reset();
    expect(sent).toHaveLength(4);
    watcher.dispose();
  });

  it('binds to an input element and lets go of it on dispose', () => {
    const listeners = new Set<() => void>();
    const element: TypingInput & { value: string } = {
      value: '',
      addEventListener: (_type, listener) => void listeners.add(listener),
      removeEventListener: (_type, listener) => void listeners.delete(listener),
    };
    const sent: ActivityType[] = [];
    const watcher = createTypingWatcher((type) => sent.push(type), element);
    element.value = 'a';
    for (const listener of listeners) listener();
    expect(sent).toEqual(['writing']);
    watcher.dispose();
    expect(listeners.size).toBe(0);
  });
});
