import type { Chat as ChatModel, Message, User } from '@parley/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFakeTransport } from '../test/fakeTransport';
import type { FakeTransport } from '../test/fakeTransport';
import { messageStatus } from './chatMessage';
import { selectMessages, selectPaging, selectTyping, selectUnread } from './chatStore';
import type { ChatStore } from './chatStore';
import { createClient } from './client';
import type { ParleyClient } from './client';

const me: User = { id: 'me', role: 'user', name: 'Me' };

function setup(pageSize?: number): { transport: FakeTransport; client: ParleyClient; store: ChatStore } {
  const transport = createFakeTransport(me);
  const client = createClient({ transport, storage: false, typingTimeoutMs: 5_000, ...(pageSize === undefined ? {} : { pageSize }) });
  return { transport, client, store: client.store };
}

/** The server stores a message and pushes it. */
function arrive(transport: FakeTransport, chatId: string, text: string, sender = 'agent'): Message {
  const message = transport.store(chatId, text, sender);
  transport.push({ event: 'message:received', payload: { message } });
  return message;
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const seqs = (store: ChatStore, chatId: string) => selectMessages(chatId)(store.getState()).toArray().map((m) => m.seq);

afterEach(() => {
  vi.useRealTimers();
});

describe('the client’s store', () => {
  it('is one store per client, never shared', () => {
    const a = setup();
    const b = setup();
    a.transport.push({ event: 'queues:update', payload: { chatId: 'c', queuePosition: 2 } });
    expect(a.store.getState().queue).toEqual({ c: 2 });
    expect(b.store.getState().queue).toEqual({});
    expect(a.store).not.toBe(b.store);
  });

  it('tracks the connection state', () => {
    const { transport, store } = setup();
    expect(store.getState().connection.status).toBe('connected');
    transport.setState({ status: 'reconnecting' });
    expect(store.getState().connection.status).toBe('reconnecting');
  });

  it('deduplicates repeated pushes', async () => {
    const { transport, store } = setup();
    const first = arrive(transport, 'c', 'one');
    transport.push({ event: 'message:received', payload: { message: first } });
    await flush();
    transport.push({ event: 'message:received', payload: { message: first } });
    await flush();
    expect(seqs(store, 'c')).toEqual([1]);
  });

  it('holds each pushed message as the object the transport delivered, not a copy', async () => {
    const { transport, store } = setup();
    const pushed = [arrive(transport, 'c', 'one'), arrive(transport, 'c', 'two', 'me')];
    await flush();
    const held = selectMessages('c')(store.getState()).toArray();
    expect(held).toHaveLength(2);
    held.forEach((message, index) => expect(message).toBe(pushed[index]));
    expect(held.map(messageStatus)).toEqual(['sent', 'sent']);
  });

  it('orders out-of-order arrivals by seq, filling the gap from the server', async () => {
    const { transport, store } = setup();
    const one = transport.store('c', 'one', 'agent');
    const two = transport.store('c', 'two', 'agent');
    const three = transport.store('c', 'three', 'agent');
    transport.push({ event: 'message:received', payload: { message: three } });
    transport.push({ event: 'message:received', payload: { message: one } });
    await flush();
    transport.push({ event: 'message:received', payload: { message: two } });
    await flush();
    expect(seqs(store, 'c')).toEqual([1, 2, 3]);
  });

  it('shows an optimistic message as sending, then replaces it with the acked one', async () => {
    const { transport, client, store } = setup();
    let release: () => void = () => undefined;
    transport.answers['messages:send'] = (payload) =>
      new Promise((resolve) => {
        const { chatId, clientId, message } = payload as { chatId: string; clientId: string; message: string };
        release = () => resolve({ ok: true, data: { message: transport.store(chatId, message, me.id, clientId) } });
      });
    const sending = client.chats.get('c').sendMessage('hello');
    await flush();
    expect(selectMessages('c')(store.getState()).toArray()).toMatchObject([{ status: 'sending', message: 'hello', type: 'text' }]);
    expect(selectMessages('c')(store.getState()).at(0)?.seq).toBeUndefined();
    release();
    const message = await sending;
    await flush();
    const list = selectMessages('c')(store.getState()).toArray();
    expect(list).toMatchObject([{ seq: 1, id: message.id, clientId: message.clientId }]);
    expect(list.map(messageStatus)).toEqual(['sent']);
    // The server's push of the same message changes nothing.
    transport.push({ event: 'message:received', payload: { message } });
    await flush();
    expect(selectMessages('c')(store.getState()).length).toBe(1);
  });

  it('expires typing when no stop-writing arrives, and clears it on stop-writing or a message', async () => {
    vi.useFakeTimers();
    const { transport, store } = setup();
    transport.push({ event: 'user:activity', payload: { chatId: 'c', userId: 'agent', type: 'writing' } });
    expect(selectTyping('c')(store.getState())).toEqual(['agent']);
    vi.advanceTimersByTime(4_999);
    expect(selectTyping('c')(store.getState())).toEqual(['agent']);
    vi.advanceTimersByTime(1);
    expect(selectTyping('c')(store.getState())).toEqual([]);

    transport.push({ event: 'user:activity', payload: { chatId: 'c', userId: 'agent', type: 'writing' } });
    transport.push({ event: 'user:activity', payload: { chatId: 'c', userId: 'agent', type: 'stop-writing' } });
    expect(selectTyping('c')(store.getState())).toEqual([]);

    transport.push({ event: 'user:activity', payload: { chatId: 'c', userId: 'agent', type: 'writing' } });
    arrive(transport, 'c', 'done typing');
    // Synchronously: the next seq is delivered at once, and its sender is no longer typing it.
    expect(selectTyping('c')(store.getState())).toEqual([]);
    expect(seqs(store, 'c')).toEqual([1]);
  });

  it('keeps read receipts per user and recomputes my unread count', async () => {
    const { transport, store } = setup();
    arrive(transport, 'c', 'a');
    await flush();
    arrive(transport, 'c', 'b');
    transport.store('c', 'mine', me.id);
    transport.push({ event: 'message:received', payload: { message: transport.history.get('c')![2]! } });
    await flush();
    expect(seqs(store, 'c')).toEqual([1, 2, 3]);
    expect(selectUnread('c')(store.getState())).toBe(2);

    transport.push({ event: 'message:read', payload: { chatId: 'c', userId: 'agent', seq: 3, messageId: 'c-3' } });
    expect(store.getState().reads.c).toEqual({ agent: 3 });
    expect(selectUnread('c')(store.getState())).toBe(2);

    transport.push({ event: 'message:read', payload: { chatId: 'c', userId: me.id, seq: 1, messageId: 'c-1' } });
    expect(selectUnread('c')(store.getState())).toBe(1);
    // Read state only moves forward.
    transport.push({ event: 'message:read', payload: { chatId: 'c', userId: 'agent', seq: 2, messageId: 'c-2' } });
    expect(store.getState().reads.c).toEqual({ agent: 3, me: 1 });

    arrive(transport, 'c', 'd');
    await flush();
    expect(selectUnread('c')(store.getState())).toBe(2);
  });

  it('shows a chat from its latest page, prepends older pages and keeps hasMore per chat', async () => {
    const { transport, client, store } = setup(2);
    for (const [text, sender] of [['1', 'agent'], ['2', me.id], ['3', 'agent'], ['4', me.id], ['5', 'agent']] as const) transport.store('c', text, sender);
    client.track('c');
    await flush();
    expect(seqs(store, 'c')).toEqual([4, 5]);
    expect(selectPaging('c')(store.getState())).toEqual({ hasMore: true, loading: false });
    expect(selectPaging('other')(store.getState())).toEqual({ hasMore: false, loading: false });
    expect(selectUnread('c')(store.getState())).toBe(1);

    transport.push({ event: 'message:read', payload: { chatId: 'c', userId: 'agent', seq: 4, messageId: 'c-4' } });
    transport.push({ event: 'user:activity', payload: { chatId: 'c', userId: 'agent', type: 'writing' } });
    const loading = client.loadOlder('c');
    expect(selectPaging('c')(store.getState())).toEqual({ hasMore: true, loading: true });
    await loading;
    expect(seqs(store, 'c')).toEqual([2, 3, 4, 5]);
    expect(selectPaging('c')(store.getState())).toEqual({ hasMore: true, loading: false });
    // My read position is unknown (0): Ana's 3 counts as a live arrival would have. Typing and reads stay.
    expect(selectUnread('c')(store.getState())).toBe(2);
    expect(selectTyping('c')(store.getState())).toEqual(['agent']);
    expect(store.getState().reads.c).toEqual({ agent: 4 });

    transport.push({ event: 'message:read', payload: { chatId: 'c', userId: me.id, seq: 5, messageId: 'c-5' } });
    expect(selectUnread('c')(store.getState())).toBe(0);
    await client.loadOlder('c');
    expect(seqs(store, 'c')).toEqual([1, 2, 3, 4, 5]);
    // Ana's 1 is before what I read: still nothing unread.
    expect(selectUnread('c')(store.getState())).toBe(0);
    expect(selectPaging('c')(store.getState())).toEqual({ hasMore: false, loading: false });
    expect(transport.sent.filter((sent) => sent.event === 'messages:list').map((sent) => sent.payload)).toEqual([
      { chatId: 'c', limit: 2 },
      { chatId: 'c', beforeSeq: 4, limit: 2 },
      { chatId: 'c', beforeSeq: 2, limit: 2 },
    ]);
  });

  it('does not call a subscriber of chat A when chat B changes', async () => {
    const { transport, store } = setup();
    arrive(transport, 'A', 'a1');
    await flush();
    const listener = vi.fn();
    const typingListener = vi.fn();
    store.subscribe(selectMessages('A'), listener);
    store.subscribe(selectTyping('A'), typingListener);
    const otherChatBefore = store.getState().messages.A;

    arrive(transport, 'B', 'b1');
    await flush();
    arrive(transport, 'B', 'b2');
    transport.push({ event: 'user:activity', payload: { chatId: 'B', userId: 'agent', type: 'writing' } });
    await flush();
    expect(listener).not.toHaveBeenCalled();
    expect(typingListener).not.toHaveBeenCalled();
    expect(store.getState().messages.A).toBe(otherChatBefore);

    arrive(transport, 'A', 'a2');
    await flush();
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('tracks queue positions, invitations (with expiry) and agents’ status', async () => {
    vi.useFakeTimers({ now: 0 });
    const { transport, store } = setup();
    const chat: ChatModel = { id: 'q', room: 'support', source: 'web', lang: 'en', creator: me.id, status: 'waiting', users: [me.id], createdAt: '', lastSeq: 0 };
    transport.push({ event: 'queues:update', payload: { chatId: 'q', queuePosition: 3 } });
    transport.push({ event: 'queues:update', payload: { chatId: 'q', queuePosition: 1 } });
    expect(store.getState().queue).toEqual({ q: 1 });
    transport.push({ event: 'chat:updated', payload: { chat: { ...chat, status: 'active', assignee: 'ana' } } });
    expect(store.getState().queue).toEqual({});
    expect(store.getState().chats.q?.status).toBe('active');

    transport.push({ event: 'invitation:new', payload: { chat: { ...chat, id: 'i1' }, expiresAt: new Date(30_000).toISOString() } });
    transport.push({ event: 'invitation:new', payload: { chat: { ...chat, id: 'i2' }, expiresAt: new Date(30_000).toISOString() } });
    expect(Object.keys(store.getState().invitations)).toEqual(['i1', 'i2']);
    transport.push({ event: 'invitation:expired', payload: { chatId: 'i1' } });
    expect(Object.keys(store.getState().invitations)).toEqual(['i2']);
    vi.advanceTimersByTime(30_000);
    expect(store.getState().invitations).toEqual({});

    transport.push({ event: 'agent:status', payload: { userId: 'ana', status: 'away' } });
    expect(store.getState().agents).toEqual({ ana: 'away' });
    transport.push({ event: 'chat:closed', payload: { chatId: 'q', userId: 'system' } });
    expect(store.getState().chats.q).toMatchObject({ status: 'closed', closedBy: 'system' });
  });

  it('remembers forever:alone until the chat is queued or offered again', () => {
    const { transport, store } = setup();
    transport.push({ event: 'queues:update', payload: { chatId: 'q', queuePosition: 1 } });
    transport.push({ event: 'forever:alone', payload: { chatId: 'q' } });
    expect(store.getState().alone).toEqual({ q: true });
    expect(store.getState().queue).toEqual({});
    transport.push({ event: 'queues:update', payload: { chatId: 'q', queuePosition: 2 } });
    expect(store.getState().alone).toEqual({});
    transport.push({ event: 'forever:alone', payload: { chatId: 'q' } });
    const chat: ChatModel = { id: 'q', room: 'support', source: 'web', lang: 'en', creator: 'me', status: 'offered', users: ['me'], createdAt: '2026-01-01T00:00:00.000Z', lastSeq: 0 };
    transport.push({ event: 'chat:updated', payload: { chat } });
    expect(store.getState().alone).toEqual({});
  });
});
