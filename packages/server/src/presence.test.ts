import type { ChatEngine } from '@parley/engine';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createPresence } from './presence';
import type { ParleyIo } from './socketTypes';

describe('presence shutdown', () => {
  it('stop() waits for a status update under way (it publishes before the adapter closes), and starts no new one', async () => {
    let finish: () => void = () => undefined;
    const executed: string[] = [];
    const engine = {
      agentConnection: async (id: string) => ({ user: { id, role: 'agent' as const, name: id, status: 'offline' as const }, invitations: [] }),
      execute: (_actor: unknown, _event: string, payload: { status: string }) => {
        executed.push(payload.status);
        return new Promise((resolve) => (finish = () => resolve({ ok: true, data: {} })));
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
