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

  it('calls this round everyone listening when it began, whoever unsubscribes or subscribes during it', () => {
    const emitter = createEmitter<{ ping: number }>();
    const calls: string[] = [];
    const late = vi.fn();
    const second = () => calls.push('second');
    const first = () => {
      calls.push('first');
      emitter.off('ping', first);
      emitter.off('ping', second);
      emitter.on('ping', late);
    };
    emitter.on('ping', first);
    emitter.on('ping', second);
    emitter.emit('ping', 1);
    expect(calls).toEqual(['first', 'second']);
    expect(late).not.toHaveBeenCalled();
    emitter.emit('ping', 2);
    expect(calls).toEqual(['first', 'second']);
    expect(late).toHaveBeenCalledTimes(1);
    expect(emitter.count('ping')).toBe(1);
  });

  it('calls a listener added twice once, and one off removes it; its remover removes only it', () => {
    const emitter = createEmitter<{ ping: number }>();
    const a = vi.fn();
    const b = vi.fn();
    const removeA = emitter.on('ping', a);
    emitter.on('ping', a);
    emitter.on('ping', b);
    emitter.emit('ping', 1);
    expect([a.mock.calls.length, b.mock.calls.length]).toEqual([1, 1]);
    removeA();
    removeA();
    emitter.emit('ping', 2);
    expect([a.mock.calls.length, b.mock.calls.length]).toEqual([1, 2]);
    emitter.off('ping', b);
    expect(emitter.count('ping')).toBe(0);
    emitter.emit('ping', 3);
    expect(b).toHaveBeenCalledTimes(2);
  });
});
