import type { CannedResponse, ChatRating, ChatRecordSummary, ChatTranscript, RatingSummary } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Participant, StoreKind, TestServer } from './harness';
import { agent, startTestServerOn, storeKinds, visitor } from './harness';

/**
 * The agent toolbox and records (issue 17) against a real server: canned responses per agent and per
 * room, visitor context on chats, closed chats' search and transcripts, and the visitor's rating.
 */
describe.each(storeKinds.map((kind) => [kind]))('toolbox and records on %s', (kind: StoreKind) => {
  let server: TestServer;
  let ann: Participant;
  let sam: Participant;

  async function call<T>(method: string, path: string, token: string, body?: unknown): Promise<{ status: number; body: T }> {
    const init: RequestInit = { method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) } };
    if (body !== undefined) init.body = JSON.stringify(body);
    const response = await fetch(`${server.url}${path}`, init);
    const text = await response.text();
    return { status: response.status, body: (text === '' ? undefined : JSON.parse(text)) as T };
  }

  /** A chat with a visitor, answered by `by`, with the given messages, then closed. */
  async function closedChat(by: Participant, lines: string[], name = 'Vera', room = 'support') {
    const vera = await visitor(server, name);
    const { chat } = await vera.send('chats:create', { room, source: 'web', creator: vera.user.id });
    await by.send('chats:join', { chatId: chat.id, userId: by.user.id });
    for (const [index, line] of lines.entries()) {
      await vera.send('messages:send', { chatId: chat.id, clientId: `l${index}`, type: 'text', message: line });
    }
    await by.send('chats:close', { chatId: chat.id, userId: by.user.id });
    return { vera, chatId: chat.id };
  }

  beforeAll(async () => {
    server = await startTestServerOn(kind, { rooms: ['support', 'sales'] });
    ann = await agent(server, 'rec-ann', ['support'], 50);
    sam = await agent(server, 'rec-sam', ['sales'], 50);
  });
  afterAll(async () => {
    ann?.close();
    sam?.close();
    await server?.stop();
  });

  it('canned responses: personal ones for their agent, room ones for the room’s agents', async () => {
    const mine = await call<{ response: CannedResponse }>('POST', '/v1/canned', ann.token, { shortcut: 'hi', text: 'Hello {{visitor.name}}!' });
    expect(mine.status).toBe(201);
    expect(mine.body.response).toMatchObject({ shortcut: 'hi', owner: ann.user.id });
    const shared = await call<{ response: CannedResponse }>('POST', '/v1/canned', ann.token, { shortcut: 'refund', text: 'Refunds take 5 days.', room: 'support' });
    expect(shared.body.response).toMatchObject({ room: 'support' });
    expect((await call('POST', '/v1/canned', ann.token, { shortcut: 'x', text: 'y', room: 'sales' })).status).toBe(403);

    const listed = await call<{ responses: CannedResponse[] }>('GET', '/v1/canned', ann.token);
    expect(listed.body.responses.map((response) => response.shortcut)).toEqual(['hi', 'refund']);
    // Sam serves sales: neither Ann's own nor support's are his to see or change.
    expect((await call<{ responses: CannedResponse[] }>('GET', '/v1/canned', sam.token)).body.responses).toEqual([]);
    expect((await call('PUT', `/v1/canned/${shared.body.response.id}`, sam.token, { shortcut: 'refund', text: 'hacked' })).status).toBe(404);
    expect((await call('DELETE', `/v1/canned/${mine.body.response.id}`, sam.token)).status).toBe(404);

    const edited = await call<{ response: CannedResponse }>('PUT', `/v1/canned/${shared.body.response.id}`, ann.token, { shortcut: 'refund', text: 'Refunds take 3 days.' });
    expect(edited.body.response.text).toBe('Refunds take 3 days.');
    expect((await call('DELETE', `/v1/canned/${mine.body.response.id}`, ann.token)).status).toBe(204);
    expect((await call<{ responses: CannedResponse[] }>('GET', '/v1/canned', ann.token)).body.responses.map((response) => response.text)).toEqual([
      'Refunds take 3 days.',
    ]);
  });

  it('canned responses: one per shortcut in a scope (own, or a room), 409 for a second', async () => {
    const own = await call<{ response: CannedResponse }>('POST', '/v1/canned', ann.token, { shortcut: 'bye', text: 'Bye!' });
    expect(own.status).toBe(201);
    expect(await call('POST', '/v1/canned', ann.token, { shortcut: 'bye', text: 'Goodbye!' })).toMatchObject({ status: 409, body: { error: { code: 'conflict' } } });
    // The same shortcut in another scope is another response: a room's.
    const shared = await call<{ response: CannedResponse }>('POST', '/v1/canned', ann.token, { shortcut: 'bye', text: 'Bye from support', room: 'support' });
    expect(shared.status).toBe(201);
    expect((await call('POST', '/v1/canned', ann.token, { shortcut: 'bye', text: 'Again', room: 'support' })).status).toBe(409);
    // Renaming onto a taken shortcut is refused too; keeping its own shortcut is not.
    const other = await call<{ response: CannedResponse }>('POST', '/v1/canned', ann.token, { shortcut: 'later', text: 'Later!' });
    expect((await call('PUT', `/v1/canned/${other.body.response.id}`, ann.token, { shortcut: 'bye', text: 'Later!' })).status).toBe(409);
    expect((await call('PUT', `/v1/canned/${own.body.response.id}`, ann.token, { shortcut: 'bye', text: 'Bye now!' })).status).toBe(200);
    for (const response of [own, shared, other]) await call('DELETE', `/v1/canned/${response.body.response.id}`, ann.token);
  });

  it('canned responses refuse bad input and visitors', async () => {
    const vera = await visitor(server, 'Nosy');
    expect((await call('GET', '/v1/canned', vera.token)).status).toBe(403);
    expect((await call('GET', '/v1/canned', 'not-a-token')).status).toBe(401);
    for (const body of [{ shortcut: 'two words', text: 'x' }, { shortcut: 'ok', text: '   ' }, { shortcut: '', text: 'x' }, { shortcut: 'ok', text: 'x', extra: 1 }]) {
      expect((await call('POST', '/v1/canned', ann.token, body)).status, JSON.stringify(body)).toBe(400);
    }
    expect((await call('POST', '/v1/canned', ann.token, { shortcut: 'long', text: 'x'.repeat(5000) })).status).toBe(413);
    vera.close();
  });

  it('keeps the visitor context of chats:create and refuses an oversized or unknown one', async () => {
    const vera = await visitor(server, 'Context');
    const context = { url: 'https://shop.example/cart', title: 'Cart', referrer: 'https://search.example/', browser: 'Firefox 128', os: 'Linux', language: 'de-CH', timeZone: 'Europe/Zurich', utcOffset: 60 };
    expect(await vera.refused('chats:create', { room: 'support', source: 'web', creator: vera.user.id, context: { url: 'x'.repeat(3000) } })).toMatchObject({ code: 'invalid_payload' });
    expect(await vera.refused('chats:create', { room: 'support', source: 'web', creator: vera.user.id, context: { cookie: 'secret' } })).toMatchObject({ code: 'invalid_payload' });
    const { chat } = await vera.send('chats:create', { room: 'support', source: 'web', creator: vera.user.id, context });
    expect(chat.context).toEqual(context);
    const { chat: seen } = await ann.send('chats:get', { chatId: chat.id });
    expect(seen.context).toEqual(context);
    await vera.send('chats:close', { chatId: chat.id, userId: vera.user.id });
    vera.close();
  });

  it('searches closed chats by words, room, agent, visitor, date and rating; agents only, their rooms only', async () => {
    const first = await closedChat(ann, ['My parcel never arrived', 'tracking number 123']);
    const second = await closedChat(ann, ['Question about invoices'], 'Walter');
    const sales = await closedChat(sam, ['parcel for sales'], 'Sally', 'sales');
    const search = (token: string, query: string) => call<{ chats: ChatRecordSummary[] }>('GET', `/v1/chats?${query}`, token);

    const parcel = await search(ann.token, 'q=parcel');
    expect(parcel.body.chats.map((entry) => entry.chat.id)).toEqual([first.chatId]);
    expect(parcel.body.chats[0]).toMatchObject({ visitor: { name: 'Vera' }, agentName: 'Agent rec-ann', match: 'My parcel never arrived' });
    expect((await search(sam.token, 'q=parcel')).body.chats.map((entry) => entry.chat.id)).toEqual([sales.chatId]);
    const phrase = await search(ann.token, `q=${encodeURIComponent('"tracking number"')}`);
    expect(phrase.body.chats.map((entry) => [entry.chat.id, entry.match])).toEqual([[first.chatId, 'tracking number 123']]);
    expect((await search(ann.token, `q=${encodeURIComponent('"number tracking"')}`)).body.chats).toEqual([]);
    expect((await search(ann.token, 'room=sales')).body.chats).toEqual([]);
    expect((await search(ann.token, `visitor=${second.vera.user.id}`)).body.chats.map((entry) => entry.chat.id)).toEqual([second.chatId]);
    const all = (await search(ann.token, `agent=${ann.user.id}&limit=100`)).body.chats.map((entry) => entry.chat.id);
    expect(all).toEqual(expect.arrayContaining([first.chatId, second.chatId]));
    expect(all).not.toContain(sales.chatId);
    const today = new Date().toISOString().slice(0, 10);
    expect((await search(ann.token, `from=${today}&to=${today}&q=invoices`)).body.chats).toHaveLength(1);
    expect((await search(ann.token, `to=2000-01-01`)).body.chats).toEqual([]);

    expect((await call('POST', `/v1/chats/${second.chatId}/rating`, second.vera.token, { rating: 2, comment: 'slow' })).status).toBe(201);
    expect((await search(ann.token, 'rating=2')).body.chats.map((entry) => entry.chat.id)).toEqual([second.chatId]);
    expect((await search(ann.token, 'rating=2')).body.chats[0]!.rating).toMatchObject({ rating: 2, comment: 'slow' });

    expect((await search(first.vera.token, 'q=parcel')).status).toBe(403);
    expect((await search(ann.token, 'rating=9')).status).toBe(400);
    expect((await search(ann.token, 'from=yesterday')).status).toBe(400);
    expect((await search(ann.token, 'sort=evil')).status).toBe(400);
    // Search words are text, never SQL or query syntax errors.
    expect((await search(ann.token, `q=${encodeURIComponent("'); DROP TABLE chats; -- & | !")}`)).status).toBe(200);
    for (const participant of [first.vera, second.vera, sales.vera]) participant.close();
  });

  it('serves transcripts with notes to the room’s agents only, never to a visitor', async () => {
    const { vera, chatId } = await closedChat(ann, ['hello', 'bye']);
    await ann.send('notes:add', { chatId, clientId: 'n1', message: 'internal: VIP' });
    const transcript = await call<ChatTranscript>('GET', `/v1/chats/${chatId}/transcript`, ann.token);
    expect(transcript.status).toBe(200);
    expect(transcript.body.messages.map((message) => message.message)).toEqual(['hello', 'bye']);
    expect(transcript.body.notes.map((note) => note.message)).toEqual(['internal: VIP']);
    expect(transcript.body.users.map((user) => user.id)).toEqual(expect.arrayContaining([vera.user.id, ann.user.id]));
    const refused = await call<unknown>('GET', `/v1/chats/${chatId}/transcript`, vera.token);
    expect(refused.status).toBe(403);
    expect(JSON.stringify(refused.body)).not.toContain('VIP');
    expect((await call('GET', `/v1/chats/${chatId}/transcript`, sam.token)).status).toBe(404);
    expect((await call('GET', `/v1/chats/no-such-chat/transcript`, ann.token)).status).toBe(404);
    vera.close();
  });

  it('takes one rating per chat, from its visitor, after it closed; summarises per agent and room', async () => {
    const vera = await visitor(server, 'Rater');
    const { chat } = await vera.send('chats:create', { room: 'support', source: 'web', creator: vera.user.id });
    await ann.send('chats:join', { chatId: chat.id, userId: ann.user.id });
    const rate = (token: string, body: unknown, chatId = chat.id) => call<{ rating: ChatRating }>('POST', `/v1/chats/${chatId}/rating`, token, body);
    expect((await rate(vera.token, { rating: 5 })).status).toBe(409);
    await vera.send('chats:close', { chatId: chat.id, userId: vera.user.id });
    expect((await rate(ann.token, { rating: 5 })).status).toBe(403);
    const stranger = await visitor(server, 'Stranger');
    expect((await rate(stranger.token, { rating: 1 })).status).toBe(404);
    for (const body of [{ rating: 0 }, { rating: 6 }, { rating: 4.5 }, { rating: '5' }, {}, { rating: 5, comment: 'x'.repeat(3000) }]) {
      expect((await rate(vera.token, body)).status, JSON.stringify(body)).toBe(400);
    }
    const rated = await rate(vera.token, { rating: 5, comment: 'Great help' });
    expect(rated.status).toBe(201);
    expect(rated.body.rating).toMatchObject({ chatId: chat.id, rating: 5, comment: 'Great help' });
    expect((await rate(vera.token, { rating: 1 })).status).toBe(409);

    const summary = await call<RatingSummary>('GET', '/v1/ratings/summary', ann.token);
    const mine = summary.body.agents.find((row) => row.agentId === ann.user.id)!;
    expect(mine.count).toBeGreaterThanOrEqual(1);
    expect(summary.body.rooms.map((row) => row.room)).toEqual(['support']);
    expect((await call('GET', '/v1/ratings/summary', vera.token)).status).toBe(403);
    vera.close();
    stranger.close();
  });
});
