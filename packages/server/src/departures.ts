import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

/**
 * A user's sockets going away, counted across the nodes, for the presence checks due a grace after a
 * socket went. A node's check that finds a later departure counted (the user came back on another node
 * and left it since) leaves the verdict to that departure's check, due later: otherwise a reload soon
 * after a hop counted from the first socket gone, and said "gone" then "back". With one node a connect
 * cancels the pending check itself, and nothing is counted.
 */
export interface Departures {
  /** Counts a socket of the user going away: what `since` compares with (`undefined`: not counted). */
  departed(userId: string): Promise<number | undefined>;
  /** Whether a departure of the user was counted after the one `departed` answered `counted`. */
  since(userId: string, counted: number | undefined): Promise<boolean>;
}

export function createDepartures(options: { redis?: Redis | undefined; prefix: string; kind: string; graceMs: number; logger: Logger }): Departures {
  const { redis, prefix, kind, logger } = options;
  if (!redis) return { departed: async () => undefined, since: async () => false };
  const key = (userId: string) => `${prefix}:${kind}-departures:${userId}`;
  // Read once more by the check a grace after each departure: kept well past it.
  const lifetimeMs = options.graceMs + 60_000;
  // A failure (Redis away) only loses the comparison: the check runs as if nothing was counted.
  const failed = (error: unknown) => logger.debug({ err: error }, `${kind} departure count failed`);
  return {
    async departed(userId) {
      try {
        const replies = await redis.multi().incr(key(userId)).pexpire(key(userId), lifetimeMs).exec();
        const [error, count] = replies?.[0] ?? [new Error('the departure was not counted')];
        if (error) throw error;
        return Number(count);
      } catch (error) {
        failed(error);
        return undefined;
      }
    },
    async since(userId, counted) {
      if (counted === undefined) return false;
      try {
        return Number((await redis.get(key(userId))) ?? 0) > counted;
      } catch (error) {
        failed(error);
        return false;
      }
    },
  };
}
