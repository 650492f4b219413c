import { rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { connectParticipant, logIn, signUp } from './harness';
import { isAlive } from './processes';
import { spawnServer } from './serverProcess';
import { startWebhookReceiver } from './webhookReceiver';
import type { ServerProcess } from './serverProcess';
import { createPgliteDataDir } from '../src/store/testDatabases';

/**
 * The server process is killed with SIGKILL right after acknowledging, then restarted on the same data
 * directory: every acknowledged message is there, the pending offer still expires on time, and a
 * client resending the last clientId gets the first message back, not a duplicate.
 */
describe('durability across a crash (SIGKILL) and restart on the embedded store', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step();
  });

  it('keeps acknowledged messages, resumes offers, and dedups resends', async () => {
    const dataDir = (await createPgliteDataDir('parley-crash-')).value;
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    let server: ServerProcess = await spawnServer(['--data-dir', dataDir, '--demo']);
    cleanup.push(() => server.kill());

    const { user, session } = await signUp(server, { name: 'Crash Tester' });
    const agentLogin = await logIn(server, 'agent1', 'demo');
    const agentSocket = await connectParticipant(server, agentLogin.user, agentLogin.session.token);
    await agentSocket.waitFor('agent:status', (payload) => payload.status === 'online');
    const vera = await connectParticipant(server, user, session.token);
    const { chat } = await vera.send('chats:create', { room: 'support', source: 'web', creator: user.id });
    const assigned = await vera.send('chats:assign', { chatId: chat.id, interval: 6, maxAttempts: 1 });
    expect(assigned.chat.status).toBe('offered');
    const offeredAt = Date.now();

    const acked = [];
    for (let i = 1; i <= 20; i++) {
      acked.push((await vera.send('messages:send', { chatId: chat.id, clientId: `crash-${i}`, type: 'text', message: `message ${i}` })).message);
    }
    const crashed = server;
    await crashed.kill();
    expect(await crashed.exited).toBe('SIGKILL');
    // The server itself is gone (not a wrapper around it): nothing answers on its port any more.
    expect(isAlive(crashed.pid)).toBe(false);
    await expect(fetch(`${crashed.url}/healthz`)).rejects.toThrow();
    vera.close();
    agentSocket.close();

    // Same data dir, no --secret: the generated secret was kept, so the visitor's token still works.
    server = await spawnServer(['--data-dir', dataDir, '--demo']);
    cleanup.push(() => server.kill());
    const again = await connectParticipant(server, user, session.token);
    const { messages } = await again.send('messages:list', { chatId: chat.id, afterSeq: 0, limit: 200 });
    expect(messages.map((message) => [message.seq, message.id, message.message])).toEqual(
      acked.map((message) => [message.seq, message.id, message.message]),
    );

    const resent = await again.send('messages:send', { chatId: chat.id, clientId: 'crash-20', type: 'text', message: 'message 20' });
    expect(resent.message).toEqual(acked[19]);
    expect((await again.send('chats:get', { chatId: chat.id })).chat.lastSeq).toBe(20);

    // The offer was stored with its deadline; after the restart it still expires (at once, if the
    // restart took longer than the offer — then before the visitor is back to hear forever:alone,
    // so the test reads the chat's state rather than waiting for the event).
    await vi.waitFor(
      async () => expect((await again.send('chats:get', { chatId: chat.id, fields: 'watchers' })).chat).toMatchObject({ status: 'waiting', watchers: [] }),
      { timeout: 20_000, interval: 250 },
    );
    expect(Date.now() - offeredAt).toBeGreaterThanOrEqual(5_500);
    again.close();
  }, 60_000);

  it('sends the webhooks of messages acknowledged just before the crash, once, after the restart', async () => {
    const receiver = await startWebhookReceiver();
    cleanup.push(() => receiver.close());
    const dataDir = (await createPgliteDataDir('parley-crash-hooks-')).value;
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const hooksFile = join(dataDir, '..', `${basename(dataDir)}-webhooks.json`);
    await writeFile(hooksFile, JSON.stringify([{ url: receiver.url, secret: 'a-long-random-secret', events: ['chat.message'] }]));
    cleanup.push(() => rm(hooksFile, { force: true }));
    const args = ['--data-dir', dataDir, '--demo', '--webhooks-file', hooksFile];
    let server = await spawnServer(args);
    cleanup.push(() => server.kill());

    const { user, session } = await signUp(server, { name: 'Hook Tester' });
    const vera = await connectParticipant(server, user, session.token);
    const { chat } = await vera.send('chats:create', { room: 'support', source: 'web', creator: user.id });
    // A burst, and the kill the moment the last ack is in: the server queues webhooks 25 ms after the
    // commits, so the node dies with these messages committed and their deliveries not yet queued.
    const acked = await Promise.all(
      Array.from({ length: 20 }, (_, index) => vera.send('messages:send', { chatId: chat.id, clientId: `hook-${index}`, type: 'text', message: `hooked ${index}` })),
    );
    await server.kill();
    vera.close();

    server = await spawnServer(args);
    const ids = acked.map(({ message }) => message.id).sort();
    const delivered = () => receiver.accepted().flatMap(({ body }) => (body.type === 'chat.message' ? [body.data.message.id] : []));
    await receiver.waitFor(() => new Set(delivered()).size === ids.length, 30_000);
    // Once each: a delivery queued before the crash is not queued again after it.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(delivered().sort()).toEqual(ids);
  }, 90_000);

  it('shuts down gracefully on SIGTERM', async () => {
    const dataDir = (await createPgliteDataDir('parley-term-')).value;
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const server = await spawnServer(['--data-dir', dataDir, '--rooms', 'support']);
    cleanup.push(() => server.kill());
    const { user, session } = await signUp(server);
    const vera = await connectParticipant(server, user, session.token);
    const { chat } = await vera.send('chats:create', { room: 'support', source: 'web', creator: user.id });
    await vera.send('messages:send', { chatId: chat.id, clientId: 'last-words', type: 'text', message: 'bye' });
    const disconnected = new Promise((resolve) => vera.socket.once('disconnect', resolve));
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    await disconnected;
    vera.close();

    const restarted = await spawnServer(['--data-dir', dataDir, '--rooms', 'support']);
    cleanup.push(() => restarted.kill());
    const back = await connectParticipant(restarted, user, session.token);
    expect((await back.send('messages:list', { chatId: chat.id })).messages.map((message) => message.message)).toEqual(['bye']);
    back.close();
    restarted.child.kill('SIGTERM');
    expect(await restarted.exited).toBe(0);
  }, 60_000);
});
