import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { TestServer } from './harness';
import { startTestServer, visitor } from './harness';

/**
 * Hostile frames written by hand at the socket.io wire level (engine.io "4" + socket.io "2" event):
 * none may crash the server, change state, or reach another user.
 */
describe('bad input never crashes the server or changes state', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  /** A raw websocket speaking socket.io's protocol, authenticated with `token`. */
  async function rawSocket(token: string) {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
    const frames: string[] = [];
    const waiters: (() => void)[] = [];
    ws.on('message', (data) => {
      const frame = data.toString();
      if (frame === '2') ws.send('3'); // engine.io ping → pong
      frames.push(frame);
      waiters.splice(0).forEach((wake) => wake());
    });
    await new Promise((resolve) => ws.once('open', resolve));
    ws.send(`40${JSON.stringify({ token })}`);
    const next = (match: (frame: string) => boolean) =>
      new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching frame; got ${frames.join(' | ')}`)), 5000);
        const check = () => {
          const frame = frames.find(match);
          if (frame) {
            clearTimeout(timer);
            resolve(frame);
          } else waiters.push(check);
        };
        check();
      });
    await next((frame) => frame.startsWith('40{'));
    return { ws, frames, next };
  }

  it('survives malformed JSON, unknown events, missing acks, wrong types, huge and __proto__ payloads', async () => {
    const vera = await visitor(server);
    const { chat } = await vera.send('chats:create', { room: 'support', source: 'web', creator: vera.user.id });
    const raw = await rawSocket(vera.token);

    raw.ws.send('42["messages:send",{"chatId":'); // malformed JSON: socket.io drops it (and may close)
    const raw2 = await rawSocket(vera.token);
    raw2.ws.send('42["messages:send"]'); // no payload, no ack
    raw2.ws.send(`42["messages:send",${JSON.stringify({ chatId: chat.id, clientId: 'no-ack', type: 'text', message: 'sent without ack' })}]`);
    raw2.ws.send('4211["no:such:event",{}]');
    raw2.ws.send(`4212["messages:send",${JSON.stringify({ chatId: chat.id, clientId: 7, type: 'text', message: ['x'] })}]`);
    raw2.ws.send(
      `4213["messages:send",{"__proto__":{"admin":true},"chatId":${JSON.stringify(chat.id)},"clientId":"proto","type":"text","message":"hi"}]`,
    );
    raw2.ws.send(`4214["chats:create",${JSON.stringify({ room: 'r'.repeat(10_000), source: 'web', creator: vera.user.id })}]`);
    raw2.ws.send('4215["user:focus"]'); // the seed's focus carries no data

    const ackOf = async (id: number) => JSON.parse((await raw2.next((frame) => frame.startsWith(`43${id}[`))).slice(2 + String(id).length))[0];
    expect(await ackOf(11)).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    expect(await ackOf(12)).toMatchObject({ ok: false, error: { code: 'invalid_payload', message: expect.stringContaining('clientId') } });
    expect(await ackOf(13)).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    expect(await ackOf(14)).toMatchObject({ ok: false, error: { code: 'invalid_payload', message: expect.stringContaining('room') } });
    expect(await ackOf(15)).toEqual({ ok: true, data: {} });

    // The only accepted message is the one sent without an ack; nothing else was stored.
    const { messages } = await vera.send('messages:list', { chatId: chat.id });
    expect(messages.map((message) => message.message)).toEqual(['sent without ack']);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    raw.ws.close();
    raw2.ws.close();
    vera.close();
  });

  it('counts binary attachments in an event\'s size: payload_too_large, not the schema\'s answer', async () => {
    const small = await startTestServer({ limits: { maxPayloadBytes: 1024 } });
    try {
      const vera = await visitor(small);
      const { chat } = await vera.send('chats:create', { room: 'support', source: 'web', creator: vera.user.id });
      // Each attachment is its own frame under the buffer limit; together they are far over the payload limit.
      const pad = Array.from({ length: 5 }, () => Buffer.alloc(1500, 1));
      const refusal = await vera.refused('messages:send', { chatId: chat.id, clientId: 'padded', type: 'text', message: 'hi', pad });
      expect(refusal).toMatchObject({ code: 'payload_too_large', details: { limit: 'payload_bytes', max: 1024 } });
      // An event without attachments after it is measured alone again.
      const sent = await vera.send('messages:send', { chatId: chat.id, clientId: 'plain', type: 'text', message: 'hello' });
      expect(sent.message.message).toBe('hello');
      vera.close();
    } finally {
      await small.stop();
    }
  });

  it('refuses NUL in a REST path or query, a URL it cannot decode and an over-long path segment: 400 invalid_payload, never internal', async () => {
    const vera = await visitor(server);
    const get = async (path: string, init: RequestInit = {}) => {
      const response = await fetch(`${server.url}${path}`, { ...init, headers: { authorization: `Bearer ${vera.token}`, ...init.headers } });
      return { status: response.status, body: (await response.json()) as unknown };
    };
    const refused = (message: RegExp) => ({ status: 400, body: { error: { code: 'invalid_payload', message: expect.stringMatching(message) } } });
    expect(await get('/v1/files/a%00b/link')).toEqual(refused(/NUL/));
    expect(await get('/v1/chats/a%00b/files?name=x.txt', { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: 'x' })).toEqual(
      refused(/NUL/),
    );
    expect(await get('/v1/agents/available?rooms=support&extra=a%00b')).toEqual(refused(/NUL/));
    expect(await get('/v1/rooms/a%ED%A0%80')).toEqual(refused(/URL/));
    expect(await get(`/v1/files/${'f'.repeat(200)}/link`)).toEqual(refused(/too long/));
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    vera.close();
  });

  it('drops a frame over the buffer limit without affecting other users', async () => {
    const small = await startTestServer({ limits: { maxPayloadBytes: 1024 } });
    try {
      const vera = await visitor(small);
      const other = await visitor(small, 'Other');
      const huge = 'z'.repeat(10_000);
      const closed = new Promise((resolve) => vera.socket.once('disconnect', resolve));
      vera.socket.emit('user:focus', { chatId: huge }, () => undefined);
      await closed;
      const focus = await other.send('user:focus', {});
      expect(focus).toEqual({});
      other.close();
    } finally {
      await small.stop();
    }
  });
});
