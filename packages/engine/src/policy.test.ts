import { limits } from '@parley/protocol';
import type { HistoryEntry } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { createEngineFixture, refusal } from './testFixture';

/** Unix seconds of 2025-12-31T23:00:00Z, an hour before the manual clock starts. */
const EARLIER = Date.UTC(2025, 11, 31, 23) / 1000;

function entries(count: number, sender: string, message = 'x'): HistoryEntry[] {
  return Array.from({ length: count }, (_, index) => ({ created: EARLIER + index, type: 'text', message, sender }));
}

/** What a visitor may create, and how imported history is attributed (issue 13). */
describe('imported history is attributed honestly', () => {
  it('lets a visitor import only as themselves, assistant or system, never as an agent or another user', async () => {
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1', ['support'], { status: 'away' });
    const v = await fx.visitor();
    const w = await fx.visitor();
    const chatId = await fx.chat(v, 'support', false);

    for (const sender of [a1.id, w.id, 'agent1', 'nobody']) {
      const error = await refusal(fx, v, 'history:import', { chatId, history: [...entries(1, v.id), ...entries(1, sender)] });
      expect(error).toMatchObject({ code: 'forbidden', message: expect.stringContaining('history.1.sender') });
    }
    expect((await fx.ok(v, 'chats:get', { chatId })).chat.lastSeq).toBe(0);

    const honest = [...entries(1, v.id), ...entries(1, 'assistant'), ...entries(1, 'system')];
    expect(await fx.ok(v, 'history:import', { chatId, history: honest })).toEqual({ imported: 3 });
    const { messages } = await fx.ok(v, 'messages:list', { chatId });
    expect(messages.map((message) => [message.sender, message.imported])).toEqual([
      [v.id, true],
      ['assistant', true],
      ['system', true],
    ]);
  });

  it('lets an agent import as itself, the chat’s visitor, assistant or system, not as another agent', async () => {
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1', ['support'], { status: 'away' });
    const a2 = await fx.agent('a2', ['support'], { status: 'away' });
    const v = await fx.visitor();
    const chatId = await fx.chat(v, 'support', false);
    expect((await refusal(fx, a1, 'history:import', { chatId, history: entries(1, a2.id) })).code).toBe('forbidden');
    const history = [...entries(1, a1.id), ...entries(1, v.id), ...entries(1, 'assistant'), ...entries(1, 'system')];
    expect(await fx.ok(a1, 'history:import', { chatId, history })).toEqual({ imported: 4 });
  });
});

describe('imported history per chat is bounded', () => {
  it('refuses an import beyond the message count with payload_too_large, importing none of it', async () => {
    const fx = createEngineFixture({ policy: { maxImportedMessages: 5 } });
    const v = await fx.visitor();
    const chatId = await fx.chat(v, 'support', false);
    await fx.ok(v, 'history:import', { chatId, history: entries(4, 'assistant') });
    const error = await refusal(fx, v, 'history:import', { chatId, history: entries(2, 'assistant') });
    expect(error).toMatchObject({ code: 'payload_too_large', details: { limit: 'history_per_chat', maxMessages: 5 } });
    expect((await fx.ok(v, 'chats:get', { chatId })).chat.lastSeq).toBe(4);
    await fx.ok(v, 'history:import', { chatId, history: entries(1, 'assistant') });
    // Live messages do not count against the imported history.
    await fx.ok(v, 'messages:send', { chatId, clientId: 'live', type: 'text', message: 'hello' });
    expect((await fx.ok(v, 'chats:get', { chatId })).chat.lastSeq).toBe(6);
  });

  it('refuses an import beyond the character total', async () => {
    const fx = createEngineFixture({ policy: { maxImportedCharacters: 1000 } });
    const v = await fx.visitor();
    const chatId = await fx.chat(v, 'support', false);
    await fx.ok(v, 'history:import', { chatId, history: entries(2, 'assistant', 'y'.repeat(400)) });
    const error = await refusal(fx, v, 'history:import', { chatId, history: entries(1, 'assistant', 'y'.repeat(201)) });
    expect(error).toMatchObject({ code: 'payload_too_large', details: { limit: 'history_per_chat', maxCharacters: 1000 } });
  });
});

describe('chats:get history is one capped page', () => {
  it(`answers the latest ${limits.chatHistoryPage} messages and hasMoreHistory; messages:list pages back`, async () => {
    const fx = createEngineFixture();
    const v = await fx.visitor();
    const chatId = await fx.chat(v, 'support', false);
    await fx.ok(v, 'history:import', { chatId, history: entries(limits.chatHistoryPage + 5, 'assistant') });
    const { chat } = await fx.ok(v, 'chats:get', { chatId, fields: 'history' });
    expect(chat.history).toHaveLength(limits.chatHistoryPage);
    expect(chat.history?.[0]?.seq).toBe(6);
    expect(chat.hasMoreHistory).toBe(true);
    const older = await fx.ok(v, 'messages:list', { chatId, beforeSeq: 6 });
    expect(older.messages.map((message) => message.seq)).toEqual([1, 2, 3, 4, 5]);

    const w = await fx.visitor();
    const small = await fx.chat(w, 'support', false);
    await fx.ok(w, 'history:import', { chatId: small, history: entries(3, 'assistant') });
    const whole = (await fx.ok(w, 'chats:get', { chatId: small, fields: 'history' })).chat;
    expect(whole.history).toHaveLength(3);
    expect('hasMoreHistory' in whole).toBe(false);
  });
});

describe('rooms are configured, not invented', () => {
  it('refuses a chat in an unknown room with not_found; configured rooms and agents’ rooms are known', async () => {
    const fx = createEngineFixture({ policy: { knownRooms: new Set(['billing']) } });
    await fx.agent('a1', ['support'], { status: 'away' });
    const v = await fx.visitor();
    const error = await refusal(fx, v, 'chats:create', { room: 'made-up', source: 'web', creator: v.id });
    expect(error).toEqual({ code: 'not_found', message: 'room made-up does not exist', details: { limit: 'unknown_room' } });
    await fx.ok(v, 'chats:create', { room: 'billing', source: 'web', creator: v.id });
    await fx.ok(v, 'chats:create', { room: 'support', source: 'web', creator: v.id });
  });
});

describe('chats per visitor', () => {
  it('refuses the chat beyond the limit with rate_limited', async () => {
    const fx = createEngineFixture({ policy: { maxChatsPerVisitor: 2 } });
    const v = await fx.visitor();
    for (const room of ['r1', 'r2']) {
      const chatId = await fx.chat(v, room, false);
      await fx.ok(v, 'chats:close', { chatId, userId: v.id });
    }
    const error = await refusal(fx, v, 'chats:create', { room: 'r3', source: 'web', creator: v.id });
    expect(error).toMatchObject({ code: 'rate_limited', details: { limit: 'chats_per_visitor', max: 2 } });
  });
});

describe('offer interval and attempts within configured bounds', () => {
  it('refuses an interval or attempts outside the bounds with invalid_payload', async () => {
    const fx = createEngineFixture({ policy: { minOfferIntervalMs: 5000, maxOfferIntervalMs: 300_000, maxOfferAttempts: 10 } });
    const v = await fx.visitor();
    const chatId = await fx.chat(v, 'support', false);
    for (const command of [{ interval: 0.1 }, { interval: 301 }, { interval: 0 }, { interval: -1 }, { interval: 1e-9 }, { maxAttempts: 11 }, { maxAttempts: 0 }]) {
      const error = await refusal(fx, v, 'chats:assign', { chatId, ...command });
      expect(error).toMatchObject({ code: 'invalid_payload', details: { limit: 'offer_bounds' } });
    }
    await fx.ok(v, 'chats:assign', { chatId, interval: 5, maxAttempts: 10 });
  });
});

describe('known conflicts answer conflict', () => {
  it('refuses transferring a chat to a room where its visitor already has an open chat', async () => {
    const fx = createEngineFixture();
    const a1 = await fx.agent('a1', ['support', 'sales']);
    await fx.agent('s1', ['sales']);
    const v = await fx.visitor();
    const chatId = await fx.chat(v, 'support', false);
    await fx.chat(v, 'sales', false);
    await fx.ok(a1, 'chats:join', { chatId, userId: a1.id });
    const error = await refusal(fx, a1, 'chats:transfer', { chatId, room: 'sales' });
    expect(error).toMatchObject({ code: 'conflict', details: { room: 'sales' } });
    expect((await fx.ok(v, 'chats:get', { chatId })).chat).toMatchObject({ room: 'support', assignee: a1.id });
  });
});
