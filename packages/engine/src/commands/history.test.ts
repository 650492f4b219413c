import { limits } from '@parley/protocol';
import type { HistoryEntry } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../actor';
import { createEngineFixture } from '../testFixture';
import type { EngineFixture } from '../testFixture';

/** Unix seconds of 2025-12-31T23:00:00Z, an hour before the manual clock starts. */
const EARLIER = Date.UTC(2025, 11, 31, 23) / 1000;

function iso(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString();
}

async function listAll(fx: EngineFixture, actor: Actor, chatId: string) {
  return (await fx.ok(actor, 'messages:list', { chatId, afterSeq: 0, limit: limits.listPageSize })).messages;
}

async function lastSeq(fx: EngineFixture, actor: Actor, chatId: string) {
  return (await fx.ok(actor, 'chats:get', { chatId })).chat.lastSeq;
}

/** v's waiting chat in support; a1 serves support (away: no offers); s1 serves sales; w is a stranger. */
async function setup() {
  const fx = createEngineFixture();
  const a1 = await fx.agent('a1', ['support'], { status: 'away' });
  const s1 = await fx.agent('s1', ['sales']);
  const v = await fx.visitor();
  const w = await fx.visitor();
  const chatId = await fx.chat(v, 'support', false);
  fx.clearEvents();
  return { fx, a1, s1, v, w, chatId };
}

describe('history:import', () => {
  it('imports entries in `created` order, flagged imported, with system entries as system messages', async () => {
    const { fx, v, chatId } = await setup();
    const history: HistoryEntry[] = [
      { created: EARLIER + 20, type: 'text', message: 'I can help with that', sender: 'assistant' },
      { created: EARLIER, type: 'text', message: 'I need help', sender: v.id },
      { created: EARLIER + 30, type: 'text', message: 'Transferring to an agent', sender: 'system' },
      { created: EARLIER + 10, type: 'object', message: '{"card":"faq","id":7}', sender: 'assistant' },
    ];

    expect(await fx.ok(v, 'history:import', { chatId, history })).toEqual({ imported: 4 });

    const messages = await listAll(fx, v, chatId);
    expect(messages.map(({ seq, sender, type, message, createdAt, imported }) => ({ seq, sender, type, message, createdAt, imported }))).toEqual([
      { seq: 1, sender: v.id, type: 'text', message: 'I need help', createdAt: iso(EARLIER), imported: true },
      { seq: 2, sender: 'assistant', type: 'text', message: '{"card":"faq","id":7}', createdAt: iso(EARLIER + 10), imported: true },
      { seq: 3, sender: 'assistant', type: 'text', message: 'I can help with that', createdAt: iso(EARLIER + 20), imported: true },
      { seq: 4, sender: 'system', type: 'system', message: 'Transferring to an agent', createdAt: iso(EARLIER + 30), imported: true },
    ]);
    expect(messages.every((message) => message.chatId === chatId && message.clientId === undefined)).toBe(true);
    expect(await lastSeq(fx, v, chatId)).toBe(4);
  });

  it('keeps the given order of entries created in the same second', async () => {
    const { fx, v, chatId } = await setup();
    const history: HistoryEntry[] = ['b', 'a', 'c'].map((message) => ({ created: EARLIER, type: 'text', message, sender: 'assistant' }));
    history.unshift({ created: EARLIER + 1, type: 'text', message: 'last', sender: 'assistant' });
    await fx.ok(v, 'history:import', { chatId, history });
    expect((await listAll(fx, v, chatId)).map((message) => message.message)).toEqual(['b', 'a', 'c', 'last']);
  });

  it('continues the seq of existing messages without gaps, and later messages continue after it', async () => {
    const { fx, v, chatId } = await setup();
    await fx.ok(v, 'messages:send', { chatId, clientId: 'c1', type: 'text', message: 'live 1' });
    await fx.ok(v, 'messages:send', { chatId, clientId: 'c2', type: 'text', message: 'live 2' });

    await fx.ok(v, 'history:import', {
      chatId,
      history: [
        { created: EARLIER, type: 'text', message: 'old 1', sender: 'assistant' },
        { created: EARLIER + 1, type: 'text', message: 'old 2', sender: 'assistant' },
      ],
    });
    const { message } = await fx.ok(v, 'messages:send', { chatId, clientId: 'c3', type: 'text', message: 'live 3' });

    expect(message.seq).toBe(5);
    expect((await listAll(fx, v, chatId)).map((stored) => [stored.seq, stored.message])).toEqual([
      [1, 'live 1'],
      [2, 'live 2'],
      [3, 'old 1'],
      [4, 'old 2'],
      [5, 'live 3'],
    ]);
  });

  it('delivers each imported message to the members, in order', async () => {
    const { fx, a1, s1, v, chatId } = await setup();
    await fx.ok(a1, 'chats:join', { chatId, userId: a1.id });
    fx.clearEvents();

    await fx.ok(v, 'history:import', {
      chatId,
      history: [
        { created: EARLIER + 5, type: 'text', message: 'second', sender: 'assistant' },
        { created: EARLIER, type: 'text', message: 'first', sender: v.id },
      ],
    });

    expect(fx.events.map((sent) => [sent.event, [...sent.to].sort()])).toEqual([
      ['message:received', [a1.id, v.id].sort()],
      ['message:received', [a1.id, v.id].sort()],
    ]);
    const delivered = fx.received(a1.id, 'message:received').map(({ message }) => message);
    expect(delivered.map((message) => [message.seq, message.message, message.imported])).toEqual([
      [1, 'first', true],
      [2, 'second', true],
    ]);
    expect(await listAll(fx, v, chatId)).toEqual(delivered);
    expect(fx.received(s1.id, 'message:received')).toEqual([]);
  });

  it('imports nothing and emits nothing for an empty history', async () => {
    const { fx, v, chatId } = await setup();
    expect(await fx.ok(v, 'history:import', { chatId, history: [] })).toEqual({ imported: 0 });
    expect(fx.events).toEqual([]);
    expect(await lastSeq(fx, v, chatId)).toBe(0);
  });

  it('lets the creator and agents (members or of the room) import, nobody else', async () => {
    const { fx, a1, s1, v, w, chatId } = await setup();
    const entry = (message: string): HistoryEntry[] => [{ created: EARLIER, type: 'text', message, sender: 'assistant' }];

    // An agent of the room who is not a member (yet) may import: the bot hand-off precedes the join.
    expect(await fx.ok(a1, 'history:import', { chatId, history: entry('by room agent') })).toEqual({ imported: 1 });
    await fx.ok(a1, 'chats:join', { chatId, userId: a1.id });
    expect(await fx.ok(a1, 'history:import', { chatId, history: entry('by member agent') })).toEqual({ imported: 1 });

    const stranger = await fx.send(w, 'history:import', { chatId, history: entry('by stranger') });
    expect(stranger).toMatchObject({ ok: false, error: { code: 'not_found', message: `chat ${chatId} does not exist` } });
    const otherRoom = await fx.send(s1, 'history:import', { chatId, history: entry('by sales') });
    expect(otherRoom).toMatchObject({ ok: false, error: { code: 'not_found', message: `chat ${chatId} does not exist` } });
    await fx.fails(v, 'history:import', { chatId: 'nope', history: entry('lost') }, 'not_found');

    expect((await listAll(fx, v, chatId)).map((message) => message.message)).toEqual(['by room agent', 'by member agent']);
  });

  it('refuses a closed chat', async () => {
    const { fx, v, chatId } = await setup();
    await fx.ok(v, 'chats:close', { chatId, userId: v.id });
    fx.clearEvents();
    const outcome = await fx.send(v, 'history:import', { chatId, history: [{ created: EARLIER, type: 'text', message: 'late', sender: 'assistant' }] });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'closed', details: { chatId } }, events: [] });
    expect(await lastSeq(fx, v, chatId)).toBe(0);
  });

  it(`accepts ${limits.historyEntries} entries and refuses ${limits.historyEntries + 1} as payload_too_large, importing none`, async () => {
    const { fx, v, w, chatId } = await setup();
    const entries = (count: number): HistoryEntry[] =>
      Array.from({ length: count }, (_, i) => ({ created: EARLIER + i, type: 'text', message: `entry ${i + 1}`, sender: 'assistant' }));

    expect(await fx.fails(v, 'history:import', { chatId, history: entries(limits.historyEntries + 1) }, 'payload_too_large')).toContain(
      String(limits.historyEntries),
    );
    expect(fx.events).toEqual([]);
    expect(await lastSeq(fx, v, chatId)).toBe(0);

    const other = await fx.chat(w, 'support', false);
    expect(await fx.ok(w, 'history:import', { chatId: other, history: entries(limits.historyEntries) })).toEqual({
      imported: limits.historyEntries,
    });
    expect(await lastSeq(fx, w, other)).toBe(limits.historyEntries);
  });

  it('refuses a batch with one bad entry as a whole', async () => {
    const { fx, v, chatId } = await setup();
    const good: HistoryEntry = { created: EARLIER, type: 'text', message: 'fine', sender: 'assistant' };
    const bad: unknown[] = [
      { created: EARLIER, type: 'object', message: 'not json', sender: 'assistant' },
      { created: -1, type: 'text', message: 'x', sender: 'assistant' },
      { created: EARLIER + 0.5, type: 'text', message: 'x', sender: 'assistant' },
      { created: EARLIER, type: 'image', message: 'x', sender: 'assistant' },
      { created: EARLIER, type: 'text', message: 'x', sender: '' },
      { created: EARLIER, type: 'text', message: 'x' },
      { created: EARLIER, type: 'text', message: 'x', sender: 'assistant', seq: 1 },
    ];
    for (const entry of bad) await fx.fails(v, 'history:import', { chatId, history: [good, entry] }, 'invalid_payload');
    const huge = { created: EARLIER, type: 'text', message: 'x'.repeat(limits.historyEntryLength + 1), sender: 'assistant' };
    await fx.fails(v, 'history:import', { chatId, history: [good, huge] }, 'payload_too_large');
    expect(fx.events).toEqual([]);
    expect(await lastSeq(fx, v, chatId)).toBe(0);
  });
});
