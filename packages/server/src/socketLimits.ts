import { ParleyError } from '@parley/protocol';
import type { ServerLimits } from './config';
import { TokenBucket } from './tokenBucket';

/**
 * Per-node limits that span sockets (issue 13): open sockets per client IP, and one event bucket per
 * user shared by all its sockets — per-socket buckets alone let 20 sockets multiply a user's rate by 20.
 */
export interface SocketLimits {
  /** Refuses a new socket from `ip` when it already holds the maximum (`rate_limited`). */
  admit(ip: string): void;
  /** A socket from `ip` of `userId` opened: returns the user's shared bucket. */
  opened(ip: string, userId: string): TokenBucket;
  closed(ip: string, userId: string): void;
}

export function createSocketLimits(limits: ServerLimits): SocketLimits {
  const socketsPerIp = new Map<string, number>();
  const users = new Map<string, { bucket: TokenBucket; sockets: number }>();
  return {
    admit(ip) {
      if ((socketsPerIp.get(ip) ?? 0) >= limits.maxSocketsPerIp) {
        throw new ParleyError('rate_limited', `at most ${limits.maxSocketsPerIp} connections per address`, {
          limit: 'sockets_per_ip',
          max: limits.maxSocketsPerIp,
        });
      }
    },
    opened(ip, userId) {
      socketsPerIp.set(ip, (socketsPerIp.get(ip) ?? 0) + 1);
      let user = users.get(userId);
      if (!user) {
        user = { bucket: new TokenBucket(limits.userEventBurst, limits.userEventsPerSecond), sockets: 0 };
        users.set(userId, user);
      }
      user.sockets++;
      return user.bucket;
    },
    closed(ip, userId) {
      const left = (socketsPerIp.get(ip) ?? 1) - 1;
      if (left <= 0) socketsPerIp.delete(ip);
      else socketsPerIp.set(ip, left);
      const user = users.get(userId);
      if (user && --user.sockets <= 0) users.delete(userId);
    },
  };
}

/** setTimeout's longest delay (about 24.8 days); visitor tokens live 30 days, so long waits re-arm. */
const maxTimerMs = 2 ** 31 - 1;

/**
 * Calls `expired` when the token's `exp` (unix seconds) passes; returns the cancel. The server then
 * disconnects the socket, and the client's reconnect is refused `unauthorized`: re-authentication.
 */
export function onTokenExpiry(exp: number | undefined, expired: () => void, now: () => number = Date.now): () => void {
  if (exp === undefined) return () => undefined;
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    const wait = exp * 1000 - now();
    if (wait <= 0) return expired();
    timer = setTimeout(arm, Math.min(wait, maxTimerMs));
    timer.unref();
  };
  arm();
  return () => clearTimeout(timer);
}
