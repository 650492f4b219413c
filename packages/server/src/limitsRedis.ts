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
  let reported = false;
  redis.on('error', (error: unknown) => {
    // ioredis reports every failed reconnect; one line per outage is enough (health logs the adapter's).
    if (!reported) logger.error({ err: error }, 'limits redis error');
    reported = true;
  });
  redis.on('ready', () => {
    reported = false;
  });
  await redis.connect();
  return redis;
}
