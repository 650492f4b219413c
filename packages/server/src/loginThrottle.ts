import { ParleyError } from '@parley/protocol';
import type { ServerLimits } from './config';

/**
 * Logins throttled per username and per IP with growing delays (issue 13): after the free failures,
 * each further failure doubles the wait before the next attempt is even checked (1 s, 2 s, 4 s … up to
 * 15 minutes). A success clears the username's count. Password checks (scrypt, CPU-heavy) run at most
 * `loginConcurrency` at once, so a login flood cannot take the CPU the message path needs.
 */
export interface LoginThrottle {
  /** Throws `rate_limited` (with `retryAfterMs`) while the username or the IP must wait. */
  check(username: string, ip: string): void;
  failed(username: string, ip: string): void;
  succeeded(username: string, ip: string): void;
  /** Runs a password check within the concurrency bound, or refuses at once. */
  verify<T>(work: () => Promise<T>): Promise<T>;
}

interface Failures {
  count: number;
  last: number;
}

const baseDelayMs = 1000;
const maxDelayMs = 15 * 60 * 1000;
/** Entries kept per map; the oldest are dropped first, so a spray of usernames cannot grow memory. */
const maxEntries = 50_000;

export function createLoginThrottle(limits: ServerLimits, now: () => number = Date.now): LoginThrottle {
  const byUser = new Map<string, Failures>();
  const byIp = new Map<string, Failures>();
  let running = 0;

  function waitFor(map: Map<string, Failures>, key: string, free: number): number {
    const failures = map.get(key);
    if (!failures || failures.count < free) return 0;
    const delay = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(30, failures.count - free));
    return Math.max(0, failures.last + delay - now());
  }

  function record(map: Map<string, Failures>, key: string): void {
    const failures = map.get(key) ?? { count: 0, last: 0 };
    map.delete(key);
    map.set(key, { count: failures.count + 1, last: now() });
    if (map.size > maxEntries) map.delete(map.keys().next().value as string);
  }

  return {
    check(username, ip) {
      const wait = Math.max(waitFor(byUser, username, limits.loginFreeFailures), waitFor(byIp, ip, limits.loginFreeFailuresPerIp));
      if (wait > 0) {
        throw new ParleyError('rate_limited', `too many failed logins; retry in ${Math.ceil(wait / 1000)} s`, {
          limit: 'login_attempts',
          retryAfterMs: wait,
        });
      }
    },
    failed(username, ip) {
      record(byUser, username);
      record(byIp, ip);
    },
    succeeded(username) {
      byUser.delete(username);
    },
    async verify(work) {
      if (running >= limits.loginConcurrency) {
        throw new ParleyError('rate_limited', 'the server is busy checking other logins; retry in a moment', {
          limit: 'login_concurrency',
          retryAfterMs: 1000,
        });
      }
      running++;
      try {
        return await work();
      } finally {
        running--;
      }
    },
  };
}
