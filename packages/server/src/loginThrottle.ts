import type { Redis } from 'ioredis';
import { ParleyError } from '@parley/protocol';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import type { RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import type { ServerLimits } from './config';

/**
 * Logins throttled per username and per IP with growing delays (issue 13): after the free failures,
 * each further failure doubles the wait before the next attempt is even looked at (1 s, 2 s, 4 s … up
 * to 15 minutes). A success clears the username's count. With Redis the counts and waits are shared by
 * every node (failures on node A delay logins on node B); without it they live in this process.
 *
 * Password checks (scrypt: CPU on libuv's threadpool) run at most `loginConcurrency` at once per node,
 * so a login flood cannot take the CPU the message path needs; that bound is the node's own CPU, so
 * it stays per node.
 */
export interface LoginThrottle {
  /** Throws `rate_limited` (with `retryAfterMs`) while the username or the IP must wait. */
  check(username: string, ip: string): Promise<void>;
  failed(username: string, ip: string): Promise<void>;
  succeeded(username: string, ip: string): Promise<void>;
  /**
   * Runs `work` (the credentials lookup and the password check) within the concurrency bound, or
   * refuses at once without touching the database or the CPU.
   */
  verify<T>(work: () => Promise<T>): Promise<T>;
}

export interface LoginThrottleOptions {
  redis?: Redis | undefined;
  prefix?: string;
  onError?: (error: unknown) => void;
}

const baseDelayMs = 1000;
const maxDelayMs = 15 * 60 * 1000;
/** Failures are remembered this long after the last one. */
const memorySeconds = 24 * 3600;

export function createLoginThrottle(limits: ServerLimits, options: LoginThrottleOptions = {}): LoginThrottle {
  const prefix = options.prefix ?? 'parley';
  const make = (name: string, points: number, duration: number): RateLimiterAbstract =>
    options.redis
      ? new RateLimiterRedis({
          storeClient: options.redis,
          keyPrefix: `${prefix}:${name}`,
          points,
          duration,
          insuranceLimiter: new RateLimiterMemory({ keyPrefix: name, points, duration }),
        })
      : new RateLimiterMemory({ keyPrefix: name, points, duration });
  // Failure counts (never "spent": only counted), and the wait each one imposes (blocked keys).
  const failures = { user: make('login-failures-user', Number.MAX_SAFE_INTEGER, memorySeconds), ip: make('login-failures-ip', Number.MAX_SAFE_INTEGER, memorySeconds) };
  const waits = { user: make('login-wait-user', 1, 1), ip: make('login-wait-ip', 1, 1) };
  const free = { user: limits.loginFreeFailures, ip: limits.loginFreeFailuresPerIp };
  let running = 0;

  /** Milliseconds `key` must still wait (0 when it may try). */
  async function waitOf(limiter: RateLimiterAbstract, key: string): Promise<number> {
    const state = (await limiter.get(key).catch((error: unknown) => {
      options.onError?.(error);
      return null;
    })) as RateLimiterRes | null;
    return state && state.consumedPoints > 1 ? Math.max(0, state.msBeforeNext) : 0;
  }

  async function fail(kind: 'user' | 'ip', key: string): Promise<void> {
    try {
      const counted = await failures[kind].penalty(key, 1);
      const beyond = counted.consumedPoints - free[kind];
      if (beyond < 0) return;
      const delay = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(30, beyond));
      await waits[kind].block(key, delay / 1000);
    } catch (error) {
      options.onError?.(error);
    }
  }

  return {
    async check(username, ip) {
      const wait = Math.max(...(await Promise.all([waitOf(waits.user, username), waitOf(waits.ip, ip)])));
      if (wait > 0) {
        throw ParleyError.limitRefusal('rate_limited', 'login_attempts', `too many failed logins; retry in ${Math.ceil(wait / 1000)} s`, {
          retryAfterMs: wait,
        });
      }
    },
    async failed(username, ip) {
      await Promise.all([fail('user', username), fail('ip', ip)]);
    },
    async succeeded(username) {
      await Promise.all([failures.user.delete(username), waits.user.delete(username)]).catch((error: unknown) => options.onError?.(error));
    },
    async verify(work) {
      if (running >= limits.loginConcurrency) {
        throw ParleyError.limitRefusal('rate_limited', 'login_concurrency', 'the server is busy checking other logins; retry in a moment', {
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
