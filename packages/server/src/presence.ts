import type { ChatEngine } from '@parley/engine';
import type { ServerPayload } from '@parley/protocol';
import type { Logger } from 'pino';
import type { Departures } from './departures';
import { hasSockets } from './rooms';
import type { ParleyIo } from './socketTypes';

/**
 * Agents are online while connected: the first socket of an offline agent brings it online, and an
 * agent whose last socket has been gone for `graceMs` (longer than a reload) goes offline, which
 * withdraws its pending offers. An agent that chose `away` stays away until it says otherwise. One
 * that says `offline` while connected stays offline (no offers) until it says otherwise or a socket
 * connects after it said so, as a new sign-in: the connection it said it on never brings it online.
 */
export function createPresence(options: {
  io: ParleyIo;
  engine: ChatEngine;
  graceMs: number;
  logger: Logger;
  /** Whether the agent's account is deactivated (read after bringing it online, see `connected`). */
  isDeactivated?: (agentId: string) => Promise<boolean>;
  /** With several nodes: the agents' socket departures, counted across them (see `Departures`). */
  departures?: Departures;
}) {
  const { io, engine, graceMs, logger, isDeactivated, departures } = options;
  const pendingOffline = new Map<string, ReturnType<typeof setTimeout>>();
  // Per agent, the connections still being brought online on this node, as one promise that settles
  // when the last of them has (`settled` waits for it).
  const arriving = new Map<string, Promise<unknown>>();
  // Updates under way: shutdown waits for them, or one finishing after the Redis clients quit would
  // publish on a closed client (an unhandled rejection inside the adapter).
  const running = new Set<Promise<void>>();
  let stopped = false;

  /**
   * The status change reaches the agents through the engine's event stream, like every event. With
   * `expected`, only if the agent's status is still that when the engine reads it under its lock: the
   * status presence read a moment ago may have been changed by the agent itself since (a console that
   * says `away` as soon as its socket is up), and the agent's own word is never overwritten. With its
   * `statusChoices` too, even a word that changed no status (`offline` said while still offline) stands.
   */
  function setStatus(agentId: string, status: 'online' | 'offline', expected?: { status: 'online' | 'offline'; statusChoices?: number }): Promise<void> {
    if (stopped) return Promise.resolve();
    const update = (async () => {
      if (expected !== undefined) {
        // As a refused command below: logged, and the status stays as it was.
        await engine
          .setAgentStatusIf(agentId, expected.status, status, expected.statusChoices)
          .catch((error: unknown) => logger.warn({ agentId, err: error }, 'presence update failed'));
        return;
      }
      const outcome = await engine.execute({ id: agentId, role: 'agent' }, 'agents:status', { status });
      if (!outcome.ok) logger.warn({ agentId, error: outcome.error }, 'presence update refused');
    })().finally(() => running.delete(update));
    running.add(update);
    return update;
  }

  async function comeOnline(agentId: string): Promise<ServerPayload<'invitation:new'>[]> {
    const { user, statusChoices, invitations } = await engine.agentConnection(agentId);
    if (user?.status !== 'offline') return invitations;
    await setStatus(agentId, 'online', { status: 'offline', statusChoices });
    // The socket was let in before a deactivation that may have written "offline" while this
    // connection's "online" was on its way (on another node too). The account is marked deactivated
    // before that write, so reading it after ours tells which came last.
    if (await isDeactivated?.(agentId)) {
      await setStatus(agentId, 'offline');
      return [];
    }
    return invitations;
  }

  return {
    /**
     * An agent's socket connected: brings an offline agent online. Resolves with the agent's pending
     * invitations for the gateway to replay to the socket, read in the same transaction as its
     * status (`engine.agentConnection`): one transaction per agent socket, not two.
     */
    connected(agentId: string): Promise<ServerPayload<'invitation:new'>[]> {
      clearTimeout(pendingOffline.get(agentId));
      pendingOffline.delete(agentId);
      const arrival = comeOnline(agentId);
      const all = Promise.allSettled([arriving.get(agentId), arrival]);
      arriving.set(agentId, all);
      void all.then(() => {
        if (arriving.get(agentId) === all) arriving.delete(agentId);
      });
      return arrival;
    },
    /**
     * Resolves once this node's connections of the agent that were under way have finished bringing
     * it online: a deactivation waits for them, so its "offline" is the last word on this node.
     */
    async settled(agentId: string): Promise<void> {
      await arriving.get(agentId);
    },
    disconnected(agentId: string): void {
      // Closing disconnects every socket after `stop`: a check then would run on the closed store.
      if (stopped) return;
      clearTimeout(pendingOffline.get(agentId));
      // Counted now, not when the check runs; waited for by `stop` (Redis quits after it).
      const departure = departures?.departed(agentId);
      if (departure) {
        const counting = departure.then(() => undefined);
        running.add(counting);
        void counting.finally(() => running.delete(counting));
      }
      const timer = setTimeout(async () => {
        pendingOffline.delete(agentId);
        try {
          // Another node's socket of the agent went after this one: that one's check, due later, decides.
          if (departure && departures && (await departures.since(agentId, await departure))) return;
          // Counted across nodes: the agent may have reconnected to another one.
          const connected = () => hasSockets(io, agentId);
          if (await connected()) return;
          const user = await engine.getUser(agentId);
          if (user?.status !== 'online') return;
          await setStatus(agentId, 'offline', { status: 'online' });
          // A socket that arrived between the count and the write read "online" and changed nothing;
          // counted again, it is brought back (one arriving after the write reads "offline" itself).
          if (await connected()) await comeOnline(agentId);
        } catch (error) {
          logger.error({ err: error, agentId }, 'presence check failed');
        }
      }, graceMs);
      timer.unref();
      pendingOffline.set(agentId, timer);
    },
    /** No more updates: pending checks are dropped; the ones under way finish (and publish) first. */
    async stop(): Promise<void> {
      stopped = true;
      for (const timer of pendingOffline.values()) clearTimeout(timer);
      pendingOffline.clear();
      await Promise.allSettled(running);
    },
  };
}

export type Presence = ReturnType<typeof createPresence>;
