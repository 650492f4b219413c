import { describe, expect, it } from 'vitest';
import { createChatEngine } from './engine';
import { createManualClock } from './manualClock';
import { createMemoryStore } from './memoryStore';
import type { Store } from './store';

/**
 * The engine's own error boundary. `unauthorized` and `rate_limited` belong to the transport (the
 * handshake and the token bucket) and are tested with the server.
 */
describe('ChatEngine error boundary', () => {
  it('answers an unexpected failure with `internal`, reports it to onError, and leaks no detail', async () => {
    const failure = new Error('disk on fire: /var/lib/secret-path');
    const memory = createMemoryStore();
    const broken: Store = {
      transaction: () => Promise.reject(failure),
      appendMessageIfMember: () => Promise.reject(failure),
      putFile: () => Promise.reject(failure),
      getFile: () => Promise.reject(failure),
      countChatFiles: () => Promise.reject(failure),
      close: () => memory.close(),
    };
    const reported: unknown[] = [];
    const engine = createChatEngine({ store: broken, onError: (error) => reported.push(error) });
    const published: unknown[] = [];
    engine.subscribe((events) => published.push(...events));
    const outcome = await engine.handle({ id: 'u1', role: 'user' }, 'chats:create', { room: 'support', source: 'web', creator: 'u1' });
    expect(outcome).toEqual({ ok: false, error: { code: 'internal', message: 'internal error' } });
    expect(published).toEqual([]);
    expect(reported).toEqual([failure]);
  });

  it('refuses an unknown event and a bad payload before touching the store', async () => {
    let transactions = 0;
    const memory = createMemoryStore();
    const counting: Store = {
      transaction: (work) => {
        transactions++;
        return memory.transaction(work);
      },
      appendMessageIfMember: (draft) => {
        transactions++;
        return memory.appendMessageIfMember(draft);
      },
      putFile: (file) => memory.putFile(file),
      getFile: (id) => memory.getFile(id),
      countChatFiles: (chatId) => memory.countChatFiles(chatId),
      close: () => memory.close(),
    };
    const engine = createChatEngine({ store: counting });
    expect(await engine.handle({ id: 'u1', role: 'user' }, 'chats:delete', {})).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    expect(await engine.handle({ id: 'u1', role: 'user' }, 'chats:create', { room: 7 })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    expect(transactions).toBe(0);
  });
});

describe('ChatEngine event stream', () => {
  it('publishes every event it produces through subscribe: commands, agent registration and offer expiry', async () => {
    const clock = createManualClock();
    const engine = createChatEngine({ store: createMemoryStore(), clock, timer: clock.timer, defaultIntervalMs: 1_000 });
    const seen: string[] = [];
    engine.subscribe((events) => seen.push(...events.map((sent) => `${sent.event} -> ${sent.to.join(',')}`)));

    const visitor = await engine.registerVisitor({ name: 'Vera' });
    const actor = { id: visitor.id, role: 'user' as const };
    const created = await engine.execute(actor, 'chats:create', { room: 'support', source: 'web', creator: visitor.id });
    if (!created.ok) throw new Error(created.error.message);
    expect(created).not.toHaveProperty('events');
    await engine.execute(actor, 'chats:assign', { chatId: created.data.chat.id });
    // An agent coming online from registration (not a command) gets the waiting chat offered.
    await engine.registerAgent({ id: 'a1', name: 'Ann', rooms: ['support'], status: 'online' });
    expect(seen).toContain('invitation:new -> a1');
    // The offer runs out on the engine's own timer: still the same stream.
    await clock.advance(1_000);
    expect(seen).toContain('invitation:expired -> a1');
    expect(seen[0]).toBe(`chat:updated -> ${visitor.id}`);
  });

  it('hands the connection a messages:send came over back with its events, and with no other command’s', async () => {
    const engine = createChatEngine({ store: createMemoryStore() });
    const heard: { events: string[]; sentOver: string | undefined }[] = [];
    engine.subscribe((events, sentOver) => heard.push({ events: events.map((sent) => sent.event), sentOver }));
    const visitor = await engine.registerVisitor({ name: 'Vera' });
    const actor = { id: visitor.id, role: 'user' as const };
    const created = await engine.handle(actor, 'chats:create', { room: 'support', source: 'web', creator: visitor.id }, 'socket-1');
    if (!created.ok) throw new Error(created.error.message);
    const chatId = (created.data as { chat: { id: string } }).chat.id;
    await engine.handle(actor, 'messages:send', { chatId, clientId: 'k1', type: 'text', message: 'hello' }, 'socket-1');
    expect(heard).toEqual([
      { events: ['chat:updated'], sentOver: undefined },
      { events: ['message:received'], sentOver: 'socket-1' },
    ]);
  });

  it('hands listeners the journal key the store wrote with a unit’s events or an appended message', async () => {
    const memory = createMemoryStore();
    let entries = 0;
    const store: Store = {
      ...memory,
      transaction: (work) => memory.transaction((tx) => work({ ...tx, journal: async () => `unit-${++entries}` })),
      async appendMessageIfMember(draft) {
        const result = await memory.appendMessageIfMember(draft);
        return result.outcome === 'created' ? { ...result, journal: `message-${result.message.seq}` } : result;
      },
    };
    const engine = createChatEngine({ store });
    const heard: (string | undefined)[] = [];
    engine.subscribe((_events, _sentOver, journal) => heard.push(journal));
    const visitor = await engine.registerVisitor({ name: 'Vera' });
    const actor = { id: visitor.id, role: 'user' as const };
    const created = await engine.handle(actor, 'chats:create', { room: 'support', source: 'web', creator: visitor.id });
    if (!created.ok) throw new Error(created.error.message);
    const chatId = (created.data as { chat: { id: string } }).chat.id;
    await engine.handle(actor, 'messages:send', { chatId, clientId: 'k1', type: 'text', message: 'hello' });
    // A unit without events (a read) writes no entry and publishes nothing.
    await engine.handle(actor, 'chats:get', { chatId });
    expect(heard).toEqual(['unit-1', 'message-1']);
    expect(entries).toBe(1);
  });

  it('announces a change a transport wrote to a chat (chatChanged) to its members and every agent of its room, whatever their status', async () => {
    const engine = createChatEngine({ store: createMemoryStore() });
    const seen: string[] = [];
    engine.subscribe((events) => seen.push(...events.map((sent) => `${sent.event} ${'chat' in sent.payload ? sent.payload.chat.id : ''} -> ${sent.to.join(',')}`)));
    await engine.registerAgent({ id: 'a1', name: 'Ann', rooms: ['support'], status: 'away' });
    await engine.registerAgent({ id: 'b1', name: 'Bob', rooms: ['sales'], status: 'online' });
    const visitor = await engine.registerVisitor({ name: 'Vera' });
    const created = await engine.execute({ id: visitor.id, role: 'user' }, 'chats:create', { room: 'support', source: 'web', creator: visitor.id });
    if (!created.ok) throw new Error(created.error.message);
    seen.length = 0;

    await engine.chatChanged(created.data.chat.id);
    await engine.chatChanged('no-such-chat');
    expect(seen).toEqual([`chat:updated ${created.data.chat.id} -> ${visitor.id},a1`]);
  });
});

