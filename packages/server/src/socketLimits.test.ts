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

describe('createSocketLimits (one node, in memory)', () => {
  it('counts sockets per address and per user, and frees the slot on release', async () => {
    const limits = createSocketLimits({ limits: { ...defaultLimits, maxSocketsPerIp: 2, maxSocketsPerUser: 3 } });
    await limits.reserve('s1', '1.2.3.4', 'u1');
    await limits.reserve('s2', '1.2.3.4', 'u1');
    await expect(limits.reserve('s3', '1.2.3.4', 'u2')).rejects.toMatchObject({ code: 'rate_limited', details: { limit: 'sockets_per_ip', max: 2 } });
    await limits.reserve('s4', '5.6.7.8', 'u1');
    await expect(limits.reserve('s5', '9.9.9.9', 'u1')).rejects.toMatchObject({ code: 'rate_limited', details: { limit: 'sockets_per_user', max: 3 } });
    limits.release('s1', '1.2.3.4', 'u1');
    await limits.reserve('s6', '1.2.3.4', 'u2');
    limits.close();
  });

  it('shares one event budget between all of a user’s sockets: the rate, then the burst', async () => {
    const limits = createSocketLimits({ limits: { ...defaultLimits, userEventsPerSecond: 2, userEventBurst: 3 } });
    const taken = [];
    for (let index = 0; index < 8; index++) taken.push(await limits.takeUserEvent('u1'));
    expect(taken.filter(Boolean)).toHaveLength(5);
    expect(await limits.takeUserEvent('u2')).toBe(true);
    limits.close();
  });
});
