import { afterEach, describe, expect, it, vi } from 'vitest';

// socket.io-client's engine probes `document` (and adds a `pagehide` listener) when imported, so core
// imports it lazily, on the first connect(); this test holds that line. Not `navigator`: zod, under
// @parley/protocol's schemas, reads `navigator?.userAgent` (guarded) to detect Cloudflare Workers.
const browserGlobals = ['window', 'document', 'localStorage', 'sessionStorage', 'location', 'addEventListener'] as const;

describe('importing @parley/core (SSR safety)', () => {
  const saved = new Map(browserGlobals.map((name) => [name, Object.getOwnPropertyDescriptor(globalThis, name)]));
  afterEach(() => {
    for (const [name, descriptor] of saved) {
      if (descriptor) Object.defineProperty(globalThis, name, descriptor);
      else Reflect.deleteProperty(globalThis, name);
    }
  });

  it('runs in a node environment without DOM globals and touches none of them at import time', async () => {
    expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined');
    expect(typeof (globalThis as { document?: unknown }).document).toBe('undefined');
    const touched: string[] = [];
    for (const name of browserGlobals) {
      Object.defineProperty(globalThis, name, {
        configurable: true,
        get() {
          touched.push(name);
          return undefined;
        },
      });
    }
    vi.resetModules();
    const core = await import('../src/index');
    expect(typeof core.createClient).toBe('function');
    expect(touched).toEqual([]);
  });

  it('creates a client and its store on the server without a storage or a socket', async () => {
    const { createChatEngine, createMemoryStore } = await import('@parley/engine');
    const { createClient, createLocalTransport } = await import('../src/index');
    const engine = createChatEngine({ store: createMemoryStore() });
    const user = await engine.registerVisitor({ name: 'SSR' });
    const client = createClient({ transport: createLocalTransport({ engine, user }), autoConnect: false });
    expect(client.store.getState().connection.status).toBe('idle');
    expect(client.store.getState().me).toEqual(user);
    client.destroy();
    engine.stop();
  });
});
