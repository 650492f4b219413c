import type { Chat as ChatModel } from '@parley/protocol';
import { ParleyError } from '@parley/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { devtools } from '../src/devtools';
import { createClient, createMemoryStorage, messageStatus, selectMessages } from '../src/index';
import { createFakeTransport } from './fakeTransport';

const vera = { id: 'vera', role: 'user' as const, name: 'Vera' };
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function chatModel(id: string, status: ChatModel['status'] = 'waiting'): ChatModel {
  return { id, room: 'support', source: 'web', lang: 'en', creator: vera.id, status, users: [vera.id], createdAt: '2026-01-01T00:00:00.000Z', lastSeq: 0 };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('a client and the store it owns', () => {
  it('is made with its store: events before any render or subscriber are in it', () => {
    const transport = createFakeTransport(vera);
    const client = createClient({ transport, storage: false });
    transport.push({ event: 'queues:update', payload: { chatId: 'c', queuePosition: 2 } });
    expect(client.store.getState().queue).toEqual({ c: 2 });
    expect(client.store.getState().me).toEqual(vera);
    // Read-only for apps: the client alone writes.
    expect('setState' in client.store).toBe(false);
  });

  it('records a command’s answer in the store without inventing a server event', async () => {
    const transport = createFakeTransport(vera);
    transport.answers['chats:create'] = () => ({ ok: true, data: { chat: chatModel('c1') } });
    transport.answers['messages:read'] = () => ({ ok: true, data: { chatId: 'c1', seq: 3 } });
    const client = createClient({ transport, storage: false });
    const heard: string[] = [];
    client.subscribe('chat:updated', () => heard.push('chat:updated'));
    client.subscribe('message:read', () => heard.push('message:read'));

    const chat = await client.chats.create({ room: 'support', source: 'web' });
    expect(client.store.getState().chats.c1?.status).toBe('waiting');
    await chat.markRead('m3');
    expect(client.store.getState().reads.c1).toEqual({ vera: 3 });
    // The server pushed nothing, so listeners heard nothing.
    expect(heard).toEqual([]);
  });

  it('shares one chats:create between calls for the same room (StrictMode’s second effect), and resumes', async () => {
    const transport = createFakeTransport(vera);
    let answered = 0;
    transport.answers['chats:create'] = async () => {
      await flush();
      answered += 1;
      return { ok: true, data: answered === 1 ? { chat: chatModel('c1') } : { chat: chatModel('c1'), resumed: true } };
    };
    const client = createClient({ transport, storage: false });
    const [first, second] = await Promise.all([client.chats.create({ room: 'support', source: 'web' }), client.chats.create({ room: 'support', source: 'web' })]);
    expect(first).toBe(second);
    expect(transport.sent.filter((entry) => entry.event === 'chats:create')).toHaveLength(1);
    // Later (a reload): the server answers the open chat, and the app gets the same handle.
    expect(await client.chats.create({ room: 'support', source: 'web' })).toBe(first);
  });

  it('gives a Chat handle without side effects: chats.get neither follows nor fetches', async () => {
    const transport = createFakeTransport(vera);
    const client = createClient({ transport, storage: false });
    const handle = client.chats.get('c9');
    expect(client.chats.get('c9')).toBe(handle);
    await flush();
    expect(transport.sent).toEqual([]);
    client.track('c9');
    client.track('c9');
    await flush();
    expect(transport.sent.map((entry) => entry.event).sort()).toEqual(['chats:get', 'messages:list']);
  });

  it('keeps a pushed state over an older command answer that raced it', async () => {
    const transport = createFakeTransport(vera);
    let answer: () => void = () => undefined;
    transport.answers['chats:get'] = () => new Promise((resolve) => (answer = () => resolve({ ok: true, data: { chat: chatModel('c1', 'waiting') } })));
    const client = createClient({ transport, storage: false });
    client.track('c1');
    await flush();
    // The assignment ran alongside the fetch: its push arrives first, the fetch's (older) answer after.
    transport.push({ event: 'chat:updated', payload: { chat: chatModel('c1', 'offered') } });
    answer();
    await flush();
    expect(client.store.getState().chats.c1?.status).toBe('offered');
  });

  it('retries a failed message under its clientId, delivered once, and discards another', async () => {
    const transport = createFakeTransport(vera);
    let refuse = true;
    const store = transport.answers;
    store['messages:send'] = (payload) => {
      const { chatId, clientId, message } = payload as { chatId: string; clientId: string; message: string };
      if (refuse) return { ok: false, error: { code: 'forbidden', message: 'not yet' } };
      return { ok: true, data: { message: transport.store(chatId, message, vera.id, clientId) } };
    };
    const client = createClient({ transport, storage: false });
    const chat = client.chats.get('c1');
    await expect(chat.sendMessage('hello')).rejects.toMatchObject({ code: 'forbidden' });
    await expect(chat.send({ type: 'text', message: 'drop me' })).rejects.toMatchObject({ code: 'forbidden' });
    const failed = selectMessages('c1')(client.store.getState()).toArray();
    expect(failed.map((message) => [message.message, message.status])).toEqual([['hello', 'failed'], ['drop me', 'failed']]);
    const [hello, dropMe] = failed;

    chat.discard(dropMe!.clientId!);
    refuse = false;
    const delivered = await chat.retry(hello!.clientId!);
    await flush();
    expect(delivered).toMatchObject({ seq: 1, clientId: hello!.clientId, message: 'hello' });
    expect(selectMessages('c1')(client.store.getState()).toArray().map((message) => [message.message, messageStatus(message), message.seq])).toEqual([['hello', 'sent', 1]]);
    const sends = transport.sent.filter((entry) => entry.event === 'messages:send').map((entry) => (entry.payload as { clientId: string }).clientId);
    expect(sends).toEqual([hello!.clientId, dropMe!.clientId, hello!.clientId]);
    // Nothing failed is left to retry.
    await expect(chat.retry(hello!.clientId!)).rejects.toBeInstanceOf(ParleyError);
  });

  it('destroy() ends the link, the listeners and the timers; the state stays readable', async () => {
    vi.useFakeTimers();
    try {
      const transport = createFakeTransport(vera);
      const client = createClient({ transport, storage: false, typingTimeoutMs: 1_000 });
      transport.push({ event: 'user:activity', payload: { chatId: 'c', userId: 'ana', type: 'writing' } });
      expect(client.store.getState().typing.c).toEqual(['ana']);
      client.destroy();
      expect(transport.state.status).toBe('disconnected');
      expect(client.connection.status).toBe('disconnected');
      expect(client.store.getState().connection.status).toBe('disconnected');
      expect(vi.getTimerCount()).toBe(0);
      transport.push({ event: 'queues:update', payload: { chatId: 'c', queuePosition: 1 } });
      expect(client.store.getState().queue).toEqual({});
      expect(client.store.getState().typing.c).toEqual(['ana']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('destroy() also ends the typing watchers its chats made: no timer left, the input no longer reports', async () => {
    vi.useFakeTimers();
    try {
      const transport = createFakeTransport(vera);
      const client = createClient({ transport, storage: false });
      await vi.advanceTimersByTimeAsync(0);
      const listeners = new Set<() => void>();
      const input = {
        value: '',
        addEventListener: (_type: 'input', listener: () => void) => void listeners.add(listener),
        removeEventListener: (_type: 'input', listener: () => void) => void listeners.delete(listener),
      };
      const typed = (value: string) => {
        input.value = value;
        for (const listener of listeners) listener();
      };
      const activities = () => transport.sent.filter((sent) => sent.event === 'users:activity').map((sent) => (sent.payload as { type: string }).type);
      const watcher = client.chats.get('c').watchTyping(input);
      typed('h');
      await vi.advanceTimersByTimeAsync(0);
      expect(activities()).toEqual(['writing']);
      client.destroy();
      expect(vi.getTimerCount()).toBe(0);
      expect(listeners.size).toBe(0);
      typed('he');
      await vi.advanceTimersByTimeAsync(10_000);
      expect(activities()).toEqual(['writing']);
      watcher.dispose(); // still safe to call
      // A watcher made after the end is ended at once.
      client.chats.get('c').watchTyping(input);
      expect(listeners.size).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('shows its store in the Redux DevTools when asked to (`@parley/core/devtools`), and not otherwise', () => {
    const sent: unknown[] = [];
    const init = vi.fn();
    const extension = { connect: vi.fn(() => ({ init, send: (_action: unknown, state: unknown) => sent.push(state), subscribe: () => () => undefined, unsubscribe: () => undefined })) };
    vi.stubGlobal('window', { __REDUX_DEVTOOLS_EXTENSION__: extension });

    createClient({ transport: createFakeTransport(vera), storage: false });
    expect(extension.connect).not.toHaveBeenCalled();

    const transport = createFakeTransport(vera);
    createClient({ transport, storage: false, devtools: devtools({ name: 'visitor' }) });
    expect(extension.connect).toHaveBeenCalledWith(expect.objectContaining({ name: 'visitor' }));
    expect(init).toHaveBeenCalledWith(expect.objectContaining({ queue: {} }));
    transport.push({ event: 'queues:update', payload: { chatId: 'c', queuePosition: 4 } });
    expect(sent.at(-1)).toMatchObject({ queue: { c: 4 } });
  });
});

describe("a client's drafts", () => {
  it('survive a reload in its storage, per user, and go when the chat closes', () => {
    const storage = createMemoryStorage();
    const first = createClient({ transport: createFakeTransport(vera), storage });
    first.drafts.set('c1', 'I ordered on Monday');
    first.destroy();

    const transport = createFakeTransport(vera);
    const reloaded = createClient({ transport, storage });
    expect(reloaded.drafts.get('c1')).toBe('I ordered on Monday');
    const someoneElse = createClient({ transport: createFakeTransport({ id: 'bob', role: 'user', name: 'Bob' }), storage });
    expect(someoneElse.drafts.get('c1')).toBe('');

    transport.push({ event: 'chat:closed', payload: { chatId: 'c1', userId: 'system' } });
    expect(reloaded.drafts.get('c1')).toBe('');
    expect(storage.getItem('parley:draft:vera:c1')).toBeNull();
    reloaded.destroy();
    someoneElse.destroy();
  });
});
