import { randomUUID } from 'node:crypto';
import type { ChatEngine } from '@parley/engine';
import type { Logger } from 'pino';
import type { DependencyHealth } from './dependencyHealth';
import { userRoom } from './rooms';
import type { ParleyIo, ParleySocket } from './socketTypes';
import type { ClusterTable } from './store/clusterTable';

export interface ClusterPresenceOptions {
  io: ParleyIo;
  engine: ChatEngine;
  table: ClusterTable;
  logger: Logger;
  health: DependencyHealth;
  /** How often the node renews its lease and reaps dead nodes (default 5 s). */
  heartbeatMs?: number;
  /** How long a lease lasts without renewal (default 15 s): a node silent this long is dead. */
  leaseMs?: number;
  /** How long an online agent may have no socket anywhere before it goes offline (presence grace). */
  graceMs: number;
  /**
   * An agent with a socket here whose node had been reaped meanwhile (it could not renew its lease:
   * the database was away from this node alone) is brought back as a reconnect would (`presence.connected`).
   */
  rejoined?: (agentId: string) => Promise<void>;
}

/**
 * Presence owned by the cluster, not by a process. `presence.ts` handles an agent's own sockets
 * coming and going; its offline timer lives in the node that saw the last socket leave, so it dies
 * with that node. Here every node keeps, in the database, a lease it renews every heartbeat and the
 * agents it holds sockets of. On each heartbeat every node also reaps nodes whose lease ran out: their
 * agents, held by no live node, go offline at once (which withdraws their pending offers). So an
 * agent of a SIGKILLed node is offline on the survivors within `leaseMs + heartbeatMs` (20 s by
 * default). Online agents that no live node holds for longer than the grace (a crash of the only
 * node, rows lost with a restart) go offline too.
 */
export function createClusterPresence(options: ClusterPresenceOptions) {
  const { io, engine, table, logger, health, graceMs } = options;
  const heartbeatMs = options.heartbeatMs ?? 5_000;
  const leaseMs = options.leaseMs ?? 15_000;
  const nodeId = randomUUID();
  const orphanSince = new Map<string, number>();
  let timer: ReturnType<typeof setInterval> | undefined;
  let ticking: Promise<void> | undefined;
  let stopped = false;
  // When this node last renewed its lease, and until when it reaps nobody (see `tick`).
  let renewedAt = performance.now();
  let reapFrom = 0;

  function report(error: unknown, context: Record<string, unknown>): void {
    if (!health.absorb(error, { source: 'cluster presence', ...context })) logger.error({ err: error, ...context }, 'cluster presence failed');
  }

  function agentOf(socket: ParleySocket): string | undefined {
    const user = socket.data?.user;
    return user?.role === 'agent' ? user.id : undefined;
  }

  /** Agents with at least one socket on this node. */
  function localAgents(): string[] {
    const agents = new Set<string>();
    for (const socket of io.of('/').sockets.values()) {
      const agent = agentOf(socket);
      if (agent) agents.add(agent);
    }
    return [...agents];
  }

  async function goOffline(agentId: string, reason: string): Promise<void> {
    const user = await engine.getUser(agentId);
    if (user?.status !== 'online') return;
    const outcome = await engine.execute({ id: agentId, role: 'agent' }, 'agents:status', { status: 'offline' });
    // Its events (agent:status, withdrawn invitations) leave through the engine's one stream.
    if (outcome.ok) logger.info({ agentId, reason }, 'agent offline: no live node holds a socket of it');
  }

  async function tick(): Promise<void> {
    const agents = localAgents();
    const reaped = await table.heartbeat(nodeId, leaseMs, agents);
    const renewed = performance.now();
    // Cut off from the database for a lease's length, this node saw nobody renew; neither did the
    // others, if the database was away for all. They renew within a heartbeat of it coming back:
    // reaping before then would take live nodes' agents offline (their sockets still open).
    if (renewed - renewedAt >= leaseMs) reapFrom = renewed + 2 * heartbeatMs;
    renewedAt = renewed;
    // Reaped meanwhile by a node that could reach the database: its agents here went offline.
    if (reaped && options.rejoined) for (const agentId of agents) await options.rejoined(agentId);
    if (renewed < reapFrom) return;
    for (const agentId of await table.reapExpired()) await goOffline(agentId, 'its node stopped renewing its lease');
    const now = Date.now();
    const orphans = new Set(await table.orphanedOnlineAgents());
    for (const agentId of orphanSince.keys()) if (!orphans.has(agentId)) orphanSince.delete(agentId);
    for (const agentId of orphans) {
      const since = orphanSince.get(agentId) ?? now;
      orphanSince.set(agentId, since);
      if (now - since >= graceMs) {
        orphanSince.delete(agentId);
        // Checked again: it may have connected since the scan.
        if (!(await table.isConnected(agentId))) await goOffline(agentId, 'held by no live node');
      }
    }
  }

  /**
   * Whether another socket of the agent is open on this node: its row is there already (or on its
   * way; the heartbeat repairs a write that failed). Read from the adapter's local room of the user
   * (the gateway joins every socket to it), not by walking every socket.
   */
  function heldByAnotherSocket(agentId: string, socketId: string): boolean {
    const room = io.of('/').adapter.rooms.get(userRoom(agentId));
    if (!room) return false;
    return room.size > (room.has(socketId) ? 1 : 0);
  }

  function runTick(): void {
    if (ticking || stopped) return;
    ticking = tick()
      .catch((error: unknown) => report(error, { nodeId }))
      .finally(() => (ticking = undefined));
  }

  // Rows follow sockets at once (the heartbeat repairs any write that failed meanwhile): the agent's
  // first socket on this node adds its row, its last one removes it; a reconnect storm of agents
  // already connected here writes nothing.
  io.on('connection', (socket) => {
    const agentId = agentOf(socket);
    if (!agentId) return;
    if (!heldByAnotherSocket(agentId, socket.id)) table.addAgent(nodeId, agentId).catch((error: unknown) => report(error, { agentId }));
    socket.on('disconnect', onAgentDisconnect);
  });

  // Shared by every agent socket (`this` is the socket): an idle socket holds no closure of its own.
  function onAgentDisconnect(this: ParleySocket): void {
    const agentId = agentOf(this);
    if (stopped || !agentId || heldByAnotherSocket(agentId, this.id)) return;
    table.removeAgent(nodeId, agentId).catch((error: unknown) => report(error, { agentId }));
  }

  return {
    nodeId,
    /** Takes the lease (before the node listens) and starts the heartbeat. */
    async start(): Promise<void> {
      await table.heartbeat(nodeId, leaseMs, []);
      renewedAt = performance.now();
      timer = setInterval(runTick, heartbeatMs);
      timer.unref();
    },
    /** Stops the heartbeat and gives the lease back: the agents it held count as gone at once. */
    async stop(): Promise<void> {
      stopped = true;
      clearInterval(timer);
      await ticking;
      await table.leave(nodeId).catch((error: unknown) => report(error, { nodeId }));
    },
  };
}

export type ClusterPresence = ReturnType<typeof createClusterPresence>;
