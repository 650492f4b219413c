import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limits } from '@parley/protocol';
import type { TestServer } from './harness';
import { agent, openSocket, signUp, startTestServer, visitor } from './harness';

/** Every error code of PROTOCOL.md §2 that the server answers with, seen through a real socket. */
describe('error codes over the wire', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ limits: { eventBurst: 200, eventsPerSecond: 200 } });
  });
  afterAll(async () => {
    await server.stop();
  });

  async function handshakeError(auth: Record<string, unknown>, query?: Record<string, string>): Promise<{ message: string; data?: { code?: string } }> {
    const { io } = await import('socket.io-client');
    const socket = io(server.url, { auth, query, transports: ['websocket'], reconnection: false, forceNew: true });
    try {
      return await new Promise((resolve, reject) => {
        socket.once('connect', () => reject(new Error('connected without a valid token')));
        socket.once('connect_error', (error) => resolve(error as Error & { data?: { code?: string } }));
      });
    } finally {
      socket.close();
    }
  }

  it('unauthorized: no token, a bad token, a token only in the query string', async () => {
    expect((await handshakeError({})).data?.code).toBe('unauthorized');
    expect((await handshakeError({ token: 'not-a-jwt' })).data?.code).toBe('unauthorized');
    const { session } = await signUp(server);
    expect((await handshakeError({}, { token: session.token })).data?.code).toBe('unauthorized');
    const forged = session.token.slice(0, -4) + (session.token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect((await handshakeError({ token: forged })).data?.code).toBe('unauthorized');
  });

  it('invalid_payload: unknown event, wrong types, unknown keys, with the path in the message', async () => {
    const vera = await visitor(server);
    expect(await vera.refused('chats:explode', {})).toMatchObject({ code: 'invalid_payload', message: expect.stringContaining('chats:explode') });
    const wrongType = await vera.refused('chats:create', { room: 5, source: 'web', creator: vera.user.id });
    expect(wrongType).toMatchObject({ code: 'invalid_payload', message: expect.stringContaining('room') });
    const extraKey = await vera.refused('messages:send', { chatId: 'c', clientId: 'x', type: 'text', message: 'hi', html: '<b>' });
    expect(extraKey.code).toBe('invalid_payload');
    vera.close();
  });

  it('forbidden, not_found, conflict, closed', async () => {
    const vera = await visitor(server);
    const mallory = await visitor(server, 'Mallory');
    expect((await vera.refused('chats:create', { room: 'support', source: 'web', creator: mallory.user.id })).code).toBe('forbidden');
    const { chat } = await vera.send('chats:create', { room: 'support', source: 'web', creator: vera.user.id });
    // Create or resume: the second create answers the open chat.
    expect(await vera.send('chats:create', { room: 'support', source: 'web', creator: vera.user.id })).toMatchObject({ chat: { id: chat.id }, resumed: true });
    const idle = await agent(server, 'conflicted');
    expect((await idle.refused('invitations:accept', { chatId: chat.id })).code).toBe('conflict');
    idle.close();
    // Another visitor's chat is answered exactly as a missing one (issue 13).
    expect(await mallory.refused('messages:list', { chatId: chat.id })).toEqual({ code: 'not_found', message: `chat ${chat.id} does not exist` });
    expect((await vera.refused('chats:get', { chatId: 'no-such-chat' })).code).toBe('not_found');
    await vera.send('chats:close', { chatId: chat.id, userId: vera.user.id });
    expect((await vera.refused('chats:assign', { chatId: chat.id })).code).toBe('closed');
    vera.close();
    mallory.close();
  });

  it('payload_too_large: a message over the length limit, and an oversized payload', async () => {
    const vera = await visitor(server);
    const { chat } = await vera.send('chats:create', { room: 'big', source: 'web', creator: vera.user.id });
    const long = 'x'.repeat(limits.messageLength + 1);
    expect((await vera.refused('messages:send', { chatId: chat.id, clientId: 'long', type: 'text', message: long })).code).toBe('payload_too_large');
    const small = await startTestServer({ limits: { maxPayloadBytes: 2048 } });
    try {
      const tiny = await visitor(small);
      const huge = await tiny.refused('messages:send', { chatId: 'c', clientId: 'c', type: 'text', message: 'y'.repeat(3000) });
      expect(huge.code).toBe('payload_too_large');
      tiny.close();
    } finally {
      await small.stop();
    }
    const { messages } = await vera.send('messages:list', { chatId: chat.id });
    expect(messages).toEqual([]);
    vera.close();
  });

  it('rate_limited: events beyond the token bucket, and sockets beyond the per-user cap', async () => {
    const limited = await startTestServer({ limits: { eventBurst: 5, eventsPerSecond: 1, maxSocketsPerUser: 2 } });
    try {
      const vera = await visitor(limited);
      const results = await Promise.all(
        Array.from({ length: 8 }, () => vera.socket.timeout(5000).emitWithAck('user:focus', {})),
      );
      const codes = results.map((result) => (result.ok ? 'ok' : result.error.code));
      expect(codes.filter((code) => code === 'ok')).toHaveLength(5);
      expect(codes.filter((code) => code === 'rate_limited')).toHaveLength(3);
      // Second socket is allowed, a third is refused at the handshake.
      const second = openSocket(limited, vera.token);
      await new Promise((resolve) => second.once('connect', () => resolve(undefined)));
      const third = openSocket(limited, vera.token);
      const error = await new Promise<Error & { data?: { code?: string } }>((resolve) => third.once('connect_error', resolve));
      expect(error.data?.code).toBe('rate_limited');
      second.close();
      third.close();
      vera.close();
    } finally {
      await limited.stop();
    }
  });

  it('no_agents: a transfer to a room nobody serves', async () => {
    const ada = await agent(server, 'nobody-ada', ['lonely']);
    const vera = await visitor(server);
    const { chat } = await vera.send('chats:create', { room: 'lonely', source: 'web', creator: vera.user.id });
    await vera.send('chats:assign', { chatId: chat.id });
    await ada.waitFor('invitation:new', (payload) => payload.chat.id === chat.id);
    await ada.send('invitations:accept', { chatId: chat.id });
    expect((await ada.refused('chats:transfer', { chatId: chat.id, room: 'lonely' })).code).toBe('no_agents');
    ada.close();
    vera.close();
  });

  it('internal: a store failure is an internal error, not a crash', async () => {
    const doomed = await startTestServer();
    const vera = await visitor(doomed);
    await doomed.store.close();
    const error = await vera.refused('chats:create', { room: 'support', source: 'web', creator: vera.user.id });
    expect(error).toEqual({ code: 'internal', message: 'internal error' });
    vera.close();
    await doomed.stop().catch(() => undefined);
  });
});
