import { afterEach, describe, expect, it, vi } from 'vitest';
import { sweepExpiredSockets } from './expirySweep';
import type { ParleyIo } from './socketTypes';

afterEach(() => {
  vi.useRealTimers();
});

/** Sockets with a token expiry (unix seconds, or none), as the sweep sees them through `io.of('/')`. */
function fakeIo(exps: (number | undefined)[]) {
  const sockets = new Map(
    exps.map((exp, index) => [String(index), { data: exp === undefined ? {} : { exp }, disconnect: vi.fn() }] as const),
  );
  const io = { of: () => ({ sockets }) } as unknown as ParleyIo;
  return { io, disconnected: () => [...sockets].filter(([, socket]) => socket.disconnect.mock.calls.length > 0).map(([id]) => id) };
}

describe('sweepExpiredSockets', () => {
  it('disconnects each socket within a sweep of its token’s exp, never one without exp, and stops', () => {
    vi.useFakeTimers({ now: 100_000 });
    const { io, disconnected } = fakeIo([101, 103, undefined, 30 * 24 * 3600 + 100]);
    const stop = sweepExpiredSockets(io, 1_000, () => Date.now());
    vi.advanceTimersByTime(999);
    expect(disconnected()).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(disconnected()).toEqual(['0']);
    vi.advanceTimersByTime(3_000);
    expect(disconnected()).toEqual(['0', '1']);
    stop();
    vi.advanceTimersByTime(60 * 24 * 3600 * 1000);
    expect(disconnected()).toEqual(['0', '1']);
  });
});
