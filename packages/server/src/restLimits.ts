import rateLimit from '@fastify/rate-limit';
import { ParleyError } from '@parley/protocol';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';

export interface RestLimitsOptions {
  /** Counters shared by every node when set (several nodes behind one address must share a budget). */
  redisUrl?: string | undefined;
  redisPrefix?: string | undefined;
  logger: Logger;
}

/**
 * `@fastify/rate-limit` for the REST routes that create things or check passwords (issue 13). Routes
 * opt in with `config: { rateLimit: restLimit(...) }`; refusals are `rate_limited` ParleyErrors naming
 * their limit, so they answer in the REST error format and are counted per limit. Returns the close.
 */
export async function registerRestLimits(app: FastifyInstance, options: RestLimitsOptions): Promise<() => Promise<void>> {
  let redis: Redis | undefined;
  if (options.redisUrl) {
    redis = new Redis(options.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true });
    redis.on('error', (error: unknown) => options.logger.error({ err: error }, 'rate-limit redis error'));
    await redis.connect();
  }
  await app.register(rateLimit, {
    global: false,
    // A Redis outage must not lock everyone out: the limits are a guard, not an authority.
    skipOnError: true,
    ...(redis && { redis, nameSpace: `${options.redisPrefix ?? 'parley'}-rate-limit-` }),
  });
  return async () => {
    await redis?.quit().catch(() => undefined);
  };
}

/** The route config of one REST limit: `max` requests per `timeWindowMs` per client IP. */
export function restLimit(limit: string, max: number, timeWindowMs: number, what: string) {
  return {
    max,
    timeWindow: timeWindowMs,
    errorResponseBuilder: (_request: unknown, context: { ttl: number }) =>
      Object.assign(
        new ParleyError('rate_limited', `too many ${what} from this address; retry in ${Math.ceil(context.ttl / 1000)} s`, {
          limit,
          retryAfterMs: context.ttl,
        }),
        { statusCode: 429 },
      ),
  };
}
