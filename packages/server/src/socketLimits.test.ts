import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultLimits } from './config';
import { createSocketLimits, onTokenExpiry } from './socketLimits';

afterEach(() => {
  vi.useRealTimers();
});

describe('onTokenExpiry', () => {
  it('fires at exp even when exp is beyond setTimeout’s 24.8-day range (visitor tokens last 30 days)', () => {
    vi.useFakeTimers({ now: 0 });
    const expired = vi.fn();
    const thirtyDays = 30 * 24 * 3600;
    onTokenExpiry(thirtyDays, expired, () => Date.now());
    vi.advanceTimersByTime((thirtyDays - 1) * 1000);
    expect(expired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1000);
    expect(expired).toHaveBeenCalledTimes(1);
  });

  it('fires at once for a past exp, never without one, and not after cancel', () => {
    vi.useFakeTimers({ now: 10_000 });
    const past = vi.fn();
    onTokenExpiry(5, past, () => Date.now());
    expect(past).toHaveBeenCalledTimes(1);
    const none = vi.fn();
    onTokenExpiry(undefined, none)();
    const cancelled = vi.fn();
    onTokenExpiry(20, cancelled, () => Date.now())();
    vi.advanceTimersByTime(60_000);
    expect(none).not.toHaveBeenCalled();
    expect(cancelled).not.toHaveBeenCalled();
  });
});

describe('createSocketLimits', () => {
  it('counts sockets per address and frees the slot on close; one bucket per user across sockets', () => {
    const limits = createSocketLimits({ ...defaultLimits, maxSocketsPerIp: 2 });
    limits.admit('1.2.3.4');
    const first = limits.opened('1.2.3.4', 'u1');
    limits.admit('1.2.3.4');
    const second = limits.opened('1.2.3.4', 'u1');
    expect(second).toBe(first);
    expect(() => limits.admit('1.2.3.4')).toThrow(expect.objectContaining({ code: 'rate_limited', details: { limit: 'sockets_per_ip', max: 2 } }));
    limits.admit('5.6.7.8');
    limits.closed('1.2.3.4', 'u1');
    limits.admit('1.2.3.4');
    limits.closed('1.2.3.4', 'u1');
    // The user's last socket closed: a new one gets a fresh bucket.
    expect(limits.opened('1.2.3.4', 'u1')).not.toBe(first);
  });
});
