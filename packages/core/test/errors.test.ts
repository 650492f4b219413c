import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limits, ParleyError } from '@parley/protocol';
import type { ServerPayload } from '@parley/protocol';
import { createClient, loginAgent, selectMessages, signUpVisitor } from '../src/index';
import type { ParleyClient } from '../src/index';
import type { Participant, TestServer } from './helpers';
import { connectAs, removeDir, startServer, until, visitor } from './helpers';

/** Resolves with the ParleyError a promise rejects with; fails the test if it resolves. */
async function refusal(promise: Promise<unknown>): Promise<ParleyError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ParleyError);
    return error as ParleyError;
  }
  throw new Error('expected a rejection');
}

describe('every failure is a typed rejection (real server)', () => {
  let server: TestServer;
  let vera: Participant;

  beforeAll(async () => {
    server = await startServer();
    vera = await visitor(server);
  });

  afterAll(async () => {
    vera?.close();
    await server?.close();
    if (server) await removeDir(server.dataDir);
  });

  it('answers server codes: not_found, invalid_payload, forbidden, conflict, payload_too_large, closed', async () => {
    const me = vera.signedIn.user.id;
    expect((await refusal(vera.client.send('chats:get', { chatId: 'missing' }))).code).toBe('not_found');
    expect((await refusal(vera.client.send('chats:create', { room: '', source: 'web', creator: me }))).code).toBe('invalid_payload');
    const unknownEvent = vera.client.send as unknown as (event: string, data: unknown) => Promise<unknown>;
    expect((await refusal(unknownEvent('no:such-event', {}))).code).toBe('invalid_payload');

    const chat = await vera.client.chats.create({ room: 'errors', source: 'web' });
    expect((await refusal(vera.client.send('chats:close', { chatId: chat.id, userId: 'someone-else' }))).code).toBe('forbidden');
    // Create or resume: a second create in the room answers the open chat, never `conflict`.
    expect(await vera.client.send('chats:create', { room: 'errors', source: 'web', creator: me })).toMatchObject({ chat: { id: chat.id }, resumed: true });
    expect((await refusal(vera.client.send('chats:create', { room: 'other', source: 'web', creator: 'someone-else' }))).code).toBe('forbidden');

    // Refused by the server, not retried: the optimistic copy turns `failed` and keeps the error.
    const tooLong = await refusal(chat.sendMessage('x'.repeat(limits.messageLength + 1)));
    expect(tooLong.code).toBe('payload_too_large');
    const failed = selectMessages(chat.id)(vera.store.getState()).toArray().find((m) => m.status === 'failed');
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'payload_too_large' } });

    await chat.close();
    expect((await refusal(chat.sendMessage('after close'))).code).toBe('closed');
    expect(vera.client.outbox.entries()).toEqual([]);
  });

  it('rejects REST failures with the server code', async () => {
    expect((await refusal(loginAgent(server.url, { username: 'nobody', password: 'wrong-password' }))).code).toBe('unauthorized');
    expect((await refusal(signUpVisitor(server.url, { name: '' }))).code).toBe('invalid_payload');
    expect((await refusal(signUpVisitor('http://127.0.0.1:1'))).code).toBe('disconnected');
  });

  it('refuses a bad token for good: disconnected, and commands rejected with the refusal (unauthorized)', async () => {
    const client = createClient({ url: server.url, token: 'not-a-token', storage: false, user: { id: 'x', role: 'user', name: 'X' } });
    await until(() => client.connection.status === 'disconnected');
    expect(client.connection.error).toMatchObject({ code: 'unauthorized' });
    expect((await refusal(client.send('users:chats', { userId: 'x' }))).code).toBe('unauthorized');
  });

  it('rejects with timeout when no ack comes in time, and disconnected after disconnect()', async () => {
    // Hold one event on the server longer than the client's ack timeout.
    type ServerSocket = { use(middleware: (packet: unknown[], next: () => void) => void): void };
    const hold = (socket: ServerSocket) => socket.use(([event], next) => (event === 'chats:get' ? setTimeout(next, 400) : next()));
    server.io.on('connection', hold);
    const slow = await connectAs(server.url, await signUpVisitor(server.url, { name: 'Slow' }), {
      socket: { ackTimeoutMs: 100 },
    });
    try {
      expect((await refusal(slow.client.send('chats:get', { chatId: 'missing' }))).code).toBe('timeout');
      slow.client.disconnect();
      expect(slow.client.connection.status).toBe('disconnected');
      expect((await refusal(slow.client.send('users:chats', { userId: slow.signedIn.user.id }))).code).toBe('disconnected');
    } finally {
      server.io.off('connection', hold);
      slow.close();
    }
  });

  it('answers rate_limited when flooded, and the outbox still delivers everything', async () => {
    const strict = await startServer({ limits: { eventBurst: 5, eventsPerSecond: 20 } });
    const flood = await visitor(strict, 'Flood');
    try {
      const chat = await flood.client.chats.create({ room: 'support', source: 'web' });
      const raw = Array.from({ length: 30 }, () => flood.client.send('chats:get', { chatId: chat.id }).then(() => 'ok', (error: ParleyError) => error.code));
      expect(await Promise.all(raw)).toContain('rate_limited');
      // Through the outbox, rate_limited is a hiccup: backoff and resend.
      const sent = await Promise.all(Array.from({ length: 20 }, (_, index) => chat.sendMessage(`m${index}`)));
      expect(sent.map((message) => message.seq)).toEqual(Array.from({ length: 20 }, (_, index) => index + 1));
    } finally {
      flood.close();
      await strict.close();
      await removeDir(strict.dataDir);
    }
  });
});

describe('send / subscribe / unsubscribe (real server)', () => {
  let server: TestServer;
  let client: ParleyClient;
  let participant: Participant;

  beforeAll(async () => {
    server = await startServer();
    participant = await visitor(server);
    client = participant.client;
  });

  afterAll(async () => {
    participant?.close();
    await server?.close();
    if (server) await removeDir(server.dataDir);
  });

  it('send resolves with the ack data', async () => {
    const { chat } = await client.send('chats:create', { room: 'support', source: 7, creator: participant.signedIn.user.id });
    expect(chat).toMatchObject({ room: 'support', source: '7', status: 'waiting', lastSeq: 0 });
    const { chats } = await client.send('users:chats', { userId: participant.signedIn.user.id });
    expect(chats.map((c) => c.id)).toContain(chat.id);
  });

  it('unsubscribe removes only the listener given; subscribe returns its own remover', async () => {
    const first: string[] = [];
    const second: string[] = [];
    const third: string[] = [];
    const one = (payload: ServerPayload<'chat:updated'>) => first.push(payload.chat.id);
    const two = (payload: ServerPayload<'chat:updated'>) => second.push(payload.chat.id);
    client.subscribe('chat:updated', one);
    client.subscribe('chat:updated', two);
    const stopThird = client.subscribe('chat:updated', (payload) => third.push(payload.chat.id));

    const chat = await client.chats.create({ room: 'subscribe-a', source: 'web' });
    await until(() => first.length === 1 && second.length === 1 && third.length === 1);

    client.unsubscribe('chat:updated', one);
    stopThird();
    await chat.close();
    await until(() => second.length === 2);
    // Give a stray delivery the chance to show up before asserting it did not.
    await client.send('users:chats', { userId: participant.signedIn.user.id });
    expect(first).toEqual([chat.id]);
    expect(third).toEqual([chat.id]);
    expect(second).toEqual([chat.id, chat.id]);
    client.unsubscribe('chat:updated', two);
  });

  it('message:received is delivered once per message, in seq order', async () => {
    const seen: number[] = [];
    const stop = client.subscribe('message:received', ({ message }) => seen.push(message.seq));
    const chat = await client.chats.create({ room: 'subscribe-b', source: 'web' });
    await Promise.all(['a', 'b', 'c'].map((text) => chat.sendMessage(text)));
    await until(() => seen.length === 3);
    await client.send('users:chats', { userId: participant.signedIn.user.id });
    expect(seen).toEqual([1, 2, 3]);
    stop();
  });

  it('message:received carries a message sent with a bare send at once (its ack is the delivery), once', async () => {
    const seen: number[] = [];
    const stop = client.subscribe('message:received', ({ message }) => seen.push(message.seq));
    const chat = await client.chats.create({ room: 'subscribe-c', source: 'web' });
    const { message } = await client.send('messages:send', { chatId: chat.id, clientId: crypto.randomUUID(), type: 'text', message: 'bare' });
    await until(() => seen.length === 1);
    expect(seen).toEqual([message.seq]);
    expect(selectMessages(chat.id)(client.store.getState()).toArray().map((held) => held.message)).toEqual(['bare']);
    // Its resend answers the same message: still delivered once.
    await client.send('messages:send', { chatId: chat.id, clientId: message.clientId!, type: 'text', message: 'bare' });
    await client.send('users:chats', { userId: participant.signedIn.user.id });
    expect(seen).toEqual([message.seq]);
    stop();
  });
});
