import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultLimits } from './config';
import { createSocketLimits } from './socketLimits';

afterEach(() => {
  vi.useRealTimers();
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
