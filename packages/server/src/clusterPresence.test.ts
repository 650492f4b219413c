import type { ChatEngine } from '@parley/engine';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createClusterPresence } from './clusterPresence';
import type { DependencyHealth } from './dependencyHealth';
import type { ParleyIo } from './socketTypes';
import type { ClusterTable } from './store/clusterTable';

const heartbeatMs = 1_000;
const leaseMs = 3_000;

/** A node holding one socket of agent `ada`, over a cluster table whose database can go away. */
function node() {
  const calls = { reaped: 0, rejoined: [] as string[] };
  const database = { away: false, leaseGone: false };
  const table: ClusterTable = {
    async heartbeat() {
      if (database.away) throw new Error('database unavailable');
      const gone = database.leaseGone;
      database.leaseGone = false;
      return gone;
    },
    addAgent: async () => undefined,
    removeAgent: async () => undefined,
    isConnected: async () => false,
    async reapExpired() {
      if (database.away) throw new Error('database unavailable');
      calls.reaped += 1;
      return [];
    },
    orphanedOnlineAgents: async () => [],
    leave: async () => undefined,
  };
  const sockets = new Map([['s1', { id: 's1', data: { user: { id: 'ada', role: 'agent', name: 'Ada' } } }]]);
  const io = { on: () => undefined, of: () => ({ sockets, adapter: { rooms: new Map() } }) } as unknown as ParleyIo;
  const presence = createClusterPresence({
    io,
    engine: {} as ChatEngine,
    table,
    logger: pino({ level: 'silent' }),
    health: { absorb: () => true } as unknown as DependencyHealth,
    graceMs: 0,
    heartbeatMs,
    leaseMs,
    rejoined: async (agentId) => {
      calls.rejoined.push(agentId);
    },
  });
  return { presence, calls, database };
}

describe('cluster presence around a database outage', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout', 'performance', 'Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reaps nobody for two heartbeats after its own outage of a lease or more: the other nodes renew first', async () => {
    const { presence, calls, database } = node();
    await presence.start();
    await vi.advanceTimersByTimeAsync(2 * heartbeatMs);
    expect(calls.reaped).toBe(2);
    database.away = true;
    await vi.advanceTimersByTimeAsync(leaseMs + heartbeatMs);
    database.away = false;
    const before = calls.reaped;
    // The tick that renews, and the next one: the other nodes, cut off alike, renew meanwhile.
    await vi.advanceTimersByTimeAsync(2 * heartbeatMs);
    expect(calls.reaped).toBe(before);
    await vi.advanceTimersByTimeAsync(heartbeatMs);
    expect(calls.reaped).toBe(before + 1);
    await presence.stop();
  });

  it('keeps reaping through an outage shorter than a lease', async () => {
    const { presence, calls, database } = node();
    await presence.start();
    database.away = true;
    await vi.advanceTimersByTimeAsync(heartbeatMs);
    database.away = false;
    await vi.advanceTimersByTimeAsync(heartbeatMs);
    expect(calls.reaped).toBe(1);
    await presence.stop();
  });

  it('brings its agents back, as a reconnect would, when another node reaped its lease meanwhile', async () => {
    const { presence, calls, database } = node();
    await presence.start();
    await vi.advanceTimersByTimeAsync(heartbeatMs);
    expect(calls.rejoined).toEqual([]);
    database.leaseGone = true;
    await vi.advanceTimersByTimeAsync(heartbeatMs);
    expect(calls.rejoined).toEqual(['ada']);
    await vi.advanceTimersByTimeAsync(heartbeatMs);
    expect(calls.rejoined).toEqual(['ada']);
    await presence.stop();
  });
});
