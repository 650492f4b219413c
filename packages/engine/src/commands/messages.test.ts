import { limits } from '@parley/protocol';
import type { ClientEventName, ClientPayload } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../actor';
import { createEngineFixture, log, refusal, to } from '../testFixture';
import type { EngineFixture } from '../testFixture';

/** The manual clock's start (testFixture → createManualClock). */
const T0 = '2026-01-01T00:00:00.000Z';

function send(fx: EngineFixture, actor: Actor, chatId: string, clientId: string, message = `text ${clientId}`) {
  return fx.ok(actor, 'messages:send', { chatId, clientId, type: 'text', message });
}

async function seqs(fx: EngineFixture, actor: Actor, payload: ClientPayload<'messages:list'>) {
  const page = await fx.ok(actor, 'messages:list', payload);
  return { seqs: page.messages.map((message) => message.seq), hasMore: page.hasMore };
}

/**
 * v's chat in support, active with a1 (who accepted its offer); a2 is a colleague who is not a member;
 * s1 serves sales; w is another visitor.
 */
async function activeChat() {
  const fx = createEngineFixture();
  const a1 = await fx.agent('a1');
  const v = await fx.visitor();
  const chatId = await fx.chat(v);
  await fx.ok(a1, 'invitations:accept', { chatId });
  const a2 = await fx.agent('a2', ['support'], { status: 'away' });
  const s1 = await fx.agent('s1', ['sales']);
  const w = await fx.visitor();
  fx.clearEvents();
  return { fx, a1, a2, s1, v, w, chatId };
}

describe('messages:send', () => {
  it('stores the message and delivers it to every member, the sender included', async () => {
    const { fx, a1, a2, v, chatId } = await activeChat();
    await fx.clock.advance(1_500);

    const { message } = await fx.ok(v, 'messages:send', { chatId, clientId: 'c-1', type: 'text', message: 'Hello there' });

    expect(message).toEqual({
      id: message.id,
      chatId,
      seq: 1,
      sender: v.id,
      type: 'text',
      message: 'Hello there',
      clientId: 'c-1',
      createdAt: '2026-01-01T00:00:01.500Z',
    });
    expect(message).not.toHaveProperty('imported');
    expect(log(fx.events)).toEqual([to('message:received', v.id, a1.id)]);
    expect(fx.received(a1.id, 'message:received')).toEqual([{ message }]);
    expect(fx.received(v.id, 'message:received')).toEqual([{ message }]);
    // A colleague of the room is no member: it reads on demand, it is not pushed every message.
    expect(fx.received(a2.id, 'message:received')).toEqual([]);
    expect((await fx.ok(v, 'messages:list', { chatId })).messages).toEqual([message]);
  });

  it('numbers messages 1..n without gaps, whoever sends them', async () => {
    const { fx, a1, v, chatId } = await activeChat();
    const sent = [];
    for (let i = 1; i <= 6; i++) sent.push((await send(fx, i % 2 === 0 ? a1 : v, chatId, `c${i}`)).message);
    expect(sent.map((message) => message.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(sent.map((message) => message.sender)).toEqual([v.id, a1.id, v.id, a1.id, v.id, a1.id]);
    expect(new Set(sent.map((message) => message.id)).size).toBe(6);
    expect((await fx.ok(v, 'chats:get', { chatId })).chat.lastSeq).toBe(6);
    expect(fx.received(v.id, 'message:received').map(({ message }) => message.seq)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('is idempotent on clientId: a resend answers the first message, emits nothing and consumes no seq', async () => {
    const { fx, v, chatId } = await activeChat();
    const { message: first } = await send(fx, v, chatId, 'dup', 'first text');
    await fx.clock.advance(10_000);
    fx.clearEvents();

    const { message: again } = await send(fx, v, chatId, 'dup', 'edited text');

    expect(again).toEqual(first);
    expect(again.message).toBe('first text');
    expect(again.createdAt).toBe(T0);
    expect(fx.events).toEqual([]);
    expect((await fx.ok(v, 'chats:get', { chatId })).chat.lastSeq).toBe(1);
    const { message: next } = await send(fx, v, chatId, 'next');
    expect(next.seq).toBe(2);
    expect((await fx.ok(v, 'messages:list', { chatId })).messages.map((message) => message.clientId)).toEqual(['dup', 'next']);
  });

  it("refuses another member's clientId with conflict and stores nothing", async () => {
    const { fx, a1, v, chatId } = await activeChat();
    await send(fx, v, chatId, 'shared');
    fx.clearEvents();

    const error = await refusal(fx, a1, 'messages:send', { chatId, clientId: 'shared', type: 'text', message: 'mine' });

    expect(error).toMatchObject({ code: 'conflict', details: { chatId, clientId: 'shared' } });
    expect(fx.events).toEqual([]);
    expect((await fx.ok(v, 'messages:list', { chatId })).messages.map((message) => [message.seq, message.sender])).toEqual([[1, v.id]]);
  });

  it('scopes clientId to its chat', async () => {
    const { fx, v, w, chatId } = await activeChat();
    const other = await fx.chat(w, 'support', false);
    await send(fx, v, chatId, 'same');
    const { message } = await send(fx, w, other, 'same');
    expect(message).toMatchObject({ chatId: other, seq: 1, sender: w.id });
  });

  it('lets the visitor write while the chat is waiting or offered', async () => {
    const fx = createEngineFixture();
    const v = await fx.visitor();
    const chatId = await fx.chat(v, 'support', false);
    expect((await send(fx, v, chatId, 'w1')).message.seq).toBe(1);
    expect(log(fx.events).at(-1)).toBe(to('message:received', v.id));

    const a1 = await fx.agent('a1');
    await fx.ok(v, 'chats:assign', { chatId });
    expect((await fx.ok(v, 'chats:get', { chatId })).chat.status).toBe('offered');
    fx.clearEvents();
    expect((await send(fx, v, chatId, 'o1')).message.seq).toBe(2);
    // The invited agent is not a member yet: it is not pushed the message but can read it.
    expect(log(fx.events)).toEqual([to('message:received', v.id)]);
    expect((await seqs(fx, a1, { chatId })).seqs).toEqual([1, 2]);
  });

  it('refuses non-members, closed and unknown chats', async () => {
    const { fx, a2, s1, v, w, chatId } = await activeChat();
    // A stranger, and an agent of another room, cannot tell the chat from a missing one (issue 13).
    expect(await refusal(fx, w, 'messages:send', { chatId, clientId: 'x', type: 'text', message: 'hi' })).toEqual({ code: 'not_found', message: `chat ${chatId} does not exist` });
    // Reading as an agent of the room does not make a member.
    expect((await refusal(fx, a2, 'messages:send', { chatId, clientId: 'x', type: 'text', message: 'hi' })).code).toBe('forbidden');
    expect(await refusal(fx, s1, 'messages:send', { chatId, clientId: 'x', type: 'text', message: 'hi' })).toEqual({ code: 'not_found', message: `chat ${chatId} does not exist` });
    expect(await refusal(fx, v, 'messages:send', { chatId: 'nope', clientId: 'x', type: 'text', message: 'hi' })).toEqual({
      code: 'not_found',
      message: 'chat nope does not exist',
    });
    await fx.ok(v, 'chats:close', { chatId, userId: v.id });
    fx.clearEvents();
    expect(await refusal(fx, v, 'messages:send', { chatId, clientId: 'x', type: 'text', message: 'hi' })).toMatchObject({
      code: 'closed',
      details: { chatId },
    });
    expect((await fx.ok(v, 'chats:get', { chatId })).chat.lastSeq).toBe(0);
  });

  it('answers a resend after close with the first message (a lost ack must not turn into a failure)', async () => {
    const { fx, v, chatId } = await activeChat();
    const first = await fx.ok(v, 'messages:send', { chatId, clientId: 'late-ack', type: 'text', message: 'sent just before close' });
    await fx.ok(v, 'chats:close', { chatId, userId: v.id });
    fx.clearEvents();
    const resent = await fx.ok(v, 'messages:send', { chatId, clientId: 'late-ack', type: 'text', message: 'sent just before close' });
    expect(resent.message).toEqual(first.message);
    expect(fx.events).toEqual([]);
    expect((await refusal(fx, v, 'messages:send', { chatId, clientId: 'new-after-close', type: 'text', message: 'hi' })).code).toBe('closed');
    expect((await fx.ok(v, 'chats:get', { chatId })).chat.lastSeq).toBe(1);
  });

  it('refuses invalid payloads and oversized text, storing nothing', async () => {
    const { fx, v, chatId } = await activeChat();
    const bad: unknown[] = [
      { chatId, clientId: 'x', type: 'system', message: 'hi' },
      { chatId, clientId: 'x', type: 'text', message: '   ' },
      { chatId, clientId: 'x', type: 'text', message: '' },
      { chatId, clientId: 'x', type: 'text', message: 42 },
      { chatId, type: 'text', message: 'hi' },
      { chatId, clientId: '', type: 'text', message: 'hi' },
      { chatId, clientId: 'x'.repeat(limits.idLength + 1), type: 'text', message: 'hi' },
      { chatId, clientId: 'x', type: 'text', message: 'hi', sender: 'a1' },
    ];
    for (const payload of bad) await fx.fails(v, 'messages:send', payload, 'invalid_payload');
    const tooLong = { chatId, clientId: 'x', type: 'text', message: 'a'.repeat(limits.messageLength + 1) };
    expect(await fx.fails(v, 'messages:send', tooLong, 'payload_too_large')).toContain('message');
    expect(fx.events).toEqual([]);
    expect((await fx.ok(v, 'chats:get', { chatId })).chat.lastSeq).toBe(0);

    // The limit itself is fine, and the refused clientId was not consumed.
    const { message } = await send(fx, v, chatId, 'x', 'a'.repeat(limits.messageLength));
    expect(message.seq).toBe(1);
    expect(message.message).toHaveLength(limits.messageLength);
  });
});

describe('messages:list', () => {
  /** A chat holding `count` messages with seq 1..count. */
  async function chatWith(count: number) {
    const setup = await activeChat();
    for (let i = 1; i <= count; i++) await send(setup.fx, i % 3 === 0 ? setup.a1 : setup.v, setup.chatId, `c${i}`);
    return setup;
  }

  it('pages forward after a seq', async () => {
    const { fx, v, chatId } = await chatWith(7);
    expect(await seqs(fx, v, { chatId, afterSeq: 0, limit: 3 })).toEqual({ seqs: [1, 2, 3], hasMore: true });
    expect(await seqs(fx, v, { chatId, afterSeq: 3, limit: 3 })).toEqual({ seqs: [4, 5, 6], hasMore: true });
    expect(await seqs(fx, v, { chatId, afterSeq: 6, limit: 3 })).toEqual({ seqs: [7], hasMore: false });
    expect(await seqs(fx, v, { chatId, afterSeq: 4, limit: 3 })).toEqual({ seqs: [5, 6, 7], hasMore: false });
    expect(await seqs(fx, v, { chatId, afterSeq: 7 })).toEqual({ seqs: [], hasMore: false });
    expect(await seqs(fx, v, { chatId, afterSeq: 100 })).toEqual({ seqs: [], hasMore: false });
  });

  it('answers the latest page by default and pages back before a seq', async () => {
    const { fx, v, chatId } = await chatWith(7);
    expect(await seqs(fx, v, { chatId })).toEqual({ seqs: [1, 2, 3, 4, 5, 6, 7], hasMore: false });
    expect(await seqs(fx, v, { chatId, limit: 3 })).toEqual({ seqs: [5, 6, 7], hasMore: true });
    expect(await seqs(fx, v, { chatId, beforeSeq: 5, limit: 3 })).toEqual({ seqs: [2, 3, 4], hasMore: true });
    expect(await seqs(fx, v, { chatId, beforeSeq: 2, limit: 3 })).toEqual({ seqs: [1], hasMore: false });
    expect(await seqs(fx, v, { chatId, beforeSeq: 1 })).toEqual({ seqs: [], hasMore: false });
    expect(await seqs(fx, v, { chatId, beforeSeq: 100, limit: 2 })).toEqual({ seqs: [6, 7], hasMore: true });
  });

  it('answers the window between afterSeq and beforeSeq', async () => {
    const { fx, v, chatId } = await chatWith(7);
    expect(await seqs(fx, v, { chatId, afterSeq: 2, beforeSeq: 6 })).toEqual({ seqs: [3, 4, 5], hasMore: false });
    expect(await seqs(fx, v, { chatId, afterSeq: 2, beforeSeq: 6, limit: 2 })).toEqual({ seqs: [3, 4], hasMore: true });
  });

  it(`pages ${limits.defaultListPageSize} messages when no limit is given`, async () => {
    const { fx, v, chatId } = await chatWith(limits.defaultListPageSize + 5);
    const latest = await seqs(fx, v, { chatId });
    expect(latest.seqs).toHaveLength(limits.defaultListPageSize);
    expect(latest.seqs[0]).toBe(6);
    expect(latest.seqs.at(-1)).toBe(limits.defaultListPageSize + 5);
    expect(latest.hasMore).toBe(true);
    const forward = await seqs(fx, v, { chatId, afterSeq: 0 });
    expect(forward.seqs.at(-1)).toBe(limits.defaultListPageSize);
    expect(forward.hasMore).toBe(true);
  });

  it('answers full messages, the same ones that were pushed', async () => {
    const { fx, v, chatId } = await chatWith(3);
    const pushed = fx.received(v.id, 'message:received').map(({ message }) => message);
    expect((await fx.ok(v, 'messages:list', { chatId })).messages).toEqual(pushed);
  });

  it('lets members and agents of the room read (closed chats too), nobody else', async () => {
    const { fx, a1, a2, s1, v, w, chatId } = await chatWith(2);
    expect((await seqs(fx, a1, { chatId })).seqs).toEqual([1, 2]);
    expect((await seqs(fx, a2, { chatId })).seqs).toEqual([1, 2]);
    expect(await refusal(fx, s1, 'messages:list', { chatId })).toEqual({ code: 'not_found', message: `chat ${chatId} does not exist` });
    expect(await refusal(fx, w, 'messages:list', { chatId })).toEqual({ code: 'not_found', message: `chat ${chatId} does not exist` });
    expect(await refusal(fx, v, 'messages:list', { chatId: 'nope' })).toEqual({ code: 'not_found', message: 'chat nope does not exist' });
    await fx.ok(v, 'chats:close', { chatId, userId: v.id });
    expect((await seqs(fx, v, { chatId })).seqs).toEqual([1, 2]);
  });

  it('refuses bad ranges', async () => {
    const { fx, v, chatId } = await chatWith(1);
    for (const range of [{ limit: 0 }, { limit: limits.listPageSize + 1 }, { limit: 1.5 }, { afterSeq: -1 }, { beforeSeq: '3' }, { page: 2 }]) {
      await fx.fails(v, 'messages:list', { chatId, ...range }, 'invalid_payload');
    }
    expect((await seqs(fx, v, { chatId, limit: limits.listPageSize })).seqs).toEqual([1]);
  });
});

describe('messages:read', () => {
  async function chatWithThree() {
    const setup = await activeChat();
    const m1 = (await send(setup.fx, setup.v, setup.chatId, 'c1')).message;
    const m2 = (await send(setup.fx, setup.a1, setup.chatId, 'c2')).message;
    const m3 = (await send(setup.fx, setup.a1, setup.chatId, 'c3')).message;
    setup.fx.clearEvents();
    return { ...setup, m1, m2, m3 };
  }

  it('records the highest seq read and tells the members', async () => {
    const { fx, a1, a2, v, chatId, m2 } = await chatWithThree();

    expect(await fx.ok(v, 'messages:read', { messageId: m2.id, userId: v.id })).toEqual({ chatId, seq: 2 });

    expect(log(fx.events)).toEqual([to('message:read', v.id, a1.id)]);
    expect(fx.received(a1.id, 'message:read')).toEqual([{ chatId, userId: v.id, seq: 2, messageId: m2.id }]);
    expect(fx.received(a2.id, 'message:read')).toEqual([]);
  });

  it('only moves forward: an older or the same message answers the current seq and emits nothing', async () => {
    const { fx, v, chatId, m1, m2, m3 } = await chatWithThree();
    await fx.ok(v, 'messages:read', { messageId: m2.id, userId: v.id });
    fx.clearEvents();

    expect(await fx.ok(v, 'messages:read', { messageId: m1.id, userId: v.id })).toEqual({ chatId, seq: 2 });
    expect(await fx.ok(v, 'messages:read', { messageId: m2.id, userId: v.id })).toEqual({ chatId, seq: 2 });
    expect(fx.events).toEqual([]);

    expect(await fx.ok(v, 'messages:read', { messageId: m3.id, userId: v.id })).toEqual({ chatId, seq: 3 });
    expect(fx.received(v.id, 'message:read')).toEqual([{ chatId, userId: v.id, seq: 3, messageId: m3.id }]);
    expect(await fx.ok(v, 'messages:read', { messageId: m1.id, userId: v.id })).toEqual({ chatId, seq: 3 });
  });

  it('keeps read state per user', async () => {
    const { fx, a1, v, chatId, m1, m3 } = await chatWithThree();
    await fx.ok(v, 'messages:read', { messageId: m3.id, userId: v.id });
    expect(await fx.ok(a1, 'messages:read', { messageId: m1.id, userId: a1.id })).toEqual({ chatId, seq: 1 });
    expect(fx.received(v.id, 'message:read').map((read) => [read.userId, read.seq])).toEqual([
      [v.id, 3],
      [a1.id, 1],
    ]);
  });

  it('allows marking read in a closed chat', async () => {
    const { fx, v, chatId, m3 } = await chatWithThree();
    await fx.ok(v, 'chats:close', { chatId, userId: v.id });
    expect(await fx.ok(v, 'messages:read', { messageId: m3.id, userId: v.id })).toEqual({ chatId, seq: 3 });
  });

  it('refuses someone else, non-members and unknown messages, changing nothing', async () => {
    const { fx, a1, a2, v, w, chatId, m1, m2 } = await chatWithThree();
    expect(await refusal(fx, v, 'messages:read', { messageId: m2.id, userId: a1.id })).toMatchObject({
      code: 'forbidden',
      details: { userId: a1.id },
    });
    // A stranger learns neither that the message exists nor its chatId (issue 13).
    expect(await refusal(fx, w, 'messages:read', { messageId: m2.id, userId: w.id })).toEqual({
      code: 'not_found',
      message: `message ${m2.id} does not exist`,
    });
    expect((await refusal(fx, a2, 'messages:read', { messageId: m2.id, userId: a2.id })).code).toBe('forbidden');
    expect(await refusal(fx, v, 'messages:read', { messageId: 'nope', userId: v.id })).toEqual({
      code: 'not_found',
      message: 'message nope does not exist',
    });
    await fx.fails(v, 'messages:read', { messageId: m2.id }, 'invalid_payload');
    await fx.fails(v, 'messages:read', { messageId: m2.id, userId: v.id, seq: 2 }, 'invalid_payload');
    expect(fx.events).toEqual([]);
    // Nothing was recorded for a1 by v's attempt: a1's first read still moves (and emits).
    expect(await fx.ok(a1, 'messages:read', { messageId: m1.id, userId: a1.id })).toEqual({ chatId, seq: 1 });
    expect(fx.events).toHaveLength(1);
  });
});

describe('users:activity', () => {
  it.each(['writing', 'stop-writing', 'not-writing'] as const)('relays %s to the other members only', async (type) => {
    const { fx, a1, a2, v, chatId } = await activeChat();

    expect(await fx.ok(v, 'users:activity', { chatId, userId: v.id, type })).toEqual({});

    expect(log(fx.events)).toEqual([to('user:activity', a1.id)]);
    expect(fx.received(a1.id, 'user:activity')).toEqual([{ chatId, userId: v.id, type }]);
    expect(fx.received(v.id, 'user:activity')).toEqual([]);
    expect(fx.received(a2.id, 'user:activity')).toEqual([]);
  });

  it('reaches every other member, agents included', async () => {
    const { fx, a1, a2, v, chatId } = await activeChat();
    await fx.ok(a2, 'chats:join', { chatId, userId: a2.id });
    fx.clearEvents();
    await fx.ok(a1, 'users:activity', { chatId, userId: a1.id, type: 'writing' });
    expect(log(fx.events)).toEqual([to('user:activity', v.id, a2.id)]);
  });

  it('emits nothing when the sender is alone in the chat', async () => {
    const fx = createEngineFixture();
    const v = await fx.visitor();
    const chatId = await fx.chat(v, 'support', false);
    fx.clearEvents();
    expect(await fx.ok(v, 'users:activity', { chatId, userId: v.id, type: 'writing' })).toEqual({});
    expect(fx.events).toEqual([]);
  });

  it('refuses someone else, non-members, closed and unknown chats, and unknown types', async () => {
    const { fx, a1, a2, v, w, chatId } = await activeChat();
    expect(await refusal(fx, v, 'users:activity', { chatId, userId: a1.id, type: 'writing' })).toMatchObject({
      code: 'forbidden',
      details: { userId: a1.id },
    });
    expect(await refusal(fx, w, 'users:activity', { chatId, userId: w.id, type: 'writing' })).toEqual({ code: 'not_found', message: `chat ${chatId} does not exist` });
    expect((await refusal(fx, a2, 'users:activity', { chatId, userId: a2.id, type: 'writing' })).code).toBe('forbidden');
    expect(await refusal(fx, v, 'users:activity', { chatId: 'nope', userId: v.id, type: 'writing' })).toEqual({
      code: 'not_found',
      message: 'chat nope does not exist',
    });
    await fx.fails(v, 'users:activity', { chatId, userId: v.id, type: 'typing' }, 'invalid_payload');
    await fx.fails(v, 'users:activity', { chatId, userId: v.id }, 'invalid_payload');
    await fx.ok(a1, 'chats:close', { chatId, userId: a1.id });
    fx.clearEvents();
    expect(await refusal(fx, v, 'users:activity', { chatId, userId: v.id, type: 'stop-writing' })).toMatchObject({
      code: 'closed',
      details: { chatId },
    });
    expect(fx.events).toEqual([]);
  });
});

describe('bad input changes nothing', () => {
  it('leaves the chat, its messages and its events untouched', async () => {
    const { fx, a1, v, chatId } = await activeChat();
    const { message } = await send(fx, v, chatId, 'c1', 'before');
    const snapshot = async () => ({
      chat: (await fx.ok(v, 'chats:get', { chatId, fields: 'users,watchers,history' })).chat,
      list: await fx.ok(v, 'messages:list', { chatId }),
      chats: await fx.ok(v, 'users:chats', { userId: v.id }),
    });
    const before = await snapshot();
    fx.clearEvents();

    const attempts: [Actor, ClientEventName, unknown][] = [
      [v, 'messages:send', { chatId, clientId: 'c2', type: 'text', message: ['not', 'text'] }],
      [v, 'messages:send', { chatId, clientId: 'c2', type: 'text', message: 'x', __proto__: { admin: true } }],
      [v, 'messages:send', JSON.parse(`{"chatId":"${chatId}","clientId":"c3","type":"text","message":"x","__proto__":{"sender":"a1"}}`)],
      [v, 'chats:close', { chatId, userId: v.id, reason: 'bye' }],
      [v, 'chats:close', { chatId }],
      [a1, 'chats:transfer', { chatId, agentId: 7 }],
      [a1, 'chats:join', { chatId: 42, userId: a1.id }],
      [v, 'messages:read', { messageId: message.id, userId: null }],
      [v, 'history:import', { chatId, history: [{ created: 1, type: 'text', message: 'ok', sender: 'system' }, { created: 'x' }] }],
      [v, 'history:import', { chatId, history: 'nope' }],
      [v, 'users:activity', { chatId, userId: v.id, type: 'WRITING' }],
      [v, 'chats:create', { room: 'support', source: 'web', creator: v.id, status: 'active' }],
      [v, 'chats:get', undefined],
      [v, 'messages:list', [chatId]],
    ];
    for (const [actor, event, payload] of attempts) {
      // Straight to the engine: these payloads do not even type-check as the event's payload.
      const outcome = await fx.engine.handle(actor, event, payload);
      expect(outcome.ok ? 'accepted' : outcome.error.code, `${event} ${JSON.stringify(payload)}`).toBe('invalid_payload');
    }
    expect(await fx.fails(v, 'nope:nothing' as ClientEventName, { chatId }, 'invalid_payload')).toContain('unknown event');

    expect(fx.events).toEqual([]);
    expect(await snapshot()).toEqual(before);
    expect(before.list.messages.map((stored) => stored.message)).toEqual(['before']);
  });
});

describe('messages:send of a file', () => {
  const upload = (chatId: string, uploader: string, id = 'f-1') => ({
    id,
    chatId,
    uploader,
    name: 'shot.png',
    mimeType: 'image/png',
    size: 1234,
    createdAt: T0,
  });

  it('carries the uploaded file as recorded, in seq order with text, once per clientId', async () => {
    const { fx, a1, v, chatId } = await activeChat();
    await fx.store.putFile(upload(chatId, v.id));
    await send(fx, v, chatId, 'c-1');

    const { message } = await fx.ok(v, 'messages:send', { chatId, clientId: 'c-2', type: 'file', fileId: 'f-1' });
    expect(message).toMatchObject({
      seq: 2,
      type: 'file',
      message: '',
      clientId: 'c-2',
      file: { id: 'f-1', name: 'shot.png', mimeType: 'image/png', size: 1234 },
    });
    const again = await fx.ok(v, 'messages:send', { chatId, clientId: 'c-2', type: 'file', fileId: 'f-1', message: 'caption' });
    expect(again.message).toEqual(message);
    expect(fx.received(a1.id, 'message:received')).toHaveLength(2);
    expect((await fx.ok(a1, 'messages:list', { chatId })).messages.map((m) => m.type)).toEqual(['text', 'file']);
  });

  it('refuses a file that is missing, someone else’s upload, or made for another chat', async () => {
    const { fx, a1, v, w, chatId } = await activeChat();
    const other = await fx.chat(w);
    await fx.store.putFile(upload(chatId, a1.id, 'agent-file'));
    await fx.store.putFile(upload(other, v.id, 'elsewhere'));
    for (const fileId of ['nope', 'agent-file', 'elsewhere']) {
      expect(await refusal(fx, v, 'messages:send', { chatId, clientId: `c-${fileId}`, type: 'file', fileId })).toMatchObject({
        code: 'not_found',
        details: { fileId },
      });
    }
    expect((await fx.ok(v, 'messages:list', { chatId })).messages).toEqual([]);
  });

  it('refuses a file payload with text-only fields and a text payload with a fileId', async () => {
    const { fx, v, chatId } = await activeChat();
    expect((await refusal(fx, v, 'messages:send', { chatId, clientId: 'a', type: 'text', message: 'x', fileId: 'f' } as never)).code).toBe('invalid_payload');
    expect((await refusal(fx, v, 'messages:send', { chatId, clientId: 'b', type: 'file' } as never)).code).toBe('invalid_payload');
  });
});
