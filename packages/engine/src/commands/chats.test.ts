import { describe, expect, it } from 'vitest';
import type { Actor } from '../actor';
import { agentUser, createEngineFixture, log, refusal, to } from '../testFixture';
import type { EngineFixture } from '../testFixture';

/** The manual clock's start (testFixture → createManualClock). */
const T0 = '2026-01-01T00:00:00.000Z';

async function getChat(fx: EngineFixture, actor: Actor, chatId: string) {
  return (await fx.ok(actor, 'chats:get', { chatId })).chat;
}

describe('chats:create', () => {
  it('creates a waiting chat owned by the visitor and tells the room agents', async () => {
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1', ['support']);
    const a2 = await fx.agent('a2', ['support'], { status: 'offline' });
    const other = await fx.agent('a3', ['sales']);
    const v = await fx.visitor('Vera');
    fx.clearEvents();

    const { chat } = await fx.ok(v, 'chats:create', { room: 'support', source: 'web', creator: v.id });

    expect(chat).toEqual({
      id: chat.id,
      room: 'support',
      source: 'web',
      lang: 'en',
      creator: v.id,
      status: 'waiting',
      users: [v.id],
      createdAt: T0,
      lastSeq: 0,
    });
    expect(chat.id).toMatch(/^id-\d{4}$/);
    // Members and every agent of the room, whatever its status; not the agents of other rooms.
    expect(log(fx.events)).toEqual([to('chat:updated', v.id, a1.id, a2.id)]);
    expect(fx.received(a1.id, 'chat:updated')).toEqual([{ chat }]);
    expect(fx.received(other.id, 'chat:updated')).toEqual([]);
    // Creating does not queue it: nobody is offered anything before chats:assign.
    expect(fx.received(a1.id, 'invitation:new')).toEqual([]);
  });

  it('turns a numeric source into a string and keeps a given lang', async () => {
    const fx = createEngineFixture();
    const v = await fx.visitor();
    const { chat } = await fx.ok(v, 'chats:create', { room: 'support', source: 42, lang: 'es', creator: v.id });
    expect(chat.source).toBe('42');
    expect(chat.lang).toBe('es');
    expect(await getChat(fx, v, chat.id)).toMatchObject({ source: '42', lang: 'es' });
  });

  it('lets only visitors create, and only for themselves', async () => {
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1');
    const v = await fx.visitor();
    const w = await fx.visitor();
    fx.clearEvents();

    expect((await refusal(fx, a1, 'chats:create', { room: 'support', source: 'web', creator: a1.id })).code).toBe('forbidden');
    const error = await refusal(fx, v, 'chats:create', { room: 'support', source: 'web', creator: w.id });
    expect(error.code).toBe('forbidden');
    expect(error.details).toEqual({ userId: w.id });

    expect(fx.events).toEqual([]);
    expect((await fx.ok(w, 'users:chats', { userId: w.id })).chats).toEqual([]);
    expect((await fx.ok(v, 'users:chats', { userId: v.id })).chats).toEqual([]);
  });

  it('answers a second create in the same room with the open chat (resumed), until that one is closed', async () => {
    const fx = createEngineFixture();
    const v = await fx.visitor();
    const first = await fx.chat(v, 'support', false);
    fx.clearEvents();

    const again = await fx.send(v, 'chats:create', { room: 'support', source: 'elsewhere', creator: v.id });
    expect(again).toMatchObject({ ok: true, data: { chat: { id: first, source: 'web', status: 'waiting' }, resumed: true } });
    // Nothing changed, so nothing is pushed.
    expect(again.events).toEqual([]);
    expect((await fx.ok(v, 'users:chats', { userId: v.id })).chats.map((chat) => chat.id)).toEqual([first]);

    // Another room is another queue.
    const sales = await fx.chat(v, 'sales', false);
    expect(sales).not.toBe(first);

    await fx.ok(v, 'chats:close', { chatId: first, userId: v.id });
    const fresh = await fx.ok(v, 'chats:create', { room: 'support', source: 'web', creator: v.id });
    expect(fresh.chat.id).not.toBe(first);
    expect(fresh.chat.status).toBe('waiting');
    expect(fresh.resumed).toBeUndefined();
  });

  it('resumes an assigned (offered or active) chat too', async () => {
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1');
    const v = await fx.visitor();
    const chatId = await fx.chat(v);
    expect((await getChat(fx, v, chatId)).status).toBe('offered');
    expect(await fx.ok(v, 'chats:create', { room: 'support', source: 'web', creator: v.id })).toMatchObject({ chat: { id: chatId, status: 'offered' }, resumed: true });
    await fx.ok(a1, 'invitations:accept', { chatId });
    expect(await fx.ok(v, 'chats:create', { room: 'support', source: 'web', creator: v.id })).toMatchObject({ chat: { id: chatId, status: 'active' }, resumed: true });
  });

  it('refuses bad payloads without creating anything', async () => {
    const fx = createEngineFixture();
    const v = await fx.visitor();
    fx.clearEvents();
    const bad: unknown[] = [
      { source: 'web', creator: v.id },
      { room: '', source: 'web', creator: v.id },
      { room: 'support', source: -1, creator: v.id },
      { room: 'support', source: 'web', creator: v.id, extra: true },
      { room: 'support', source: 'web', lang: 'e', creator: v.id },
      { room: 'x'.repeat(65), source: 'web', creator: v.id },
      null,
      'support',
    ];
    for (const payload of bad) await fx.fails(v, 'chats:create', payload, 'invalid_payload');
    expect(fx.events).toEqual([]);
    expect((await fx.ok(v, 'users:chats', { userId: v.id })).chats).toEqual([]);
  });
});

describe('chats:assign by the assignee: a hand-over', () => {
  it('the assignee leaves, the chat is queued for the other agents and never offered back to it', async () => {
    const fx = createEngineFixture();
    const bot = await fx.agent('bot', ['support'], { capacity: 10 });
    const v = await fx.visitor();
    const chatId = await fx.chat(v);
    await fx.ok(bot, 'invitations:accept', { chatId });
    const human = await fx.agent('human');
    fx.clearEvents();

    const { chat } = await fx.ok(bot, 'chats:assign', { chatId });
    expect(chat).toMatchObject({ id: chatId, status: 'offered', users: [v.id] });
    expect(chat.assignee).toBeUndefined();
    expect(fx.received(v.id, 'user:left')).toEqual([{ chatId, user: expect.objectContaining({ id: 'bot' }) }]);
    expect(fx.received(human.id, 'invitation:new').map((invitation) => invitation.chat.id)).toEqual([chatId]);
    expect(fx.received(bot.id, 'invitation:new')).toEqual([]);
    // The bot is no longer a member: it cannot write into the chat any more.
    await fx.fails(bot, 'messages:send', { chatId, clientId: 'late', type: 'text', message: 'still here?' }, 'forbidden');

    await fx.ok(human, 'invitations:accept', { chatId });
    expect(await getChat(fx, v, chatId)).toMatchObject({ status: 'active', assignee: 'human', users: [v.id, 'human'] });
    // Rejected by the human, it would not go back to the bot either: assign again is answered as it is.
    expect((await fx.ok(v, 'chats:assign', { chatId })).chat.assignee).toBe('human');
  });

  it('changes nothing when a member who is not the assignee asks', async () => {
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1');
    const v = await fx.visitor();
    const chatId = await fx.chat(v);
    await fx.ok(a1, 'invitations:accept', { chatId });
    fx.clearEvents();
    expect((await fx.ok(v, 'chats:assign', { chatId })).chat).toMatchObject({ status: 'active', assignee: 'a1' });
    expect(fx.events).toEqual([]);
  });
});

describe('chats:join', () => {
  it('lets an agent of the room take a waiting chat: it becomes active and assigned to the agent', async () => {
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1', ['support'], { status: 'away' });
    const a2 = await fx.agent('a2', ['support'], { status: 'away' });
    const v = await fx.visitor();
    const chatId = await fx.chat(v, 'support', false);
    fx.clearEvents();

    const { chat } = await fx.ok(a1, 'chats:join', { chatId, userId: a1.id });

    expect(chat).toMatchObject({ id: chatId, status: 'active', assignee: a1.id, users: [v.id, a1.id] });
    expect(log(fx.events)).toEqual([to('user:joined', v.id, a1.id), to('chat:updated', v.id, a1.id, a2.id)]);
    expect(fx.received(v.id, 'user:joined')).toEqual([{ chatId, user: agentUser(a1.id, 'away') }]);
    expect(fx.received(a2.id, 'chat:updated')).toEqual([{ chat }]);
    expect(await getChat(fx, v, chatId)).toEqual(chat);
  });

  it('withdraws a pending offer with invitation:expired to the invited agent', async () => {
    const fx = createEngineFixture();
    const invited = await fx.agent('a1');
    const v = await fx.visitor();
    const chatId = await fx.chat(v);
    const picker = await fx.agent('a2', ['support'], { status: 'away' });
    expect((await fx.ok(v, 'chats:get', { chatId, fields: 'watchers' })).chat).toMatchObject({ status: 'offered', watchers: [agentUser('a1')] });
    fx.clearEvents();

    const { chat } = await fx.ok(picker, 'chats:join', { chatId, userId: picker.id });

    expect(chat).toMatchObject({ status: 'active', assignee: picker.id, users: [v.id, picker.id] });
    expect(fx.received(invited.id, 'invitation:expired')).toEqual([{ chatId }]);
    expect(fx.received(picker.id, 'invitation:expired')).toEqual([]);
    expect((await fx.ok(v, 'chats:get', { chatId, fields: 'watchers' })).chat.watchers).toEqual([]);
    // The withdrawn offer is gone: the invited agent can no longer accept it.
    await fx.fails(invited, 'invitations:accept', { chatId }, 'conflict');
    // Its timer firing later changes nothing.
    fx.clearEvents();
    await fx.clock.advance(60_000);
    expect(fx.events).toEqual([]);
    expect(await getChat(fx, v, chatId)).toMatchObject({ status: 'active', assignee: picker.id });
  });

  it('gives the slot freed by the withdrawn offer to the next queued chat', async () => {
    const fx = createEngineFixture();
    const invited = await fx.agent('a1', ['support'], { capacity: 1 });
    const picker = await fx.agent('a2', ['support'], { status: 'away' });
    const v1 = await fx.visitor();
    const v2 = await fx.visitor();
    const first = await fx.chat(v1);
    const second = await fx.chat(v2);
    expect((await getChat(fx, v2, second)).status).toBe('waiting');
    fx.clearEvents();

    await fx.ok(picker, 'chats:join', { chatId: first, userId: picker.id });

    expect(fx.received(invited.id, 'invitation:expired')).toEqual([{ chatId: first }]);
    expect(fx.received(invited.id, 'invitation:new').map((offer) => offer.chat.id)).toEqual([second]);
    expect(await getChat(fx, v2, second)).toMatchObject({ status: 'offered' });
  });

  it('moves the queue up when a queued chat is taken', async () => {
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1', ['support'], { status: 'away' });
    const v1 = await fx.visitor();
    const v2 = await fx.visitor();
    const first = await fx.chat(v1);
    const second = await fx.chat(v2);
    fx.clearEvents();

    await fx.ok(a1, 'chats:join', { chatId: first, userId: a1.id });

    expect(fx.received(v2.id, 'queues:update')).toEqual([{ chatId: second, queuePosition: 1 }]);
    expect(fx.received(v1.id, 'queues:update')).toEqual([]);
  });

  it('adds an agent to an active chat without changing its assignee', async () => {
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1');
    const a2 = await fx.agent('a2', ['support'], { status: 'away' });
    const v = await fx.visitor();
    const chatId = await fx.chat(v);
    await fx.ok(a1, 'invitations:accept', { chatId });
    fx.clearEvents();

    const { chat } = await fx.ok(a2, 'chats:join', { chatId, userId: a2.id });

    expect(chat).toMatchObject({ status: 'active', assignee: a1.id, users: [v.id, a1.id, a2.id] });
    expect(log(fx.events)).toEqual([to('user:joined', v.id, a1.id, a2.id), to('chat:updated', v.id, a1.id, a2.id)]);
    expect(fx.received(a1.id, 'user:joined')).toEqual([{ chatId, user: agentUser(a2.id, 'away') }]);
  });

  it('is idempotent: joining again answers the chat and emits nothing', async () => {
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1', ['support'], { status: 'away' });
    const v = await fx.visitor();
    const chatId = await fx.chat(v, 'support', false);
    const { chat: first } = await fx.ok(a1, 'chats:join', { chatId, userId: a1.id });
    fx.clearEvents();

    const { chat: second } = await fx.ok(a1, 'chats:join', { chatId, userId: a1.id });

    expect(second).toEqual(first);
    expect(second.users).toEqual([v.id, a1.id]);
    expect(fx.events).toEqual([]);
    // A member joining is a no-op too (the creator "joining" its own chat).
    expect((await fx.ok(v, 'chats:join', { chatId, userId: v.id })).chat).toEqual(first);
    expect(fx.events).toEqual([]);
  });

  it('refuses joining for someone else, by visitors, and by agents of other rooms', async () => {
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1', ['support'], { status: 'away' });
    const a2 = await fx.agent('a2', ['support'], { status: 'away' });
    const sales = await fx.agent('s1', ['sales']);
    const v = await fx.visitor();
    const w = await fx.visitor();
    const chatId = await fx.chat(v, 'support', false);
    const unregistered: Actor = { id: 'ghost', role: 'agent' };
    fx.clearEvents();

    const forSomeoneElse = await refusal(fx, a1, 'chats:join', { chatId, userId: a2.id });
    expect(forSomeoneElse).toMatchObject({ code: 'forbidden', details: { userId: a2.id } });
    // Those who may not see the chat cannot tell it from a missing one (issue 13): same code and
    // message, no details.
    const hidden = { code: 'not_found', message: `chat ${chatId} does not exist` };
    expect(await refusal(fx, w, 'chats:join', { chatId, userId: w.id })).toEqual(hidden);
    expect(await refusal(fx, sales, 'chats:join', { chatId, userId: sales.id })).toEqual(hidden);
    expect(await refusal(fx, unregistered, 'chats:join', { chatId, userId: 'ghost' })).toEqual(hidden);

    expect(fx.events).toEqual([]);
    expect(await getChat(fx, v, chatId)).toMatchObject({ status: 'waiting', users: [v.id] });
    expect((await getChat(fx, v, chatId)).assignee).toBeUndefined();
  });

  it('answers not_found for an unknown chat and closed for a closed one', async () => {
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1', ['support'], { status: 'away' });
    const v = await fx.visitor();
    const chatId = await fx.chat(v, 'support', false);

    expect(await refusal(fx, a1, 'chats:join', { chatId: 'nope', userId: a1.id })).toEqual({
      code: 'not_found',
      message: 'chat nope does not exist',
    });
    await fx.ok(v, 'chats:close', { chatId, userId: v.id });
    fx.clearEvents();
    expect(await refusal(fx, a1, 'chats:join', { chatId, userId: a1.id })).toMatchObject({ code: 'closed', details: { chatId } });
    expect(await getChat(fx, v, chatId)).toMatchObject({ status: 'closed', users: [v.id] });
  });
});

describe('chats:close', () => {
  it('closes the chat for everyone: chat:closed to members, chat:updated to members and room agents', async () => {
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1');
    const a2 = await fx.agent('a2', ['support'], { status: 'offline' });
    const v = await fx.visitor();
    const chatId = await fx.chat(v);
    await fx.ok(a1, 'invitations:accept', { chatId });
    await fx.clock.advance(5_000);
    fx.clearEvents();

    const { chat } = await fx.ok(v, 'chats:close', { chatId, userId: v.id });

    expect(chat).toMatchObject({
      id: chatId,
      status: 'closed',
      closedBy: v.id,
      closedAt: '2026-01-01T00:00:05.000Z',
      assignee: a1.id,
      users: [v.id, a1.id],
    });
    expect(log(fx.events)).toEqual([to('chat:closed', v.id, a1.id), to('chat:updated', v.id, a1.id, a2.id)]);
    expect(fx.received(a1.id, 'chat:closed')).toEqual([{ chatId, userId: v.id }]);
    expect(fx.received(a2.id, 'chat:updated')).toEqual([{ chat }]);
    expect(await getChat(fx, a1, chatId)).toEqual(chat);
  });

  it('lets the agent member close it too (closedBy is the agent)', async () => {
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1');
    const v = await fx.visitor();
    const chatId = await fx.chat(v);
    await fx.ok(a1, 'invitations:accept', { chatId });
    const { chat } = await fx.ok(a1, 'chats:close', { chatId, userId: a1.id });
    expect(chat).toMatchObject({ status: 'closed', closedBy: a1.id, closedAt: T0 });
    expect(fx.received(v.id, 'chat:closed')).toEqual([{ chatId, userId: a1.id }]);
  });

  it('is idempotent: closing again answers the same chat and emits nothing', async () => {
    const fx = createEngineFixture();
    const v = await fx.visitor();
    const chatId = await fx.chat(v, 'support', false);
    const { chat: first } = await fx.ok(v, 'chats:close', { chatId, userId: v.id });
    await fx.clock.advance(60_000);
    fx.clearEvents();

    const { chat: second } = await fx.ok(v, 'chats:close', { chatId, userId: v.id });

    expect(second).toEqual(first);
    expect(second.closedAt).toBe(T0);
    expect(fx.events).toEqual([]);
  });

  it('refuses closing for someone else, by non-members, and unknown chats', async () => {
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1', ['support'], { status: 'away' });
    const v = await fx.visitor();
    const w = await fx.visitor();
    const chatId = await fx.chat(v, 'support', false);
    fx.clearEvents();

    expect(await refusal(fx, v, 'chats:close', { chatId, userId: w.id })).toMatchObject({ code: 'forbidden', details: { userId: w.id } });
    expect(await refusal(fx, w, 'chats:close', { chatId, userId: w.id })).toEqual({ code: 'not_found', message: `chat ${chatId} does not exist` });
    // An agent of the room reads the chat but is no member: it may not close it.
    expect((await refusal(fx, a1, 'chats:close', { chatId, userId: a1.id })).code).toBe('forbidden');
    expect((await refusal(fx, v, 'chats:close', { chatId: 'nope', userId: v.id })).code).toBe('not_found');

    expect(fx.events).toEqual([]);
    expect((await getChat(fx, v, chatId)).status).toBe('waiting');
  });

  it("frees the agent's slot: the next queued chat is offered to it", async () => {
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1', ['support'], { capacity: 1 });
    const v1 = await fx.visitor();
    const v2 = await fx.visitor();
    const first = await fx.chat(v1);
    await fx.ok(a1, 'invitations:accept', { chatId: first });
    const second = await fx.chat(v2);
    expect((await getChat(fx, v2, second)).status).toBe('waiting');
    fx.clearEvents();

    await fx.ok(a1, 'chats:close', { chatId: first, userId: a1.id });

    expect(fx.received(a1.id, 'invitation:new').map((offer) => offer.chat.id)).toEqual([second]);
    expect(await getChat(fx, v2, second)).toMatchObject({ status: 'offered' });
  });

  it('withdraws a pending offer with invitation:expired, and the agent gets the next queued chat', async () => {
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1', ['support'], { capacity: 1 });
    const v1 = await fx.visitor();
    const v2 = await fx.visitor();
    const first = await fx.chat(v1);
    const second = await fx.chat(v2);
    fx.clearEvents();

    const { chat } = await fx.ok(v1, 'chats:close', { chatId: first, userId: v1.id });

    expect(chat.status).toBe('closed');
    expect(chat.assignee).toBeUndefined();
    expect(fx.received(a1.id, 'invitation:expired')).toEqual([{ chatId: first }]);
    expect((await fx.ok(v1, 'chats:get', { chatId: first, fields: 'watchers' })).chat.watchers).toEqual([]);
    await fx.fails(a1, 'invitations:accept', { chatId: first }, 'closed');
    expect(fx.received(a1.id, 'invitation:new').map((offer) => offer.chat.id)).toEqual([second]);
    // An offered chat is not in the queue: the second chat was its head already and now leaves it.
    expect(fx.received(v2.id, 'queues:update')).toEqual([]);
    expect(fx.received(v2.id, 'chat:updated').map((update) => [update.chat.id, update.chat.status])).toEqual([[second, 'offered']]);
  });

  it('takes a queued chat out of the queue', async () => {
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1', ['support'], { status: 'away' });
    const v1 = await fx.visitor();
    const v2 = await fx.visitor();
    const first = await fx.chat(v1);
    const second = await fx.chat(v2);
    fx.clearEvents();

    await fx.ok(v1, 'chats:close', { chatId: first, userId: v1.id });
    expect(fx.received(v2.id, 'queues:update')).toEqual([{ chatId: second, queuePosition: 1 }]);

    // When an agent comes online only the open chat is offered.
    fx.clearEvents();
    await fx.ok(a1, 'agents:status', { status: 'online' });
    expect(fx.received(a1.id, 'invitation:new').map((offer) => offer.chat.id)).toEqual([second]);
  });
});

describe('chats:get', () => {
  async function setup() {
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1');
    const a2 = await fx.agent('a2', ['support'], { status: 'away' });
    const sales = await fx.agent('s1', ['sales']);
    const v = await fx.visitor('Vera');
    const w = await fx.visitor('Walt');
    const chatId = await fx.chat(v);
    return { fx, a1, a2, sales, v, w, chatId };
  }

  it('answers the chat with member ids when no fields are asked', async () => {
    const { fx, v, chatId } = await setup();
    fx.clearEvents();
    const { chat } = await fx.ok(v, 'chats:get', { chatId });
    expect(chat).toEqual({
      id: chatId,
      room: 'support',
      source: 'web',
      lang: 'en',
      creator: v.id,
      status: 'offered',
      users: [v.id],
      createdAt: T0,
      lastSeq: 0,
    });
    expect(fx.events).toEqual([]);
  });

  it("answers an agent's `presence` with whether the visitor is connected, as the transport says", async () => {
    const connected = new Set<string>();
    const fx = createEngineFixture({ isConnected: async (userId) => connected.has(userId) });
    const a1 = await fx.agent('a1');
    const v = await fx.visitor('Vera');
    const chatId = await fx.chat(v);
    await fx.ok(a1, 'invitations:accept', { chatId });

    expect((await fx.ok(a1, 'chats:get', { chatId, fields: 'presence' })).chat.visitorOnline).toBe(false);
    connected.add(v.id);
    expect((await fx.ok(a1, 'chats:get', { chatId, fields: 'users,presence' })).chat.visitorOnline).toBe(true);
    // Not asked for, or asked by the visitor: left out.
    expect((await fx.ok(a1, 'chats:get', { chatId, fields: 'users' })).chat).not.toHaveProperty('visitorOnline');
    expect((await fx.ok(v, 'chats:get', { chatId, fields: 'presence' })).chat).not.toHaveProperty('visitorOnline');
  });

  it('leaves `presence` out when the engine has no transport to ask', async () => {
    const { fx, a1, chatId } = await setup();
    await fx.ok(a1, 'invitations:accept', { chatId });
    expect((await fx.ok(a1, 'chats:get', { chatId, fields: 'presence' })).chat).not.toHaveProperty('visitorOnline');
  });

  it('expands users, watchers, history and reads on request', async () => {
    const { fx, a1, v, chatId } = await setup();
    const visitor = await fx.engine.getUser(v.id);
    await fx.ok(v, 'messages:send', { chatId, clientId: 'm1', type: 'text', message: 'hello' });
    await fx.ok(v, 'messages:send', { chatId, clientId: 'm2', type: 'text', message: 'anyone?' });

    const users = (await fx.ok(v, 'chats:get', { chatId, fields: 'users' })).chat;
    expect(users.users).toEqual([visitor]);
    expect(users).not.toHaveProperty('watchers');
    expect(users).not.toHaveProperty('history');

    // The invited agent watches the chat while its offer is pending.
    const watchers = (await fx.ok(v, 'chats:get', { chatId, fields: 'watchers' })).chat;
    expect(watchers.watchers).toEqual([agentUser(a1.id)]);
    expect(watchers.users).toEqual([v.id]);

    const history = (await fx.ok(v, 'chats:get', { chatId, fields: 'history' })).chat;
    expect(history.history?.map((message) => [message.seq, message.message])).toEqual([
      [1, 'hello'],
      [2, 'anyone?'],
    ]);
    expect(history.lastSeq).toBe(2);

    await fx.ok(a1, 'invitations:accept', { chatId });
    const all = (await fx.ok(a1, 'chats:get', { chatId, fields: ' users , history,watchers,users' })).chat;
    expect(all.users).toEqual([visitor, agentUser(a1.id)]);
    expect(all.watchers).toEqual([]);
    expect(all.history).toHaveLength(2);
    expect(all.status).toBe('active');
    expect(all).not.toHaveProperty('reads');

    // Each member's read position; one who read nothing yet is absent.
    const { chat: unread } = await fx.ok(a1, 'chats:get', { chatId, fields: 'reads' });
    expect(unread.reads).toEqual({});
    await fx.ok(a1, 'messages:read', { messageId: all.history![1]!.id, userId: a1.id });
    expect((await fx.ok(v, 'chats:get', { chatId, fields: 'reads' })).chat.reads).toEqual({ [a1.id]: 2 });
  });

  it('answers an empty history for a chat without messages', async () => {
    const { fx, v, chatId } = await setup();
    expect((await fx.ok(v, 'chats:get', { chatId, fields: 'history,users' })).chat.history).toEqual([]);
  });

  it('lets agents of the room read it, not other agents or visitors', async () => {
    const { fx, a2, sales, w, v, chatId } = await setup();
    expect((await fx.ok(a2, 'chats:get', { chatId })).chat.id).toBe(chatId);
    expect(await refusal(fx, sales, 'chats:get', { chatId })).toEqual({ code: 'not_found', message: `chat ${chatId} does not exist` });
    expect(await refusal(fx, w, 'chats:get', { chatId })).toEqual({ code: 'not_found', message: `chat ${chatId} does not exist` });
    expect(await refusal(fx, v, 'chats:get', { chatId: 'nope' })).toEqual({ code: 'not_found', message: 'chat nope does not exist' });
  });

  it('refuses unknown fields', async () => {
    const { fx, v, chatId } = await setup();
    const message = await fx.fails(v, 'chats:get', { chatId, fields: 'users,secrets' }, 'invalid_payload');
    expect(message).toContain('secrets');
    await fx.fails(v, 'chats:get', { chatId, fields: ['users'] }, 'invalid_payload');
  });
});

describe('chats:transfer', () => {
  /** a1 holds v's chat in support; a2 is a free colleague; s1 serves sales. */
  async function setup() {
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1');
    const v = await fx.visitor();
    const chatId = await fx.chat(v);
    await fx.ok(a1, 'invitations:accept', { chatId });
    const a2 = await fx.agent('a2');
    const s1 = await fx.agent('s1', ['sales']);
    fx.clearEvents();
    return { fx, a1, a2, s1, v, chatId };
  }

  /** The texts of the server's own messages the user received, in order. */
  function notices(fx: EngineFixture, userId: string): string[] {
    return fx
      .received(userId, 'message:received')
      .filter(({ message }) => message.type === 'system')
      .map(({ message }) => message.message);
  }

  it('offers the chat to a named colleague while it stays with its agent, who leaves only when the colleague accepts', async () => {
    const { fx, a1, a2, s1, v, chatId } = await setup();

    const { chat } = await fx.ok(a1, 'chats:transfer', { chatId, agentId: a2.id });

    // Still a1's chat: the visitor keeps talking to a1, and is told what is happening.
    expect(chat).toMatchObject({ id: chatId, room: 'support', status: 'active', assignee: a1.id, users: [v.id, a1.id] });
    expect(chat.transfer).toEqual({ from: a1.id, room: 'support', agentId: a2.id });
    expect(notices(fx, v.id)).toEqual(['Agent a1 is transferring you to Agent a2.']);
    expect(notices(fx, a1.id)).toEqual(['Agent a1 is transferring you to Agent a2.']);
    expect(fx.received(v.id, 'user:left')).toEqual([]);
    expect(fx.received(a2.id, 'invitation:new')).toEqual([{ chat, expiresAt: '2026-01-01T00:00:30.000Z' }]);
    expect(fx.received(a1.id, 'invitation:new')).toEqual([]);
    expect(fx.received(s1.id, 'chat:updated')).toEqual([]);
    await fx.ok(a1, 'messages:send', { chatId, clientId: 'still', type: 'text', message: 'One moment, Bob takes over.' });
    // A second transfer while one is pending is refused.
    expect(await refusal(fx, a1, 'chats:transfer', { chatId, room: 'support' })).toMatchObject({ code: 'conflict', details: { chatId } });
    fx.clearEvents();

    await fx.ok(a2, 'invitations:accept', { chatId });
    const taken = await getChat(fx, v, chatId);
    expect(taken).toMatchObject({ status: 'active', assignee: a2.id, users: [v.id, a2.id] });
    expect(taken.transfer).toBeUndefined();
    expect(fx.received(v.id, 'user:left')).toEqual([{ chatId, user: agentUser(a1.id) }]);
    expect(fx.received(a1.id, 'user:left')).toEqual([{ chatId, user: agentUser(a1.id) }]);
    expect(fx.received(v.id, 'user:joined')).toEqual([{ chatId, user: agentUser(a2.id) }]);
    // a1 is told (as an agent of the room) and is no longer a member.
    expect(fx.received(a1.id, 'chat:updated').at(-1)?.chat).toMatchObject({ assignee: a2.id });
    await fx.fails(a1, 'messages:send', { chatId, clientId: 'x', type: 'text', message: 'still here?' }, 'forbidden');
  });

  it('keeps the chat with its agent, with a notice to both, when the colleague rejects or lets the offer expire', async () => {
    const { fx, a1, a2, v, chatId } = await setup();
    await fx.ok(a1, 'chats:transfer', { chatId, agentId: a2.id });
    await fx.ok(a2, 'invitations:reject', { chatId });
    const back = await getChat(fx, v, chatId);
    expect(back).toMatchObject({ status: 'active', assignee: a1.id, users: [v.id, a1.id] });
    expect(back.transfer).toBeUndefined();
    expect(fx.received(a1.id, 'chat:updated').at(-1)?.chat.transfer).toBeUndefined();
    expect(notices(fx, v.id).at(-1)).toBe('Agent a2 did not take the chat; Agent a1 stays with you.');
    // Asked once: a named colleague is not asked again.
    expect(fx.received(a2.id, 'invitation:new')).toHaveLength(1);

    // Again, and this time nobody answers.
    await fx.ok(a1, 'chats:transfer', { chatId, agentId: a2.id });
    await fx.clock.advance(30_000);
    expect(await getChat(fx, v, chatId)).toMatchObject({ status: 'active', assignee: a1.id });
    expect(notices(fx, a1.id)).toEqual([
      'Agent a1 is transferring you to Agent a2.',
      'Agent a2 did not take the chat; Agent a1 stays with you.',
      'Agent a1 is transferring you to Agent a2.',
      'Agent a2 did not take the chat; Agent a1 stays with you.',
    ]);
    await fx.ok(a1, 'messages:send', { chatId, clientId: 'back', type: 'text', message: 'Still me.' });
  });

  it('offers a transfer to another room to its agents in turn; the chat moves there on accept', async () => {
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1');
    const v = await fx.visitor();
    const chatId = await fx.chat(v);
    await fx.ok(a1, 'invitations:accept', { chatId });
    const s1 = await fx.agent('s1', ['sales']);
    const s2 = await fx.agent('s2', ['sales']);
    fx.clearEvents();

    const { chat } = await fx.ok(a1, 'chats:transfer', { chatId, room: 'sales' });
    expect(chat).toMatchObject({ room: 'support', status: 'active', assignee: a1.id, transfer: { from: a1.id, room: 'sales' } });
    expect(notices(fx, v.id)).toEqual(['Agent a1 is transferring you to room sales.']);
    expect(fx.received(s1.id, 'invitation:new').map((offer) => offer.chat.id)).toEqual([chatId]);
    // The sales agents hear about the chat too (their queue views), the chat's members as ever.
    const last = fx.events.filter((sent) => sent.event === 'chat:updated').at(-1);
    expect([...(last?.to ?? [])].sort()).toEqual([a1.id, s1.id, s2.id, v.id].sort());

    await fx.ok(s1, 'invitations:reject', { chatId });
    expect(fx.received(s2.id, 'invitation:new').map((offer) => offer.chat.id)).toEqual([chatId]);
    expect((await getChat(fx, v, chatId)).transfer).toEqual({ from: a1.id, room: 'sales' });

    await fx.ok(s2, 'invitations:accept', { chatId });
    expect(await getChat(fx, v, chatId)).toMatchObject({ room: 'sales', status: 'active', assignee: s2.id, users: [v.id, s2.id] });
    expect(fx.received(a1.id, 'chat:updated').at(-1)?.chat).toMatchObject({ room: 'sales', assignee: s2.id });
  });

  it('returns a room transfer to its agent once every available agent there said no', async () => {
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1');
    const v = await fx.visitor();
    const chatId = await fx.chat(v);
    await fx.ok(a1, 'invitations:accept', { chatId });
    const s1 = await fx.agent('s1', ['sales']);
    const s2 = await fx.agent('s2', ['sales']);
    await fx.ok(a1, 'chats:transfer', { chatId, room: 'sales' });
    await fx.ok(s1, 'invitations:reject', { chatId });
    await fx.ok(s2, 'invitations:reject', { chatId });
    expect(await getChat(fx, v, chatId)).toMatchObject({ room: 'support', status: 'active', assignee: a1.id, users: [v.id, a1.id] });
    expect(notices(fx, v.id).at(-1)).toBe('Nobody in room sales took the chat; Agent a1 stays with you.');
    // Nobody is asked twice.
    expect(fx.received(s1.id, 'invitation:new')).toHaveLength(1);
  });

  it("keeps the transferring agent's slot until the colleague accepts, then gives it to the next queued chat", async () => {
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1', ['support'], { capacity: 1 });
    const v1 = await fx.visitor();
    const v2 = await fx.visitor();
    const first = await fx.chat(v1);
    await fx.ok(a1, 'invitations:accept', { chatId: first });
    const second = await fx.chat(v2);
    const s1 = await fx.agent('s1', ['sales']);
    fx.clearEvents();

    await fx.ok(a1, 'chats:transfer', { chatId: first, room: 'sales' });
    expect(fx.received(a1.id, 'invitation:new')).toEqual([]);
    await fx.ok(s1, 'invitations:accept', { chatId: first });
    expect(fx.received(a1.id, 'invitation:new').map((offer) => offer.chat.id)).toEqual([second]);
  });

  it('withdraws the offer when the chat is closed during the transfer', async () => {
    const { fx, a1, a2, v, chatId } = await setup();
    await fx.ok(a1, 'chats:transfer', { chatId, agentId: a2.id });
    await fx.ok(v, 'chats:close', { chatId, userId: v.id });
    expect(fx.received(a2.id, 'invitation:expired')).toEqual([{ chatId }]);
    await fx.fails(a2, 'invitations:accept', { chatId }, 'closed');
    expect((await getChat(fx, v, chatId)).transfer).toBeUndefined();
  });

  it('refuses a room transfer when no colleague there is online with a free slot, changing nothing', async () => {
    const { fx, a1, a2, v, chatId } = await setup();
    await fx.ok(a2, 'agents:status', { status: 'away' });
    fx.clearEvents();
    expect(await refusal(fx, a1, 'chats:transfer', { chatId, room: 'support' })).toMatchObject({ code: 'no_agents', details: { room: 'support' } });
    expect(fx.events).toEqual([]);
    expect(await getChat(fx, v, chatId)).toMatchObject({ status: 'active', assignee: a1.id, lastSeq: 0 });
  });

  it('only lets the assignee transfer', async () => {
    const { fx, a1, a2, v, chatId } = await setup();
    await fx.ok(a2, 'chats:join', { chatId, userId: a2.id });
    fx.clearEvents();
    expect(await refusal(fx, a2, 'chats:transfer', { chatId, agentId: a1.id })).toMatchObject({ code: 'forbidden', details: { chatId } });
    expect((await refusal(fx, v, 'chats:transfer', { chatId, room: 'sales' })).code).toBe('forbidden');
    expect(fx.events).toEqual([]);
  });

  it('refuses a waiting chat (nobody is assigned)', async () => {
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1', ['support'], { status: 'away' });
    const v = await fx.visitor();
    const chatId = await fx.chat(v);
    expect((await refusal(fx, a1, 'chats:transfer', { chatId, room: 'support' })).code).toBe('forbidden');
  });

  it('refuses targets that cannot take the chat, changing nothing', async () => {
    const { fx, a1, s1, v, chatId } = await setup();
    const offline = await fx.agent('a3', ['support'], { status: 'offline' });
    const full = await fx.agent('a4', ['support'], { capacity: 1 });
    const other = await fx.visitor();
    await fx.ok(full, 'chats:join', { chatId: await fx.chat(other, 'support', false), userId: full.id });
    fx.clearEvents();

    expect(await refusal(fx, a1, 'chats:transfer', { chatId, agentId: a1.id })).toMatchObject({ code: 'conflict', details: { chatId } });
    expect(await refusal(fx, a1, 'chats:transfer', { chatId, agentId: s1.id })).toMatchObject({
      code: 'conflict',
      details: { agentId: s1.id, room: 'support' },
    });
    expect(await refusal(fx, a1, 'chats:transfer', { chatId, agentId: 'ghost' })).toMatchObject({ code: 'not_found', details: { agentId: 'ghost' } });
    // A visitor's id is no agent either.
    expect((await refusal(fx, a1, 'chats:transfer', { chatId, agentId: v.id })).code).toBe('not_found');
    expect(await refusal(fx, a1, 'chats:transfer', { chatId, agentId: offline.id })).toMatchObject({ code: 'no_agents', details: { agentId: offline.id } });
    expect((await refusal(fx, a1, 'chats:transfer', { chatId, agentId: full.id })).code).toBe('no_agents');
    expect(await refusal(fx, a1, 'chats:transfer', { chatId, room: 'billing' })).toMatchObject({ code: 'no_agents', details: { room: 'billing' } });
    expect((await refusal(fx, a1, 'chats:transfer', { chatId: 'nope', room: 'sales' })).code).toBe('not_found');

    expect(fx.events).toEqual([]);
    expect(await getChat(fx, v, chatId)).toMatchObject({ status: 'active', assignee: a1.id, users: [v.id, a1.id], room: 'support' });
  });

  it('refuses a room where the assignee is the only agent', async () => {
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1');
    const v = await fx.visitor();
    const chatId = await fx.chat(v);
    await fx.ok(a1, 'invitations:accept', { chatId });
    expect(await refusal(fx, a1, 'chats:transfer', { chatId, room: 'support' })).toMatchObject({ code: 'no_agents', details: { room: 'support' } });
    expect((await getChat(fx, v, chatId)).assignee).toBe(a1.id);
  });

  it('refuses a closed chat and a payload naming no target', async () => {
    const { fx, a1, v, chatId } = await setup();
    await fx.fails(a1, 'chats:transfer', { chatId }, 'invalid_payload');
    await fx.ok(v, 'chats:close', { chatId, userId: v.id });
    expect(await refusal(fx, a1, 'chats:transfer', { chatId, room: 'sales' })).toMatchObject({ code: 'closed', details: { chatId } });
    expect(await getChat(fx, v, chatId)).toMatchObject({ status: 'closed', room: 'support' });
  });
});

describe('transfer:targets', () => {
  it('lists the rooms with their free colleagues and the online colleagues by name, never the caller', async () => {
    const fx = createEngineFixture({ policy: { knownRooms: new Set(['support', 'billing']) } });
    const a1 = await fx.agent('a1', ['support', 'sales']);
    const v = await fx.visitor();
    const chatId = await fx.chat(v);
    await fx.ok(a1, 'invitations:accept', { chatId });
    await fx.engine.registerAgent({ id: 'b', name: 'Bob', rooms: ['support'], status: 'online' });
    await fx.engine.registerAgent({ id: 'z', name: 'Zoe', rooms: ['sales'], status: 'online', capacity: 0 });
    await fx.engine.registerAgent({ id: 'c', name: 'Cleo', rooms: ['support'], status: 'away' });

    const targets = await fx.ok(a1, 'transfer:targets', { chatId });
    expect(targets.rooms).toEqual([
      { room: 'billing', available: 0 },
      { room: 'sales', available: 0 },
      { room: 'support', available: 1 },
    ]);
    expect(targets.agents.map(({ user, rooms, available }) => [user.name, rooms, available])).toEqual([
      ['Bob', ['support'], true],
      ['Zoe', ['sales'], false],
    ]);
  });

  it('is for agents who can see the chat', async () => {
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1');
    const s1 = await fx.agent('s1', ['sales']);
    const v = await fx.visitor();
    const chatId = await fx.chat(v);
    await fx.ok(a1, 'invitations:accept', { chatId });
    expect((await refusal(fx, v, 'transfer:targets', { chatId })).code).toBe('forbidden');
    expect((await refusal(fx, s1, 'transfer:targets', { chatId })).code).toBe('not_found');
    await fx.fails(a1, 'transfer:targets', { chatId, room: 'x' }, 'invalid_payload');
  });
});

describe('users:chats', () => {
  it("lists the chats the user is a member of, newest first, and nobody else's", async () => {
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1', ['support', 'sales'], { status: 'away' });
    const a2 = await fx.agent('a2', ['support'], { status: 'away' });
    const v = await fx.visitor();
    const w = await fx.visitor();
    const older = await fx.chat(v, 'support', false);
    await fx.clock.advance(1_000);
    const newer = await fx.chat(v, 'sales', false);
    await fx.clock.advance(1_000);
    const others = await fx.chat(w, 'support', false);
    await fx.ok(a1, 'chats:join', { chatId: older, userId: a1.id });
    await fx.ok(v, 'chats:close', { chatId: older, userId: v.id });

    const { chats } = await fx.ok(v, 'users:chats', { userId: v.id });
    expect(chats.map((chat) => [chat.id, chat.status])).toEqual([
      [newer, 'waiting'],
      [older, 'closed'],
    ]);
    expect(chats[1]).toEqual(await getChat(fx, v, older));
    expect((await fx.ok(a1, 'users:chats', { userId: a1.id })).chats.map((chat) => chat.id)).toEqual([older]);
    expect((await fx.ok(w, 'users:chats', { userId: w.id })).chats.map((chat) => chat.id)).toEqual([others]);
    // Agents of the room who never joined are not members.
    expect((await fx.ok(a2, 'users:chats', { userId: a2.id })).chats).toEqual([]);
  });

  it("refuses another user's list", async () => {
    const fx = createEngineFixture();
    const v = await fx.visitor();
    const w = await fx.visitor();
    const a1 = await fx.agent('a1');
    await fx.chat(v, 'support', false);
    expect(await refusal(fx, w, 'users:chats', { userId: v.id })).toMatchObject({ code: 'forbidden', details: { userId: v.id } });
    expect((await refusal(fx, a1, 'users:chats', { userId: v.id })).code).toBe('forbidden');
    await fx.fails(v, 'users:chats', {}, 'invalid_payload');
  });
});
