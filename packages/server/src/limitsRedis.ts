import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/**
 * The one ioredis connection the abuse limits share when several nodes run (REST limits, socket
 * counts, event budgets, the login throttle, revoked sessions). Commands fail at once while Redis is
 * away instead of queueing: each limit then falls back to the node's own memory (or the store), so an
 * outage never locks visitors out.
 */
export async function connectLimitsRedis(url: string, logger: Logger): Promise<Redis> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true });
  // The same Redis carries the socket.io adapter, whose clients report an outage to `health`, which
  // logs it once per outage; this connection's every failed reconnect only reaches the debug level.
  redis.on('error', (error: unknown) => logger.debug({ err: error }, 'limits redis error'));
  await redis.connect();
  return redis;
}
