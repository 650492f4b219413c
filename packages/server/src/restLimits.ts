import rateLimit from '@fastify/rate-limit';
import type { LimitCode } from '@parley/protocol';
import { ParleyError } from '@parley/protocol';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';

export interface RestLimitsOptions {
  /** Counters shared by every node when set (several nodes behind one address must share a budget). */
  redis?: Redis | undefined;
  redisPrefix?: string | undefined;
}

/**
 * `@fastify/rate-limit` for the REST routes that create things or check passwords (issue 13). Routes
 * opt in with `config: { rateLimit: restLimit(...) }`; refusals are `rate_limited` ParleyErrors naming
 * their limit, so they answer in the REST error format and are counted per limit.
 */
export async function registerRestLimits(app: FastifyInstance, options: RestLimitsOptions): Promise<void> {
  await app.register(rateLimit, {
    global: false,
    // A Redis outage must not lock everyone out: the limits are a guard, not an authority.
    skipOnError: true,
    ...(options.redis && { redis: options.redis, nameSpace: `${options.redisPrefix ?? 'parley'}-rate-limit-` }),
  });
}

/** The route config of one REST limit: `max` requests per `timeWindowMs` per client IP. */
export function restLimit(limit: LimitCode, max: number, timeWindowMs: number, what: string) {
  return {
    max,
    timeWindow: timeWindowMs,
    errorResponseBuilder: (_request: unknown, context: { ttl: number }) =>
      Object.assign(
        ParleyError.limitRefusal('rate_limited', limit, `too many ${what} from this address; retry in ${Math.ceil(context.ttl / 1000)} s`, {
          retryAfterMs: context.ttl,
        }),
        { statusCode: 429 },
      ),
  };
}
