import type { ChatEngine } from '@parley/engine';
import pino from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { createPresence } from './presence';
import type { ParleyIo } from './socketTypes';

describe('presence shutdown', () => {
  it('stop() waits for a status update under way (it publishes before the adapter closes), and starts no new one', async () => {
    let finish: () => void = () => undefined;
    const executed: string[] = [];
    const engine = {
      agentConnection: async (id: string) => ({ user: { id, role: 'agent' as const, name: id, status: 'offline' as const }, invitations: [] }),
      setAgentStatusIf: (_id: string, _expected: string, status: string) => {
        executed.push(status);
        return new Promise((resolve) => (finish = () => resolve(true)));
      },
    } as unknown as ChatEngine;
    const presence = createPresence({ io: {} as ParleyIo, engine, graceMs: 10, logger: pino({ level: 'silent' }) });

    const connecting = presence.connected('a1');
    await new Promise((resolve) => setTimeout(resolve, 0));
    let stopped = false;
    const stopping = presence.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(stopped).toBe(false);
    finish();
    await stopping;
    await connecting;

    await presence.connected('a2');
    expect(executed).toEqual(['online']);
  });
});

describe('presence and deactivation', () => {
  function agentEngine() {
    const executed: string[] = [];
    let status: 'online' | 'offline' = 'offline';
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const engine = {
      agentConnection: async (id: string) => {
        const invitation = { chatId: 'c1' };
        return { user: { id, role: 'agent' as const, name: id, status }, invitations: [invitation] };
      },
      execute: async (_actor: unknown, _event: string, payload: { status: 'online' | 'offline' }) => {
        if (payload.status === 'online') await held;
        executed.push(payload.status);
        status = payload.status;
        return { ok: true, data: {} };
      },
      setAgentStatusIf: async (_id: string, expected: 'online' | 'offline', next: 'online' | 'offline') => {
        if (next === 'online') await held;
        if (status !== expected) return false;
        executed.push(next);
        status = next;
        return true;
      },
    } as unknown as ChatEngine;
    return { engine, executed, release, status: () => status };
  }

  it('a connection whose "online" lands after the account was deactivated takes it back, and replays no offer', async () => {
    const agent = agentEngine();
    let deactivated = false;
    const presence = createPresence({
      io: {} as ParleyIo,
      engine: agent.engine,
      graceMs: 10,
      logger: pino({ level: 'silent' }),
      isDeactivated: async () => deactivated,
    });
    const connecting = presence.connected('a1');
    await new Promise((resolve) => setTimeout(resolve, 0));
    // The deactivation marks the account and writes "offline" while this connection's "online" waits.
    deactivated = true;
    agent.release();
    expect(await connecting).toEqual([]);
    expect(agent.executed).toEqual(['online', 'offline']);
    expect(agent.status()).toBe('offline');
  });

  it('an agent in good standing stays online and gets its offers replayed', async () => {
    const agent = agentEngine();
    const presence = createPresence({ io: {} as ParleyIo, engine: agent.engine, graceMs: 10, logger: pino({ level: 'silent' }), isDeactivated: async () => false });
    agent.release();
    expect(await presence.connected('a1')).toEqual([{ chatId: 'c1' }]);
    expect(agent.executed).toEqual(['online']);
  });

  it('settled() waits for the agent\'s connections under way on this node, and only theirs', async () => {
    const agent = agentEngine();
    const presence = createPresence({ io: {} as ParleyIo, engine: agent.engine, graceMs: 10, logger: pino({ level: 'silent' }) });
    void presence.connected('a1');
    let settled = false;
    const settling = presence.settled('a1').then(() => (settled = true));
    await presence.settled('someone-else');
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(settled).toBe(false);
    agent.release();
    await settling;
    expect(agent.status()).toBe('online');
  });
});

describe('presence at the end of the grace', () => {
  it('an agent whose socket arrives while the grace check writes "offline" ends online, not offline', async () => {
    let status: 'online' | 'offline' = 'online';
    const executed: string[] = [];
    let sockets = 0;
    const engine = {
      getUser: async (id: string) => {
        // The reconnect lands between the check for sockets and the write: its own arrival reads
        // "online" (nothing to do), so only the grace check can put it right.
        sockets = 1;
        return { id, role: 'agent' as const, name: id, status };
      },
      agentConnection: async (id: string) => ({ user: { id, role: 'agent' as const, name: id, status }, invitations: [] }),
      setAgentStatusIf: async (_id: string, expected: 'online' | 'offline', next: 'online' | 'offline') => {
        if (status !== expected) return false;
        executed.push(next);
        status = next;
        return true;
      },
    } as unknown as ChatEngine;
    const io = { in: () => ({ fetchSockets: async () => Array.from({ length: sockets }) }) } as unknown as ParleyIo;
    const presence = createPresence({ io, engine, graceMs: 5, logger: pino({ level: 'silent' }) });
    presence.disconnected('a1');
    await vi.waitFor(() => expect(executed).toEqual(['offline', 'online']), { timeout: 2_000, interval: 10 });
    expect(status).toBe('online');
    await presence.stop();
  });
});
