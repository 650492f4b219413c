import { createChatEngine, createMemoryStore } from '@parley/engine';
import type { ClientPayload, Message, User } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { selectMessages, selectPaging, selectUnread } from '../src/index';
import type { ClientOptions } from '../src/index';
import { connectLocal, until } from './helpers';

/** `connectLocal`, recording every `messages:list` the client asks for. */
function connect(engine: ReturnType<typeof createChatEngine>, user: User, options: Partial<ClientOptions> = {}) {
  const participant = connectLocal(engine, user, options);
  const { transport } = participant;
  const lists: ClientPayload<'messages:list'>[] = [];
  const emit = transport.emit.bind(transport);
  transport.emit = (event, payload) => {
    if (event === 'messages:list') lists.push(payload as ClientPayload<'messages:list'>);
    return emit(event, payload);
  };
  return { ...participant, lists };
}

/** Vera and Ana talk: Vera writes the odd seqs, Ana the even ones, 1 … `count`. */
async function conversation(count: number) {
  const engine = createChatEngine({ store: createMemoryStore() });
  const ana = connect(engine, await engine.registerAgent({ id: 'ana', name: 'Ana', rooms: ['support'] }));
  const veraUser = await engine.registerVisitor({ name: 'Vera' });
  const vera = connect(engine, veraUser);
  await until(() => ana.store.getState().agents.ana === 'online' && vera.client.connection.status === 'connected');
  const chat = await vera.client.chats.create({ room: 'support', source: 'test' });
  await chat.assign();
  await until(() => chat.id in ana.store.getState().invitations);
  const agentChat = await ana.client.agent.accept(chat.id);
  for (let seq = 1; seq <= count; seq++) await (seq % 2 === 1 ? chat : agentChat).sendMessage(`#${seq}`);
  return { engine, ana, agentChat, veraUser, chatId: chat.id };
}

describe('paging back through a chat over LocalTransport', () => {
  it('starts from the latest page, prepends older pages without re-emitting them, and keeps live delivery exactly-once', async () => {
    const { engine, agentChat, veraUser, chatId } = await conversation(7);
    // Vera again, as after a reload: a new client that knows the chat id only.
    const vera = connect(engine, veraUser, { pageSize: 3 });
    const received: number[] = [];
    vera.client.subscribe('message:received', ({ message }) => {
      if (message.chatId === chatId) received.push(message.seq);
    });
    await until(() => vera.client.connection.status === 'connected');
    vera.client.track(chatId);
    const seqs = () => selectMessages(chatId)(vera.store.getState()).toArray().map((message) => message.seq);

    await until(() => seqs().length === 3);
    expect(seqs()).toEqual([5, 6, 7]);
    expect(vera.lists).toEqual([{ chatId, limit: 3 }]);
    expect(selectPaging(chatId)(vera.store.getState())).toEqual({ hasMore: true, loading: false });

    // Two calls while a page loads share one request.
    const first = vera.client.loadOlder(chatId);
    const second = vera.client.loadOlder(chatId);
    expect(selectPaging(chatId)(vera.store.getState())).toEqual({ hasMore: true, loading: true });
    expect(await first).toBe(await second);
    expect((await first).messages.map((message: Message) => message.seq)).toEqual([2, 3, 4]);
    expect(seqs()).toEqual([2, 3, 4, 5, 6, 7]);
    expect(vera.lists.slice(1)).toEqual([{ chatId, beforeSeq: 5, limit: 3 }]);

    // Live messages and a dropped link while history is partly loaded: delivery continues from the newest seq.
    await agentChat.sendMessage('#8');
    await until(() => received.includes(8));
    vera.transport.drop();
    await agentChat.sendMessage('#9');
    await until(() => vera.client.connection.status === 'connected' && received.includes(9));
    expect(vera.lists.filter((list) => list.afterSeq !== undefined).every((list) => list.afterSeq! >= 7)).toBe(true);

    await expect(vera.client.loadOlder(chatId)).resolves.toMatchObject({ hasMore: false });
    expect(seqs()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(selectPaging(chatId)(vera.store.getState())).toEqual({ hasMore: false, loading: false });
    await expect(vera.client.loadOlder(chatId)).resolves.toEqual({ messages: [], hasMore: false });
    expect(vera.lists.filter((list) => list.beforeSeq !== undefined)).toHaveLength(2);

    // Subscribers saw the chat's present and what followed, each once and in order; never the older pages.
    expect(received).toEqual([5, 6, 7, 8, 9]);
    engine.stop();
  });

  it('keeps unread counts and read receipts right while older pages are prepended', async () => {
    const { engine, ana, veraUser, chatId } = await conversation(7);
    const vera = connect(engine, veraUser, { pageSize: 3 });
    await until(() => vera.client.connection.status === 'connected');
    vera.client.track(chatId);
    const chat = vera.client.chats.get(chatId);
    await until(() => selectMessages(chatId)(vera.store.getState()).length === 3);
    // Held: 5 (Vera), 6 (Ana), 7 (Vera). Vera's read position is not known yet: Ana's 6 is unread.
    expect(selectUnread(chatId)(vera.store.getState())).toBe(1);

    await chat.markRead(selectMessages(chatId)(vera.store.getState()).at(1)!.id);
    await until(() => selectUnread(chatId)(vera.store.getState()) === 0);
    await until(() => ana.store.getState().reads[chatId]?.[veraUser.id] === 6);

    // 2 and 4 are Ana's, but before what Vera read: prepending them leaves the count at 0.
    await vera.client.loadOlder(chatId);
    expect(selectMessages(chatId)(vera.store.getState()).toArray().map((message) => message.seq)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(selectUnread(chatId)(vera.store.getState())).toBe(0);
    expect(vera.store.getState().reads[chatId]).toEqual({ [veraUser.id]: 6 });
    engine.stop();
  });
});
