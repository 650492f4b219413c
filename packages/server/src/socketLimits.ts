import type { Redis } from 'ioredis';
import { ParleyError } from '@parley/protocol';
import { BurstyRateLimiter, RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { ServerLimits } from './config';

/**
 * Limits that span sockets (issue 13): open sockets per client address and per user, and one event
 * budget per user shared by all its sockets — per-socket buckets alone let 20 sockets multiply a
 * user's rate by 20. With Redis (several nodes) the counts live there, so sockets split across nodes
 * hit the limits together; without it (one node) they live in this process.
 */
export interface SocketLimits {
  /**
   * Holds a slot for socket `socketId` of `userId` from `ip`, or refuses it (`rate_limited`, limit
   * `sockets_per_ip` or `sockets_per_user`). Every successful reserve is followed by one `release`.
   */
  reserve(socketId: string, ip: string, userId: string): Promise<void>;
  release(socketId: string, ip: string, userId: string): void;
  /** Takes one event from the user's budget across all its sockets (and nodes); false when spent. */
  takeUserEvent(userId: string): Promise<boolean>;
  close(): void;
}

export interface SocketLimitsOptions {
  limits: ServerLimits;
  /** Shared counts when set: every node of a deployment must use the same Redis and `prefix`. */
  redis?: Redis | undefined;
  prefix?: string;
  /** Names this node's slots in Redis, so two nodes' socket ids never collide. */
  nodeId?: string;
  /** A node that dies cannot release its slots: each lasts this long unless renewed (default 60 s). */
  leaseMs?: number;
  onError?: (error: unknown) => void;
}

export function createSocketLimits(options: SocketLimitsOptions): SocketLimits {
  const { limits } = options;
  const slots = options.redis ? redisSlots(options, options.redis) : memorySlots();
  const userEvents = userEventLimiter(limits, options.redis, options.prefix ?? 'parley');
  return {
    async reserve(socketId, ip, userId) {
      const refused = await slots.reserve(socketId, ip, userId, limits);
      if (refused === 'ip') {
        throw ParleyError.limitRefusal('rate_limited', 'sockets_per_ip', `at most ${limits.maxSocketsPerIp} connections per address`, {
          max: limits.maxSocketsPerIp,
        });
      }
      if (refused === 'user') {
        throw ParleyError.limitRefusal('rate_limited', 'sockets_per_user', `at most ${limits.maxSocketsPerUser} connections per user`, {
          max: limits.maxSocketsPerUser,
        });
      }
    },
    release(socketId, ip, userId) {
      slots.release(socketId, ip, userId);
    },
    async takeUserEvent(userId) {
      try {
        await userEvents.consume(userId);
        return true;
      } catch (rejection) {
        // rate-limiter-flexible rejects with a RateLimiterRes when spent, with an Error when its store failed.
        if (rejection instanceof Error) {
          options.onError?.(rejection);
          return true;
        }
        return false;
      }
    },
    close() {
      slots.close();
    },
  };
}

type Refusal = 'ip' | 'user' | undefined;

interface Slots {
  reserve(socketId: string, ip: string, userId: string, limits: ServerLimits): Promise<Refusal>;
  release(socketId: string, ip: string, userId: string): void;
  close(): void;
}

function memorySlots(): Slots {
  const perIp = new Map<string, number>();
  const perUser = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, by: number) => {
    const count = (map.get(key) ?? 0) + by;
    if (count <= 0) map.delete(key);
    else map.set(key, count);
  };
  return {
    async reserve(_socketId, ip, userId, limits) {
      if ((perIp.get(ip) ?? 0) >= limits.maxSocketsPerIp) return 'ip';
      if ((perUser.get(userId) ?? 0) >= limits.maxSocketsPerUser) return 'user';
      add(perIp, ip, 1);
      add(perUser, userId, 1);
      return undefined;
    },
    release(_socketId, ip, userId) {
      add(perIp, ip, -1);
      add(perUser, userId, -1);
    },
    close() {},
  };
}

/**
 * Each slot is a member of a sorted set per address and per user, scored by when its lease ends. The
 * check and the claim are one script, so two nodes admitting at once cannot both take the last slot;
 * expired leases (a node that died) are dropped before counting.
 */
const reserveScript = `
local now = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[4]) then return 1 end
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[5]) then return 2 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[6])
redis.call('PEXPIRE', KEYS[2], ARGV[6])
return 0
`;

type ReservingRedis = Redis & {
  parleyReserveSlot(ipKey: string, userKey: string, now: number, until: number, member: string, maxIp: number, maxUser: number, ttl: number): Promise<number>;
};

function redisSlots(options: SocketLimitsOptions, client: Redis): Slots {
  const redis = client as ReservingRedis;
  if (typeof redis.parleyReserveSlot !== 'function') redis.defineCommand('parleyReserveSlot', { numberOfKeys: 2, lua: reserveScript });
  const prefix = `${options.prefix ?? 'parley'}:sockets`;
  const nodeId = options.nodeId ?? Math.random().toString(36).slice(2);
  const leaseMs = options.leaseMs ?? 60_000;
  const ipKey = (ip: string) => `${prefix}:ip:${ip}`;
  const userKey = (userId: string) => `${prefix}:user:${userId}`;
  const member = (socketId: string) => `${nodeId}:${socketId}`;
  // This node's open slots, renewed well before their leases end.
  const held = new Map<string, { ip: string; userId: string }>();
  const memory = memorySlots();
  const renew = setInterval(() => {
    if (held.size === 0) return;
    const until = Date.now() + leaseMs;
    const pipeline = redis.pipeline();
    for (const [socketId, { ip, userId }] of held) {
      pipeline.zadd(ipKey(ip), until, member(socketId));
      pipeline.zadd(userKey(userId), until, member(socketId));
      pipeline.pexpire(ipKey(ip), leaseMs);
      pipeline.pexpire(userKey(userId), leaseMs);
    }
    pipeline.exec().catch((error: unknown) => options.onError?.(error));
  }, leaseMs / 3);
  renew.unref();
  return {
    async reserve(socketId, ip, userId, limits) {
      let answer: number;
      try {
        const now = Date.now();
        answer = await redis.parleyReserveSlot(ipKey(ip), userKey(userId), now, now + leaseMs, member(socketId), limits.maxSocketsPerIp, limits.maxSocketsPerUser, leaseMs);
      } catch (error) {
        // Redis away: this node's own counts stand in, so the limits still hold per node.
        options.onError?.(error);
        return memory.reserve(socketId, ip, userId, limits);
      }
      if (answer === 1) return 'ip';
      if (answer === 2) return 'user';
      held.set(socketId, { ip, userId });
      return undefined;
    },
    release(socketId, ip, userId) {
      if (!held.delete(socketId)) return memory.release(socketId, ip, userId);
      redis
        .multi()
        .zrem(ipKey(ip), member(socketId))
        .zrem(userKey(userId), member(socketId))
        .exec()
        .catch((error: unknown) => options.onError?.(error));
    },
    close() {
      clearInterval(renew);
    },
  };
}

/**
 * The user's budget across sockets: `userEventsPerSecond` a second, and when that is spent a burst
 * of `userEventBurst` refilled over the time the rate takes to send as many.
 */
function userEventLimiter(limits: ServerLimits, redis: Redis | undefined, prefix: string): RateLimiterAbstract | BurstyRateLimiter {
  const make = (keyPrefix: string, points: number, duration: number): RateLimiterAbstract =>
    redis
      ? new RateLimiterRedis({
          storeClient: redis,
          keyPrefix: `${prefix}:${keyPrefix}`,
          points,
          duration,
          // Redis away: each node limits on its own meanwhile.
          insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration }),
        })
      : new RateLimiterMemory({ keyPrefix, points, duration });
  const rate = Math.max(1, Math.floor(limits.userEventsPerSecond));
  const main = make('user-events', rate, 1);
  const burst = Math.floor(limits.userEventBurst);
  if (burst <= 0) return main;
  return new BurstyRateLimiter(main, make('user-event-burst', burst, Math.max(1, Math.ceil(burst / rate))));
}
