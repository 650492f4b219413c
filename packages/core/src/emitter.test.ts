import { describe, expect, it, vi } from 'vitest';
import { createEmitter } from './emitter';

describe('createEmitter', () => {
  it('removes only the listener given, and keeps delivering when one listener throws', () => {
    const errors: unknown[] = [];
    const emitter = createEmitter<{ ping: number; pong: string }>((error) => errors.push(error));
    const a = vi.fn();
    const b = vi.fn(() => {
      throw new Error('boom');
    });
    const c = vi.fn();
    emitter.on('ping', a);
    emitter.on('ping', b);
    emitter.on('ping', c);
    emitter.emit('ping', 1);
    expect([a.mock.calls.length, c.mock.calls.length, errors.length]).toEqual([1, 1, 1]);
    emitter.off('ping', a);
    emitter.emit('ping', 2);
    expect(a).toHaveBeenCalledTimes(1);
    expect(c).toHaveBeenCalledTimes(2);
    expect(emitter.count('ping')).toBe(2);
    expect(emitter.count('pong')).toBe(0);
  });
});
