import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { ParleyError } from '@parley/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createClient, selectChat, signUpVisitor } from '../src/index';
import { createFakeTransport } from './fakeTransport';
import { removeDir, startServer, until } from './helpers';

const vera = { id: 'vera', role: 'user' as const, name: 'Vera' };

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('commands sent before the link is up', () => {
  it('wait for a server that starts after the client, then resolve with its answer', async () => {
    const port = await freePort();
    // The visitor signs up on a first run of the server; the client is then made while it is down.
    const first = await startServer({ port });
    const signedIn = await signUpVisitor(first.url, { name: 'Early' });
    await first.close();

    // Generous: starting PGlite twice takes seconds, and far longer on a loaded CI machine.
    const client = createClient({ url: first.url, token: signedIn.session.token, storage: false, commandTimeoutMs: 60_000, socket: { reconnectDelayMs: 50, reconnectDelayMaxMs: 200 } });
    const creating = client.chats.create({ room: 'support', source: 'web' });
    const listing = client.send('users:chats', { userId: signedIn.user.id });
    let settled = false;
    void creating.finally(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(settled).toBe(false);
    expect(client.connection.status).not.toBe('connected');

    const second = await startServer({ port, dataDir: first.dataDir });
    try {
      const chat = await creating;
      // Both waited, and left in the order issued: the list already holds the chat created first.
      expect((await listing).chats.map((listed) => listed.id)).toEqual([chat.id]);
      // The store has it from the command's answer (no push brings a chat to its creator's new page).
      await until(() => selectChat(chat.id)(client.store.getState())?.status === 'waiting');
    } finally {
      client.destroy();
      await second.close();
      await removeDir(first.dataDir);
    }
  }, 90_000);

  it('leave in the order they were issued once the link comes up', async () => {
    const transport = createFakeTransport(vera);
    const client = createClient({ transport, storage: false, autoConnect: false });
    const sent = [
      client.send('user:focus', {}),
      client.send('users:chats', { userId: vera.id }),
      client.send('chats:get', { chatId: 'c1' }),
    ];
    await Promise.resolve();
    expect(transport.sent).toEqual([]);
    client.connect();
    await Promise.all(sent);
    expect(transport.sent.map((entry) => entry.event)).toEqual(['user:focus', 'users:chats', 'chats:get']);
  });

  it('reject with `timeout` when the link stays down past the command timeout, having sent nothing', async () => {
    vi.useFakeTimers();
    const transport = createFakeTransport(vera);
    const client = createClient({ transport, storage: false, autoConnect: false, commandTimeoutMs: 2_000 });
    const waiting = client.send('users:chats', { userId: vera.id });
    const outcome = expect(waiting).rejects.toMatchObject({ code: 'timeout' });
    transport.setState({ status: 'reconnecting', error: new ParleyError('disconnected', 'refused') });
    await vi.advanceTimersByTimeAsync(2_000);
    await outcome;
    expect(transport.sent).toEqual([]);
  });

  it('reject with `disconnected` only after disconnect() or destroy()', async () => {
    const transport = createFakeTransport(vera);
    const client = createClient({ transport, storage: false, autoConnect: false });
    const waiting = client.send('users:chats', { userId: vera.id });
    client.disconnect();
    await expect(waiting).rejects.toMatchObject({ code: 'disconnected' });
    await expect(client.send('user:focus', {})).rejects.toMatchObject({ code: 'disconnected' });

    // connect() opens the gate again.
    client.connect();
    await expect(client.send('user:focus', {})).resolves.toEqual({});

    const pending = client.send('users:chats', { userId: vera.id });
    client.destroy();
    // Already sent on the live link, so it is answered; what comes after the destroy is refused.
    await pending;
    await expect(client.send('user:focus', {})).rejects.toMatchObject({ code: 'disconnected' });
    expect(transport.state.status).toBe('disconnected');
  });
});
