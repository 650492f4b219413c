import type { ChatEngine } from '@parley/engine';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { createDepartures } from './departures';
import { hasSockets, userRoom } from './rooms';
import type { ParleyIo } from './socketTypes';

/**
 * Visitors said to have left, so that their return is said too. Shared by the nodes through Redis
 * (a visitor leaves on one node and comes back on another); one node keeps them in memory.
 */
interface LeftMarks {
  set(visitorId: string): Promise<void>;
  /** Forgets the mark; whether there was one. */
  take(visitorId: string): Promise<boolean>;
}

/**
 * A mark outlives any reasonable absence from an open chat; after it the agent still learns the truth
 * from `chats:get { fields: 'presence' }` when the chat is opened again.
 */
const markLifetimeMs = 24 * 60 * 60 * 1000;
/** One node's memory holds at most this many marks (the oldest go first). */
const maxLocalMarks = 100_000;

function redisMarks(redis: Redis, prefix: string): LeftMarks {
  const key = (visitorId: string) => `${prefix}:visitor-left:${visitorId}`;
  return {
    async set(visitorId) {
      await redis.set(key(visitorId), '1', 'PX', markLifetimeMs);
    },
    async take(visitorId) {
      return (await redis.del(key(visitorId))) === 1;
    },
  };
}

function localMarks(now: () => number): LeftMarks {
  /** visitor id → when the mark lapses (ms), oldest first. */
  const marks = new Map<string, number>();
  return {
    async set(visitorId) {
      marks.delete(visitorId);
      marks.set(visitorId, now() + markLifetimeMs);
      if (marks.size > maxLocalMarks) marks.delete(marks.keys().next().value!);
    },
    async take(visitorId) {
      const until = marks.get(visitorId);
      marks.delete(visitorId);
      return until !== undefined && until > now();
    },
  };
}

export interface VisitorPresenceOptions {
  io: ParleyIo;
  engine: ChatEngine;
  /** How long a visitor may have no socket before they count as gone (longer than a reload). */
  graceMs: number;
  logger: Logger;
  /** With several nodes: where the marks are shared. */
  redis?: Redis | undefined;
  prefix?: string;
  now?: () => number;
}

/**
 * Whether a chat's visitor is still on the page, for the agents in the chat: `visitor:presence {
 * online: false }` once none of the visitor's sockets has been connected, on any node, for `graceMs`
 * (a reload or a short network loss says nothing), and `online: true` when a socket of theirs connects
 * again after that. Sent to the other members of each of the visitor's open chats, never the visitor.
 */
export function createVisitorPresence(options: VisitorPresenceOptions) {
  const { io, engine, graceMs, logger } = options;
  const marks = options.redis ? redisMarks(options.redis, options.prefix ?? 'parley') : localMarks(options.now ?? Date.now);
  const departures = createDepartures({ redis: options.redis, prefix: options.prefix ?? 'parley', kind: 'visitor', graceMs, logger });
  const pendingChecks = new Map<string, ReturnType<typeof setTimeout>>();
  const running = new Set<Promise<void>>();
  let stopped = false;

  const isConnected = (visitorId: string) => hasSockets(io, visitorId);

  /** Tells the other members of the visitor's open chats. Whether anyone was there to tell. */
  async function announce(visitorId: string, online: boolean): Promise<boolean> {
    const outcome = await engine.execute({ id: visitorId, role: 'user' }, 'users:chats', { userId: visitorId });
    if (!outcome.ok) return false;
    let told = false;
    for (const chat of outcome.data.chats) {
      const others = chat.users.filter((userId) => userId !== visitorId);
      if (chat.status === 'closed' || others.length === 0) continue;
      io.to(others.map(userRoom)).emit('visitor:presence', { chatId: chat.id, userId: visitorId, online });
      told = true;
    }
    return told;
  }

  /**
   * Work nobody awaits, waited for by `stop`. A failure (the database or Redis away: their outage is
   * logged once elsewhere) only costs the agents one presence update.
   */
  function track(work: () => Promise<void>): void {
    if (stopped) return;
    const done: Promise<void> = work()
      .catch((error: unknown) => logger.debug({ err: error }, 'visitor presence update failed'))
      .finally(() => running.delete(done));
    running.add(done);
  }

  async function comeBack(visitorId: string): Promise<void> {
    if (await marks.take(visitorId)) await announce(visitorId, true);
  }

  /** `departure`: the count `departed` answered for the socket whose going this check follows. */
  async function checkGone(visitorId: string, departure: Promise<number | undefined>): Promise<void> {
    // Another node's socket of the visitor went after this one: that one's check, due later, decides.
    if (await departures.since(visitorId, await departure)) return;
    if (await isConnected(visitorId)) return;
    // Only a visitor someone was told about needs a mark (one in a chat with an agent).
    if (!(await announce(visitorId, false))) return;
    await marks.set(visitorId);
    // A socket that connected between the count and the mark found no mark to take: counted again,
    // its return is said here instead.
    if (await isConnected(visitorId)) await comeBack(visitorId);
  }

  return {
    /**
     * For `chats:get { fields: 'presence' }`: whether a socket of the visitor is connected now. An agent
     * answered `false` was told they left as surely as by `visitor:presence` (an agent who joined after
     * the departure, or asked during the grace), so the mark is left for their return to be said.
     */
    async isConnected(visitorId: string): Promise<boolean> {
      if (await isConnected(visitorId)) return true;
      try {
        await marks.set(visitorId);
      } catch (error) {
        // The answer stands without it; only the return goes unsaid.
        logger.debug({ err: error }, 'visitor presence update failed');
        return false;
      }
      // Back between the count and the mark: the answer says so, and the return is said (the mark
      // may be another agent's, told by `visitor:presence`).
      if (!(await isConnected(visitorId))) return false;
      track(() => comeBack(visitorId));
      return true;
    },
    /** A visitor's socket connected (on this node). */
    connected(visitorId: string): void {
      clearTimeout(pendingChecks.get(visitorId));
      pendingChecks.delete(visitorId);
      track(() => comeBack(visitorId));
    },
    /** A visitor's socket went away (on this node): checked again once the grace is over. */
    disconnected(visitorId: string): void {
      if (stopped) return;
      clearTimeout(pendingChecks.get(visitorId));
      // Counted now, not when the check runs.
      const departure = departures.departed(visitorId);
      // Waited for by `stop` too, so that no count runs on after the server closed Redis.
      track(async () => void (await departure));
      const timer = setTimeout(() => {
        pendingChecks.delete(visitorId);
        track(() => checkGone(visitorId, departure));
      }, graceMs);
      timer.unref();
      pendingChecks.set(visitorId, timer);
    },
    /** No more updates: pending checks are dropped; the ones under way finish first. */
    async stop(): Promise<void> {
      stopped = true;
      for (const timer of pendingChecks.values()) clearTimeout(timer);
      pendingChecks.clear();
      await Promise.allSettled(running);
    },
  };
}

export type VisitorPresence = ReturnType<typeof createVisitorPresence>;
